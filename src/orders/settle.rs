//! How a settlement is written: the guarded status change with its audit event, alone or in
//! one statement with the sale it comes with.
use sqlx::PgConnection;

use super::transition::Report;
use super::{Order, OrderError};
use crate::domain::{Money, OrderStatus};
use crate::ledger::{self, LedgerError};

/// The status change of an order being settled, as `with` clauses: order `$order` goes from
/// `$from` to `$to`, keeping the SN `$sn`, reason `$reason` and a callback's figures `$saldo`
/// and `$harga` when given, and its audit event (`$source`, `$actor`, `$note`) is written only
/// for a row changed. The arguments are the SQL parameters holding them, so that a statement can
/// add this to clauses of its own.
macro_rules! settle_status {
    ($order:literal, $to:literal, $sn:literal, $reason:literal, $from:literal,
     $source:literal, $actor:literal, $note:literal, $saldo:literal, $harga:literal) => {
        concat!(
            "changed as (
                  update orders
                     set status = ", $to, ", sn = coalesce(", $sn, ", sn),
                         supplier_reason = coalesce(", $reason, ", supplier_reason),
                         callback_saldo = coalesce(", $saldo, ", callback_saldo),
                         callback_harga = coalesce(", $harga, ", callback_harga),
                         updated_at = now(), finished_at = now()
                   where order_id = ", $order, " and status = ", $from, "
               returning order_id),
             event as (
                  insert into order_events (order_id, from_status, to_status, source, actor, note)
                  select order_id, ", $from, ", ", $to, ", ", $source, ", ", $actor, ", ", $note,
            " from changed)"
        )
    };
}

pub(super) async fn set_status(
    conn: &mut PgConnection,
    order: &Order,
    to: OrderStatus,
    report: &Report<'_>,
) -> Result<(), OrderError> {
    // Guarded on the status we decided from: the row is locked, so this always matches, and if
    // it ever did not, the whole transaction (ledger included) is rolled back.
    let query = sqlx::query_as(concat!(
        "with ",
        settle_status!("$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10"),
        " select count(*) from changed"
    ))
    .bind(order.order_id);
    let (changed,): (i64,) = bind_settlement(query, order, to, report)
        .fetch_one(&mut *conn)
        .await?;
    status_changed(order, changed)
}

/// A SUKSES: the sale and the status change in one statement, as it is the settlement nearly
/// every order ends in. Returns the reseller's balance, which a sale leaves as it is.
pub(super) async fn post_and_settle(
    conn: &mut PgConnection,
    order: &Order,
    report: &Report<'_>,
) -> Result<Money, OrderError> {
    let query = sqlx::query_as(concat!(
        "with ",
        post_movement!(),
        ", ",
        settle_status!(
            "$1", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14"
        ),
        " select (select balance from accounts where user_id = $5 and kind = 'user'),
                 (select count(*) from changed)"
    ))
    .bind(order.order_id)
    .bind(order.price.rupiah())
    .bind(ledger::HOLDS)
    .bind(ledger::SALES)
    .bind(order.user_id);
    let (balance, changed): (Option<i64>, i64) =
        bind_settlement(query, order, OrderStatus::Success, report)
            .fetch_one(&mut *conn)
            .await
            .map_err(LedgerError::from)?;
    status_changed(order, changed)?;
    Ok(Money::from_rupiah(balance.unwrap_or_default()))
}

type Query<'q, O> = sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>;

/// Binds the parameters of `settle_status!` other than the order's id, in the order it takes
/// them (the new status, the report's SN and reason, the status decided from, who reported, a
/// callback's figures); a statement numbers them right after its own.
fn bind_settlement<'q, O>(
    query: Query<'q, O>,
    order: &Order,
    to: OrderStatus,
    report: &'q Report<'q>,
) -> Query<'q, O> {
    query
        .bind(to.as_str())
        .bind(report.sn)
        .bind(report.reason)
        .bind(order.status().as_str())
        .bind(report.source.name())
        .bind(report.source.actor())
        .bind(report.source.note())
        .bind(report.source.figures().0)
        .bind(report.source.figures().1)
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
