//! `POST /v1/transaction`: a purchase, or (same ref_id again) its status check.
use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::outcome::{Outcome, outcome_for, serial_number};
use super::{Failure, SimDigiflazz, TransactionSeen};
use crate::digiflazz::sign;
use crate::digiflazz::wire::{Envelope, TransactionData, TransactionRequest};

pub(super) async fn transaction(
    State(sim): State<SimDigiflazz>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(req) = serde_json::from_slice::<TransactionRequest<String>>(&body) else {
        return refusal(StatusCode::BAD_REQUEST, "40", "Payload Error");
    };
    let config = &sim.inner.config;
    let sign_ok = req.username == config.username
        && sign::transaction(&config.username, &config.api_key, &req.ref_id).matches(&req.sign);
    let repeat = sim.state(&req.ref_id).is_some();
    sim.record(|j| {
        j.transactions.push(TransactionSeen {
            ref_id: req.ref_id.clone(),
            customer_no: req.customer_no.clone(),
            sku: req.buyer_sku_code.clone(),
            max_price: req.max_price,
            sign_ok,
            repeat,
            at: std::time::Instant::now(),
        });
    });
    if !sign_ok {
        return answer(
            StatusCode::BAD_REQUEST,
            gagal(&req, "41", "Signature Anda salah"),
        );
    }
    if sim.inner.refuse_ip.load(Ordering::SeqCst) {
        let message = "IP Anda tidak kami kenali";
        return answer(StatusCode::BAD_REQUEST, gagal(&req, "45", message));
    }
    let data = match sim.state(&req.ref_id) {
        // The status check: the transaction as it stands, charged nothing again.
        Some(current) => current,
        None => sim.decide(&req),
    };
    fail_or(&sim, data).await
}

/// The answer as the failure knob lets it through.
async fn fail_or(sim: &SimDigiflazz, data: TransactionData) -> Response {
    fail_or_value(
        sim,
        serde_json::to_value(data).expect("JSON values serialise"),
    )
    .await
}

/// `data` in its envelope, unless the failure knob says otherwise.
pub(super) async fn fail_or_value(sim: &SimDigiflazz, data: serde_json::Value) -> Response {
    let failure = *sim.inner.failure.lock().expect("failure lock");
    match failure {
        Failure::None => answer(StatusCode::OK, data),
        Failure::Hang => {
            tokio::time::sleep(sim.inner.config.hang).await;
            answer(StatusCode::OK, data)
        }
        Failure::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<html><body>500 Internal Server Error</body></html>",
        )
            .into_response(),
        Failure::Garbage => (StatusCode::OK, "<html>maintenance</html>").into_response(),
    }
}

impl SimDigiflazz {
    /// A new ref_id: decided, charged if it goes through, remembered, and its webhook started.
    fn decide(&self, req: &TransactionRequest<String>) -> TransactionData {
        let data = self.first_state(req);
        self.inner
            .refs
            .lock()
            .expect("refs lock")
            .insert(req.ref_id.clone(), data.clone());
        let outcome = outcome_for(&req.customer_no);
        if data.status == Some(json!("Pending")) && outcome != Outcome::PendingSilent {
            let (sim, ref_id) = (self.clone(), req.ref_id.clone());
            tokio::spawn(async move {
                tokio::time::sleep(sim.inner.config.webhook_delay).await;
                sim.settle(&ref_id, outcome == Outcome::PendingThenSukses);
                sim.send_webhooks(&ref_id).await;
            });
        }
        data
    }

