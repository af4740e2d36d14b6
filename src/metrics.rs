//! `GET /metrics` in Prometheus' text format. Counters of what this process did live here;
//! figures every instance shares (orders by status, the outbox backlog) are read from the
//! database on each scrape, so any instance reports the same totals.
use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use crate::domain::OrderStatus;

/// Upper bounds, in seconds, of the supplier latency buckets.
const LATENCY_BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];
const ANSWERS: [&str; 3] = ["accepted", "rejected", "unknown"];
/// Everything the callback endpoint can answer, from `bad_token` (404) to `retry` (503).
pub const CALLBACK_OUTCOMES: [&str; 10] = [
    "applied",
    "duplicate",
    "reversal",
    "conflict",
    "mismatch",
    "unknown_refid",
    "invalid",
    "bad_token",
    "forbidden_peer",
    "retry",
];
const SENDS: [&str; 3] = ["sent", "retry", "dead"];
const STATUSES: [OrderStatus; 5] = [
    OrderStatus::Sending,
    OrderStatus::Pending,
    OrderStatus::Unknown,
    OrderStatus::Success,
    OrderStatus::Failed,
];

/// Shared by the parts that count; cheap to clone.
#[derive(Clone, Default)]
pub struct Metrics(Arc<Inner>);

#[derive(Default)]
struct Inner {
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    answers: [AtomicU64; ANSWERS.len()],
    callbacks: [AtomicU64; CALLBACK_OUTCOMES.len()],
    sends: [AtomicU64; SENDS.len()],
    invariants_checked: AtomicBool,
    invariant_violations: AtomicU64,
    invariants_checked_at: AtomicI64,
}

fn bump(counters: &[AtomicU64], names: &[&str], name: &str) {
    if let Some(i) = names.iter().position(|n| *n == name) {
        counters[i].fetch_add(1, Relaxed);
    }
}

impl Metrics {
    /// `answer` is `accepted`, `rejected` or `unknown`.
    pub fn supplier_answered(&self, elapsed: Duration, answer: &str) {
        let secs = elapsed.as_secs_f64();
        for (bucket, le) in self.0.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            if secs <= le {
                bucket.fetch_add(1, Relaxed);
            }
        }
        self.0.latency_count.fetch_add(1, Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.0.latency_sum_micros.fetch_add(micros, Relaxed);
        bump(&self.0.answers, &ANSWERS, answer);
    }

    /// One of [`CALLBACK_OUTCOMES`].
    pub fn callback(&self, outcome: &str) {
        bump(&self.0.callbacks, &CALLBACK_OUTCOMES, outcome);
    }

