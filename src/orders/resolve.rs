//! Admins settling orders by hand, through the same transition as callbacks.
use super::transition::{Decision, Report, ReportKind, Source, apply};
use super::{Key, Order, OrderError, Orders, load};
use crate::domain::{OrderStatus, TrxId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The supplier confirmed success out of band; the SN goes to the reseller.
    Success {
        sn: String,
    },
    Failed,
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
    ) -> Result<ResolveOutcome, OrderError> {
        let mut tx = self.pool.begin().await?;
        let Some(order) = load(&mut tx, Key::Trxid(trxid.as_str()), true).await? else {
            return Ok(ResolveOutcome::NotFound);
        };
        if order.status() == OrderStatus::Sending {
            return Ok(ResolveOutcome::StillSending(order));
        }
        let (kind, sn) = match resolution {
            Resolution::Success { sn } => (ReportKind::Success, Some(sn.as_str())),
            Resolution::Failed => (ReportKind::Failed, None),
        };
        let report = Report {
            kind,
            sn,
            reason: (kind == ReportKind::Failed).then_some("dibatalkan oleh admin"),
            source: Source::Admin { admin_id, note },
        };
        let decision = apply(&mut tx, &self.admins, &order, &report).await?;
        let current = load(&mut tx, Key::Id(order.order_id), false)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        tx.commit().await?;
        Ok(match decision {
            Decision::Post | Decision::Void | Decision::Reverse => {
                ResolveOutcome::Resolved(current)
            }
            Decision::Duplicate => ResolveOutcome::AlreadyResolved(current),
            Decision::Conflict => ResolveOutcome::Conflict(current),
        })
    }
}
