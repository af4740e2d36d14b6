//! Digiflazz's status check (R45). An attempt at Digiflazz still open (`pending`, or `unknown`
//! after a lost answer) is asked about again by sending the same transaction, which Digiflazz
//! answers with its current state and never charges twice. A SUKSES or a GAGAL goes through the
//! webhook's own path ([`Orders::apply_digiflazz`]); anything else only waits for the next
//! check. The schedule is kept on the order (migration 0035), claimed with `skip locked` and
//! moved forward by the claiming statement itself, so a restart keeps it and two instances
//! never ask about one attempt at once.
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::check_schedule::{Claimed, alerts_due, claim_due, mark_alerted, stop_checking};
use super::{CallbackAudit, Key, Order, OrderError, Orders, load};
use crate::digiflazz::{Answer, Report, Verdict};
use crate::{outbox, text};

/// When open Digiflazz attempts are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckSchedule {
    /// `DIGIFLAZZ_CHECK_FIRST_SECS`: the first check, after the attempt began; each later one
    /// waits twice as long as the one before, at most [`MOST_BETWEEN_CHECKS`].
    pub first: Duration,
}

/// The longest wait between two checks of one attempt.
pub const MOST_BETWEEN_CHECKS: Duration = Duration::from_secs(3_600);
/// Digiflazz answers a status check within 90 days of the transaction; loket stops a day early,
/// and admins decide the order themselves.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(89 * 86_400);

/// Rc's of a `Gagal` that refuse our request itself (its payload, our signature, username or
/// IP, the ref_id): they say nothing of the transaction, so a check answered with one is an
/// error, never the attempt's GAGAL.
const REQUEST_REFUSED: [&str; 5] = ["40", "41", "42", "45", "49"];

/// What one pass did: how many attempts it claimed, and whether more may be due already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub claimed: usize,
    pub more: bool,
}

impl Orders {
    /// Claims the attempts due now (a batch), and checks each in turn.
    #[tracing::instrument(name = "Check open Digiflazz attempts", skip_all)]
    pub async fn check_digiflazz_due(&self, schedule: CheckSchedule) -> Result<Pass, OrderError> {
        let Some(client) = self.digiflazz.clone() else {
            return Ok(Pass {
                claimed: 0,
                more: false,
            });
        };
        let (claimed, more) = claim_due(&self.pool, schedule).await?;
        for due in &claimed {
            if let Err(e) = self.check_one(&client, due).await {
                // The claim moved its next check forward: it is tried again then.
                tracing::warn!(order_id = due.order_id, error = %e, "status check not recorded; will retry");
            }
        }
        Ok(Pass {
            claimed: claimed.len(),
            more,
        })
    }

    /// How long until the next check is due, at most `bound`.
    pub async fn next_digiflazz_check(
        &self,
        schedule: CheckSchedule,
        bound: Duration,
    ) -> Result<Duration, OrderError> {
        let due = super::check_schedule::next_due(&self.pool, schedule).await?;
        Ok(due.map_or(bound, |d| d.min(bound)))
    }

    async fn check_one(
        &self,
        client: &crate::digiflazz::DigiflazzClient,
        due: &Claimed,
    ) -> Result<(), OrderError> {
        if age(due.started) >= GIVE_UP_AFTER {
            return self.give_up(due).await;
        }
        let mut conn = self.pool.acquire().await?;
        let order = load(&mut conn, Key::Id(due.order_id), false).await?;
        drop(conn);
        let Some(order) = order.filter(|o| o.attempt == due.attempt && o.status().is_open()) else {
            return Ok(());
        };
        let reference = order.attempt_ref().to_string();
        let max_price = Some(order.price.rupiah());
        let dest = order.destination.as_str();
        match client
            .transaction(&reference, order.sku(), dest, max_price)
            .await
        {
            Answer::Clear(report) if refuses_request(&report) => {
                tracing::warn!(trxid = %order.trxid, rc = %report.rc, message = %report.message, "status check refused; order unchanged");
            }
            Answer::Clear(report) if decides(&report) => {
                let audit = CallbackAudit::status_check(&reference, due.checks);
                let outcome = self.apply_digiflazz(&report, &audit).await?;
                tracing::info!(trxid = %order.trxid, outcome = outcome.as_str(), "status check applied");
                return Ok(());
            }
            Answer::Clear(_) => {
                tracing::info!(trxid = %order.trxid, checks = due.checks, "status check: still pending");
            }
            Answer::Unknown(why) => {
                tracing::warn!(trxid = %order.trxid, why = %why, "status check unanswered; order unchanged");
            }
        }
        self.alert_if_open_long(due, &order).await
    }

    /// Tells admins, once per threshold, that the attempt is still open.
    async fn alert_if_open_long(&self, due: &Claimed, order: &Order) -> Result<(), OrderError> {
        let open_for = age(due.started);
        let threshold = alerts_due(open_for);
        if threshold <= due.alerts {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        if let Some(status) = mark_alerted(&mut tx, due, threshold).await? {
            let trxid = order.trxid.as_str();
            let minutes = i64::try_from(open_for.as_secs() / 60).unwrap_or(i64::MAX);
            let alert = text::status_check::still_open(trxid, &status, minutes, due.checks);
            let key = format!("stuck:{trxid}:check:{}:{threshold}", due.attempt);
            outbox::alert_admins(&mut tx, &self.admins, &key, &alert).await?;
            tracing::warn!(
                trxid,
                minutes,
                checks = due.checks,
                "Digiflazz attempt still open; admins told"
            );
        }
        outbox::commit(tx).await?;
        Ok(())
    }

    /// Past Digiflazz's 90 days: no more checks; admins decide the order with `/selesai`.
    async fn give_up(&self, due: &Claimed) -> Result<(), OrderError> {
        let mut tx = self.pool.begin().await?;
        if let Some((trxid, status)) = stop_checking(&mut tx, due).await? {
            let alert = text::status_check::gave_up(&trxid, &status);
            let key = format!("stuck:{trxid}:check:{}:stop", due.attempt);
            outbox::alert_admins(&mut tx, &self.admins, &key, &alert).await?;
            tracing::warn!(
                trxid,
                "Digiflazz attempt past 89 days; checks stopped, admins told"
            );
        }
        outbox::commit(tx).await?;
        Ok(())
    }
}

fn age(started: DateTime<Utc>) -> Duration {
    (Utc::now() - started).to_std().unwrap_or_default()
}

/// A `Sukses` or a `Gagal`: the attempt's result.
fn decides(report: &Report) -> bool {
    matches!(report.verdict, Some(Verdict::Success | Verdict::Failed(_)))
}

fn refuses_request(report: &Report) -> bool {
    matches!(report.verdict, Some(Verdict::Failed(_)))
        && REQUEST_REFUSED.contains(&report.rc.trim())
}
