//! Leasing due messages, and giving back those claimed but not attempted.
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, MutexGuard};

use super::worker::OutboxWorker;

/// Messages per chat in one batch.
const PER_CHAT: i64 = 2;
/// Broadcast messages in one batch (see `broadcast`).
const BROADCAST_PER_CLAIM: i64 = 5;

/// A leased row, ours to send until the lease runs out.
pub(super) struct Claimed {
    pub(super) outbox_id: i64,
    pub(super) chat_id: i64,
    pub(super) text: String,
    /// Buttons, as Telegram's JSON.
    pub(super) keyboard: Option<String>,
    /// A photo to send with `text` as its caption: PNG bytes, or a Telegram file id.
    pub(super) photo: Option<Vec<u8>>,
    pub(super) photo_id: Option<String>,
    /// A document to send with `text` as its caption, and its file name.
    pub(super) document: Option<Vec<u8>>,
    pub(super) document_name: Option<String>,
    pub(super) attempts: i32,
    /// For an alert to admins, its kind: it leaves after the chat's other messages.
    pub(super) alert_kind: Option<String>,
    /// For a broadcast's message or summary, the broadcast: it leaves after everything else.
    pub(super) broadcast_id: Option<i64>,
    /// A broadcast's summary to an admin, whose text is counted when it leaves: how many of
    /// its messages were sent, refused by a recipient who blocked us, refused otherwise.
    pub(super) broadcast_counts: Option<Vec<i64>>,
    /// Other alerts of its kind whose text this row's message carries (see `merge`): sent,
    /// retried or refused with it.
    pub(super) merged: Vec<i64>,
    /// Sent without a sound, and under this message of the chat (see `manner`).
    pub(super) quiet: bool,
    pub(super) reply_to: Option<i64>,
}

from_row!(Claimed {
    outbox_id,
    chat_id,
    text,
    keyboard,
    photo,
    photo_id,
    document,
    document_name,
    attempts,
    alert_kind,
    broadcast_id,
    broadcast_counts,
    merged: nothing_yet,
    quiet,
    reply_to
});

/// `merged` is no column: `merge` fills it after the claim.
fn nothing_yet(_: &sqlx::postgres::PgRow, _: &str) -> sqlx::Result<Vec<i64>> {
    Ok(Vec::new())
}

impl Claimed {
    /// Where the row stands in its chat's queue: its lane (alerts, then broadcasts, last), then
    /// its place.
    pub(super) fn queue_order(&self) -> (i64, bool, bool, i64) {
        let lane = (self.broadcast_id.is_some(), self.alert_kind.is_some());
        (self.chat_id, lane.0, lane.1, self.outbox_id)
    }
}

