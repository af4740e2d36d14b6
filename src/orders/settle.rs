//! How a settlement is written: the guarded status change with its audit event, alone or in
//! one statement with the sale it comes with.
use sqlx::PgConnection;

use super::report::Report;
use super::{Order, OrderError};
use crate::domain::{Money, OrderStatus};
use crate::ledger::{self, LedgerError};
use crate::sql::{Cte, Sql};

/// The status change of an order being settled, as `with` clauses: `order` goes from the status
/// it was decided from to `to`, keeping the report's SN, reason and a callback's figures when
/// given, and its audit event is written only for a row changed. Returns the clause of the rows
/// changed (`order_id`).
fn settle_status(q: &mut Sql, order: &Order, to: OrderStatus, report: &Report<'_>) -> Cte {
    let from = order.status().as_str();
    let (saldo, harga) = report.source.figures();
    let changed = q.with("changed", |q| {
        q.push("update orders set status = ")
            .bind(to.as_str())
            .push(", sn = coalesce(")
            .bind(report.sn)
            .push(", sn), supplier_reason = coalesce(")
            .bind(report.reason)
            .push(", supplier_reason), callback_saldo = coalesce(")
            .bind(saldo)
            .push(", callback_saldo), callback_harga = coalesce(")
            .bind(harga)
            .push(
                ", callback_harga), updated_at = now(), finished_at = now()
                 where order_id = ",
            )
            .bind(order.order_id)
            .push(" and status = ")
            .bind(from)
            .push(" returning order_id");
    });
    q.with("event", |q| {
        q.push(
            "insert into order_events (order_id, from_status, to_status, source, actor, note)
             select order_id, ",
        )
        .bind(from)
        .push(", ")
        .bind(to.as_str())
        .push(", ")
        .bind(report.source.name())
        .push(", ")
        .bind(report.source.actor())
        .push(", ")
        .bind(report.source.note())
        .push(" from ")
        .cte(changed);
    });
    changed
}

pub(super) async fn set_status(
    conn: &mut PgConnection,
    order: &Order,
    to: OrderStatus,
    report: &Report<'_>,
) -> Result<(), OrderError> {
    // Guarded on the status we decided from: the row is locked, so this always matches, and if
    // it ever did not, the whole transaction (ledger included) is rolled back.
    let mut q = Sql::new();
    let changed = settle_status(&mut q, order, to, report);
    q.push(" select count(*) from ").cte(changed);
    let changed: i64 = q.query_scalar().fetch_one(&mut *conn).await?;
    status_changed(order, changed)
}

/// A SUKSES: the sale and the status change in one statement, as it is the settlement nearly
/// every order ends in. Returns the reseller's balance, which a sale leaves as it is.
pub(super) async fn post_and_settle(
    conn: &mut PgConnection,
    order: &Order,
    report: &Report<'_>,
) -> Result<Money, OrderError> {
    let mut q = Sql::new();
    ledger::post(&mut q, order.order_id, order.price);
    let changed = settle_status(&mut q, order, OrderStatus::Success, report);
    q.push(" select ");
    ledger::balance_of(&mut q, order.user_id);
    q.push(", (select count(*) from ").cte(changed).push(")");
    let (balance, changed): (Option<i64>, i64) = q
        .query_as()
        .fetch_one(&mut *conn)
        .await
        .map_err(LedgerError::from)?;
    status_changed(order, changed)?;
    Ok(Money::from_rupiah(balance.unwrap_or_default()))
}

/// A guarded status change that changed no row is an error: the caller's transaction, money
/// included, is rolled back.
fn status_changed(order: &Order, changed: i64) -> Result<(), OrderError> {
    if changed != 1 {
        return Err(OrderError::StatusChanged {
            order_id: order.order_id,
            from: order.status(),
        });
    }
    Ok(())
}
