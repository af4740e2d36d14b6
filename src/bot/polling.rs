//! Long polling, by one instance at a time (R10), acknowledging updates only once handled.
//!
//! Telegram confirms every update below the offset of the next `getUpdates`. We ask for the
//! next batch only after the current one is fully handled, so a crash can redeliver updates
//! (handlers are idempotent where it matters: R8, R27) but never lose an acknowledged one.
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection};
use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;
use tokio::sync::watch;

use super::{BotContext, TgBot, chat_of, menu, process_update};

/// Advisory lock key: "loket" in ASCII.
const POLLER_LOCK: i64 = 0x6c6f6b6574;
/// How long a standby instance waits before trying to become the poller again.
pub const LOCK_RETRY: Duration = Duration::from_secs(3);
/// How many recent update ids are remembered to skip an update delivered twice in a row.
const REMEMBERED: usize = 4096;

pub struct Poller {
    pub ctx: Arc<BotContext>,
    pub bot: TgBot,
    /// Long-poll timeout, in seconds.
    pub timeout_secs: u32,
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
        if !self.ctx.learn_username(bot).await {
            return;
        }
        if let Err(e) = bot.api().delete_webhook().await {
            tracing::warn!(error = %e, "deleteWebhook failed");
        }
        menu::publish(bot, &self.ctx.admins).await;
        let mut offset: i32 = 0;
        let mut seen = Remembered::default();
        let mut failures = 0u32;
        loop {
            let request = bot
                .api()
                .get_updates()
                .offset(offset)
                .timeout(self.timeout_secs)
                .allowed_updates(vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery]);
            let updates = tokio::select! {
                result = request => result,
                _ = shutdown.wait_for(|s| *s) => break,
            };
            match updates {
                Ok(updates) => {
                    failures = 0;
                    if let Some(last) = updates.iter().map(|u| u.id.0).max() {
                        offset = i32::try_from(last).unwrap_or(i32::MAX).saturating_add(1);
                    }
                    let fresh: Vec<Update> = updates
                        .into_iter()
                        .filter(|u| seen.insert(u.id.0))
                        .collect();
                    handle_batch(&self.ctx, bot, fresh).await;
                }
                Err(e) => {
                    failures += 1;
                    tracing::warn!(error = %e, failures, "getUpdates failed");
                    let backoff = Duration::from_millis(250 * u64::from(failures.min(20)));
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = shutdown.wait_for(|s| *s) => break,
                    }
                }
            }
            // Losing the lock connection means another instance may be polling by now.
            if sqlx::query("select 1").execute(&mut *lock).await.is_err() {
                tracing::warn!("poller lock lost; standing down");
                return;
            }
            if *shutdown.borrow() {
                break;
            }
        }
        // Confirms what was handled, as a graceful stop should (R9a); limit 1 and timeout 0
        // make this call return at once without taking new work.
        let ack = bot.api().get_updates().offset(offset).limit(1).timeout(0);
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

/// Chats are handled concurrently, each chat's updates in order.
pub async fn handle_batch(ctx: &Arc<BotContext>, bot: &TgBot, updates: Vec<Update>) {
    let mut by_chat: HashMap<Option<i64>, Vec<Update>> = HashMap::new();
    for update in updates {
        by_chat.entry(chat_of(&update)).or_default().push(update);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (_, updates) in by_chat {
        let (ctx, bot) = (ctx.clone(), bot.clone());
        tasks.spawn(async move {
            for update in updates {
                process_update(&ctx, &bot, update).await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done {
            tracing::error!(error = %e, "update handler panicked");
        }
    }
}

#[derive(Default)]
struct Remembered {
    order: VecDeque<u32>,
    set: HashSet<u32>,
}

impl Remembered {
    /// False if the id was seen recently.
    fn insert(&mut self, id: u32) -> bool {
        if !self.set.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        true
    }
}
