//! Sending the simulator's callbacks, retried like a real supplier's, every attempt journaled.
use std::time::Duration;

use super::{SimBiller, outcome};
use crate::biller::wire::PurchaseRequest;

/// Attempts per callback before the simulator gives up on it.
const ATTEMPTS: u32 = 5;

/// One attempt at sending a callback, and what our side made of it.
#[derive(Debug, Clone)]
pub struct CallbackTry {
    pub trxid: String,
    /// Which of the outcome's callbacks this is (0: the first).
    pub nth: usize,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The HTTP status our side answered (0: no answer).
    pub answered: u16,
    /// The answer's body, or why there was no answer.
    pub said: String,
}

impl SimBiller {
    pub(super) async fn send_callbacks(
        &self,
        req: &PurchaseRequest<String>,
        cost: i64,
        statuses: &[u8],
    ) {
        let Some(base) = self
            .inner
            .callback_url
            .lock()
            .expect("callback url lock")
            .clone()
        else {
            return;
        };
        for (nth, status) in statuses.iter().enumerate() {
            // A GAGAL gives the charge back, as a supplier's deposit does: the balance it
            // reports is after the refund.
            let saldo = {
                let mut deposit = self.inner.deposit.lock().expect("deposit lock");
                if *status == 1 {
                    *deposit += cost;
                }
                *deposit
            };
            let query = outcome::callback_query(req, *status, saldo, cost);
            let mut url = base.clone();
            url.set_query(Some(&query));
            let mut answered = 0;
            // Like a real supplier, retry while our side cannot record it.
            for attempt in 1..=ATTEMPTS {
                let said;
                (answered, said) = match self.inner.http.get(url.clone()).send().await {
                    Ok(r) => {
                        let code = r.status().as_u16();
                        let body = r.text().await;
                        (
                            code,
                            body.unwrap_or_else(|e| format!("unreadable body: {}", why(e))),
                        )
                    }
                    Err(e) => (0, why(e)),
                };
                self.journal_try(CallbackTry {
                    trxid: req.trxid.clone(),
                    nth,
                    attempt,
                    answered,
                    said,
                });
                if (answered != 503 && answered != 0) || attempt == ATTEMPTS {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempt - 1))).await;
            }
            tracing::info!(trxid = %req.trxid, status, answered, "simulated supplier sent a callback");
            self.inner
                .journal
                .lock()
                .expect("journal lock")
                .callbacks
                .push((query, answered));
            self.inner.changed.notify_waiters();
        }
    }

    fn journal_try(&self, tried: CallbackTry) {
        self.inner
            .journal
            .lock()
            .expect("journal lock")
            .tries
            .push(tried);
        self.inner.changed.notify_waiters();
    }
}

/// A request error and its causes on one line, without the URL (it holds the callback token).
fn why(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut line = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    line
}
