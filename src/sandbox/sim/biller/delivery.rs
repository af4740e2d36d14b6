//! Sending the simulator's callbacks, retried like a real supplier's, every attempt journaled.
use std::time::Duration;

use super::record::SentBy;
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
        let Some(base) = self.callback_base() else {
            return;
        };
        let outcome = outcome::outcome_for(&req.idpel);
        for (nth, status) in statuses.iter().enumerate() {
            if nth > 0 && outcome == outcome::Outcome::Reversal {
                tokio::time::sleep(self.inner.config.reversal_delay).await;
            }
            // A GAGAL gives the charge back, as a supplier's deposit does: the balance it
            // reports is after the refund.
            let saldo = {
                let mut deposit = self.inner.deposit.lock().expect("deposit lock");
                if *status == 1 {
                    *deposit += cost;
                }
                *deposit
            };
            // Decided as it goes out, whether or not our side ever takes it.
            self.decide(&req.trxid, *status, &outcome::serial_number(req), true);
            let query = outcome::callback_query(req, *status, saldo, cost);
            let mut url = base.clone();
            url.set_query(Some(&query));
            let mut answered = 0;
            // Like a real supplier, retry while our side cannot record it.
            for attempt in 1..=ATTEMPTS {
                let by = SentBy::Supplier { nth, attempt };
                let index = self.callback_started(&req.trxid, outcome, *status, by);
                let said;
                (answered, said) = self.attempt(url.clone()).await;
                self.callback_ended(&req.trxid, index, answered);
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

    /// Sends `query`, a callback query this simulator sent before, to our side once more, as a
    /// supplier resending it or the network repeating it would; recorded under its `refid` as
    /// [`SentBy::Again`]. Returns our side's HTTP status (0: no answer) and body, or why there
    /// was no answer.
    pub async fn send_again(&self, query: &str) -> (u16, String) {
        let Some(mut url) = self.callback_base() else {
            return (0, "no callback URL".into());
        };
        url.set_query(Some(query));
        let field = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
                .unwrap_or_default()
        };
        let (trxid, status) = (field("refid"), field("status"));
        let outcome = outcome::outcome_for(field("dest"));
        let status = if status == "0" { 0 } else { 1 };
        let index = self.callback_started(trxid, outcome, status, SentBy::Again);
        let (answered, said) = self.attempt(url).await;
        self.callback_ended(trxid, index, answered);
        (answered, said)
    }

    fn callback_base(&self) -> Option<reqwest::Url> {
        (self.inner.callback_url.lock())
            .expect("callback url lock")
            .clone()
    }

    /// One GET of a callback: our side's status (0: no answer) and body, or why there was none.
    async fn attempt(&self, url: reqwest::Url) -> (u16, String) {
        match self.inner.http.get(url).send().await {
            Ok(r) => {
                let code = r.status().as_u16();
                let body = r.text().await;
                (
                    code,
                    body.unwrap_or_else(|e| format!("unreadable body: {}", why(e))),
                )
            }
            Err(e) => (0, why(e)),
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
