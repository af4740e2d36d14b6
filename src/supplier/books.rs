//! The reconciler's state: one book per supplier in `supplier_balance`, locked for a batch and
//! written back when it is done.
use std::collections::HashMap;

use sqlx::PgConnection;

use super::registry;
use crate::domain::Money;

/// One supplier's book, as one batch changes it.
pub(super) struct State {
    pub(super) supplier: String,
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
    /// The batch's last report that stated a balance, if one did.
    pub(super) saldo_report: Option<i64>,
}

impl State {
    /// The admin accepted the reported balance (report `report_id`): it is the book from here on.
    pub(super) fn accept_reported(&mut self, report_id: i64) {
        self.drift = self.saldo.zip(self.book).map_or(0, |(s, b)| s - b);
        self.confirmed_drift = self.drift;
        self.settled_report = report_id;
        self.candidate_drift = None;
        self.candidate_report = None;
        self.candidate_seen = 0;
    }
}

from_row!(State {
    supplier,
    saldo,
    book,
    drift,
    confirmed_drift,
    settled_report,
    candidate_drift,
    candidate_report,
    candidate_seen,
    low_alerted,
    saldo_report
});

/// Each supplier's book, by its code.
pub(super) type Books = HashMap<String, State>;

/// The books of `only` (all when `None`), locked in one order so two batches never wait on each
/// other.
async fn select(conn: &mut PgConnection, only: Option<&[&str]>) -> sqlx::Result<Vec<State>> {
    sqlx::query_as(
        "select supplier, saldo, book, drift, confirmed_drift, settled_report, candidate_drift,
                candidate_report, candidate_seen, low_alerted, null::bigint as saldo_report
           from supplier_balance where $1::text[] is null or supplier = any($1)
          order by supplier for update",
    )
    .bind(only)
    .fetch_all(conn)
    .await
}

/// Every book there is, locked: one reconciler at a time, whichever instance (the rows are the
/// lock).
pub(super) async fn lock(conn: &mut PgConnection) -> sqlx::Result<Books> {
    let rows = select(conn, None).await?;
    Ok(rows.into_iter().map(|s| (s.supplier.clone(), s)).collect())
}

/// Opens a book for each of `suppliers` that has none yet (one registered without
/// `registry::ensure`), locked like the rest.
pub(super) async fn open_missing(
    conn: &mut PgConnection,
    books: &mut Books,
    suppliers: &[&str],
) -> sqlx::Result<()> {
    let mut missing: Vec<&str> = suppliers
        .iter()
        .copied()
        .filter(|s| !books.contains_key(*s))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort_unstable();
    missing.dedup();
    sqlx::query(
        "insert into supplier_balance (supplier) select unnest($1::text[]) on conflict do nothing",
    )
    .bind(&missing)
    .execute(&mut *conn)
    .await?;
    let rows = select(conn, Some(&missing)).await?;
    books.extend(rows.into_iter().map(|s| (s.supplier.clone(), s)));
    Ok(())
}

/// What a batch found about each report: its id, the book after it, its drift.
#[derive(Default)]
pub(super) struct Marks {
    pub(super) ids: Vec<i64>,
    pub(super) books: Vec<Option<i64>>,
    pub(super) drifts: Vec<Option<i64>>,
}

/// Writes what a batch found: each report's book and drift, marked reconciled; the books of
/// the suppliers it was about, each supplier's last reported balance in `suppliers`.
pub(super) async fn store(
    conn: &mut PgConnection,
    books: &Books,
    touched: &[&str],
    marks: &Marks,
) -> sqlx::Result<()> {
    sqlx::query(
        "update supplier_reports r set reconciled = true, book = v.book, drift = v.drift
           from unnest($1::bigint[], $2::bigint[], $3::bigint[]) as v(report_id, book, drift)
          where r.report_id = v.report_id",
    )
    .bind(&marks.ids)
    .bind(&marks.books)
    .bind(&marks.drifts)
    .execute(&mut *conn)
    .await?;
    for state in touched.iter().filter_map(|s| books.get(*s)) {
        store_book(conn, state).await?;
        if let (Some(saldo), Some(_)) = (state.saldo, state.saldo_report) {
            registry::record_balance(conn, &state.supplier, Money::from_rupiah(saldo)).await?;
        }
    }
    Ok(())
}

async fn store_book(conn: &mut PgConnection, state: &State) -> sqlx::Result<()> {
    sqlx::query(
        "update supplier_balance set
            saldo = $1,
            saldo_at = coalesce((select created_at from supplier_reports where report_id = $9),
                                saldo_at),
            book = $2, drift = $3, confirmed_drift = $4, settled_report = $5,
            candidate_drift = $6, candidate_report = $7, low_alerted = $8,
            candidate_seen = $10, updated_at = now()
          where supplier = $11",
    )
    .bind(state.saldo)
    .bind(state.book)
    .bind(state.drift)
    .bind(state.confirmed_drift)
    .bind(state.settled_report)
    .bind(state.candidate_drift)
    .bind(state.candidate_report)
    .bind(state.low_alerted)
    .bind(state.saldo_report)
    .bind(state.candidate_seen)
    .bind(&state.supplier)
    .execute(conn)
    .await?;
    Ok(())
}
