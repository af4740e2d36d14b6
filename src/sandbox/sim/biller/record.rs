//! What the simulator decided, trxid by trxid: every purchase request that named it (with its
//! body), what it answered, every callback sent about it (its own, each retry, and the copies a
//! test sent again) and the outcome it settled on. Tests hold loket's books against this, the
//! way a reseller business holds its books against the supplier's statement.
use std::time::Instant;

use super::{Outcome, SimBiller};

/// Everything the simulator did about one trxid.
#[derive(Debug, Clone)]
pub struct TrxRecord {
    /// What the destination's last digit picked.
    pub outcome: Outcome,
    /// Every purchase request with this trxid, in arrival order; a second one is a resend.
    pub requests: Vec<PurchaseSeen>,
    /// Every callback request about it, in the order they started.
    pub callbacks: Vec<CallbackSent>,
    pub decided: Decided,
}

/// One purchase request as it arrived, and what became of it.
#[derive(Debug, Clone)]
pub struct PurchaseSeen {
    /// The body exactly as it arrived.
    pub body: String,
    /// The md5 sign and the user were right.
    pub sign_ok: bool,
    pub arrived: Instant,
    /// When the simulator was done with it: it answered, or the caller hung up first.
    pub ended: Option<Instant>,
    /// `None` while the request is open, or when the caller hung up before the answer.
    pub answer: Option<Answer>,
}

/// What the simulator answered a purchase request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `status: true`: accepted; the outcome follows by callback.
    Accepted,
    /// `status: false`, with its reason.
    Refused(String),
    /// HTTP 500 with an HTML page.
    ServerError,
}

/// The outcome the simulator settled on, as far as it has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// Nothing (yet): an HTTP 500 never gets an outcome, a refused sign is no purchase, and a
    /// SUKSES still to be called back is not decided until its callback goes out.
    Nothing,
    /// SUKSES with this SN, by callback.
    Success { sn: String },
    /// GAGAL: in the answer (`by_callback: false`), or by callback before any SUKSES.
    Failed { by_callback: bool },
    /// SUKSES with this SN, then GAGAL by callback: the supplier reversed it.
    Reversed { sn: String },
}

/// Who sent a callback request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentBy {
    /// The simulator's own delivery: which of the outcome's callbacks, and which attempt.
    Supplier { nth: usize, attempt: u32 },
    /// A copy of a callback already sent, sent again by a test ([`SimBiller::send_again`]).
    Again,
}

/// One callback request and our side's answer.
#[derive(Debug, Clone)]
pub struct CallbackSent {
    /// `0` SUKSES, `1` GAGAL.
    pub status: u8,
    pub by: SentBy,
    pub started: Instant,
    /// `None` while the request is open.
    pub ended: Option<Instant>,
    /// The HTTP status our side answered (0: no answer).
    pub answered: u16,
}

/// The journal's counts of open requests, beside the record being changed.
struct Counts<'a> {
    requests_open: &'a mut usize,
    callbacks_open: &'a mut usize,
}

impl TrxRecord {
    fn new(outcome: Outcome) -> Self {
        Self {
            outcome,
            requests: Vec::new(),
            callbacks: Vec::new(),
            decided: Decided::Nothing,
        }
    }
}

impl SimBiller {
    /// Records a purchase request as it arrives; returns its place among the trxid's requests.
    pub(super) fn request_arrived(
        &self,
        trxid: &str,
        outcome: Outcome,
        body: String,
        sign_ok: bool,
    ) -> usize {
        self.record(trxid, outcome, |j, r| {
            *j.requests_open += 1;
            r.requests.push(PurchaseSeen {
                body,
                sign_ok,
                arrived: Instant::now(),
                ended: None,
                answer: None,
            });
            r.requests.len() - 1
        })
    }

    pub(super) fn request_ended(&self, trxid: &str, index: usize, answer: Option<Answer>) {
        self.update(trxid, |j, r| {
            if let Some(seen) = r.requests.get_mut(index).filter(|s| s.ended.is_none()) {
                *j.requests_open -= 1;
                seen.ended = Some(Instant::now());
                seen.answer = answer;
            }
        });
    }

    /// The simulator settles on `status` for `trxid` (`0` SUKSES with `sn`, `1` GAGAL), by
    /// callback, or at once in its answer.
    pub(super) fn decide(&self, trxid: &str, status: u8, sn: &str, by_callback: bool) {
        self.update(trxid, |_, r| {
            r.decided = match (&r.decided, status) {
                // A reversal is the last word the simulator has.
                (decided @ Decided::Reversed { .. }, _) => decided.clone(),
                (_, 0) => Decided::Success { sn: sn.to_owned() },
                (Decided::Success { sn }, _) => Decided::Reversed { sn: sn.clone() },
                _ => Decided::Failed { by_callback },
            };
        });
    }

    /// Records a callback request as it starts; returns its place among the trxid's callbacks.
    pub(super) fn callback_started(
        &self,
        trxid: &str,
        outcome: Outcome,
        status: u8,
        by: SentBy,
    ) -> usize {
        self.record(trxid, outcome, |j, r| {
            *j.callbacks_open += 1;
            r.callbacks.push(CallbackSent {
                status,
                by,
                started: Instant::now(),
                ended: None,
                answered: 0,
            });
            r.callbacks.len() - 1
        })
    }

    pub(super) fn callback_ended(&self, trxid: &str, index: usize, answered: u16) {
        self.update(trxid, |j, r| {
            if let Some(sent) = r.callbacks.get_mut(index).filter(|s| s.ended.is_none()) {
                *j.callbacks_open -= 1;
                sent.ended = Some(Instant::now());
                sent.answered = answered;
            }
        });
    }

    /// Runs `change` on the trxid's record, made with `outcome` if it is the first word of it.
    fn record<T>(
        &self,
        trxid: &str,
        outcome: Outcome,
        change: impl FnOnce(&mut Counts, &mut TrxRecord) -> T,
    ) -> T {
        let out = {
            let mut journal = self.inner.journal.lock().expect("journal lock");
            let journal = &mut *journal;
            let record = (journal.by_trxid)
                .entry(trxid.to_owned())
                .or_insert_with(|| TrxRecord::new(outcome));
            let mut counts = Counts {
                requests_open: &mut journal.requests_open,
                callbacks_open: &mut journal.callbacks_open,
            };
            change(&mut counts, record)
        };
        self.inner.changed.notify_waiters();
        out
    }

    fn update(&self, trxid: &str, change: impl FnOnce(&mut Counts, &mut TrxRecord)) {
        {
            let mut journal = self.inner.journal.lock().expect("journal lock");
            let journal = &mut *journal;
            if let Some(record) = journal.by_trxid.get_mut(trxid) {
                let mut counts = Counts {
                    requests_open: &mut journal.requests_open,
                    callbacks_open: &mut journal.callbacks_open,
                };
                change(&mut counts, record);
            }
        }
        self.inner.changed.notify_waiters();
    }
}

/// A record in the shape a purchase answer gives: `status` true or false with its reason.
pub(super) fn answer_of(answer: &serde_json::Value) -> Answer {
    match answer.get("status").and_then(serde_json::Value::as_bool) {
        Some(true) => Answer::Accepted,
        _ => Answer::Refused(
            answer
                .get("reason")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        ),
    }
}
