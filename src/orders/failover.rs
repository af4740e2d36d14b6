//! Moving an order to its route's next supplier (R43). Only a final GAGAL that says the product
//! or the supplier failed moves it (`Report::fails_over`); a timeout, a 5xx, garbage or a
//! pending never reaches here, and a GAGAL about the customer's input voids at once. The money
//! stays held throughout: the hold was made once for the order, an attempt moves none, and the
//! void comes once, when the last attempt fails.
use chrono::Utc;
use sqlx::PgConnection;

use super::report::Source;
use super::transition::record_event;
use super::{Order, OrderError};
pub use crate::domain::FailoverPolicy;
use crate::domain::OrderStatus;
use crate::routes::{self, Step};

/// Inside the caller's transaction, with `order` locked and open: starts the next attempt when
/// the policy and the route allow one. The current attempt is kept in `order_attempts` (its
/// ref unique there forever), the order moves to the next supplier in `sending`, and an event
/// says so. Returns the step taken, or `None` when the order should fail as it would have.
pub(super) async fn fail_over(
    conn: &mut PgConnection,
    policy: FailoverPolicy,
    order: &Order,
    reason: Option<&str>,
) -> Result<Option<Step>, OrderError> {
    let age = (Utc::now() - order.created_at).to_std().unwrap_or_default();
    if order.attempt >= policy.max_attempts || age > policy.window {
        return Ok(None);
    }
    let mut tried: Vec<String> =
        sqlx::query_scalar("select supplier from order_attempts where order_id = $1")
            .bind(order.order_id)
            .fetch_all(&mut *conn)
            .await?;
    tried.push(order.supplier.clone());
    let Some(step) = routes::next_step_of(conn, order.product_code.as_str(), &tried).await? else {
        return Ok(None);
    };
    let moved: Option<i16> = sqlx::query_scalar(
        "with kept as (
             insert into order_attempts (order_id, attempt, supplier, ref, sku, cost, reason, started_at)
             select order_id, attempt, supplier, $3, coalesce(sku, product_code), cost, $4,
                    coalesce(attempt_at, created_at)
               from orders where order_id = $1 and attempt = $2
             returning order_id)
         update orders set attempt = attempt + 1, supplier = $5, sku = $6,
                           cost = coalesce($7, cost), attempt_at = now(), status = 'sending',
                           supplier_trxid = null, supplier_cost = null, updated_at = now(),
                           check_at = null, checks = 0, check_alerts = 0
           from kept where orders.order_id = kept.order_id
         returning orders.attempt",
    )
    .bind(order.order_id)
    .bind(order.attempt)
    .bind(order.attempt_ref().to_string())
    .bind(reason)
    .bind(&step.supplier)
    .bind(&step.sku)
    .bind(step.cost)
    .fetch_optional(&mut *conn)
    .await?;
    if moved.is_none() {
        return Err(OrderError::StatusChanged {
            order_id: order.order_id,
            from: order.status(),
        });
    }
    let note = format!("{} → {}", order.supplier, step.supplier);
    let source = Source::Failover { note: &note };
    record_event(
        conn,
        order.order_id,
        Some(order.status()),
        OrderStatus::Sending,
        &source,
    )
    .await?;
    tracing::info!(trxid = %order.trxid, from = %order.supplier, to = %step.supplier, attempt = order.attempt + 1, "order moved to the next supplier");
    Ok(Some(step))
}

/// A SUKSES for attempt `attempt` at `supplier`, which the order had already left for the next
/// supplier: the product may now be delivered twice. Recorded as a conflict and told to admins
/// in the caller's transaction; no money moves (R43).
pub(super) async fn earlier_success(
    conn: &mut PgConnection,
    admins: &[i64],
    order: &Order,
    (attempt, supplier): (i16, &str),
) -> Result<(), OrderError> {
    let detail = format!("SUKSES for attempt {attempt} at {supplier}");
    let (conflict_id,): (i64,) = sqlx::query_as(
        "insert into order_conflicts (order_id, order_status, reported, source, detail)
         values ($1, $2, 'success', 'supplier', $3) returning conflict_id",
    )
    .bind(order.order_id)
    .bind(order.status().as_str())
    .bind(&detail)
    .fetch_one(&mut *conn)
    .await?;
    let alert = crate::text::admin_earlier_attempt_success(
        order.trxid.as_str(),
        attempt,
        supplier,
        &order.supplier,
    );
    let key = format!("conflict:{conflict_id}");
    crate::outbox::alert_admins(conn, admins, &key, &alert).await?;
    tracing::warn!(trxid = %order.trxid, detail, "report about an earlier attempt recorded as a conflict");
    Ok(())
}
