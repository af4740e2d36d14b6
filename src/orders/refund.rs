//! An admin's refund of a delivered order (R36): `/refund`, and a complaint's "Refund penuh" /
//! "Refund sebagian" buttons. The check, the movement, the order's refunded amount, the audit
//! row and the messages are one transaction under the order's row lock; a caller with more to
//! write in it (a complaint's state) runs [`Orders::refund_in`] inside its own transaction.
//! The schema's `ledger_one_refund_per_order` has the last word on "once".
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::PgConnection;

use super::supplier_reports::refund_report;
use super::{Key, Order, OrderError, Orders, load};
use crate::audit::{self, Action, Entry};
use crate::domain::refund::{RefundAmount, RefundMark, RefundSource};
use crate::domain::{Money, OrderStatus, TrxId};
use crate::ledger::{self, AdminAction, LedgerError};
use crate::outbox;
use crate::text::refund as say;

/// One admin's decision to refund an order.
#[derive(Debug, Clone)]
pub struct RefundRequest {
    pub trxid: TrxId,
    pub admin_id: i64,
    pub amount: RefundAmount,
    pub source: RefundSource,
    pub reason: String,
    /// The command's or press's own key (its chat and message): the same key never refunds
    /// twice, even if the order's row lock were somehow bypassed.
    pub idempotency_key: String,
    /// The complaint this refund answers, only carried through to the caller.
    pub complaint_id: Option<i64>,
}

/// A step a caller adds to a refund's transaction, after the refund itself.
pub type AlsoInRefund<'f> = &'f (
        dyn for<'a> Fn(&'a mut PgConnection, &'a Refunded) -> BoxFuture<'a, sqlx::Result<()>> + Sync
    );

/// A refund done.
#[derive(Debug, Clone)]
pub struct Refunded {
    /// The order as it stands after the refund (`refund` set, still `success`).
    pub order: Order,
    pub mark: RefundMark,
    /// The reseller's balance after it.
    pub balance: Money,
    pub complaint_id: Option<i64>,
}

