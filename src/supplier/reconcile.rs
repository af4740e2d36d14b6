//! The reconciler: takes the supplier's reports in order and keeps the book.
//!
//! The book starts at the first reported balance. Each report then moves it by what changed in
//! what the supplier charged its order (a charge stated, a charge given back), and our own
//! deposits there add to it. A reported balance that differs from the book is drift. Reports of
//! orders in flight at the same time arrive in any order, so one report's drift alone proves
//! nothing: a drift is confirmed, and admins told with the orders since the last agreement, when
//! it holds over two reports in a row, and one more for each other order in flight when they
//! were recorded (see [`super::crowd`]). A reported balance below `SUPPLIER_LOW_BALANCE` is told
//! once, and again only after it recovered.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::cost_guard::{self, Charged};
use super::crowd;
use crate::domain::Money;

/// Reports taken per transaction.
const BATCH: i64 = 500;

#[derive(Debug, Clone)]
pub struct Reconciler {
    pub pool: PgPool,
    pub admins: Vec<i64>,
    pub low_balance: Option<Money>,
}

struct Report {
    report_id: i64,
    source: String,
    order_id: Option<i64>,
    saldo: Option<i64>,
    charge: Option<i64>,
    amount: Option<i64>,
    admin_id: Option<i64>,
    created_at: DateTime<Utc>,
}

from_row!(Report {
    report_id,
    source,
    order_id,
    saldo,
    charge,
    amount,
    admin_id,
    created_at
});

/// The reconciler's state row, as one batch changes it.
pub(super) struct State {
    pub(super) saldo: Option<i64>,
    pub(super) book: Option<i64>,
    pub(super) drift: i64,
    pub(super) confirmed_drift: i64,
    pub(super) settled_report: i64,
    pub(super) candidate_drift: Option<i64>,
    pub(super) candidate_report: Option<i64>,
    /// Reports in a row that showed the candidate drift.
    pub(super) candidate_seen: i32,
    pub(super) low_alerted: bool,
}

impl State {
    /// The admin accepted the reported balance (report `report_id`): it is the book from here on.
    fn accept_reported(&mut self, report_id: i64) {
        self.drift = self.saldo.zip(self.book).map_or(0, |(s, b)| s - b);
        self.confirmed_drift = self.drift;
        self.settled_report = report_id;
        self.candidate_drift = None;
        self.candidate_report = None;
        self.candidate_seen = 0;
    }
}

from_row!(State {
    saldo,
    book,
    drift,
    confirmed_drift,
    settled_report,
    candidate_drift,
    candidate_report,
    candidate_seen,
    low_alerted
});

impl Reconciler {
    /// Reconciles every report waiting; returns how many there were.
    pub async fn run(&self) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            let done = self.batch().await?;
            total += done;
            if done < BATCH as usize {
                return Ok(total);
            }
        }
    }

    async fn batch(&self) -> anyhow::Result<usize> {
        let mut tx = self.pool.begin().await?;
        // One reconciler at a time, whichever instance: the state row is the lock.
        let mut state: State = sqlx::query_as(
            "select saldo, book, drift, confirmed_drift, settled_report, candidate_drift,
                    candidate_report, candidate_seen, low_alerted
               from supplier_balance for update",
        )
        .fetch_one(&mut *tx)
        .await?;
        let reports: Vec<Report> = sqlx::query_as(
            "select report_id, source, order_id, saldo, charge, amount, admin_id, created_at
               from supplier_reports where not reconciled order by report_id limit $1",
        )
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if reports.is_empty() {
            return Ok(0);
        }
        let order_ids: Vec<i64> = reports.iter().filter_map(|r| r.order_id).collect();
        let facts = cost_guard::facts(&mut tx, &order_ids).await?;
        let mut charged: HashMap<i64, i64> = facts
            .iter()
            .filter_map(|(id, f)| f.charged.map(|c| (*id, c)))
            .collect();
        let (mut ids, mut books, mut drifts) = (Vec::new(), Vec::new(), Vec::new());
        let recorded: Vec<crowd::Recorded> = reports
            .iter()
            .map(|r| crowd::Recorded {
                order_id: r.order_id,
                at: r.created_at,
            })
            .collect();
        let patience = crowd::patience(&mut tx, &recorded).await?;
        let mut saldo_at_report = None;
        for (r, &patience) in reports.iter().zip(&patience) {
            let delta = match (r.source.as_str(), r.order_id, r.charge) {
                ("deposit" | "adjust", _, _) => r.amount.unwrap_or_default(),
                (_, Some(order_id), Some(charge)) => {
                    let before = charged.insert(order_id, charge).unwrap_or(0);
                    if charge > before
                        && let Some(order) = facts.get(&order_id)
                    {
                        let charged = Charged {
                            charge,
                            report_id: r.report_id,
                        };
                        cost_guard::check(&mut tx, &self.admins, order, charged).await?;
                    }
                    before - charge
                }
                _ => 0,
            };
            state.book = state.book.map(|b| b + delta);
            if r.source == "adjust" {
                state.accept_reported(r.report_id);
                tracing::info!(
                    admin_id = r.admin_id,
                    amount = r.amount,
                    "supplier book set to the reported balance"
                );
            }
            if let Some(saldo) = r.saldo {
                let book = *state.book.get_or_insert(saldo);
                state.saldo = Some(saldo);
                saldo_at_report = Some(r.report_id);
                self.observe_drift(&mut tx, &mut state, r.report_id, saldo - book, patience)
                    .await?;
                self.observe_low(&mut tx, &mut state, r.report_id, saldo)
                    .await?;
            }
            ids.push(r.report_id);
            books.push(state.book);
            drifts.push(r.saldo.map(|_| state.drift));
        }
        store(&mut tx, &state, saldo_at_report, (&ids, &books, &drifts)).await?;
        crate::outbox::commit(tx).await?;
        Ok(reports.len())
    }
}

/// Writes what a batch found: each report's book and drift, marked reconciled, and the state.
async fn store(
    conn: &mut PgConnection,
    state: &State,
    saldo_at_report: Option<i64>,
    (ids, books, drifts): (&[i64], &[Option<i64>], &[Option<i64>]),
) -> sqlx::Result<()> {
    sqlx::query(
        "update supplier_reports r set reconciled = true, book = v.book, drift = v.drift
           from unnest($1::bigint[], $2::bigint[], $3::bigint[]) as v(report_id, book, drift)
          where r.report_id = v.report_id",
    )
    .bind(ids)
    .bind(books)
    .bind(drifts)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update supplier_balance set
            saldo = $1,
            saldo_at = coalesce((select created_at from supplier_reports where report_id = $9),
                                saldo_at),
            book = $2, drift = $3, confirmed_drift = $4, settled_report = $5,
            candidate_drift = $6, candidate_report = $7, low_alerted = $8,
            candidate_seen = $10, updated_at = now()",
    )
    .bind(state.saldo)
    .bind(state.book)
    .bind(state.drift)
    .bind(state.confirmed_drift)
    .bind(state.settled_report)
    .bind(state.candidate_drift)
    .bind(state.candidate_report)
    .bind(state.low_alerted)
    .bind(saldo_at_report)
    .bind(state.candidate_seen)
    .execute(conn)
    .await?;
    Ok(())
}

impl Reconciler {
    /// Runs the reconciler every `every` until `stop`; a failure is logged and tried again.
    pub async fn run_periodically(
        self,
        every: std::time::Duration,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            if let Err(e) = self.run().await {
                tracing::warn!(error = %e, "supplier reports not reconciled; will retry");
            }
        }
    }
}
