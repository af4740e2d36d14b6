//! The state table, and the one function that carries out a decision.
use sqlx::PgConnection;

use super::failover::{FailoverPolicy, void_or_fail_over};
pub use super::report::ReportKind;
pub(super) use super::report::{Report, Source};
use super::settle::{post_and_settle, set_status};
use super::{Order, OrderError};
use crate::domain::OrderStatus;
use crate::{ledger, outbox, text};

/// What to do with a report, given where the order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Open order, SUKSES: post the hold, store the SN.
    Post,
    /// Open order, GAGAL: void the hold (refund).
    Void,
    /// SUKSES order, GAGAL from the supplier's callback: refund the sale.
    Reverse,
    /// The order already says this: nothing to do.
    Duplicate,
    /// Contradicts a final order: recorded for admins, no money moves.
    Conflict,
    /// SUKSES order an admin refunded, GAGAL from the supplier's callback: the reseller has
    /// money back already, so none moves; recorded and told to admins (R36).
    AfterRefund,
    /// Open order, a GAGAL that says the product or the supplier failed, and the route has a
    /// next supplier: the order is `sending` again, to it; no money moves (R43).
    FailOver,
}

/// The state table (docs/architecture.md, "Order states"). Only the supplier's own callback may
/// reverse a SUKSES ("reversal" is its word); an admin contradicting a final order records a
/// conflict instead.
pub fn decide(current: OrderStatus, report: ReportKind, reversal_allowed: bool) -> Decision {
    use OrderStatus::*;
    match (current, report) {
        (Sending | Pending | Unknown, ReportKind::Success) => Decision::Post,
        (Sending | Pending | Unknown, ReportKind::Failed) => Decision::Void,
        (Success, ReportKind::Success) | (Failed, ReportKind::Failed) => Decision::Duplicate,
        (Success, ReportKind::Failed) if reversal_allowed => Decision::Reverse,
        (Success, ReportKind::Failed) | (Failed, ReportKind::Success) => Decision::Conflict,
    }
}

/// Who hears about a decision besides the buyer: the admins, and whom the buyer is told to ask.
#[derive(Clone, Copy)]
pub(super) struct Audience<'a> {
    pub(super) admins: &'a [i64],
    pub(super) contact: Option<&'a crate::domain::SupportContact>,
    /// How far a failing order may travel along its route.
    pub(super) failover: FailoverPolicy,
}

/// Carries out `decide` for a locked order: status, ledger, audit event and messages, all in the
/// caller's transaction.
pub(super) async fn apply(
    conn: &mut PgConnection,
    tell: Audience<'_>,
    order: &Order,
    report: &Report<'_>,
) -> Result<Decision, OrderError> {
    let admins = tell.admins;
    let reversal_allowed = matches!(report.source, Source::Callback { .. });
    let decision = match decide(order.status(), report.kind, reversal_allowed) {
        // The one check the callback path needs for refunds: the refund was loaded with the
        // locked order, so it costs no statement.
        Decision::Reverse if order.refund.is_some() => Decision::AfterRefund,
        Decision::Void if report.fails_over => {
            void_or_fail_over(conn, tell, order, report.reason).await?
        }
        decision => decision,
    };
    let final_key = format!("order:{}:final", order.order_id);
    match decision {
        Decision::Post => {
            let balance = post_and_settle(conn, order, report).await?;
            // The supplier has charged us, so a SUKSES settles even without its SN; the
            // reseller is told to ask, and admins are asked to get it.
            let sn = report.sn.filter(|sn| sn.chars().any(char::is_alphanumeric));
            let msg = text::order_succeeded(&order.facts(), sn, balance, tell.contact);
            outbox::enqueue_in(conn, &final_key, order.user_chat_id, msg, order.asked_in()).await?;
            if sn.is_none() {
                let alert = text::callback::admin_success_without_sn(
                    order.trxid.as_str(),
                    order.user_id,
                    &order.product_name,
                    order.destination.as_str(),
                );
                let key = format!("order:{}:no_sn", order.order_id);
                outbox::alert_admins(conn, admins, &key, &alert).await?;
            }
        }
        Decision::Void => {
            let balance = ledger::void(conn, order.user_id, order.order_id, order.price).await?;
            set_status(conn, order, OrderStatus::Failed, report).await?;
            let msg = text::order_failed(&order.facts(), report.reason, balance);
            outbox::enqueue_in(conn, &final_key, order.user_chat_id, msg, order.asked_in()).await?;
        }
        Decision::Reverse => {
            let balance = ledger::reverse(conn, order.user_id, order.order_id, order.price).await?;
            set_status(conn, order, OrderStatus::Failed, report).await?;
            let msg = text::order_reversed(&order.facts(), report.reason, balance);
            let key = format!("order:{}:reversal", order.order_id);
            outbox::enqueue_in(conn, &key, order.user_chat_id, msg, order.asked_in()).await?;
            let alert = text::admin_reversal(order.trxid.as_str(), order.user_id, order.price);
            outbox::alert_admins(conn, admins, &key, &alert).await?;
        }
        Decision::Duplicate | Decision::FailOver => {}
        Decision::Conflict | Decision::AfterRefund => {
            record_conflict(conn, admins, order, report).await?;
        }
    }
    if matches!(
        decision,
        Decision::Post | Decision::Void | Decision::Reverse
    ) {
        tracing::info!(
            trxid = %order.trxid,
            user_id = order.user_id,
            amount = order.price.rupiah(),
            from = %order.status(),
            decision = ?decision,
            source = report.source.name(),
            actor = report.source.actor(),
            "order resolved"
        );
    }
    Ok(decision)
}

