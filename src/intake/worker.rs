//! Handles stored updates. Any number of instances may run this: each claim takes the oldest
//! waiting update of chats that have no update being handled, with a lease, so a chat is in one
//! worker's hands at a time and its updates are handled in order, while other chats go on.
//!
//! Replies are queued in the outbox, keyed by the update, in the transaction that marks the
//! update handled: a crash before that commit handles the update again (handlers are idempotent
//! where money is concerned) and queues its replies once; after it, nothing is redone. The same
//! statement leases the chat's next update, if one waits, to the handler that just finished: a
//! busy chat's updates follow each other without a fresh claim (see [`super::lease`]).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide_core::types::Update;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use super::flood::{self, Verdict};
use super::lease::{Claimed, Leases};
use crate::bot::{self, BotContext};
use crate::telegram::TgBot;

/// Updates handled at once by one instance (each holds a database connection while it works).
const HANDLERS: usize = 12;
/// Wakes up at least this often without a ring: an expired lease, or updates another instance
/// stored.
const IDLE_WAKE: Duration = Duration::from_secs(1);
/// How long a stopping worker lets the updates in its hands finish; the rest are given back.
const STOP_GRACE: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct IntakeWorker {
    ctx: Arc<BotContext>,
    bot: TgBot,
    leases: Leases,
    /// Updates this instance is handling, by chat, given back if it stops before they are done.
    in_hand: Arc<Mutex<HashMap<i64, i64>>>,
}

impl IntakeWorker {
    pub fn new(ctx: Arc<BotContext>, bot: TgBot, lease: Duration) -> Self {
        Self {
            leases: Leases::new(ctx.pool.clone(), lease, ctx.flood),
            ctx,
            bot,
            in_hand: Arc::default(),
        }
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut rung = crate::wake::INBOUND.listen();
        let slots = Arc::new(Semaphore::new(HANDLERS));
        let mut running: JoinSet<()> = JoinSet::new();
        while !*shutdown.borrow() {
            while let Some(done) = running.try_join_next() {
                log_panic(done);
            }
            let free = slots.available_permits();
            if free > 0 {
                match self.leases.claim(free).await {
                    Ok(claimed) => {
                        let full = claimed.len() == free;
                        for row in claimed {
                            let Ok(permit) = slots.clone().try_acquire_owned() else {
                                break;
                            };
                            let worker = self.clone();
                            let stopping = shutdown.clone();
                            lock(&self.in_hand).insert(row.update_id, row.chat_id);
                            running.spawn(async move {
                                worker.handle_chat(row, stopping).await;
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
            // A handler done frees its chat's next update, so it also ends the wait.
            let finished = async {
                match running.join_next().await {
                    Some(done) => log_panic(done),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = rung.rung() => {}
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
        let chats: Vec<i64> = lock(&self.in_hand).drain().map(|(_, chat)| chat).collect();
        if chats.is_empty() {
            return;
        }
        tracing::info!(
            abandoned = chats.len(),
            "stopping; updates being handled are handled again at the next start"
        );
        if let Err(e) = self.leases.give_back(&chats).await {
            tracing::warn!(error = %e, "leases not given back; they expire instead");
        }
    }

    /// Handles a claimed update, then each next update of its chat the finish hands over, until
    /// the chat has none waiting or the instance is stopping.
    async fn handle_chat(&self, first: Claimed, stopping: watch::Receiver<bool>) {
        let mut row = Some(first);
        while let Some(this) = row.take() {
            let id = this.update_id;
            row = self.handle_leased(this, &stopping).await;
            let mut in_hand = lock(&self.in_hand);
            in_hand.remove(&id);
            if let Some(next) = &row {
                in_hand.insert(next.update_id, next.chat_id);
            }
        }
    }

    /// Handles one update while renewing its lease; returns the chat's next update if the finish
    /// leased it.
    async fn handle_leased(
        &self,
        row: Claimed,
        stopping: &watch::Receiver<bool>,
    ) -> Option<Claimed> {
        let update_id = row.update_id;
        let every = self.leases.lease / 3;
        let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let handling = self.handle(row, stopping);
        tokio::pin!(handling);
        let result = loop {
            tokio::select! {
                result = &mut handling => break result,
                _ = renew.tick() => {
                    let renewed = self.leases.renew(update_id).await;
                    if let Err(e) = renewed {
                        tracing::warn!(update_id, error = %e, "lease on an update not renewed");
                    }
                }
            }
        };
        match result {
            Ok(next) => next,
            Err(e) => {
                // The lease expires and the update is handled again.
                tracing::warn!(update_id, error = %e, "update not handled; will retry");
                None
            }
        }
    }

    async fn handle(
        &self,
        row: Claimed,
        stopping: &watch::Receiver<bool>,
    ) -> sqlx::Result<Option<Claimed>> {
        // Only while running does a finished update take its chat's next one along.
        let take_next = !*stopping.borrow();
        let update = match serde_json::from_str::<Update>(&row.payload) {
            Ok(update) => Some(update),
            Err(e) => {
                tracing::warn!(update_id = row.update_id, error = %e, "stored update is not an Update; skipped");
                None
            }
        };
        let Some(update) = update else {
            return self
                .leases
                .finish(row.update_id, false, Vec::new(), take_next)
                .await;
        };
        let exempt = row.chat_id == 0 || row.user_id.is_some_and(|u| self.ctx.is_admin(u));
        let verdict = if exempt {
            Verdict::Act
        } else {
            flood::judge(self.ctx.flood, &row.flood_facts())
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
        self.leases
            .finish(row.update_id, flooded, replies, take_next)
            .await
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
fn lock(set: &Mutex<HashMap<i64, i64>>) -> std::sync::MutexGuard<'_, HashMap<i64, i64>> {
    set.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
