//! The exposition text: the shared figures a scrape read from the database, then this process's
//! own counters.
use std::fmt::Write;
use std::sync::atomic::Ordering::Relaxed;

use super::labels::Counts;
use super::{LATENCY_BUCKETS, Metrics};
use crate::domain::OrderStatus;
use crate::named_enum::Named;

/// The figures every instance shares, read from the database by the caller through the tables'
/// owners (`http`, which serves the scrape): metrics itself sits below orders, intake and the
/// outbox.
pub struct Shared {
    pub orders: Vec<(String, i64)>,
    pub backlog: i64,
    pub oldest_secs: f64,
    pub dead: i64,
    /// Telegram updates stored and not yet handled, and the oldest one's age in seconds.
    pub intake_waiting: i64,
    pub intake_oldest_secs: f64,
    /// Our deposit at the supplier, as reconciled.
    pub supplier: SupplierFigures,
}

/// Our deposit at the supplier as the scrape shows it, in whole rupiah and Unix seconds: the
/// caller reads it from `supplier`, which sits above metrics.
pub struct SupplierFigures {
    /// The latest reported balance and when it arrived; `None` before the first report.
    pub saldo: Option<i64>,
    pub saldo_at: Option<i64>,
    pub drift: i64,
    pub confirmed_drift: i64,
    pub unreconciled: i64,
}

impl Metrics {
    /// The exposition text. A database that does not answer (`shared` is an error) drops the
    /// figures read from it and says so in `loket_database_up`; the process counters are always
    /// there.
    pub fn render(&self, shared: sqlx::Result<Shared>) -> String {
        let mut out = String::with_capacity(6144);
        gauge(
            &mut out,
            "loket_build_info",
            "Always 1; the version of loket serving this scrape is its label.",
        );
        let version = env!("CARGO_PKG_VERSION");
        let _ = writeln!(out, "loket_build_info{{version=\"{version}\"}} 1");
        gauge(
            &mut out,
            "loket_database_up",
            "1 if the database answered this scrape.",
        );
        let _ = writeln!(out, "loket_database_up {}", u8::from(shared.is_ok()));
        if let Ok(shared) = &shared {
            render_shared(&mut out, shared);
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
            &m.answers,
        );
        counters(
            out,
            ("loket_callbacks_total", "outcome"),
            "Supplier callbacks received by this instance, by outcome.",
            &m.callbacks,
        );
        counters(
            out,
            ("loket_outbox_sends_total", "result"),
            "Telegram send attempts by this instance, by result.",
            &m.sends,
        );
        let polled_at = m.polled_at.load(Relaxed);
        if polled_at > 0 {
            gauge(
                out,
                "loket_telegram_last_poll_timestamp_seconds",
                "When Telegram last answered this instance's getUpdates (absent in webhook mode, on a standby instance, and before the first).",
            );
            let _ = writeln!(
                out,
                "loket_telegram_last_poll_timestamp_seconds {polled_at}"
            );
        }
        self.render_invariants(out);
    }

    fn render_invariants(&self, out: &mut String) {
        let m = &self.0;
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

fn render_shared(out: &mut String, shared: &Shared) {
    gauge(out, "loket_orders", "Orders by status, all instances.");
    for status in OrderStatus::ALL {
        let n = shared.orders.iter().find(|(s, _)| s == status.as_str());
        let n = n.map_or(0, |(_, n)| *n);
        let _ = writeln!(out, "loket_orders{{status=\"{status}\"}} {n}");
    }
    let figures: [(&str, &str, String); 5] = [
        (
            "loket_outbox_backlog",
            "Messages waiting to be sent, all instances.",
            shared.backlog.to_string(),
        ),
        (
            "loket_outbox_oldest_waiting_seconds",
            "Age of the oldest message waiting to be sent (0 when none).",
            format!("{:.3}", shared.oldest_secs),
        ),
        (
            "loket_outbox_dead",
            "Messages Telegram refused for good (blocked bot, bad request), all instances.",
            shared.dead.to_string(),
        ),
        (
            "loket_intake_waiting",
            "Telegram updates stored and not yet handled, all instances.",
            shared.intake_waiting.to_string(),
        ),
        (
            "loket_intake_oldest_waiting_seconds",
            "Age of the oldest update stored and not yet handled (0 when none).",
            format!("{:.3}", shared.intake_oldest_secs),
        ),
    ];
    for (name, help, value) in figures {
        gauge(out, name, help);
        let _ = writeln!(out, "{name} {value}");
    }
}

fn render_supplier(out: &mut String, b: &SupplierFigures) {
    if let Some(saldo) = b.saldo {
        gauge(
            out,
            "loket_supplier_balance_rupiah",
            "Our deposit at the supplier, as it last reported it.",
        );
        let _ = writeln!(out, "loket_supplier_balance_rupiah {saldo}");
    }
    if let Some(at) = b.saldo_at {
        gauge(
            out,
            "loket_supplier_balance_reported_timestamp_seconds",
            "When the supplier last reported our deposit there.",
        );
        let _ = writeln!(
            out,
            "loket_supplier_balance_reported_timestamp_seconds {at}"
        );
    }
    let figures: [(&str, &str, String); 3] = [
        (
            "loket_supplier_drift_rupiah",
            "The supplier's last reported balance minus loket's book of it.",
            b.drift.to_string(),
        ),
        (
            "loket_supplier_confirmed_drift_rupiah",
            "Drift seen on two reports in a row, as told to admins.",
            b.confirmed_drift.to_string(),
        ),
        (
            "loket_supplier_reports_unreconciled",
            "Supplier reports waiting for the reconciler.",
            b.unreconciled.to_string(),
        ),
    ];
    for (name, help, value) in figures {
        gauge(out, name, help);
        let _ = writeln!(out, "{name} {value}");
    }
}

fn gauge(out: &mut String, name: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
}

/// A counter with one series per value of its label, every value listed.
fn counters<L: Named>(
    out: &mut String,
    (name, label): (&str, &str),
    help: &str,
    counts: &Counts<L>,
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    for (value, n) in counts.each() {
        let _ = writeln!(out, "{name}{{{label}=\"{}\"}} {n}", value.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Answer, CallbackResult, SendResult};

    fn labelled<L: Named>(text: &str, name: &str, label: &str) {
        for value in L::ALL {
            let series = format!("{name}{{{label}=\"{}\"}} 0\n", value.as_str());
            assert!(text.contains(&series), "`{series}` missing from:\n{text}");
        }
    }

    #[test]
    fn every_label_value_is_exported_before_anything_happened() {
        let text = Metrics::default().render(Err(sqlx::Error::PoolTimedOut));
        labelled::<Answer>(&text, "loket_supplier_answers_total", "answer");
        labelled::<CallbackResult>(&text, "loket_callbacks_total", "outcome");
        labelled::<SendResult>(&text, "loket_outbox_sends_total", "result");
        assert!(text.contains("loket_callbacks_total{outcome=\"contradictory\"} 0\n"));
        assert!(text.contains("loket_database_up 0\n"));
        assert!(!text.contains("loket_telegram_last_poll_timestamp_seconds"));
        let version = env!("CARGO_PKG_VERSION");
        assert!(text.contains(&format!("loket_build_info{{version=\"{version}\"}} 1\n")));
    }
}
