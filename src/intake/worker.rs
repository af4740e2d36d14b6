//! Handles stored updates. Any number of instances may run this: each claim takes the oldest
//! waiting update of chats that have no update being handled, with a lease, so a chat is in one
//! worker's hands at a time and its updates are handled in order, while other chats go on.
//!
//! Replies are queued in the outbox, keyed by the update, in the transaction that marks the
//! update handled: a crash before that commit handles the update again (handlers are idempotent
//! where money is concerned) and queues its replies once; after it, nothing is redone.
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use teloxide::types::Update;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use super::flood::{self, Verdict};
use crate::bot::{self, BotContext, Outgoing, TgBot};
use crate::outbox;

/// Updates handled at once by one instance (each holds a database connection while it works).
const HANDLERS: usize = 12;
/// Wakes up at least this often even without a notification (an expired lease, a lost listener).
const IDLE_WAKE: Duration = Duration::from_secs(1);
/// How long a stopping worker lets the updates in its hands finish; the rest are given back.
const STOP_GRACE: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct IntakeWorker {
    ctx: Arc<BotContext>,
    bot: TgBot,
    /// How long a claimed update stays ours; renewed while it is handled, so only a dead
    /// instance's updates are taken over.
    lease: Duration,
    /// Updates this instance is handling, given back if it stops before they are done.
    in_hand: Arc<Mutex<HashSet<i64>>>,
}

struct Claimed {
    update_id: i64,
    payload: String,
    chat_id: i64,
    user_id: Option<i64>,
}

from_row!(Claimed {
    update_id,
    payload,
    chat_id,
    user_id
});

impl IntakeWorker {
    pub fn new(ctx: Arc<BotContext>, bot: TgBot, lease: Duration) -> Self {
        Self {
            ctx,
            bot,
            lease,
            in_hand: Arc::default(),
        }
    }

