//! A broadcast's messages: the outbox's last lane. A chat's broadcast message waits until the
//! chat has nothing else to send, a claim takes few of them and only what room its batch has
//! left, and a worker has one batch of them in flight at a time (see `claim`), so results and
//! replies are never queued behind a broadcast. Each recipient is one row, under a unique index
//! per broadcast and chat; a refusal is counted in the broadcast's summary to admins instead of
//! being alerted alone (R39).
use super::claim::Claimed;
use crate::sql::{Cte, Sql};
use crate::text;

/// Dedup keys of a broadcast's messages start with this.
pub(super) const MESSAGE_PREFIX: &str = "siaran:";
/// Dedup keys of a broadcast's summaries to admins start with this.
const SUMMARY_PREFIX: &str = "siaranselesai:";

/// What a broadcast says, to whom, and who hears how it went.
pub struct Broadcast<'a> {
    pub broadcast_id: i64,
    /// As its recipients read it: Telegram HTML that fits one message.
    pub text: &'a str,
    /// Each gets the summary once the broadcast has no message left waiting.
    pub admins: &'a [i64],
}

/// A clause of the statement that sends a broadcast (see [`crate::sql`]): queues its message
/// once for each row of `recipients` (columns `user_id`, `chat_id`), and its summary for each
/// admin. Returns the clause of the messages queued, one row each.
pub fn queue_broadcast(q: &mut Sql, recipients: Cte, b: &Broadcast<'_>) -> Cte {
    let queued = q.with("outbox_broadcast", |q| {
        q.push("insert into outbox (dedup_key, chat_id, text, broadcast_id) select ")
            .bind(MESSAGE_PREFIX)
            .push(" || ")
            .bind(b.broadcast_id)
            .push("::bigint || ':' || r.user_id, r.chat_id, ")
            .bind(b.text)
            .push(", ")
            .bind(b.broadcast_id)
            .push(" from ")
            .cte(recipients)
            // In a stable order: the oldest users first.
            .push(" r order by r.user_id on conflict do nothing returning chat_id");
    });
    let pending = text::broadcasts::summary_pending(b.broadcast_id);
    q.with("outbox_broadcast_summary", |q| {
        q.push(
            "insert into outbox (dedup_key, chat_id, text, broadcast_id, broadcast_summary) select ",
        )
        .bind(SUMMARY_PREFIX)
        .push(" || ")
        .bind(b.broadcast_id)
        .push("::bigint || ':admin:' || a, a, ")
        .bind(pending)
        .push(", ")
        .bind(b.broadcast_id)
        .push(", true from unnest(")
        .bind(b.admins)
        .push("::bigint[]) a on conflict do nothing");
    });
    queued
}

/// Gives each claimed summary its text, from the counts the claim read.
pub(super) fn summarize(claimed: &mut [Claimed]) {
    for row in claimed.iter_mut() {
        if let (Some(id), Some(counts)) = (row.broadcast_id, &row.broadcast_counts) {
            let count = |i: usize| counts.get(i).copied().unwrap_or(0);
            row.text = text::broadcasts::summary(id, count(0), count(1), count(2));
        }
    }
}

/// Whether a dead row was one recipient's copy of a broadcast, which its summary counts.
pub(super) fn is_message(dedup_key: &str) -> bool {
    dedup_key.starts_with(MESSAGE_PREFIX)
}
