//! Watches the books while loket runs: the ledger invariants (R28), and orders waiting too long.
//! A broken invariant stops purchases ("stop operating rather than continue in an incorrect
//! state") until a later check passes; everything else keeps working.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;

use crate::ledger::{self, Violation};
use crate::metrics::Metrics;
use crate::orders::queries;
use crate::{outbox, text};

#[derive(Clone)]
pub struct Monitor {
    pub pool: PgPool,
    pub admins: Arc<[i64]>,
    pub maintenance: Arc<AtomicBool>,
    pub stuck_after: Duration,
    pub metrics: Metrics,
    /// One check at a time: a check whose snapshot predates a newer one's must not finish last
    /// and overwrite the newer verdict on `maintenance`.
    pub checking: Arc<tokio::sync::Mutex<()>>,
}

impl Monitor {
    /// Runs the invariant queries, sets or clears maintenance, and alerts admins once per
    /// distinct set of findings.
    pub async fn check_books(&self) -> sqlx::Result<Vec<Violation>> {
        let _one_at_a_time = self.checking.lock().await;
        let mut conn = self.pool.acquire().await?;
        let found = ledger::check_invariants(&mut conn).await?;
        self.metrics.invariants_checked(found.len());
        let was = self.maintenance.swap(!found.is_empty(), Ordering::Relaxed);
        if found.is_empty() {
            if was {
                tracing::info!("ledger invariants hold again; purchases resumed");
            }
            return Ok(found);
        }
        let details: String = found
            .iter()
            .map(|v| format!("{}: {}\n", v.check, v.detail))
            .collect();
        tracing::error!(violations = found.len(), details = %details, "ledger invariants violated; purchases stopped");
        let key = format!("invariants:{:016x}", crate::fingerprint::fnv1a(&details));
        outbox::alert_admins(
            &mut conn,
            &self.admins,
            &key,
            &text::admin::admin_invariant_violation(&details),
        )
        .await?;
        Ok(found)
    }

    /// Tells admins, once per order, about orders pending or unknown for longer than allowed.
    pub async fn alert_stuck_orders(&self) -> sqlx::Result<usize> {
        let mut tx = self.pool.begin().await?;
        let stuck = queries::take_stuck(&mut tx, self.stuck_after).await?;
        for order in &stuck {
            let minutes = (chrono::Utc::now() - order.created_at).num_minutes();
            let alert = text::admin::admin_stuck_order(
                order.trxid.as_str(),
                order.status().as_str(),
                minutes,
            );
            outbox::alert_admins(
                &mut tx,
                &self.admins,
                &format!("stuck:{}", order.trxid),
                &alert,
            )
            .await?;
            tracing::warn!(trxid = %order.trxid, status = %order.status(), minutes, "order waiting too long");
        }
        outbox::commit(tx).await?;
        Ok(stuck.len())
    }

    pub async fn run(self, every: Duration, mut shutdown: watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.wait_for(|s| *s) => return,
            }
            if let Err(e) = self.check_books().await {
                tracing::warn!(error = %e, "invariant check failed to run");
            }
            if let Err(e) = self.alert_stuck_orders().await {
                tracing::warn!(error = %e, "stuck-order check failed to run");
            }
        }
    }
}
