//! Dead letters found again by admins, and queued again once the reason is gone (the reseller
//! unblocked the bot, the admin pressed /start).
use sqlx::{Connection, PgConnection};

use super::dead_letter::{DeadLetter, select_dead};
use crate::audit::{self, Action, Entry};
use crate::text::audit as say;

/// The newest dead letters, newest first.
pub async fn newest(conn: &mut PgConnection, limit: i64) -> sqlx::Result<Vec<DeadLetter>> {
    sqlx::query_as(select_dead!("true order by o.outbox_id desc limit $1"))
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// How many dead letters there are, and how many of them are orders' final results.
pub async fn counts(conn: &mut PgConnection) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "select count(*),
                count(*) filter (where dedup_key ~ '^order:[0-9]+:(final|reversal)$')
           from outbox where dead_reason is not null",
    )
    .fetch_one(conn)
    .await
}

/// The order's final result and reversal messages, when Telegram refused them.
pub async fn results_of_order(
    conn: &mut PgConnection,
    order_id: i64,
) -> sqlx::Result<Vec<DeadLetter>> {
    let keys = [
        format!("order:{order_id}:final"),
        format!("order:{order_id}:reversal"),
    ];
    sqlx::query_as(select_dead!("o.dedup_key = any($1) order by o.outbox_id"))
        .bind(&keys[..])
        .fetch_all(conn)
        .await
}

/// Queues a dead letter again, due now, with `admin_id`'s audit row. Returns its chat, or
/// `None` when it is not dead (never was, or already queued again by a repeat of the same
/// command).
pub async fn resend(
    conn: &mut PgConnection,
    admin_id: i64,
    outbox_id: i64,
) -> sqlx::Result<Option<i64>> {
    let mut tx = conn.begin().await?;
    let queued: Option<(i64, String)> = sqlx::query_as(
        "update outbox o
            set dead_reason = null, dead_at = null, resends = o.resends + 1, locked_until = null,
                next_attempt_at = now()
           from (select outbox_id, dead_reason from outbox
                  where outbox_id = $1 and dead_reason is not null for update) old
          where o.outbox_id = old.outbox_id
      returning o.chat_id, old.dead_reason",
    )
    .bind(outbox_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((chat, reason)) = queued else {
        return Ok(None);
    };
    // Only inserts wake the worker by themselves.
    sqlx::query("select pg_notify('outbox', '')")
        .execute(&mut *tx)
        .await?;
    let entry = Entry::new(admin_id, Action::Resend, say::message(outbox_id))
        .change(say::undelivered(&reason), say::resent(chat));
    audit::record(&mut tx, &entry).await?;
    super::commit(tx).await?;
    Ok(Some(chat))
}
