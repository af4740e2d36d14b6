//! The recovery loop every instance runs beside serving.
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;

use crate::orders::Orders;

/// Recovery runs at start-up (the first tick is immediate) and then periodically, with the
/// flush of counted callback and mutation alerts. It never
/// holds up serving: with the database down, callbacks must still get their 503.
pub(super) async fn recover_periodically(
    pool: PgPool,
    orders: Orders,
    after: Duration,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match orders.recover_interrupted(after).await {
            Ok(0) => {}
            Ok(recovered) => tracing::warn!(recovered, "interrupted orders marked unknown"),
            Err(e) => tracing::warn!(error = %e, "recovery sweep failed; will retry"),
        }
        // Counts of ignored callbacks and mutations whose minute has passed reach the admins
        // from here.
        if let Err(e) = crate::grouped_alerts::flush(&pool, orders.admins()).await {
            tracing::warn!(error = %e, "grouped alerts not flushed; will retry");
        }
        // Deposit tickets past their expiry close here, and their resellers are told.
        match crate::deposits::expire_due(&pool, orders.support_contact()).await {
            Ok(0) => {}
            Ok(expired) => tracing::info!(expired, "deposit tickets expired"),
            Err(e) => tracing::warn!(error = %e, "deposit expiry sweep failed; will retry"),
        }
    }
}