/// A report that contradicts how the order stands: recorded and told to admins, no money moved.
async fn record_conflict(
    conn: &mut PgConnection,
    admins: &[i64],
    order: &Order,
    report: &Report<'_>,
) -> Result<(), OrderError> {
    let reported = match report.kind {
        ReportKind::Success => "success",
        ReportKind::Failed => "failed",
    };
    let detail = report
        .source
        .note()
        .or(report.reason)
        .or(report.sn)
        .unwrap_or("");
    let (conflict_id,): (i64,) = sqlx::query_as(
        "insert into order_conflicts (order_id, order_status, reported, source, detail)
         values ($1, $2, $3, $4, $5) returning conflict_id",
    )
    .bind(order.order_id)
    .bind(order.status().as_str())
    .bind(reported)
    .bind(report.source.name())
    .bind(detail)
    .fetch_one(&mut *conn)
    .await?;
    let alert = match order.refund {
        Some(mark) if report.kind == ReportKind::Failed => {
            text::refund::reversal_after_refund(order.trxid.as_str(), order.user_id, &mark)
        }
        _ => text::admin_conflict(
            order.trxid.as_str(),
            order.status().as_str(),
            reported,
            report.source.name(),
        ),
    };
    outbox::alert_admins(conn, admins, &format!("conflict:{conflict_id}"), &alert).await?;
    tracing::warn!(trxid = %order.trxid, status = %order.status(), reported, source = report.source.name(), "conflicting report recorded");
    Ok(())
}

pub(super) async fn record_event(
    conn: &mut PgConnection,
    order_id: i64,
    from: Option<OrderStatus>,
    to: OrderStatus,
    source: &Source<'_>,
) -> Result<(), OrderError> {
    sqlx::query(
        "insert into order_events (order_id, from_status, to_status, source, actor, note)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(order_id)
    .bind(from.map(OrderStatus::as_str))
    .bind(to.as_str())
    .bind(source.name())
    .bind(source.actor())
    .bind(source.note())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn the_state_table() {
        for (status, report, reversal, expected) in [
            (Sending, ReportKind::Success, true, Decision::Post),
            (Pending, ReportKind::Success, true, Decision::Post),
            (Unknown, ReportKind::Success, false, Decision::Post),
            (Sending, ReportKind::Failed, true, Decision::Void),
            (Pending, ReportKind::Failed, false, Decision::Void),
            (Unknown, ReportKind::Failed, true, Decision::Void),
            (Success, ReportKind::Success, true, Decision::Duplicate),
            (Failed, ReportKind::Failed, true, Decision::Duplicate),
            (Success, ReportKind::Failed, true, Decision::Reverse),
            (Success, ReportKind::Failed, false, Decision::Conflict),
            (Failed, ReportKind::Success, true, Decision::Conflict),
            (Failed, ReportKind::Success, false, Decision::Conflict),
        ] {
            assert_eq!(
                decide(status, report, reversal),
                expected,
                "{status} {report:?} {reversal}"
            );
        }
    }
}