/// Why nothing was refunded. Nothing was written.
#[derive(Debug, Clone)]
pub enum Refused {
    NotFound,
    /// Not a SUKSES (still open, or failed without a reversal).
    NotSuccess(Order),
    /// The supplier reversed it at `at`: the reseller has the whole price back already.
    Reversed {
        order: Order,
        at: DateTime<Utc>,
    },
    /// Refunded already, by whom, when and how much.
    AlreadyRefunded {
        order: Order,
        mark: RefundMark,
    },
    /// More than the reseller paid (or nothing at all).
    OutOfRange {
        order: Order,
        asked: Money,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    /// Boxed: an order is large, and the error travels through every `?`.
    #[error("refund refused: {0:?}")]
    Refused(Box<Refused>),
    #[error(transparent)]
    Order(#[from] OrderError),
}

impl From<sqlx::Error> for RefundError {
    fn from(e: sqlx::Error) -> Self {
        Self::Order(e.into())
    }
}

impl Orders {
    /// Refunds a SUKSES in its own transaction. A refund the database refused as a second one
    /// (the unique index, should two ever get past the row lock) is read again and reported as
    /// the refusal it is.
    pub async fn refund(&self, req: &RefundRequest) -> Result<Refunded, RefundError> {
        self.refund_with(req, &|_, _| Box::pin(async { Ok(()) }))
            .await
    }

    /// [`Self::refund`], with `also` written in the same transaction after the refund (a
    /// complaint it closes), so that both commit or neither does.
    #[tracing::instrument(name = "Admin refunds order", skip_all, fields(trxid = %req.trxid, admin_id = req.admin_id))]
    pub async fn refund_with(
        &self,
        req: &RefundRequest,
        also: AlsoInRefund<'_>,
    ) -> Result<Refunded, RefundError> {
        for _ in 0..2 {
            let mut tx = self.pool.begin().await?;
            match self.refund_in(&mut tx, req).await {
                Ok(done) => {
                    also(&mut tx, &done).await?;
                    outbox::commit(tx).await?;
                    return Ok(done);
                }
                Err(RefundError::Order(OrderError::Ledger(LedgerError::AlreadyRecorded))) => {
                    tracing::warn!("refund refused by the schema; reading the order again");
                }
                Err(e) => return Err(e),
            }
        }
        Err(OrderError::Ledger(LedgerError::AlreadyRecorded).into())
    }

    /// [`Self::refund`] inside the caller's transaction `tx`: the order's row lock, the
    /// checks, the movement, the order's refund, a supplier's report, the audit row and the
    /// messages. On `Ok`, the caller may write more in `tx` (see the end) and commits; on
    /// `Refused` nothing was written; on `Order(Ledger(AlreadyRecorded))` the transaction is
    /// aborted and must be rolled back.
    pub async fn refund_in(
        &self,
        tx: &mut PgConnection,
        req: &RefundRequest,
    ) -> Result<Refunded, RefundError> {
        let order = load(tx, Key::Trxid(req.trxid.as_str()), true).await?;
        let (order, amount) = refundable(tx, order, req.amount).await?;
        let action = AdminAction {
            admin_id: req.admin_id,
            note: req.reason.clone(),
            idempotency_key: Some(format!("refund:{}", req.idempotency_key)),
        };
        let balance = ledger::refund(tx, order.user_id, order.order_id, amount, &action)
            .await
            .map_err(OrderError::from)?;
        let order = mark_refunded(tx, &order, amount, req).await?;
        let mark = order.refund.ok_or(OrderError::NotFound {
            order_id: order.order_id,
        })?;
        if req.source == RefundSource::Supplier {
            refund_report(tx, order.order_id, req.admin_id).await?;
        }
        audit::record(tx, &trail(&order, &mark, &req.reason)).await?;
        self.tell(tx, &order, &mark, &req.reason, balance).await?;
        tracing::info!(
            trxid = %order.trxid,
            user_id = order.user_id,
            amount = amount.rupiah(),
            source = req.source.as_str(),
            complaint_id = req.complaint_id,
            "order refunded"
        );
        // Further steps of the same decision (a complaint's state) are written here, by the
        // caller, on `tx`, before it commits.
        Ok(Refunded {
            order,
            mark,
            balance,
            complaint_id: req.complaint_id,
        })
    }

    /// The reseller's message and the admins' alert, in the refund's transaction.
    async fn tell(
        &self,
        tx: &mut PgConnection,
        order: &Order,
        mark: &RefundMark,
        reason: &str,
        balance: Money,
    ) -> Result<(), OrderError> {
        let key = format!("order:{}:refund", order.order_id);
        let msg = say::to_reseller(&order.facts(), mark.amount, reason, balance);
        outbox::enqueue_in(tx, &key, order.user_chat_id, msg, order.asked_in()).await?;
        let trxid = order.trxid.as_str();
        let alert = say::to_admins(trxid, order.user_id, mark.by, mark, reason);
        outbox::alert_admins(tx, &self.admins, &key, &alert).await?;
        Ok(())
    }
}

/// Under the order's row lock: whether it can be refunded, and how much.
async fn refundable(
    tx: &mut PgConnection,
    order: Option<Order>,
    amount: RefundAmount,
) -> Result<(Order, Money), RefundError> {
    let refused = |r| Err(RefundError::Refused(Box::new(r)));
    let Some(order) = order else {
        return refused(Refused::NotFound);
    };
    if let Some(mark) = order.refund {
        return refused(Refused::AlreadyRefunded { order, mark });
    }
    match order.status() {
        OrderStatus::Success => {}
        OrderStatus::Failed => {
            return match ledger::reversed_at(tx, order.order_id).await? {
                Some(at) => refused(Refused::Reversed { order, at }),
                None => refused(Refused::NotSuccess(order)),
            };
        }
        _ => return refused(Refused::NotSuccess(order)),
    }
    let asked = match amount {
        RefundAmount::Full => order.price,
        RefundAmount::Part(asked) => asked,
    };
    if asked.rupiah() < 1 || asked > order.price {
        return refused(Refused::OutOfRange { order, asked });
    }
    Ok((order, asked))
}

/// The order carries its refund; guarded on `success` and not yet refunded, which the row lock
/// already ensures.
async fn mark_refunded(
    tx: &mut PgConnection,
    order: &Order,
    amount: Money,
    req: &RefundRequest,
) -> Result<Order, OrderError> {
    let updated: Option<Order> = sqlx::query_as(order_after!(
        "update orders set refunded = $2, refund_source = $3, refunded_by = $4,
                refunded_at = now(), updated_at = now()
          where order_id = $1 and status = 'success' and refunded is null"
    ))
    .bind(order.order_id)
    .bind(amount.rupiah())
    .bind(req.source.as_str())
    .bind(req.admin_id)
    .fetch_optional(&mut *tx)
    .await?;
    updated.ok_or(OrderError::StatusChanged {
        order_id: order.order_id,
        from: order.status(),
    })
}

/// The audit row: what the reseller paid, and what went back, why and who bears it.
fn trail(order: &Order, mark: &RefundMark, reason: &str) -> Entry {
    Entry::new(mark.by, Action::Refund, format!("trx {}", order.trxid)).change(
        format!("SUKSES, dibayar {}", order.price),
        format!(
            "{} ({}): {}",
            say::refunded_mark(mark.amount),
            say::source(mark.source),
            reason
        ),
    )
}
