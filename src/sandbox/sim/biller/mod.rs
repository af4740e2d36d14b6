//! `loket sim-biller`: a supplier that speaks docs/supplier-api.md exactly, with outcomes chosen
//! by the destination's last digit so every path can be rehearsed on purpose.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use reqwest::Url;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::biller::sign;
use crate::biller::wire::PurchaseRequest;

mod delivery;
mod outcome;

pub use delivery::CallbackTry;
pub use outcome::{Outcome, outcome_for, supplier_query};

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub user: String,
    pub password: SecretString,
    /// Where to send callbacks; without one the simulator only answers synchronously.
    pub callback_url: Option<Url>,
    pub callback_delay: Duration,
    /// How long a "no answer" request is held before the simulator gives up on it.
    pub hang: Duration,
}

/// What the simulator saw and did, for tests to assert on.
#[derive(Debug, Default)]
pub struct Journal {
    pub requests: Vec<ReceivedRequest>,
    /// Callback queries sent, with the HTTP status our side answered (0: no answer).
    pub callbacks: Vec<(String, u16)>,
    /// Every attempt at sending a callback, as it happens (a callback still being retried is
    /// here before it is in `callbacks`).
    pub tries: Vec<CallbackTry>,
}

#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    pub trxid: String,
    pub produk: String,
    pub idpel: String,
    pub sign_ok: bool,
}

#[derive(Clone)]
pub struct SimBiller {
    inner: Arc<Inner>,
}

struct Inner {
    config: SimConfig,
    http: reqwest::Client,
    journal: Mutex<Journal>,
    /// Answers already given, by trxid: a repeated trxid gets the same answer and no new
    /// callback, as a deduplicating supplier would.
    answered: Mutex<HashMap<String, Value>>,
    /// Settable after start: the party being called back often binds its port after us.
    callback_url: Mutex<Option<Url>>,
    deposit: Mutex<i64>,
    /// Taken from the deposit with the next charge, without a word in the answer: a supplier
    /// that charges more than it says, for the reconciliation to catch.
    skim: Mutex<i64>,
    changed: tokio::sync::Notify,
}

impl SimBiller {
    pub fn new(config: SimConfig) -> Self {
        let callback_url = Mutex::new(config.callback_url.clone());
        Self {
            inner: Arc::new(Inner {
                config,
                http: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .expect("a TLS backend is compiled in"),
                journal: Mutex::default(),
                answered: Mutex::default(),
                callback_url,
                deposit: Mutex::new(10_000_000),
                skim: Mutex::new(0),
                changed: tokio::sync::Notify::new(),
            }),
        }
    }

    /// Our deposit at the simulated supplier, as its next answer will report it.
    pub fn deposit(&self) -> i64 {
        *self.inner.deposit.lock().expect("deposit lock")
    }

    /// Money we sent to the supplier (what `/depositserver` announces).
    pub fn top_up(&self, amount: i64) {
        *self.inner.deposit.lock().expect("deposit lock") += amount;
    }

    /// The next purchase takes `amount` more than its `total` says.
    pub fn skim_next(&self, amount: i64) {
        *self.inner.skim.lock().expect("skim lock") = amount;
    }

    pub fn set_callback_url(&self, url: Url) {
        *self.inner.callback_url.lock().expect("callback url lock") = Some(url);
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/service/in/json", post(purchase))
            .with_state(self.clone())
    }

    /// Serves on `listener` until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Binds 127.0.0.1 on a free port and serves in the background; returns its base URL.
    pub async fn spawn(self) -> std::io::Result<Url> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        tokio::spawn(self.serve(listener, std::future::pending()));
        Ok(Url::parse(&format!("http://{addr}")).expect("a socket address makes a URL"))
    }

    pub fn journal<T>(&self, read: impl FnOnce(&Journal) -> T) -> T {
        read(&self.inner.journal.lock().expect("journal lock"))
    }

    /// Waits until `done` holds for the journal (checked on every change), or the deadline.
    pub async fn wait_for(&self, deadline: Duration, done: impl Fn(&Journal) -> bool) -> bool {
        let until = tokio::time::Instant::now() + deadline;
        loop {
            let notified = self.inner.changed.notified();
            if self.journal(&done) {
                return true;
            }
            if tokio::time::timeout_at(until, notified).await.is_err() {
                return self.journal(&done);
            }
        }
    }
}

