//! An admin's refund of a delivered order: part or all of its sale goes back to the reseller
//! (R36), and what an admin refusing one needs to know about a reversal before it.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{AdminAction, LedgerError, SALES, UserMovement};
use crate::domain::Money;

/// `sales` → reseller, `amount` of order `order_id`'s sale, decided by `action`'s admin. At most
/// one per order and never with a void or a reversal (`ledger_one_refund_per_order`), only
/// after the order's post (`ledger_reversal_needs_post`), and a redelivered command's key
/// counts once. Returns the reseller's new balance.
pub async fn refund(
    conn: &mut PgConnection,
    user_id: i64,
    order_id: i64,
    amount: Money,
    action: &AdminAction,
) -> Result<Money, LedgerError> {
    UserMovement {
        kind: "refund",
        order_id: Some(order_id),
        ticket_id: None,
        user_id,
        delta: amount.rupiah(),
        system_account: SALES,
        admin: Some(action),
    }
    .record(conn)
    .await
}

/// When the supplier's reversal of order `order_id` was booked, if it was.
pub async fn reversed_at(
    conn: &mut PgConnection,
    order_id: i64,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar(
        "select created_at from ledger_txns where order_id = $1 and kind = 'reversal'",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await
}
