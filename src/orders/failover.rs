//! Moving an order to its route's next supplier (R43). Only a final GAGAL that says the product
//! or the supplier failed moves it (`Report::fails_over`); a timeout, a 5xx, garbage or a
//! pending never reaches here, and a GAGAL about the customer's input voids at once. The money
//! stays held throughout: the hold was made once for the order, an attempt moves none, and the
//! void comes once, when the last attempt fails.
use chrono::Utc;
use sqlx::PgConnection;

use super::report::Source;
use super::transition::{Audience, Decision, record_event};
use super::{Order, OrderError};
pub use crate::domain::FailoverPolicy;
use crate::domain::OrderStatus;
use crate::grouped_alerts::{self, Kind};
use crate::routes;
use crate::text;
use crate::text::routes::CutShort;

/// Where a GAGAL that fails over leaves the order.
pub(super) enum Onward {
    /// Moved to the route's next usable supplier, `sending` there.
    Moved,
    /// The route had a usable supplier left, but the policy stopped the order before it.
    CutShort { next: String, why: CutShort },
    /// Nothing left to try on the route.
    End,
}

/// Carries out a GAGAL that says the product or the supplier failed, inside the caller's
/// transaction with `order` locked and open: `FailOver` when the order moved on, else `Void`.
/// A route cut short by the policy is told to admins (grouped: its remedy is a setting).
pub(super) async fn void_or_fail_over(
    conn: &mut PgConnection,
    tell: Audience<'_>,
    order: &Order,
    reason: Option<&str>,
) -> Result<Decision, OrderError> {
    Ok(match fail_over(conn, tell.failover, order, reason).await? {
        Onward::Moved => Decision::FailOver,
        Onward::End => Decision::Void,
        Onward::CutShort { next, why } => {
            let example =
                text::routes::cut_short_example(order.trxid.as_str(), &order.supplier, &next, why);
            grouped_alerts::note(conn, tell.admins, Kind::RouteCutShort, &example).await?;
            tracing::warn!(trxid = %order.trxid, next, ?why, "route cut short by the failover policy");
            Decision::Void
        }
    })
}

/// Inside the caller's transaction, with `order` locked and open: starts the next attempt when
/// the route has a usable supplier not tried yet and the policy allows one. The current attempt
/// is kept in `order_attempts` (its ref unique there forever), the order moves to the next
/// supplier in `sending`, and an event says so.
async fn fail_over(
    conn: &mut PgConnection,
    policy: FailoverPolicy,
    order: &Order,
    reason: Option<&str>,
) -> Result<Onward, OrderError> {
    let mut tried: Vec<String> =
        sqlx::query_scalar("select supplier from order_attempts where order_id = $1")
            .bind(order.order_id)
            .fetch_all(&mut *conn)
            .await?;
    tried.push(order.supplier.clone());
    let Some(step) = routes::next_step_of(conn, order.product_code.as_str(), &tried).await? else {
        return Ok(Onward::End);
    };
    let age = (Utc::now() - order.created_at).to_std().unwrap_or_default();
    let cut = if order.attempt >= policy.max_attempts {
        Some(CutShort::MaxAttempts {
            max: policy.max_attempts,
        })
    } else if age > policy.window {
        Some(CutShort::WindowPassed {
            secs: policy.window.as_secs(),
        })
    } else {
        None
    };
    if let Some(why) = cut {
        let next = step.supplier;
        return Ok(Onward::CutShort { next, why });
    }
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
    Ok(Onward::Moved)
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