    fn pool(&self) -> &PgPool {
        &self.ctx.pool
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut listener = match PgListener::connect_with(self.pool()).await {
            Ok(mut l) => l.listen("inbound").await.ok().map(|()| l),
            Err(e) => {
                tracing::warn!(error = %e, "update notifications unavailable; polling instead");
                None
            }
        };
        let slots = Arc::new(Semaphore::new(HANDLERS));
        let mut running: JoinSet<()> = JoinSet::new();
        while !*shutdown.borrow() {
            while let Some(done) = running.try_join_next() {
                log_panic(done);
            }
            let free = slots.available_permits();
            if free > 0 {
                match self.claim(free).await {
                    Ok(claimed) => {
                        let full = claimed.len() == free;
                        for row in claimed {
                            let Ok(permit) = slots.clone().try_acquire_owned() else {
                                break;
                            };
                            let worker = self.clone();
                            lock(&self.in_hand).insert(row.update_id);
                            running.spawn(async move {
                                let id = row.update_id;
                                worker.handle_leased(row).await;
                                lock(&worker.in_hand).remove(&id);
                                drop(permit);
                            });
                        }
                        if full {
                            // More may be waiting; claim again once a handler is free.
                            tokio::select! {
                                done = running.join_next() => if let Some(done) = done { log_panic(done) },
                                _ = shutdown.wait_for(|s| *s) => break,
                            }
                            continue;
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "updates not claimed; will retry"),
                }
            }
            let notified = outbox::notified(listener.as_mut());
            // A handler done frees its chat's next update, so it also ends the wait.
            let finished = async {
                match running.join_next().await {
                    Some(done) => log_panic(done),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = notified => {}
                () = finished => {}
                _ = tokio::time::sleep(IDLE_WAKE) => {}
                _ = shutdown.wait_for(|s| *s) => break,
            }
        }
        self.stop(running).await;
    }

    /// Lets the handlers finish for a moment, then gives back the updates still in hand so the
    /// next start takes them at once (they are handled again from the start).
    async fn stop(&self, mut running: JoinSet<()>) {
        let grace = tokio::time::sleep(STOP_GRACE);
        tokio::pin!(grace);
        loop {
            tokio::select! {
                done = running.join_next() => match done {
                    Some(done) => log_panic(done),
                    None => return,
                },
                () = &mut grace => break,
            }
        }
        running.abort_all();
        while running.join_next().await.is_some() {}
        let abandoned: Vec<i64> = lock(&self.in_hand).drain().collect();
        if abandoned.is_empty() {
            return;
        }
        tracing::info!(
            abandoned = abandoned.len(),
            "stopping; updates being handled are handled again at the next start"
        );
        let _ = sqlx::query(
            "update inbound_updates set locked_until = null
              where processed_at is null and locked_until is not null and update_id = any($1)",
        )
        .bind(&abandoned)
        .execute(self.pool())
        .await;
    }

    /// Leases up to `n` updates, each the oldest waiting one of a chat with none in hand.
    async fn claim(&self, n: usize) -> sqlx::Result<Vec<Claimed>> {
        sqlx::query_as(
            "update inbound_updates set locked_until = now() + make_interval(secs => $2)
              where update_id in (
                    select update_id from inbound_updates
                     -- The head of each chat's queue. A head in hand keeps its chat out.
                     where update_id = any(array(
                           select distinct on (chat_id) update_id from inbound_updates
                            where processed_at is null
                            order by chat_id, update_id))
                       -- Again on the row being locked: another instance may have taken or
                       -- finished it since this statement's snapshot.
                       and processed_at is null
                       and (locked_until is null or locked_until < now())
                     order by update_id limit $1 for update skip locked)
             returning update_id, payload, chat_id, user_id",
        )
        .bind(n as i64)
        .bind(self.lease.as_secs_f64())
        .fetch_all(self.pool())
        .await
    }

    /// Handles one update while renewing its lease.
    async fn handle_leased(&self, row: Claimed) {
        let update_id = row.update_id;
        let every = self.lease / 3;
        let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let handling = self.handle(row);
        tokio::pin!(handling);
        let result = loop {
            tokio::select! {
                result = &mut handling => break result,
                _ = renew.tick() => {
                    let renewed = sqlx::query(
                        "update inbound_updates set locked_until = now() + make_interval(secs => $2)
                          where update_id = $1 and processed_at is null",
                    )
                    .bind(update_id)
                    .bind(self.lease.as_secs_f64())
                    .execute(self.pool())
                    .await;
                    if let Err(e) = renewed {
                        tracing::warn!(update_id, error = %e, "lease on an update not renewed");
                    }
                }
            }
        };
        if let Err(e) = result {
            // The lease expires and the update is handled again.
            tracing::warn!(update_id, error = %e, "update not handled; will retry");
        }
    }

    async fn handle(&self, row: Claimed) -> sqlx::Result<()> {
        let update = match serde_json::from_str::<Update>(&row.payload) {
            Ok(update) => Some(update),
            Err(e) => {
                tracing::warn!(update_id = row.update_id, error = %e, "stored update is not an Update; skipped");
                None
            }
        };
        let Some(update) = update else {
            return self.finish(row.update_id, false, Vec::new()).await;
        };
        let exempt = row.chat_id == 0 || row.user_id.is_some_and(|u| self.ctx.is_admin(u));
        let verdict = if exempt {
            Verdict::Act
        } else {
            let mut conn = self.pool().acquire().await?;
            flood::judge(
                &mut conn,
                self.ctx.flood,
                row.chat_id,
                row.update_id,
                row.user_id,
            )
            .await?
        };
        let (flooded, replies) = match verdict {
            Verdict::Act => (
                false,
                bot::process_update(&self.ctx, &self.bot, update).await,
            ),
            Verdict::Refuse { first } => {
                if first {
                    tracing::warn!(
                        chat_id = row.chat_id,
                        "chat over its flood budget; not acted upon"
                    );
                }
                (
                    true,
                    bot::refuse_flooded(&self.ctx, &self.bot, update, first).await,
                )
            }
        };
        self.finish(row.update_id, flooded, replies).await
    }

    /// Queues the replies and marks the update handled, together.
    async fn finish(
        &self,
        update_id: i64,
        flooded: bool,
        replies: Vec<Outgoing>,
    ) -> sqlx::Result<()> {
        let mark = sqlx::query(
            "update inbound_updates set processed_at = now(), locked_until = null, flooded = $2
              where update_id = $1 and processed_at is null",
        )
        .bind(update_id)
        .bind(flooded);
        if replies.is_empty() {
            return mark.execute(self.pool()).await.map(drop);
        }
        let mut tx = self.pool().begin().await?;
        for (n, out) in replies.into_iter().enumerate() {
            let keyboard = match &out.reply.keyboard {
                Some(k) => serde_json::to_string(k).ok(),
                None => None,
            };
            outbox::enqueue_with_keyboard(
                &mut tx,
                &format!("reply:{update_id}:{n}"),
                out.chat_id,
                out.reply.text,
                keyboard,
            )
            .await?;
        }
        mark.execute(&mut *tx).await?;
        tx.commit().await
    }
}

fn log_panic(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done
        && e.is_panic()
    {
        tracing::error!(error = %e, "update handler panicked");
    }
}

/// A poisoned lock only means a handler panicked; the set itself is still right.
fn lock(set: &Mutex<HashSet<i64>>) -> std::sync::MutexGuard<'_, HashSet<i64>> {
    set.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
