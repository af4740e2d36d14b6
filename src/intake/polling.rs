//! Long polling, by one instance at a time (R10), acknowledging updates only once stored.
//!
//! Telegram confirms every update below the offset of the next `getUpdates`. We ask for the
//! next batch once the current one is committed to `inbound_updates`, where the intake workers
//! handle it; so a crash never loses an acknowledged update, and handling (however slow one
//! chat is) never holds up polling.
use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection};
use teloxide_core::prelude::*;
use teloxide_core::types::Update;
use tokio::sync::watch;

use crate::bot::BotContext;
use crate::intake::{self, ALLOWED_UPDATES, Incoming};
use crate::metrics::Metrics;
use crate::telegram::TgBot;

/// Advisory lock key: "loket" in ASCII.
const POLLER_LOCK: i64 = 0x6c6f6b6574;
/// How long a standby instance waits before trying to become the poller again.
pub const LOCK_RETRY: Duration = Duration::from_secs(3);
/// After a batch that was not full, a moment for more updates to gather before asking again:
/// under load one `getUpdates` and one stored transaction then carry many updates instead of one
/// each. An idle bot's next update still comes back from the long poll the moment it is sent.
const GATHER: Duration = Duration::from_millis(10);
/// Telegram's largest batch (`getUpdates` without `limit`).
const FULL_BATCH: usize = 100;
/// How often the poller checks that it still holds its lock.
const LOCK_CHECK: Duration = Duration::from_secs(1);

pub struct Poller {
    pub ctx: Arc<BotContext>,
    pub bot: TgBot,
    /// Long-poll timeout, in seconds.
    pub timeout_secs: u32,
    /// Told of every getUpdates Telegram answers.
    pub metrics: Metrics,
}

impl Poller {
    /// Polls while holding the lock; stands by while another instance holds it.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let options = self.ctx.pool.connect_options();
        loop {
            if *shutdown.borrow() {
                return;
            }
            match PgConnection::connect_with(&options).await {
                Ok(mut lock) => match try_lock(&mut lock).await {
                    Ok(true) => {
                        tracing::info!("this instance polls Telegram");
                        self.poll_while_leader(&mut lock, &mut shutdown).await;
                        let _ = lock.close().await;
                    }
                    Ok(false) => tracing::debug!("another instance polls Telegram; standing by"),
                    Err(e) => tracing::warn!(error = %e, "poller lock unavailable"),
                },
                Err(e) => tracing::warn!(error = %e, "database unreachable for the poller lock"),
            }
            // Whether we stood by, lost the lock or could not reach Telegram: wait before trying
            // again, so that a persistent failure never becomes a busy loop.
            tokio::select! {
                _ = tokio::time::sleep(LOCK_RETRY) => {}
                _ = shutdown.wait_for(|s| *s) => {}
            }
        }
    }

    async fn poll_while_leader(
        &self,
        lock: &mut PgConnection,
        shutdown: &mut watch::Receiver<bool>,
    ) {
        let bot = &self.bot;
        if !self.ctx.learn_identity(bot).await {
            return;
        }
        if let Err(e) = bot.api().delete_webhook().await {
            tracing::warn!(error = %e, "deleteWebhook failed");
        }
        let mut offset: i32 = 0;
        let mut failures = 0u32;
        let mut lock_checked = tokio::time::Instant::now();
        loop {
            let request = bot
                .api()
                .get_updates()
                .offset(offset)
                .timeout(self.timeout_secs)
                .allowed_updates(ALLOWED_UPDATES);
            let updates = tokio::select! {
                result = request => result,
                _ = shutdown.wait_for(|s| *s) => break,
            };
            if updates.is_ok() {
                self.metrics.polled();
            }
            match updates {
                Ok(updates) => match store(&self.ctx, &updates).await {
                    Ok(()) => {
                        failures = 0;
                        if let Some(last) = updates.iter().map(|u| u.id.0).max() {
                            offset = i32::try_from(last).unwrap_or(i32::MAX).saturating_add(1);
                        }
                        if !updates.is_empty() && updates.len() < FULL_BATCH {
                            tokio::select! {
                                () = tokio::time::sleep(GATHER) => {}
                                _ = shutdown.wait_for(|s| *s) => break,
                            }
                        }
                    }
                    Err(e) => {
                        // Not acknowledged: Telegram gives the same batch again.
                        failures += 1;
                        tracing::warn!(error = %e, failures, "updates not stored; asking again");
                        if backoff(failures, shutdown).await {
                            break;
                        }
                    }
                },
                Err(e) => {
                    failures += 1;
                    tracing::warn!(error = %e, failures, "getUpdates failed");
                    if backoff(failures, shutdown).await {
                        break;
                    }
                }
            }
            // Losing the lock connection means another instance may be polling by now.
            if lock_checked.elapsed() >= LOCK_CHECK {
                if sqlx::query("select 1").execute(&mut *lock).await.is_err() {
                    tracing::warn!("poller lock lost; standing down");
                    return;
                }
                lock_checked = tokio::time::Instant::now();
            }
            if *shutdown.borrow() {
                break;
            }
        }
        // Confirms what was stored, as a graceful stop should (R9a); limit 1 and timeout 0
        // make this call return at once without taking new work.
        let ack = (bot.api().get_updates().offset(offset).limit(1).timeout(0))
            .allowed_updates(ALLOWED_UPDATES);
        if let Err(e) = ack.await {
            tracing::warn!(error = %e, "final acknowledgement failed; Telegram will redeliver");
        }
    }
}

async fn try_lock(conn: &mut PgConnection) -> sqlx::Result<bool> {
    sqlx::query_scalar("select pg_try_advisory_lock($1)")
        .bind(POLLER_LOCK)
        .fetch_one(conn)
        .await
}

/// Stores a batch in one transaction. An update teloxide cannot serialise back (it read it, so
/// this should not happen) is stored as its id alone, so that it is acknowledged knowingly.
async fn store(ctx: &BotContext, updates: &[Update]) -> sqlx::Result<()> {
    let incoming: Vec<Incoming> = updates
        .iter()
        .map(|u| {
            Incoming::from_update(u).unwrap_or_else(|e| {
                tracing::warn!(update_id = u.id.0, error = %e, "update not serialisable; stored without content");
                Incoming::new(u, format!("{{\"update_id\":{}}}", u.id.0))
            })
        })
        .collect();
    intake::store(&ctx.pool, &incoming).await.map(drop)
}

/// Waits a little longer after each failure in a row; true if stopping meanwhile.
async fn backoff(failures: u32, shutdown: &mut watch::Receiver<bool>) -> bool {
    let wait = Duration::from_millis(250 * u64::from(failures.min(20)));
    tokio::select! {
        _ = tokio::time::sleep(wait) => false,
        _ = shutdown.wait_for(|s| *s) => true,
    }
}