impl OutboxWorker {
    /// Leases up to one batch of due messages.
    pub(super) async fn claim(&self) -> sqlx::Result<Vec<Claimed>> {
        // At most PER_CHAT rows per chat: Telegram allows one message per second to a chat, so
        // more would only keep this batch (and a graceful shutdown) waiting on that chat while
        // others could have been served; under that pace, one. A chat with a batch of ours still
        // out waits for it, so that batches in flight at the same time never reorder one chat's
        // messages (and a chat's later messages are never due before an earlier one: see
        // `record`). A chat the pace holds for now waits too: its message would sit in this
        // batch, and the batch in one of the few slots, while other chats' messages could go
        // (the worker wakes when the pace frees it).
        let pace = self.bot.pace();
        let mut out: Vec<i64> = lock(&self.busy).iter().copied().collect();
        out.extend(pace.chats_waiting().into_iter().map(|(chat, _)| chat));
        let per_chat = if pace.paces_chats() { 1 } else { PER_CHAT };
        // One batch of broadcast messages in flight at a time, and a small one: they queue at
        // Telegram's pace like any message, so a result claimed next waits behind at most these.
        let broadcasts = if self.broadcasting.load(Ordering::Relaxed) {
            0
        } else {
            BROADCAST_PER_CLAIM
        };
        let mut claimed: Vec<Claimed> = sqlx::query_as(
            "update outbox set locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
              where outbox_id in (
                    select outbox_id from outbox
                     -- `= any(array(…))`: the candidates are computed once. As `in (…)`, a
                     -- planner misled by a table that was empty at its last analyze re-ran the
                     -- window for every row (seconds per claim with 2,000 rows queued).
                     where outbox_id = any(array(
                           select outbox_id from (
                                  -- A chat's alerts wait behind its other messages.
                                  select outbox_id,
                                         row_number() over (partition by chat_id
                                                            order by alert_kind is not null, outbox_id) as nth
                                    from outbox
                                   where sent_at is null and dead_reason is null and next_attempt_at <= now()
                                     and (locked_until is null or locked_until < now())
                                     and chat_id <> all($4) and broadcast_id is null) due
                            where nth <= $3)
                       -- The broadcast lane, last: a chat's broadcast message waits until the
                       -- chat has nothing else left to send, and a summary until its broadcast
                       -- has no message left waiting.
                       || array(
                           select b.outbox_id from outbox b
                            where b.broadcast_id is not null and b.sent_at is null and b.dead_reason is null
                              and b.next_attempt_at <= now() and (b.locked_until is null or b.locked_until < now())
                              and b.chat_id <> all($4)
                              and not exists (
                                  select 1 from outbox e
                                   where e.chat_id = b.chat_id and e.outbox_id <> b.outbox_id
                                     and e.sent_at is null and e.dead_reason is null
                                     and (e.broadcast_id is null or e.outbox_id < b.outbox_id))
                              and (not b.broadcast_summary or not exists (
                                  select 1 from outbox m
                                   where m.broadcast_id = b.broadcast_id and not m.broadcast_summary
                                     and m.sent_at is null and m.dead_reason is null))
                            order by b.outbox_id limit $5))
                       -- Again here, on the row being locked: the subquery's snapshot may predate
                       -- another instance's claim, and only these are re-checked on the latest
                       -- version of the row, so a row claimed meanwhile is not taken twice.
                       and sent_at is null and dead_reason is null
                       and (locked_until is null or locked_until < now())
                     order by broadcast_id is not null, outbox_id limit $1 for update skip locked)
             returning outbox_id, chat_id, text, keyboard, photo, photo_id, document, document_name,
                       attempts, alert_kind, broadcast_id, quiet, reply_to,
                       -- A summary is claimed only once none of its broadcast waits: counted now.
                       case when broadcast_summary then (
                            select array[count(*) filter (where m.sent_at is not null),
                                         count(*) filter (where m.dead_reason like 'Forbidden%'),
                                         count(*) filter (where m.dead_reason not like 'Forbidden%')]
                              from outbox m
                             where m.broadcast_id = outbox.broadcast_id and not m.broadcast_summary)
                       end as broadcast_counts",
        )
        .bind(self.batch)
        .bind(self.lease.as_secs_f64())
        .bind(per_chat)
        .bind(&out)
        .bind(broadcasts)
        .fetch_all(&self.pool)
        .await?;
        lock(&self.busy).extend(claimed.iter().map(|c| c.chat_id));
        if claimed.iter().any(|c| c.broadcast_id.is_some()) {
            self.broadcasting.store(true, Ordering::Relaxed);
        }
        super::broadcast::summarize(&mut claimed);
        if let Err(e) = self.merge(&mut claimed).await {
            // Each alert still goes, alone; its siblings wait for a later claim.
            tracing::warn!(error = %e, "alerts not merged; sent one by one");
        }
        Ok(claimed)
    }

    /// Gives back rows claimed but not attempted: not counted as an attempt, claimable again.
    pub(super) async fn release(&self, rows: &[&Claimed]) -> sqlx::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| std::iter::once(r.outbox_id).chain(r.merged.iter().copied()))
            .collect();
        sqlx::query(
            "update outbox set locked_until = null, attempts = attempts - 1
              where outbox_id = any($1) and sent_at is null",
        )
        .bind(&ids)
        .execute(&self.pool)
        .await
        .map(drop)
    }
}

/// A poisoned lock only means a sender panicked; the set itself is still right.
pub(super) fn lock(busy: &Mutex<HashSet<i64>>) -> MutexGuard<'_, HashSet<i64>> {
    busy.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
