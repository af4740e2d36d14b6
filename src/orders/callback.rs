//! A supplier callback, applied in one transaction with its audit row.
//!
//! The order is found by `refid` and must agree with the callback's `dest` and with the
//! `Transaksi <code>.<dest>` that opens its message; `product` and `qty` are recorded and shown
//! to admins but never decide (the supplier's own examples send `product=banktrf` for an `s5`
//! purchase). A callback whose status and text disagree moves no money.
use super::callback_checks::{earlier_supplier, facts, mismatch, settled_by};
use super::callback_log::{CallbackAudit, Settled, insert_log};
use super::transition::{Decision, Report, ReportKind, Source, apply};
use super::{Key, Order, OrderError, Orders, UTAMA, load};
use crate::biller::{Callback, CallbackStatus, RejectedCallback};
use crate::grouped_alerts::{self, Kind};
use crate::outbox;
use crate::text::callback as say;

/// Who reports, and whether its GAGAL says the product or the supplier failed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reporter {
    pub(super) supplier: &'static str,
    pub(super) fails_over: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackOutcome {
    Applied,
    Duplicate,
    Reversal,
    Conflict,
    Mismatch,
    Contradictory,
    UnknownRefid,
    /// A reversal of an order an admin had refunded: recorded and alerted, no money moved.
    AfterRefund,
    /// A GAGAL that moved the order to its route's next supplier (R43).
    FailedOver,
    /// About an attempt the order already left: a GAGAL changes nothing, a SUKSES is also
    /// recorded as a conflict and alerted.
    EarlierAttempt,
    /// Digiflazz saying an attempt is still pending: nothing to decide, nothing recorded.
    Pending,
}

impl CallbackOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Duplicate => "duplicate",
            Self::Reversal => "reversal",
            Self::Conflict => "conflict",
            Self::Mismatch => "mismatch",
            Self::Contradictory => "contradictory",
            Self::UnknownRefid => "unknown_refid",
            Self::AfterRefund => "after_refund",
            Self::FailedOver => "failed_over",
            Self::EarlierAttempt => "earlier_attempt",
            Self::Pending => "pending",
        }
    }
}

impl Orders {
    #[tracing::instrument(name = "Apply supplier callback", skip_all, fields(trxid = %cb.refid, status = ?cb.status))]
    pub async fn apply_callback(
        &self,
        cb: &Callback,
        audit: &CallbackAudit,
    ) -> Result<CallbackOutcome, OrderError> {
        // The document's GAGAL callback carries no reason to tell a wrong number from a product
        // out of stock; a GAGAL from `utama` after it accepted the order is taken as its
        // failure (R43).
        let by = Reporter {
            supplier: UTAMA,
            fails_over: cb.status == CallbackStatus::Failed,
        };
        self.apply_reported(cb, audit, by).await
    }

    /// A report from supplier `by` about one of our refs, whichever way it came (utama's
    /// callback, Digiflazz's webhook), read as a callback.
    pub(super) async fn apply_reported(
        &self,
        cb: &Callback,
        audit: &CallbackAudit,
        by: Reporter,
    ) -> Result<CallbackOutcome, OrderError> {
        let mut tx = self.pool.begin().await?;
        // A refid of another shape than ours names no order of ours: no lookup needed.
        let named = cb.attempt();
        let order = match &named {
            Some(r) => load(&mut tx, Key::Trxid(r.trxid.as_str()), true).await?,
            None => None,
        }
        // A ref of an attempt not made yet names nothing we sent.
        .filter(|o| named.as_ref().is_some_and(|r| r.attempt <= o.attempt));
        let facts = facts(cb);
        let earlier = (named.as_ref().zip(order.as_ref()))
            .and_then(|(r, o)| (r.attempt < o.attempt).then_some(r.attempt));
        let (outcome, detail) = match &order {
            None => (CallbackOutcome::UnknownRefid, String::new()),
            Some(order) if let Some(attempt) = earlier => {
                self.earlier_attempt(&mut tx, cb, order, (attempt, by))
                    .await?
            }
            Some(order) => match mismatch(cb, order, by) {
                Some(detail) => (CallbackOutcome::Mismatch, detail),
                None if cb.contradicts_itself() => (
                    CallbackOutcome::Contradictory,
                    "status and message disagree".to_owned(),
                ),
                None => (self.settle(&mut tx, cb, order, by).await?, String::new()),
            },
        };
        let settled = settled_by(outcome);
        let callback_id = insert_log(
            &mut tx,
            audit,
            by.supplier,
            Some(cb),
            order.as_ref().map(|o| o.order_id),
            (outcome.as_str(), &detail),
            settled,
        )
        .await?;
        let alert = match (outcome, &order) {
            (CallbackOutcome::Mismatch, Some(order)) => Some(say::admin_callback_mismatch(
                order.trxid.as_str(),
                &detail,
                &facts,
            )),
            (CallbackOutcome::Contradictory, Some(order)) => {
                Some(say::admin_callback_contradictory(
                    order.trxid.as_str(),
                    order.status().as_str(),
                    order.status().is_open(),
                    &facts,
                ))
            }
            (CallbackOutcome::UnknownRefid, _) => {
                let example = format!(
                    "refid {} (product {}, dest {})",
                    cb.refid,
                    cb.product.as_deref().unwrap_or("-"),
                    cb.dest.as_deref().unwrap_or("-")
                );
                grouped_alerts::note(&mut tx, &self.admins, Kind::UnknownRefid, &example).await?;
                None
            }
            _ => None,
        };
        if let Some(alert) = alert {
            let key = format!("callback:{callback_id}");
            outbox::alert_admins(&mut tx, &self.admins, &key, &alert).await?;
        }
        if !matches!(
            outcome,
            CallbackOutcome::Applied | CallbackOutcome::Duplicate | CallbackOutcome::Reversal
        ) {
            tracing::warn!(outcome = outcome.as_str(), detail = %detail, "callback not applied");
        }
        outbox::commit(tx).await?;
        tracing::info!(outcome = outcome.as_str(), "callback recorded");
        if let (CallbackOutcome::FailedOver, Some(order)) = (outcome, &order) {
            self.submit_next(order.order_id);
        }
        Ok(outcome)
    }

