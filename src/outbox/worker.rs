//! Sends queued messages: claims a batch with SKIP LOCKED (any number of instances may run
//! this), sends outside any transaction, then records each result.
//!
//! Delivery is at least once: Telegram has no idempotency key, so a crash between its "OK"
//! and our `sent_at` commit sends that message again on the next claim (R20). That is the only
//! window in which a message is sent twice.
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use rand::Rng;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::ParseMode;
use tokio::sync::{Semaphore, watch};

use crate::bot::TgBot;

/// How long a claimed row stays ours; a crashed worker's rows are claimable again after it.
const LEASE_SECS: f64 = 60.0;
/// Messages per chat in one batch.
const PER_CHAT: i64 = 2;
/// Transient failures back off up to this long.
const MAX_BACKOFF_SECS: u64 = 300;
/// How long a stopping worker keeps waiting for sends already started.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// Batches being sent at once. Under Telegram's limits Throttle holds them anyway; the cap
/// keeps what is leased (8 × 50 rows at 30/s: under 15 s) well inside the lease.
const BATCHES_IN_FLIGHT: usize = 8;
/// Wakes up at least this often even without a notification (retries become due by time).
const IDLE_WAKE: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct OutboxWorker {
    pool: PgPool,
    bot: TgBot,
    batch: i64,
    /// Chats with a batch of this worker's being sent.
    busy: Arc<Mutex<HashSet<i64>>>,
}

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Telegram refused for good (blocked bot, bad request): recorded, not retried.
    Dead(String),
    /// Try again after this long.
    Retry(Duration),
}

#[derive(sqlx::FromRow)]
struct Claimed {
    outbox_id: i64,
    chat_id: i64,
    text: String,
    attempts: i32,
}

