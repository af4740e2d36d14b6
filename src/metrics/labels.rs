//! The values each labelled metric can take (R28a). Each set is a [`Named`] enum: a caller cannot
//! count a value that does not exist (it would not compile), and the exposition lists every
//! value, so each series is there with 0 from the first scrape and a new value cannot be left
//! out of it.
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::named_enum::Named;

named_enum! {
    /// How the supplier answered a purchase.
    pub enum Answer {
        /// `status: true`: the order is pending until the callback.
        Accepted = "accepted",
        /// An explicit refusal: refunded at once.
        Rejected = "rejected",
        /// Anything else (timeout, 5xx, garbage): the money stays held.
        Unknown = "unknown",
    }
}

named_enum! {
    /// What the callback endpoint did with a request, from `bad_token` (404) to `retry` (503).
    pub enum CallbackResult {
        Applied = "applied",
        Duplicate = "duplicate",
        Reversal = "reversal",
        Conflict = "conflict",
        Mismatch = "mismatch",
        Contradictory = "contradictory",
        UnknownRefid = "unknown_refid",
        AfterRefund = "after_refund",
        FailedOver = "failed_over",
        EarlierAttempt = "earlier_attempt",
        Pending = "pending",
        Invalid = "invalid",
        BadToken = "bad_token",
        ForbiddenPeer = "forbidden_peer",
        /// A Digiflazz webhook without a valid `X-Hub-Signature`.
        BadSignature = "bad_signature",
        Retry = "retry",
    }
}

named_enum! {
    /// What came of one attempt to send a message to Telegram.
    pub enum SendResult {
        Sent = "sent",
        Retry = "retry",
        Dead = "dead",
    }
}

/// One counter per value of `L`.
pub(super) struct Counts<L> {
    values: Box<[AtomicU64]>,
    of: PhantomData<fn() -> L>,
}

impl<L: Named> Default for Counts<L> {
    fn default() -> Self {
        Self {
            values: L::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
            of: PhantomData,
        }
    }
}

impl<L: Named> Counts<L> {
    pub(super) fn bump(&self, label: L) {
        if let Some(value) = self.values.get(label.index()) {
            value.fetch_add(1, Relaxed);
        }
    }

    /// Every value with its count, in declaration order.
    pub(super) fn each(&self) -> impl Iterator<Item = (L, u64)> + '_ {
        L::ALL
            .iter()
            .zip(self.values.iter())
            .map(|(label, value)| (*label, value.load(Relaxed)))
    }
}
