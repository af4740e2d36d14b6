//! Admins settling orders by hand, through the same transition as callbacks; a settlement's
//! audit row (R38) is written in its transaction.
use sqlx::PgConnection;

use super::transition::{Decision, Report, ReportKind, Source, apply};
use super::{Key, Order, OrderError, Orders, load};
use crate::audit::{self, Action, Entry};
use crate::domain::{OrderStatus, TrxId};
use crate::text::audit as say;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The supplier confirmed success out of band; the SN goes to the reseller.
    Success {
        sn: String,
    },
    Failed,
}

/// What must still hold, under the order's row lock, for the admin's decision to be carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Nothing: the decision stands as given.
    Final,
    /// Typed as a command: failing a `pending` order is only asked about, because the supplier
    /// accepted it and may still deliver after the refund.
    AskIfPending,
    /// Confirmed on a question asked while the order was `pending`: carried out only if it
    /// still is, since anything else means someone else decided in between.
    StillPending,
}

#[derive(Debug, Clone)]
pub enum ResolveOutcome {
    Resolved(Order),
    /// The order already had this result; nothing changed.
    AlreadyResolved(Order),
    /// The admin contradicted a final order: recorded as a conflict, no money moved.
    Conflict(Order),
    /// The supplier request is still in flight; its answer decides first.
    StillSending(Order),
    /// Failing this `pending` order needs the admin's confirmation; nothing changed.
    NeedsConfirmation(Order),
    /// The order is no longer `pending` as it was when the admin was asked; nothing changed.
    Moved(Order),
    NotFound,
}

impl Orders {
    #[tracing::instrument(name = "Admin resolves order", skip_all, fields(trxid = %trxid, admin_id))]
    pub async fn resolve(
        &self,
        admin_id: i64,
        trxid: &TrxId,
        resolution: &Resolution,
        note: &str,
        guard: Guard,
    ) -> Result<ResolveOutcome, OrderError> {
        let mut tx = self.pool.begin().await?;
        let outcome = self
            .resolve_in(&mut tx, admin_id, trxid, resolution, note, guard)
            .await?;
        crate::outbox::commit(tx).await?;
        Ok(outcome)
    }

    /// [`Self::resolve`] inside the caller's transaction, so that what led to the decision (an
    /// answered question) is committed with it or not at all.
    pub async fn resolve_in(
        &self,
        tx: &mut PgConnection,
        admin_id: i64,
        trxid: &TrxId,
        resolution: &Resolution,
        note: &str,
        guard: Guard,
    ) -> Result<ResolveOutcome, OrderError> {
        let Some(order) = load(tx, Key::Trxid(trxid.as_str()), true).await? else {
            return Ok(ResolveOutcome::NotFound);
        };
        let status = order.status();
        match guard {
            Guard::StillPending if status != OrderStatus::Pending => {
                return Ok(ResolveOutcome::Moved(order));
            }
            Guard::AskIfPending
                if status == OrderStatus::Pending && *resolution == Resolution::Failed =>
            {
                return Ok(ResolveOutcome::NeedsConfirmation(order));
            }
            _ => {}
        }
        if status == OrderStatus::Sending {
            return Ok(ResolveOutcome::StillSending(order));
        }
        let (kind, sn) = match resolution {
            Resolution::Success { sn } => (ReportKind::Success, Some(sn.as_str())),
            Resolution::Failed => (ReportKind::Failed, None),
        };
        let report = Report {
            kind,
            sn,
            reason: (kind == ReportKind::Failed).then_some(crate::text::CANCELLED_BY_ADMIN),
            fails_over: false,
            source: Source::Admin { admin_id, note },
        };
        let decision = apply(tx, self.audience(), &order, &report).await?;
        let current =
            load(tx, Key::Id(order.order_id), false)
                .await?
                .ok_or(OrderError::NotFound {
                    order_id: order.order_id,
                })?;
        Ok(match decision {
            Decision::Post | Decision::Void | Decision::Reverse => {
                let entry = Entry::new(admin_id, Action::Settle, say::order(trxid.as_str()))
                    .change(
                        say::order_state(status, None),
                        say::order_state(current.status(), current.sn.as_deref()),
                    );
                audit::record(tx, &entry).await?;
                ResolveOutcome::Resolved(current)
            }
            // An admin's report never fails over (its `fails_over` is false).
            Decision::Duplicate | Decision::FailOver => ResolveOutcome::AlreadyResolved(current),
            Decision::Conflict | Decision::AfterRefund => ResolveOutcome::Conflict(current),
        })
    }
}
