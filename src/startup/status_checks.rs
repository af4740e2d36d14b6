//! The loop that checks open Digiflazz attempts (R45), on every instance that has Digiflazz
//! configured; the schedule in the database keeps two instances off the same attempt.
use std::time::Duration;

use tokio::sync::watch;

use crate::orders::{CheckSchedule, Orders};

const MIN_WAIT: Duration = Duration::from_millis(50);

/// Checks what is due, then sleeps until the next check is due, or `schedule.first` at most (an
/// attempt begun meanwhile is first due that long after it began). A failed pass is logged and
/// tried again after the same bounded wait; nothing here changes an order by itself.
pub(super) async fn check_periodically(
    orders: Orders,
    schedule: CheckSchedule,
    mut stop: watch::Receiver<bool>,
) {
    let bound = schedule.first;
    loop {
        let wait = match orders.check_digiflazz_due(schedule).await {
            Ok(pass) if pass.more => Duration::ZERO,
            Ok(_) => match orders.next_digiflazz_check(schedule, bound).await {
                // Not quite zero: an attempt another instance is claiming right now is due
                // until its claim commits.
                Ok(wait) => wait.max(MIN_WAIT),
                Err(e) => {
                    tracing::warn!(error = %e, "next status check not read; will retry");
                    bound
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "status checks not claimed; will retry");
                bound
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}