impl OutboxWorker {
    pub fn new(pool: PgPool, bot: TgBot, batch: i64) -> Self {
        Self {
            pool,
            bot,
            batch,
            busy: Arc::default(),
        }
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut listener = match PgListener::connect_with(&self.pool).await {
            Ok(mut l) => l.listen("outbox").await.ok().map(|()| l),
            Err(e) => {
                tracing::warn!(error = %e, "outbox notifications unavailable; polling instead");
                None
            }
        };
        // Batches are sent while the next is claimed: one batch at a time would leave Telegram
        // idle during every claim and mark, and each batch would wait out a Throttle tick.
        let slots = Arc::new(Semaphore::new(BATCHES_IN_FLIGHT));
        let mut batches = tokio::task::JoinSet::new();
        while !*shutdown.borrow() {
            let slot = tokio::select! {
                slot = slots.clone().acquire_owned() => slot,
                _ = shutdown.wait_for(|s| *s) => break,
            };
            let Ok(slot) = slot else { break };
            while batches.try_join_next().is_some() {}
            match self.claim().await {
                Ok(claimed) if !claimed.is_empty() => {
                    let (worker, stop) = (self.clone(), shutdown.clone());
                    batches.spawn(async move {
                        if let Err(e) = worker.deliver(claimed, &stop).await {
                            tracing::warn!(error = %e, "outbox results not recorded; the lease will expire");
                        }
                        drop(slot);
                    });
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox batch failed; will retry"),
            }
            drop(slot);
            // A failing listener answers at once; waiting on it would spin. Fall back to the
            // timed wake-up until it works again (it reconnects by itself).
            let notified = async {
                match listener.as_mut() {
                    Some(l) => {
                        if l.recv().await.is_err() {
                            std::future::pending::<()>().await;
                        }
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = notified => {}
                _ = tokio::time::sleep(IDLE_WAKE) => {}
                _ = shutdown.wait_for(|s| *s) => break,
            }
        }
        while batches.join_next().await.is_some() {}
    }

    /// Claims one batch, sends it, records the results. Returns how many rows were claimed.
    ///
    /// Once `stop` is set, sends still waiting (Throttle may hold one chat's messages for up to
    /// a minute) get `STOP_GRACE`, then are abandoned: their lease makes them claimable again
    /// later, and only a request already on the wire can be sent twice.
    pub async fn drain_once(&self, stop: &watch::Receiver<bool>) -> sqlx::Result<usize> {
        let claimed = self.claim().await?;
        let n = claimed.len();
        if n > 0 {
            self.deliver(claimed, stop).await?;
        }
        Ok(n)
    }

    /// Leases up to one batch of due messages.
    async fn claim(&self) -> sqlx::Result<Vec<Claimed>> {
        // At most PER_CHAT rows per chat: Telegram allows one message per second to a chat, so
        // more would only keep this batch (and a graceful shutdown) waiting on that chat while
        // others could have been served. A chat with a batch of ours still out waits for it, so
        // that batches in flight at the same time never reorder one chat's messages.
        let out: Vec<i64> = lock(&self.busy).iter().copied().collect();
        let claimed: Vec<Claimed> = sqlx::query_as(
            "update outbox set locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
              where outbox_id in (
                    select outbox_id from outbox
                     where outbox_id in (
                           select outbox_id from (
                                  select outbox_id,
                                         row_number() over (partition by chat_id order by outbox_id) as nth
                                    from outbox
                                   where sent_at is null and dead_reason is null and next_attempt_at <= now()
                                     and (locked_until is null or locked_until < now())
                                     and chat_id <> all($4)) due
                            where nth <= $3)
                     order by outbox_id limit $1 for update skip locked)
             returning outbox_id, chat_id, text, attempts",
        )
        .bind(self.batch)
        .bind(LEASE_SECS)
        .bind(PER_CHAT)
        .bind(&out)
        .fetch_all(&self.pool)
        .await?;
        lock(&self.busy).extend(claimed.iter().map(|c| c.chat_id));
        Ok(claimed)
    }

    /// Sends a claimed batch and records each result; its chats are free again afterwards,
    /// whatever happened (an unrecorded result leaves the rows to their lease).
    async fn deliver(
        &self,
        claimed: Vec<Claimed>,
        stop: &watch::Receiver<bool>,
    ) -> sqlx::Result<()> {
        let result = self.send_and_record(claimed.as_slice(), stop).await;
        let mut busy = lock(&self.busy);
        for row in &claimed {
            busy.remove(&row.chat_id);
        }
        result
    }

    async fn send_and_record(
        &self,
        claimed: &[Claimed],
        stop: &watch::Receiver<bool>,
    ) -> sqlx::Result<()> {
        // Issued in queue order: Throttle keeps each chat's messages in the order it got them.
        let mut claimed: Vec<&Claimed> = claimed.iter().collect();
        claimed.sort_by_key(|c| c.outbox_id);
        let results = self.send_all(&claimed, stop).await;
        let mut sent = Vec::new();
        for (row, delivery) in claimed.iter().zip(results) {
            let Some(delivery) = delivery else { continue };
            match delivery {
                Delivery::Sent => sent.push(row.outbox_id),
                Delivery::Dead(reason) => {
                    tracing::warn!(outbox_id = row.outbox_id, chat_id = row.chat_id, reason = %reason, "message undeliverable");
                    sqlx::query("update outbox set dead_reason = $2, locked_until = null where outbox_id = $1")
                        .bind(row.outbox_id)
                        .bind(reason)
                        .execute(&self.pool)
                        .await?;
                }
                Delivery::Retry(after) => {
                    sqlx::query(
                        "update outbox set next_attempt_at = now() + make_interval(secs => $2), locked_until = null
                          where outbox_id = $1",
                    )
                    .bind(row.outbox_id)
                    .bind(after.as_secs_f64())
                    .execute(&self.pool)
                    .await?;
                }
            }
        }
        if !sent.is_empty() {
            sqlx::query(
                "update outbox set sent_at = now(), locked_until = null where outbox_id = any($1)",
            )
            .bind(&sent)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    async fn send_all(
        &self,
        rows: &[&Claimed],
        stop: &watch::Receiver<bool>,
    ) -> Vec<Option<Delivery>> {
        let mut results: Vec<Option<Delivery>> = rows.iter().map(|_| None).collect();
        let mut pending: FuturesUnordered<_> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| async move { (i, self.send(row).await) })
            .collect();
        let mut stop = stop.clone();
        let mut give_up: Option<tokio::time::Instant> = None;
        loop {
            let deadline = async {
                match give_up {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                next = pending.next() => match next {
                    Some((i, delivery)) => results[i] = Some(delivery),
                    None => break,
                },
                _ = stop.wait_for(|s| *s), if give_up.is_none() => {
                    give_up = Some(tokio::time::Instant::now() + STOP_GRACE);
                }
                () = deadline => {
                    tracing::info!(abandoned = pending.len(), "stopping; unsent messages stay queued");
                    break;
                }
            }
        }
        results
    }

    async fn send(&self, row: &Claimed) -> Delivery {
        let request = self
            .bot
            .send_message(ChatId(row.chat_id), row.text.clone())
            .parse_mode(ParseMode::Html);
        match request.await {
            Ok(_) => Delivery::Sent,
            Err(e) => classify(&e, row.attempts),
        }
    }
}

/// A poisoned lock only means a sender panicked; the set itself is still right.
fn lock(busy: &Mutex<HashSet<i64>>) -> MutexGuard<'_, HashSet<i64>> {
    busy.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// 429 waits as long as Telegram says; 400 and 403 are final (retrying cannot fix a bad message
/// or unblock a bot); everything else (5xx, network, timeouts: the message may or may not have
/// arrived) is retried with capped, jittered exponential backoff.
pub fn classify(e: &RequestError, attempts: i32) -> Delivery {
    match e {
        RequestError::RetryAfter(secs) => Delivery::Retry(secs.duration()),
        RequestError::Api(api) => {
            let description = api.to_string();
            if description.starts_with("Bad Request")
                || description.starts_with("Forbidden")
                || is_known_permanent(api)
            {
                Delivery::Dead(description.chars().take(200).collect())
            } else {
                Delivery::Retry(backoff(attempts))
            }
        }
        RequestError::MigrateToChatId(_) => Delivery::Dead("chat migrated to a supergroup".into()),
        _ => Delivery::Retry(backoff(attempts)),
    }
}

fn is_known_permanent(api: &teloxide::ApiError) -> bool {
    use teloxide::ApiError::*;
    matches!(
        api,
        BotBlocked
            | BotKicked
            | BotKickedFromSupergroup
            | UserDeactivated
            | ChatNotFound
            | CantInitiateConversation
            | CantTalkWithBots
            | MessageIsTooLong
            | MessageTextIsEmpty
            | CantParseEntities(_)
    )
}

fn backoff(attempts: i32) -> Duration {
    let exp = 2u64
        .saturating_pow(attempts.clamp(0, 16) as u32)
        .min(MAX_BACKOFF_SECS);
    // Full jitter between half and all of the step keeps retries from marching in lockstep.
    let millis = rand::rng().random_range(exp * 500..=exp * 1000);
    Duration::from_millis(millis)
}
