//! The two suppliers a routed order meets (R43), on real sockets: `utama` as a route's second
//! supplier answers whatever row the order drew, and the simulated Digiflazz answers by the
//! destination's last digit (and its failure knob). Webhooks and attempt refs' callbacks are
//! delivered as the endpoints deliver them: verified, read, applied.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::post;
use loket::config::DigiflazzSettings;
use loket::digiflazz::{parse_event, verify};
use loket::orders::{CallbackAudit, FailoverPolicy};
use loket::sandbox::sim::digiflazz::{Failure, SimConfig, SimDigiflazz};
use reqwest::Url;
use secrecy::SecretString;

use super::super::catalogue::{DIGIFLAZZ_SKU, Supplier};
use super::super::generator::{Df, Hook, Report, Step, Wire};
use super::super::reference::Model;
use super::super::route_steps::first_of_route;
use super::super::wire::{answer, bytes};
use super::World;

const USERNAME: &str = "toko";
const API_KEY: &str = "kunci-simulator";
const SECRET: &str = "rahasia-webhook";

/// `utama` for second attempts: answers every purchase with the row set last.
pub struct FakeUtama {
    pub url: Url,
    reply: Arc<Mutex<Wire>>,
}

impl FakeUtama {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        let reply = Arc::new(Mutex::new(Wire::Accepted));
        let said = reply.clone();
        let app = axum::Router::new().route(
            "/service/in/json",
            post(move || {
                let wire = *said.lock().unwrap();
                async move {
                    let (status, body) = bytes(wire).expect("a row with a body");
                    (StatusCode::from_u16(status).unwrap(), body)
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, reply }
    }
}

/// A fresh simulator for each history: it remembers every ref it was sent, and trxids repeat
/// from one history to the next.
pub async fn digiflazz() -> (SimDigiflazz, DigiflazzSettings) {
    let sim = SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        // Webhooks are the history's to deliver, not the simulator's.
        webhook_url: None,
        webhook_delay: Duration::from_secs(3600),
        hang: Duration::from_secs(5),
    });
    let url = sim.clone().spawn().await.unwrap();
    let settings = DigiflazzSettings {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        url,
        timeout: Duration::from_secs(2),
        check_first: Duration::from_secs(60),
    };
    (sim, settings)
}

/// `FAILOVER_MAX` and whether the window (`FAILOVER_WINDOW_SECS`) is already over: 0 then.
pub fn policy((max, passed): (i16, bool)) -> FailoverPolicy {
    FailoverPolicy {
        max_attempts: max,
        window: if passed {
            Duration::ZERO
        } else {
            Duration::from_secs(3600)
        },
    }
}

/// The attempt's destination: its last digit tells the simulated Digiflazz how to answer.
pub(super) fn dest(model: &Model, attempt: usize) -> String {
    let digit = model.lines.get(&attempt).map_or(0, |(df, _)| df.digit());
    format!("0812{attempt:07}{digit}")
}

/// The supplier's message for a report, as its document words it.
pub(super) fn message(
    trxid: &str,
    report: Report,
    product: &str,
    dest: &str,
    without_sn: bool,
) -> String {
    match report {
        Report::Sukses if without_sn => {
            format!("Transaksi {product}.{dest} SUKSES, Saldo: Rp99,999,999, Harga: 1")
        }
        Report::Sukses => format!(
            "Transaksi {product}.{dest} SUKSES, SN: 0041-{trxid}, Saldo: Rp99,999,999, Harga: 1"
        ),
        Report::Gagal => format!("Transaksi {product}.{dest} GAGAL, Saldo: Rp1"),
    }
}

/// A webhook's body, as Digiflazz writes one.
fn body(reference: &str, dest: &str, hook: Hook) -> String {
    let (status, rc, message) = match hook {
        Hook::Sukses => ("Sukses", "00", "Transaksi Sukses"),
        Hook::GagalProduct => ("Gagal", "55", "Produk Sedang Gangguan"),
        Hook::GagalCustomer => ("Gagal", "54", "Nomor Tujuan Salah"),
        Hook::Pending => ("Pending", "03", "Transaksi Pending"),
    };
    let sn = if hook == Hook::Sukses {
        format!("SN{reference}")
    } else {
        String::new()
    };
    serde_json::json!({"data": {
        "ref_id": reference, "customer_no": dest, "buyer_sku_code": DIGIFLAZZ_SKU,
        "message": message, "status": status, "rc": rc, "sn": sn, "price": 5_250,
        "buyer_last_saldo": 9_000_000,
    }})
    .to_string()
}

impl World {
    /// What the suppliers will answer the order about to be sent, if this step sends one.
    pub(super) fn answers_for(&self, df: Df, second: Wire) {
        let failure = if df == Df::Garbage {
            Failure::Garbage
        } else {
            Failure::None
        };
        self.sim.set_failure(failure);
        *self.utama.reply.lock().unwrap() = second;
    }

    /// The first attempt's answer: `utama`'s recorded as the purchase records it (and the order
    /// sent on when it moved), or the order sent to Digiflazz when its route starts there.
    pub(super) async fn answer(&self, model: &Model, attempt: usize, wire: Wire) -> &'static str {
        match self.placed.get(&attempt) {
            None => "no order",
            Some(p) => {
                let product = model.attempts[&attempt].1;
                if first_of_route(product) == Some(Supplier::Digiflazz) {
                    self.orders.submit(&p.order).await.unwrap();
                    return "recorded";
                }
                let now = self
                    .orders
                    .record_answer(&p.order, &answer(wire))
                    .await
                    .unwrap();
                // This answer moved the order on: the purchase sends it to the next
                // supplier, as `Orders::submit` does.
                if now.attempt > p.order.attempt
                    && now.status() == loket::domain::OrderStatus::Sending
                {
                    self.orders.submit(&now).await.unwrap();
                }
                "recorded"
            }
        }
    }

    /// A webhook through the endpoint's steps: the signature over the raw body, then the
    /// body read and applied. A forged one stops at the first.
    pub(super) async fn webhook(
        &self,
        reference: &str,
        dest: &str,
        hook: Hook,
        forged: bool,
    ) -> &'static str {
        let body = body(reference, dest, hook);
        let key = if forged { "bukan-rahasia" } else { SECRET };
        let signature = loket::digiflazz::webhook::signature(key, body.as_bytes());
        let secret = SecretString::from(SECRET);
        if verify(&secret, body.as_bytes(), Some(&signature)).is_err() {
            return "refused";
        }
        let report = parse_event(body.as_bytes()).unwrap();
        let audit = CallbackAudit {
            peer_ip: "127.0.0.1".into(),
            raw_query: body,
        };
        let outcome = self.orders.apply_digiflazz(&report, &audit).await.unwrap();
        // A webhook that moved the order sends it on in the background: wait for its answer.
        self.orders.finish_in_flight().await;
        outcome.as_str()
    }
}

/// The purchase attempt a step is about, if it names one.
pub(super) fn named(step: &Step) -> Option<usize> {
    match *step {
        Step::Answer { attempt, .. }
        | Step::Callback { attempt, .. }
        | Step::Webhook { attempt, .. }
        | Step::AttemptCallback { attempt, .. }
        | Step::MismatchedCallback { attempt, .. }
        | Step::ContradictoryCallback { attempt, .. } => Some(attempt),
        _ => None,
    }
}
