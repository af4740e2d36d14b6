//! `POST /service/in/json`: a purchase, answered in the supplier's JSON, and recorded under its
//! trxid with its body and the answer it got.
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::record::{Answer, answer_of};
use super::{Outcome, ReceivedRequest, SimBiller, outcome, outcome_for};
use crate::biller::sign;
use crate::biller::wire::PurchaseRequest;

/// Closes a request's record when the handler is done with it: when it answered, and also
/// when our side hung up first, because axum then drops the handler wherever it waits.
struct Handling {
    sim: SimBiller,
    trxid: String,
    index: usize,
    answer: Option<Answer>,
}

impl Drop for Handling {
    fn drop(&mut self) {
        (self.sim).request_ended(&self.trxid, self.index, self.answer.take());
    }
}

pub(super) async fn purchase(State(sim): State<SimBiller>, body: axum::body::Bytes) -> Response {
    let inner = &sim.inner;
    let Ok(req) = serde_json::from_slice::<PurchaseRequest<String>>(&body) else {
        let unreadable = String::from_utf8_lossy(&body).into_owned();
        inner
            .journal
            .lock()
            .expect("journal lock")
            .unreadable
            .push(unreadable);
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
    let outcome = if sim.has_no_route(&req.produk) {
        Outcome::RejectRoute
    } else {
        outcome_for(&req.idpel)
    };
    let body = String::from_utf8_lossy(&body).into_owned();
    let index = sim.request_arrived(&req.trxid, outcome, body, sign_ok);
    let mut handling = Handling {
        sim: sim.clone(),
        trxid: req.trxid.clone(),
        index,
        answer: None,
    };
    let label = format!("{}.{}", req.produk, req.idpel);
    let refused = if !sign_ok {
        Some(rejection(
            &req,
            &format!("Transaksi {label} GAGAL sign tidak valid"),
        ))
    } else if req.cmd != "trx" {
        Some(rejection(
            &req,
            &format!("Transaksi {label} GAGAL command tidak dikenal"),
        ))
    } else {
        // A repeated trxid gets the answer it got before and no new callback, as a
        // deduplicating supplier would.
        inner
            .answered
            .lock()
            .expect("answers lock")
            .get(&req.trxid)
            .cloned()
    };
    if let Some(answer) = refused {
        handling.answer = Some(answer_of(&answer));
        return Json(answer).into_response();
    }
    tracing::info!(trxid = %req.trxid, outcome = ?outcome, "simulated supplier received a purchase");
    let Some(answer) = first_answer(&sim, &req, outcome) else {
        handling.answer = Some(Answer::ServerError);
        return (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "<html><body>500 Internal Server Error</body></html>",
        )
            .into_response();
    };
    call_back(&sim, req, outcome).await;
    handling.answer = Some(answer_of(&answer));
    Json(answer).into_response()
}

/// The answer to a trxid's first request (`None`: HTTP 500), remembered for a repeat of it. A
/// refusal is the simulator's decision, made here whether or not the answer reaches our side.
fn first_answer(sim: &SimBiller, req: &PurchaseRequest<String>, outcome: Outcome) -> Option<Value> {
    let inner = &sim.inner;
    let label = format!("{}.{}", req.produk, req.idpel);
    let cost = outcome::cost_for(&req.produk);
    let answer = match outcome {
        Outcome::RejectRoute => rejection(
            req,
            &format!("Transaksi {label} GAGAL Produk tidak tersedia (ROUTE)"),
        ),
        Outcome::RejectDeduct => rejection(
            req,
            &format!("Transaksi {label} GAGAL silakan coba lagi (DEDUCT)"),
        ),
        Outcome::RejectInactive => {
            rejection(req, &format!("Transaksi {label} GAGAL Produk tidak Aktif"))
        }
        Outcome::Http500 => return None,
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
    if answer["status"] == false {
        sim.decide(&req.trxid, 1, "", false);
    }
    inner
        .answered
        .lock()
        .expect("answers lock")
        .insert(req.trxid.clone(), answer.clone());
    Some(answer)
}

/// Starts the outcome's callbacks, and waits as long as the outcome holds its answer back.
async fn call_back(sim: &SimBiller, req: PurchaseRequest<String>, outcome: Outcome) {
    let delay = match outcome {
        Outcome::CallbackFirst => Duration::ZERO,
        Outcome::Hang => sim.inner.config.hang + sim.inner.config.callback_delay,
        _ => sim.inner.config.callback_delay,
    };
    // The supplier's callbacks come from its own worker, not from the request that placed the
    // order: when our side drops that request (its timeout, or a kill), they still go out. Tied
    // to the request, they would be cancelled with it and never sent nor journaled.
    let worker = sim.clone();
    let cost = outcome::cost_for(&req.produk);
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
        Outcome::Hang => tokio::time::sleep(sim.inner.config.hang).await,
        _ => {}
    }
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