async fn purchase(
    State(sim): State<SimBiller>,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let inner = &sim.inner;
    let Ok(req) = serde_json::from_slice::<PurchaseRequest<String>>(&body) else {
        return Json(json!({"status": false, "reason": "Format request tidak valid"}))
            .into_response();
    };
    let sign_ok = req.user == inner.config.user
        && sign(&inner.config.user, &inner.config.password, &req.trxid).matches(&req.sign);
    inner
        .journal
        .lock()
        .expect("journal lock")
        .requests
        .push(ReceivedRequest {
            trxid: req.trxid.clone(),
            produk: req.produk.clone(),
            idpel: req.idpel.clone(),
            sign_ok,
        });
    inner.changed.notify_waiters();
    let label = format!("{}.{}", req.produk, req.idpel);
    if !sign_ok {
        return Json(rejection(
            &req,
            &format!("Transaksi {label} GAGAL sign tidak valid"),
        ))
        .into_response();
    }
    if req.cmd != "trx" {
        return Json(rejection(
            &req,
            &format!("Transaksi {label} GAGAL command tidak dikenal"),
        ))
        .into_response();
    }
    if let Some(previous) = inner.answered.lock().expect("answers lock").get(&req.trxid) {
        return Json(previous.clone()).into_response();
    }
    let outcome = outcome_for(&req.idpel);
    tracing::info!(trxid = %req.trxid, outcome = ?outcome, "simulated supplier received a purchase");
    let cost = outcome::cost_for(&req.produk);
    let answer = match outcome {
        Outcome::RejectRoute => rejection(
            &req,
            &format!("Transaksi {label} GAGAL Produk tidak tersedia (ROUTE)"),
        ),
        Outcome::RejectDeduct => rejection(
            &req,
            &format!("Transaksi {label} GAGAL silakan coba lagi (DEDUCT)"),
        ),
        Outcome::RejectInactive => {
            rejection(&req, &format!("Transaksi {label} GAGAL Produk tidak Aktif"))
        }
        Outcome::Http500 => {
            return (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "<html><body>500 Internal Server Error</body></html>",
            )
                .into_response();
        }
        _ => {
            let saldo = {
                let skim = std::mem::take(&mut *inner.skim.lock().expect("skim lock"));
                let mut deposit = inner.deposit.lock().expect("deposit lock");
                *deposit -= cost + skim;
                *deposit
            };
            json!({
                "total": cost, "status": true,
                "reason": format!("Transaksi {label} sedang diproses"),
                "saldo": saldo.to_string(), "trxtime": trxtime(), "elapsed": 0.012,
                "ftrxid": ftrxid(&req.trxid), "user": req.user, "kodeproduk": req.produk, "tujuan": req.idpel,
            })
        }
    };
    inner
        .answered
        .lock()
        .expect("answers lock")
        .insert(req.trxid.clone(), answer.clone());
    // The supplier's callbacks come from its own worker, not from the request that placed the
    // order: when our side drops that request (its timeout, or a kill), they still go out. Tied
    // to the request, they would be cancelled with it and never sent nor journaled.
    let delay = match outcome {
        Outcome::CallbackFirst => Duration::ZERO,
        Outcome::Hang => inner.config.hang + inner.config.callback_delay,
        _ => inner.config.callback_delay,
    };
    let worker = sim.clone();
    let callbacks = outcome.callbacks();
    let delivery = tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        worker.send_callbacks(&req, cost, callbacks).await;
    });
    match outcome {
        // The supplier's report overtakes its own answer: we answer only once it landed.
        Outcome::CallbackFirst => {
            let _ = delivery.await;
        }
        Outcome::Hang => tokio::time::sleep(inner.config.hang).await,
        _ => {}
    }
    Json(answer).into_response()
}

fn rejection(req: &PurchaseRequest<String>, reason: &str) -> Value {
    json!({
        "total": 0, "status": false, "reason": reason, "trxtime": trxtime(), "elapsed": 0.004,
        "ftrxid": ftrxid(&req.trxid), "user": req.user, "kodeproduk": req.produk, "tujuan": req.idpel,
    })
}

fn trxtime() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%d %H:%M:%S%.6f")
        .to_string()
}

fn ftrxid(trxid: &str) -> String {
    format!(
        "9{:013}",
        crate::fingerprint::fnv1a(trxid) % 10_000_000_000_000
    )
}
