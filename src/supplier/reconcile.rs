//! The reconciler: takes the suppliers' reports in order and keeps each supplier's book (R41).
//!
//! A supplier's book starts at the first reported balance. Each report then moves it by what changed in
//! what the supplier charged its order (a charge stated, a charge given back), and our own
//! deposits there add to it. A reported balance that differs from the book is drift. Reports of
//! orders in flight at the same time arrive in any order, so one report's drift alone proves
//! nothing: a drift is confirmed, and admins told with the orders since the last agreement, when
//! it holds over two reports in a row, and one more for each other order in flight when they
//! were recorded (see [`super::crowd`]). A reported balance below `SUPPLIER_LOW_BALANCE` is told
//! once, and again only after it recovered. Each of these is about one supplier's reports
//! against its own book; the alerts name the supplier when there is more than one.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::books::{self, Marks, State};
use super::cost_guard::{self, Charged, OrderFacts};
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
    supplier: String,
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
    supplier,
    source,
    order_id,
    saldo,
    charge,
    amount,
    admin_id,
    created_at
});

/// What each supplier has charged each order, as the book counts it: (supplier, order) to the
/// charge.
type Charges = HashMap<(String, i64), i64>;

/// What the book counted each of `order_ids` as charged by each supplier before this batch.
async fn charged_before(conn: &mut PgConnection, order_ids: &[i64]) -> sqlx::Result<Charges> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "select distinct on (supplier, order_id) supplier, order_id, charge
           from supplier_reports
          where order_id = any($1) and reconciled and charge is not null
          order by supplier, order_id, report_id desc",
    )
    .bind(order_ids)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(s, o, c)| ((s, o), c)).collect())
}

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
        let mut books = books::lock(&mut tx).await?;
        let reports: Vec<Report> = sqlx::query_as(
            "select report_id, supplier, source, order_id, saldo, charge, amount, admin_id,
                    created_at
               from supplier_reports where not reconciled order by report_id limit $1",
        )
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if reports.is_empty() {
            return Ok(0);
        }
        let mut touched: Vec<&str> = reports.iter().map(|r| r.supplier.as_str()).collect();
        touched.sort_unstable();
        touched.dedup();
        books::open_missing(&mut tx, &mut books, &touched).await?;
        // Alerts say which supplier only when there is more than one to tell apart.
        let named = books.len() > 1;
        let order_ids: Vec<i64> = reports.iter().filter_map(|r| r.order_id).collect();
        let facts = cost_guard::facts(&mut tx, &order_ids).await?;
        let mut charged = charged_before(&mut tx, &order_ids).await?;
        let recorded: Vec<crowd::Recorded> = reports
            .iter()
            .map(|r| crowd::Recorded {
                order_id: r.order_id,
                at: r.created_at,
            })
            .collect();
        let patience = crowd::patience(&mut tx, &recorded).await?;
        let mut marks = Marks::default();
        for (r, &patience) in reports.iter().zip(&patience) {
            let Some(state) = books.get_mut(&r.supplier) else {
                anyhow::bail!("no book for supplier {}", r.supplier);
            };
            let delta = self.delta(&mut tx, r, &facts, &mut charged).await?;
            self.apply(&mut tx, state, r, delta, (patience, named))
                .await?;
            marks.ids.push(r.report_id);
            marks.books.push(state.book);
            marks.drifts.push(r.saldo.map(|_| state.drift));
        }
        books::store(&mut tx, &books, &touched, &marks).await?;
        crate::outbox::commit(tx).await?;
        Ok(reports.len())
    }

    /// How report `r` moves its supplier's book: a deposit or adjustment by its amount, a charge
    /// by what changed in what that supplier charged the order (judged by the cost guard when
    /// it rose).
    async fn delta(
        &self,
        tx: &mut PgConnection,
        r: &Report,
        facts: &HashMap<i64, OrderFacts>,
        charged: &mut Charges,
    ) -> sqlx::Result<i64> {
        Ok(match (r.source.as_str(), r.order_id, r.charge) {
            ("deposit" | "adjust", _, _) => r.amount.unwrap_or_default(),
            (_, Some(order_id), Some(charge)) => {
                let key = (r.supplier.clone(), order_id);
                let before = charged.insert(key, charge).unwrap_or(0);
                if charge > before
                    && let Some(order) = facts.get(&order_id)
                {
                    let charged = Charged {
                        charge,
                        report_id: r.report_id,
                    };
                    cost_guard::check(tx, &self.admins, order, charged).await?;
                }
                before - charge
            }
            _ => 0,
        })
    }

    /// Report `r` in its supplier's book: moved by `delta`, and a reported balance checked for
    /// drift (held `patience` reports) and for being low; `named`: alerts say which supplier.
    async fn apply(
        &self,
        tx: &mut PgConnection,
        state: &mut State,
        r: &Report,
        delta: i64,
        (patience, named): (i32, bool),
    ) -> sqlx::Result<()> {
        state.book = state.book.map(|b| b + delta);
        if r.source == "adjust" {
            state.accept_reported(r.report_id);
            tracing::info!(
                supplier = %r.supplier,
                admin_id = r.admin_id,
                amount = r.amount,
                "supplier book set to the reported balance"
            );
        }
        if let Some(saldo) = r.saldo {
            let book = *state.book.get_or_insert(saldo);
            state.saldo = Some(saldo);
            state.saldo_report = Some(r.report_id);
            let drift = saldo - book;
            self.observe_drift(tx, state, r.report_id, drift, (patience, named))
                .await?;
            self.observe_low(tx, state, r.report_id, saldo, named)
                .await?;
        }
        Ok(())
    }
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
