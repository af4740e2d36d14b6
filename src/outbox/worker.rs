//! Sends queued messages: claims a batch with SKIP LOCKED (any number of instances may run
//! this; see `claim`), sends outside any transaction, then records each result (see `record`).
//!
//! Delivery is at least once: Telegram has no idempotency key, so a crash between its "OK"
//! and our `sent_at` commit sends that message again on the next claim (R20). That is the only
//! window in which a message is sent twice.
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use sqlx::PgPool;
use tokio::sync::{Semaphore, watch};

use super::claim::{Claimed, lock};
use super::delivery::Delivery;
use super::marks::Marks;
use crate::metrics::Metrics;
use crate::telegram::TgBot;

/// How long a stopping worker keeps waiting for sends already started.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// Most batches sent at once. Under Telegram's limits the pace holds them anyway; see
/// [`OutboxWorker::batches_in_flight`] for what keeps them inside the lease.
const MAX_BATCHES_IN_FLIGHT: usize = 8;
/// Telegram's overall pace, which bounds how fast leased rows can leave.
const SENDS_PER_SEC: u64 = 30;
/// Wakes up at least this often without a ring: retries become due by time, and another
/// process's messages are found this way.
const IDLE_WAKE: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct OutboxWorker {
    pub(super) pool: PgPool,
    pub(super) bot: TgBot,
    /// Who hears about a message Telegram refused for good.
    pub(super) admins: Arc<[i64]>,
    pub(super) batch: i64,
    /// How long a claimed row stays ours; a crashed worker's rows are claimable again after it.
    pub(super) lease: Duration,
    /// Chats with a batch of this worker's being sent.
    pub(super) busy: Arc<Mutex<HashSet<i64>>>,
    pub(super) metrics: Metrics,
    /// Writes "sent" marks in groups (see `marks`).
    pub(super) marks: Marks,
    /// A batch holding broadcast messages is being sent; the next claim takes none (see
    /// `broadcast`).
    pub(super) broadcasting: Arc<AtomicBool>,
}

impl OutboxWorker {
    pub fn new(pool: PgPool, bot: TgBot, admins: &[i64], batch: i64, lease: Duration) -> Self {
        Self {
            marks: Marks::start(pool.clone()),
            pool,
            bot,
            admins: admins.into(),
            batch,
            lease,
            busy: Arc::default(),
            metrics: Metrics::default(),
            broadcasting: Arc::default(),
        }
    }

    /// Counts each send attempt's result in `metrics`.
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = metrics;
        self
    }

    /// As many batches as Telegram's pace can send within half the lease, so that no leased
    /// row is still waiting for its turn when another instance may take it over (that would
    /// send it twice with nothing crashed).
    fn batches_in_flight(&self) -> usize {
        let per_batch = self.batch.max(1) as u64;
        let fit = self.lease.as_secs() * SENDS_PER_SEC / 2 / per_batch;
        (fit as usize).clamp(1, MAX_BATCHES_IN_FLIGHT)
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut rung = crate::wake::OUTBOX.listen();
        // Batches are sent while the next is claimed: one batch at a time would leave Telegram
        // idle during every claim and mark.
        let slots = Arc::new(Semaphore::new(self.batches_in_flight()));
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
            // A batch done frees its chats, whose next messages may be due already.
            let finished = async {
                match batches.join_next().await {
                    Some(_) => {}
                    None => std::future::pending().await,
                }
            };
            // A chat the pace held out of the claim may be sent to from then on.
            let paced = self
                .bot
                .pace()
                .chats_waiting()
                .into_iter()
                .map(|(_, at)| at)
                .min();
            let pace_frees = async {
                match paced {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = rung.rung() => {}
                () = finished => {}
                () = pace_frees => {}
                _ = tokio::time::sleep(IDLE_WAKE) => {}
                _ = shutdown.wait_for(|s| *s) => break,
            }
        }
        while batches.join_next().await.is_some() {}
    }

    /// Claims one batch, sends it, records the results. Returns how many rows were claimed.
    ///
    /// Once `stop` is set, sends still waiting (the pace may hold a group's messages for
    /// seconds) get `STOP_GRACE`, then are abandoned: their lease makes them claimable again
    /// later, and only a request already on the wire can be sent twice.
    pub async fn drain_once(&self, stop: &watch::Receiver<bool>) -> sqlx::Result<usize> {
        let claimed = self.claim().await?;
        let n = claimed.len();
        if n > 0 {
            self.deliver(claimed, stop).await?;
        }
        Ok(n)
    }

    /// Sends a claimed batch and records each result; its chats are free again afterwards,
    /// whatever happened (an unrecorded result leaves the rows to their lease).
    async fn deliver(
        &self,
        claimed: Vec<Claimed>,
        stop: &watch::Receiver<bool>,
    ) -> sqlx::Result<()> {
        let (rest, broadcast): (Vec<&Claimed>, Vec<&Claimed>) =
            claimed.iter().partition(|c| c.broadcast_id.is_none());
        // A broadcast's messages start once the rest of the batch has been sent.
        let mut result = self.send_and_record(rest, stop).await;
        if !broadcast.is_empty() {
            result = match result {
                Ok(()) if !*stop.borrow() => self.send_and_record(broadcast, stop).await,
                Ok(()) => self.release(&broadcast).await,
                Err(e) => self.release(&broadcast).await.and(Err(e)),
            };
            self.broadcasting.store(false, Ordering::Relaxed);
        }
        let mut busy = lock(&self.busy);
        for row in &claimed {
            busy.remove(&row.chat_id);
        }
        result
    }

    /// Sends each row and records its result as soon as Telegram answers, so a message is
    /// marked sent one round trip after its "OK" and not after the slowest send of the batch:
    /// a crash in between is the only way to send it twice (R20).
    ///
    /// Chats are served at once, each chat's rows one after another in queue order. A row to be
    /// retried holds back the rest of its chat, which are released unsent.
    async fn send_and_record(
        &self,
        mut rows: Vec<&Claimed>,
        stop: &watch::Receiver<bool>,
    ) -> sqlx::Result<()> {
        rows.sort_by_key(|c| c.queue_order());
        let mut pending: FuturesUnordered<_> = rows
            .chunk_by(|a, b| a.chat_id == b.chat_id)
            .map(|chat| async move {
                for (i, row) in chat.iter().enumerate() {
                    let delivery = self.send(row).await;
                    let retry = matches!(delivery, Delivery::Retry(_));
                    self.record(row, delivery).await?;
                    if retry {
                        return self.release(&chat[i + 1..]).await;
                    }
                }
                Ok(())
            })
            .collect();
        let mut stop = stop.clone();
        let mut give_up: Option<tokio::time::Instant> = None;
        let mut first_error = None;
        loop {
            let deadline = async {
                match give_up {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                next = pending.next() => match next {
                    Some(Err(e)) if first_error.is_none() => first_error = Some(e),
                    Some(_) => {}
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
        first_error.map_or(Ok(()), Err)
    }
}
