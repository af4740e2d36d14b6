//! `GET /metrics` in Prometheus' text format. Counters of what this process did live here;
//! figures every instance shares (orders by status, the outbox backlog, updates waiting) are
//! read from the database on each scrape, so any instance reports the same totals.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

mod exposition;
mod labels;

pub use exposition::{Shared, SupplierFigures};
pub use labels::{Answer, CallbackResult, SendResult};

use labels::Counts;

/// Upper bounds, in seconds, of the supplier latency buckets.
const LATENCY_BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// Shared by the parts that count; cheap to clone.
#[derive(Clone, Default)]
pub struct Metrics(Arc<Inner>);

#[derive(Default)]
struct Inner {
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    answers: Counts<Answer>,
    callbacks: Counts<CallbackResult>,
    sends: Counts<SendResult>,
    invariants_checked: AtomicBool,
    invariant_violations: AtomicU64,
    invariants_checked_at: AtomicI64,
    /// Unix time of this process's last getUpdates that Telegram answered; 0 before the first.
    polled_at: AtomicI64,
}

impl Metrics {
    pub fn supplier_answered(&self, elapsed: Duration, answer: Answer) {
        let secs = elapsed.as_secs_f64();
        for (bucket, le) in self.0.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            if secs <= le {
                bucket.fetch_add(1, Relaxed);
            }
        }
        self.0.latency_count.fetch_add(1, Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.0.latency_sum_micros.fetch_add(micros, Relaxed);
        self.0.answers.bump(answer);
    }

    pub fn callback(&self, result: CallbackResult) {
        self.0.callbacks.bump(result);
    }

    pub fn outbox_send(&self, result: SendResult) {
        self.0.sends.bump(result);
    }

    /// Telegram answered a getUpdates of this process (with or without updates).
    pub fn polled(&self) {
        self.0
            .polled_at
            .store(chrono::Utc::now().timestamp(), Relaxed);
    }

    pub fn invariants_checked(&self, violations: usize) {
        self.0.invariants_checked.store(true, Relaxed);
        self.0
            .invariant_violations
            .store(violations as u64, Relaxed);
        self.0
            .invariants_checked_at
            .store(chrono::Utc::now().timestamp(), Relaxed);
    }
}
