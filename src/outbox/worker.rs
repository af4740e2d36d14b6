//! Sends queued messages: claims a batch with SKIP LOCKED (any number of instances may run
//! this), sends outside any transaction, then records each result.
//!
//! Delivery is at least once: Telegram has no idempotency key, so a crash between its "OK"
//! and our `sent_at` commit sends that message again on the next claim (R20). That is the only
//! window in which a message is sent twice.
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use rand::Rng;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::ParseMode;
use tokio::sync::watch;

use crate::bot::TgBot;
use crate::metrics::Metrics;

/// Messages per chat in one batch.
const PER_CHAT: i64 = 2;
/// Transient failures back off up to this long.
const MAX_BACKOFF_SECS: u64 = 300;
/// How long a stopping worker keeps waiting for sends already started.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// Wakes up at least this often even without a notification (retries become due by time).
const IDLE_WAKE: Duration = Duration::from_secs(1);

pub struct OutboxWorker {
    pool: PgPool,
    bot: TgBot,
    batch: i64,
    /// How long a claimed row stays ours; a crashed worker's rows are claimable again after it.
    lease: Duration,
    metrics: Metrics,
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
    pub fn new(pool: PgPool, bot: TgBot, batch: i64, lease: Duration) -> Self {
        Self {
            pool,
            bot,
            batch,
            lease,
            metrics: Metrics::default(),
        }
    }

    /// Counts each send attempt's result in `metrics`.
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = metrics;
        self
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut listener = match PgListener::connect_with(&self.pool).await {
            Ok(mut l) => l.listen("outbox").await.ok().map(|()| l),
            Err(e) => {
                tracing::warn!(error = %e, "outbox notifications unavailable; polling instead");
                None
            }
        };
        while !*shutdown.borrow() {
            match self.drain_once(&shutdown).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox batch failed; will retry"),
            }
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
                _ = shutdown.wait_for(|s| *s) => return,
            }
        }
    }

    /// Claims one batch, sends it, records the results. Returns how many rows were claimed.
    ///
    /// Once `stop` is set, sends still waiting (Throttle may hold one chat's messages for up to
    /// a minute) get `STOP_GRACE`, then are abandoned: their lease makes them claimable again
    /// later, and only a request already on the wire can be sent twice.
    pub async fn drain_once(&self, stop: &watch::Receiver<bool>) -> sqlx::Result<usize> {
        // At most PER_CHAT rows per chat: Telegram allows one message per second to a chat, so
        // more would only keep this batch (and a graceful shutdown) waiting on that chat while
        // others could have been served.
        let mut claimed: Vec<Claimed> = sqlx::query_as(
            "update outbox set locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
              where outbox_id in (
                    select outbox_id from outbox
                     where outbox_id in (
                           select outbox_id from (
                                  select outbox_id,
                                         row_number() over (partition by chat_id order by outbox_id) as nth
                                    from outbox
                                   where sent_at is null and dead_reason is null and next_attempt_at <= now()
                                     and (locked_until is null or locked_until < now())) due
                            where nth <= $3)
                     order by outbox_id limit $1 for update skip locked)
             returning outbox_id, chat_id, text, attempts",
        )
        .bind(self.batch)
        .bind(self.lease.as_secs_f64())
        .bind(PER_CHAT)
        .fetch_all(&self.pool)
        .await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        // Issued in queue order: Throttle keeps each chat's messages in the order it got them.
        claimed.sort_by_key(|c| c.outbox_id);
        let recorded = self.send_all(&claimed, stop).await;
        recorded
            .into_iter()
            .flatten()
            .collect::<sqlx::Result<Vec<()>>>()?;
        Ok(claimed.len())
    }

    /// Sends each row and records its result as soon as Telegram answers, so a message is
    /// marked sent one round trip after its "OK" and not after the slowest send of the batch:
    /// a crash in between is the only way to send it twice (R20).
    async fn send_all(
        &self,
        rows: &[Claimed],
        stop: &watch::Receiver<bool>,
    ) -> Vec<Option<sqlx::Result<()>>> {
        let mut results: Vec<Option<sqlx::Result<()>>> = rows.iter().map(|_| None).collect();
        let mut pending: FuturesUnordered<_> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| async move {
                let delivery = self.send(row).await;
                (i, self.record(row, delivery).await)
            })
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
                    Some((i, recorded)) => results[i] = Some(recorded),
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

    async fn record(&self, row: &Claimed, delivery: Delivery) -> sqlx::Result<()> {
        self.metrics.outbox_send(match delivery {
            Delivery::Sent => "sent",
            Delivery::Dead(_) => "dead",
            Delivery::Retry(_) => "retry",
        });
        match delivery {
            Delivery::Sent => {
                sqlx::query(
                    "update outbox set sent_at = now(), locked_until = null where outbox_id = $1",
                )
                .bind(row.outbox_id)
                .execute(&self.pool)
                .await?;
            }
            Delivery::Dead(reason) => {
                tracing::warn!(outbox_id = row.outbox_id, chat_id = row.chat_id, reason = %reason, "message undeliverable");
                sqlx::query(
                    "update outbox set dead_reason = $2, locked_until = null where outbox_id = $1",
                )
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
        Ok(())
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