    fn first_state(&self, req: &TransactionRequest<String>) -> TransactionData {
        let Some(price) = self.price_of(&req.buyer_sku_code) else {
            return gagal(req, "43", "SKU tidak di temukan atau Non-Aktif");
        };
        if req.max_price.is_some_and(|max| price > max) {
            let message = "Harga seller lebih besar dari ketentuan harga Buyer";
            return gagal(req, "69", message);
        }
        let outcome = outcome_for(&req.customer_no);
        match outcome {
            Outcome::GagalCustomer => return gagal(req, "54", "Nomor Tujuan Salah"),
            Outcome::GagalProduct => {
                return gagal(req, "53", "Produk Seller Sedang Tidak Tersedia");
            }
            _ => {}
        }
        let saldo = {
            let mut balance = self.inner.balance.lock().expect("balance lock");
            if *balance < price {
                return gagal(req, "44", "Saldo tidak cukup");
            }
            *balance -= price;
            *balance
        };
        self.record(|j| j.charges += 1);
        let (status, rc, message, sn) = match outcome {
            Outcome::Sukses => (
                "Sukses",
                "00",
                "Transaksi Sukses",
                serial_number(&req.ref_id),
            ),
            _ => ("Pending", "03", "Transaksi Pending", String::new()),
        };
        TransactionData {
            status: Some(json!(status)),
            rc: Some(json!(rc)),
            message: Some(json!(message)),
            sn: Some(json!(sn)),
            price: Some(json!(price)),
            buyer_last_saldo: Some(json!(saldo)),
            ..echo(req)
        }
    }

    /// Ends a pending transaction, as Digiflazz's seller would: `Sukses` with an SN, or `Gagal`
    /// rc 55 with the price given back. Nothing is sent; a status check then sees it. Does
    /// nothing to a transaction that is not pending.
    pub fn settle(&self, ref_id: &str, sukses: bool) {
        if !sukses {
            return self.settle_gagal(ref_id, "55", "Produk Sedang Gangguan");
        }
        let mut refs = self.inner.refs.lock().expect("refs lock");
        let Some(data) = refs.get_mut(ref_id) else {
            return;
        };
        if data.status != Some(json!("Pending")) {
            return;
        }
        data.status = Some(json!("Sukses"));
        data.rc = Some(json!("00"));
        data.message = Some(json!("Transaksi Sukses"));
        data.sn = Some(json!(serial_number(ref_id)));
        drop(refs);
        self.inner.changed.notify_waiters();
    }

    /// Ends a pending transaction as `Gagal` with `rc` and `message`, the price given back;
    /// silently, as [`SimDigiflazz::settle`] does.
    pub fn settle_gagal(&self, ref_id: &str, rc: &str, message: &str) {
        let mut refs = self.inner.refs.lock().expect("refs lock");
        let Some(data) = refs.get_mut(ref_id) else {
            return;
        };
        if data.status != Some(json!("Pending")) {
            return;
        }
        let price = data.price.as_ref().and_then(|p| p.as_i64()).unwrap_or(0);
        let mut balance = self.inner.balance.lock().expect("balance lock");
        *balance += price;
        data.status = Some(json!("Gagal"));
        data.rc = Some(json!(rc));
        data.message = Some(json!(message));
        data.buyer_last_saldo = Some(json!(*balance));
        drop((balance, refs));
        self.inner.changed.notify_waiters();
    }
}

/// The request's own fields, echoed in every answer about it.
fn echo(req: &TransactionRequest<String>) -> TransactionData {
    TransactionData {
        ref_id: Some(json!(req.ref_id)),
        customer_no: Some(json!(req.customer_no)),
        buyer_sku_code: Some(json!(req.buyer_sku_code)),
        tele: Some(json!("@digiflazz_sim")),
        wa: Some(json!("081200000000")),
        ..TransactionData::default()
    }
}

fn gagal(req: &TransactionRequest<String>, rc: &str, message: &str) -> TransactionData {
    TransactionData {
        status: Some(json!("Gagal")),
        rc: Some(json!(rc)),
        message: Some(json!(message)),
        sn: Some(json!("")),
        price: Some(json!(0)),
        ..echo(req)
    }
}

pub(super) fn answer<T: serde::Serialize>(status: StatusCode, data: T) -> Response {
    (status, Json(Envelope { data })).into_response()
}

pub(super) fn refusal(status: StatusCode, rc: &str, message: &str) -> Response {
    answer(status, json!({"rc": rc, "message": message}))
}