    /// A report about an attempt the order already left for the next supplier. An attempt made
    /// at another supplier than the reporter is a mismatch; a SUKSES for it is a conflict (the
    /// product may now be delivered twice), recorded and alerted, no money moved.
    async fn earlier_attempt(
        &self,
        tx: &mut sqlx::PgConnection,
        cb: &Callback,
        order: &Order,
        (attempt, by): (i16, Reporter),
    ) -> Result<(CallbackOutcome, String), OrderError> {
        let at = earlier_supplier(tx, order.order_id, attempt).await?;
        if at.as_deref() != Some(by.supplier) {
            let detail = format!("attempt {attempt} was not sent to {}", by.supplier);
            return Ok((CallbackOutcome::Mismatch, detail));
        }
        if cb.status == CallbackStatus::Success {
            let said = (attempt, by.supplier);
            super::failover::earlier_success(tx, &self.admins, order, said).await?;
        }
        Ok((CallbackOutcome::EarlierAttempt, String::new()))
    }

    /// A callback that matches its order and agrees with itself: the state table decides. Its
    /// figures are kept on the order by the status change, or by [`insert_log`] when the order
    /// stays as it was.
    async fn settle(
        &self,
        tx: &mut sqlx::PgConnection,
        cb: &Callback,
        order: &Order,
        by: Reporter,
    ) -> Result<CallbackOutcome, OrderError> {
        let report = Report {
            kind: match cb.status {
                CallbackStatus::Success => ReportKind::Success,
                CallbackStatus::Failed => ReportKind::Failed,
            },
            sn: cb.details.sn.as_deref(),
            reason: (cb.status == CallbackStatus::Failed && !cb.message.is_empty())
                .then_some(cb.message.as_str()),
            source: Source::Callback {
                saldo: cb.details.saldo,
                harga: cb.details.harga,
            },
            fails_over: by.fails_over,
        };
        Ok(match apply(tx, self.audience(), order, &report).await? {
            Decision::Post | Decision::Void => CallbackOutcome::Applied,
            Decision::FailOver => CallbackOutcome::FailedOver,
            Decision::Reverse => CallbackOutcome::Reversal,
            Decision::Duplicate => CallbackOutcome::Duplicate,
            Decision::Conflict => CallbackOutcome::Conflict,
            Decision::AfterRefund => CallbackOutcome::AfterRefund,
        })
    }

    /// An authenticated callback we could not read: kept for the audit trail, and admins hear
    /// of it (at most once a minute, with a count).
    pub async fn record_invalid_callback(
        &self,
        audit: &CallbackAudit,
        why: &RejectedCallback,
    ) -> Result<(), OrderError> {
        self.record_unreadable(audit, UTAMA, &why.to_string()).await
    }

    /// A signed Digiflazz webhook whose body we could not read, kept and told the same way.
    pub async fn record_invalid_webhook(
        &self,
        audit: &CallbackAudit,
        why: &str,
    ) -> Result<(), OrderError> {
        self.record_unreadable(audit, super::DIGIFLAZZ, why).await
    }

    async fn record_unreadable(
        &self,
        audit: &CallbackAudit,
        supplier: &str,
        why: &str,
    ) -> Result<(), OrderError> {
        let mut tx = self.pool.begin().await?;
        insert_log(
            &mut tx,
            audit,
            supplier,
            None,
            None,
            ("invalid", why),
            Settled::No,
        )
        .await?;
        let query: String = audit.raw_query.chars().take(200).collect();
        let example = format!("{why}: {query}");
        grouped_alerts::note(&mut tx, &self.admins, Kind::CallbackInvalid, &example).await?;
        outbox::commit(tx).await?;
        tracing::warn!(why = %why, "unreadable callback recorded");
        Ok(())
    }
}