    /// `sent`, `retry` or `dead`.
    pub fn outbox_send(&self, result: &str) {
        bump(&self.0.sends, &SENDS, result);
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

    /// The exposition text. A database that does not answer (`shared` is an error) drops the
    /// figures read from it and says so in `loket_database_up`; the process counters are always
    /// there.
    pub fn render(&self, shared: sqlx::Result<Shared>) -> String {
        let mut out = String::with_capacity(4096);
        gauge(
            &mut out,
            "loket_database_up",
            "1 if the database answered this scrape.",
        );
        let _ = writeln!(out, "loket_database_up {}", u8::from(shared.is_ok()));
        if let Ok(shared) = &shared {
            gauge(&mut out, "loket_orders", "Orders by status, all instances.");
            for status in STATUSES {
                let n = shared.orders.iter().find(|(s, _)| s == status.as_str());
                let n = n.map_or(0, |(_, n)| *n);
                let _ = writeln!(out, "loket_orders{{status=\"{status}\"}} {n}");
            }
            gauge(
                &mut out,
                "loket_outbox_backlog",
                "Messages waiting to be sent, all instances.",
            );
            let _ = writeln!(out, "loket_outbox_backlog {}", shared.backlog);
            gauge(
                &mut out,
                "loket_outbox_oldest_waiting_seconds",
                "Age of the oldest message waiting to be sent (0 when none).",
            );
            let _ = writeln!(
                out,
                "loket_outbox_oldest_waiting_seconds {:.3}",
                shared.oldest_secs
            );
            gauge(
                &mut out,
                "loket_outbox_dead",
                "Messages Telegram refused for good (blocked bot, bad request), all instances.",
            );
            let _ = writeln!(out, "loket_outbox_dead {}", shared.dead);
            render_supplier(&mut out, &shared.supplier);
        }
        self.render_process(&mut out);
        out
    }

    fn render_process(&self, out: &mut String) {
        let m = &self.0;
        let name = "loket_supplier_request_duration_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Time from sending a purchase to the supplier's answer (or giving up).\n# TYPE {name} histogram"
        );
        for (bucket, le) in m.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {}", bucket.load(Relaxed));
        }
        let count = m.latency_count.load(Relaxed);
        let sum = m.latency_sum_micros.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{name}_sum {sum:.6}\n{name}_count {count}");
        counters(
            out,
            ("loket_supplier_answers_total", "answer"),
            "Supplier answers by kind (rejected refunds; unknown keeps the money held).",
            &ANSWERS,
            &m.answers,
        );
        counters(
            out,
            ("loket_callbacks_total", "outcome"),
            "Supplier callbacks received by this instance, by outcome.",
            &CALLBACK_OUTCOMES,
            &m.callbacks,
        );
        counters(
            out,
            ("loket_outbox_sends_total", "result"),
            "Telegram send attempts by this instance, by result.",
            &SENDS,
            &m.sends,
        );
        gauge(
            out,
            "loket_invariants_ok",
            "1 if the last ledger check found nothing, 0 if it found violations (purchases stopped), -1 before the first check.",
        );
        let ok = match (
            m.invariants_checked.load(Relaxed),
            m.invariant_violations.load(Relaxed),
        ) {
            (false, _) => -1,
            (true, 0) => 1,
            (true, _) => 0,
        };
        let _ = writeln!(out, "loket_invariants_ok {ok}");
        gauge(
            out,
            "loket_invariant_violations",
            "Violations the last ledger check found.",
        );
        let _ = writeln!(
            out,
            "loket_invariant_violations {}",
            m.invariant_violations.load(Relaxed)
        );
        gauge(
            out,
            "loket_invariants_checked_timestamp_seconds",
            "When the last ledger check ran (Unix time; 0 before the first).",
        );
        let _ = writeln!(
            out,
            "loket_invariants_checked_timestamp_seconds {}",
            m.invariants_checked_at.load(Relaxed)
        );
    }
}

fn render_supplier(out: &mut String, b: &crate::supplier::Balance) {
    if let Some(saldo) = b.saldo {
        gauge(
            out,
            "loket_supplier_balance_rupiah",
            "Our deposit at the supplier, as it last reported it.",
        );
        let _ = writeln!(out, "loket_supplier_balance_rupiah {}", saldo.rupiah());
    }
    if let Some(at) = b.saldo_at {
        gauge(
            out,
            "loket_supplier_balance_reported_timestamp_seconds",
            "When the supplier last reported our deposit there.",
        );
        let _ = writeln!(
            out,
            "loket_supplier_balance_reported_timestamp_seconds {}",
            at.timestamp()
        );
    }
    gauge(
        out,
        "loket_supplier_drift_rupiah",
        "The supplier's last reported balance minus loket's book of it.",
    );
    let _ = writeln!(out, "loket_supplier_drift_rupiah {}", b.drift.rupiah());
    gauge(
        out,
        "loket_supplier_confirmed_drift_rupiah",
        "Drift seen on two reports in a row, as told to admins.",
    );
    let _ = writeln!(
        out,
        "loket_supplier_confirmed_drift_rupiah {}",
        b.confirmed_drift.rupiah()
    );
    gauge(
        out,
        "loket_supplier_reports_unreconciled",
        "Supplier reports waiting for the reconciler.",
    );
    let _ = writeln!(
        out,
        "loket_supplier_reports_unreconciled {}",
        b.unreconciled
    );
}

fn gauge(out: &mut String, name: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
}

fn counters(
    out: &mut String,
    (name, label): (&str, &str),
    help: &str,
    names: &[&str],
    values: &[AtomicU64],
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    for (n, v) in names.iter().zip(values) {
        let _ = writeln!(out, "{name}{{{label}=\"{n}\"}} {}", v.load(Relaxed));
    }
}

/// The figures every instance shares, read from the database by the caller through the tables'
/// owners (`http`, which serves the scrape): metrics itself sits below orders and the outbox.
pub struct Shared {
    pub orders: Vec<(String, i64)>,
    pub backlog: i64,
    pub oldest_secs: f64,
    pub dead: i64,
    /// Our deposit at the supplier, as reconciled.
    pub supplier: crate::supplier::Balance,
}
