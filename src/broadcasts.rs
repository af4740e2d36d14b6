//! `/siaran`: an admin's message to every reseller. It is drafted and previewed with the number
//! it would reach; ✅ queues it, once for each recipient, in the transaction that marks it sent
//! and writes its audit row, whoever presses and however often; ❌ drops it. Its messages
//! leave after every result and reply (the outbox's last lane), and admins hear how it went in
//! one summary (R39). This module is the only code that touches `broadcasts`.
use sqlx::PgPool;

use crate::audit::{self, Action, Entry};
use crate::{outbox, text, users};

/// The `/siaran` message a draft came from: its chat and message.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub admin_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
}

/// A drafted broadcast, waiting for ✅ or ❌.
#[derive(Debug, Clone)]
pub struct Draft {
    pub broadcast_id: i64,
    /// As recipients will read it.
    pub html: String,
    /// How many it would reach now.
    pub recipients: i64,
}

/// Drafts `raw` (already checked to fit, see [`text::broadcasts::fits`]); a redelivered
/// `/siaran` finds the draft it made before. `None`: there is nobody to send it to.
pub async fn draft(
    pool: &PgPool,
    admins: &[i64],
    src: Source,
    raw: &str,
) -> sqlx::Result<Option<Draft>> {
    let mut conn = pool.acquire().await?;
    let recipients = users::count_broadcast_recipients(&mut conn, admins).await?;
    if recipients == 0 {
        return Ok(None);
    }
    let html = text::broadcasts::message(raw);
    let (broadcast_id, html): (i64, String) = sqlx::query_as(
        "with drafted as (
              insert into broadcasts (admin_id, chat_id, message_id, text) values ($1, $2, $3, $4)
              on conflict (chat_id, message_id) do nothing
              returning broadcast_id, text)
         select broadcast_id, text from drafted
          union all
         select broadcast_id, text from broadcasts where chat_id = $2 and message_id = $3
          limit 1",
    )
    .bind(src.admin_id)
    .bind(src.chat_id)
    .bind(src.message_id)
    .bind(&html)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(Draft {
        broadcast_id,
        html,
        recipients,
    }))
}

/// What became of a press on ✅ or ❌.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// Queued for this many recipients.
    Sent {
        recipients: i64,
    },
    Cancelled,
    /// Sent (`true`) or cancelled before: nothing changed.
    Before {
        sent: bool,
    },
    NotFound,
}

/// ✅: queues the broadcast for everyone it reaches now and each admin's summary, marks it
/// sent and writes its audit row, in one transaction. The draft's row lock makes a second press
/// (another admin's, a redelivered one) wait and then find it sent; the outbox's unique index per
/// broadcast and chat would refuse a second copy all the same.
pub async fn send(
    pool: &PgPool,
    admins: &[i64],
    broadcast_id: i64,
    admin_id: i64,
) -> sqlx::Result<Decided> {
    let mut tx = pool.begin().await?;
    let Some(html) = lock_draft(&mut tx, broadcast_id).await? else {
        return before(&mut tx, broadcast_id).await;
    };
    let mut q = crate::sql::Sql::new();
    let reached = users::broadcast_recipients(&mut q, admins);
    let b = outbox::Broadcast {
        broadcast_id,
        text: &html,
        admins,
    };
    let queued = outbox::queue_broadcast(&mut q, reached, &b);
    q.push("update broadcasts set status = 'sent', decided_by = ")
        .bind(admin_id)
        .push(", decided_at = now(), recipients = (select count(*) from ")
        .cte(queued)
        .push(") where broadcast_id = ")
        .bind(broadcast_id)
        .push(" returning recipients::bigint");
    let recipients: i64 = q.query_scalar().fetch_one(&mut *tx).await?;
    let entry = Entry::new(
        admin_id,
        Action::Broadcast,
        format!("siaran #{broadcast_id}"),
    )
    .change("draf", format!("dikirim ke {recipients} reseller"));
    audit::record(&mut tx, &entry).await?;
    outbox::commit(tx).await?;
    tracing::info!(broadcast_id, admin_id, recipients, "broadcast queued");
    Ok(Decided::Sent { recipients })
}

/// ❌: the draft is dropped; nothing is sent.
pub async fn cancel(pool: &PgPool, broadcast_id: i64, admin_id: i64) -> sqlx::Result<Decided> {
    let mut tx = pool.begin().await?;
    if lock_draft(&mut tx, broadcast_id).await?.is_none() {
        return before(&mut tx, broadcast_id).await;
    }
    sqlx::query(
        "update broadcasts set status = 'cancelled', decided_by = $2, decided_at = now()
          where broadcast_id = $1",
    )
    .bind(broadcast_id)
    .bind(admin_id)
    .execute(&mut *tx)
    .await?;
    let entry = Entry::new(
        admin_id,
        Action::Broadcast,
        format!("siaran #{broadcast_id}"),
    )
    .change("draf", "dibatalkan");
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Decided::Cancelled)
}

/// The draft's text, under its row lock, if it is still a draft.
async fn lock_draft(
    conn: &mut sqlx::PgConnection,
    broadcast_id: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select text from broadcasts where broadcast_id = $1 and status = 'draft' for update",
    )
    .bind(broadcast_id)
    .fetch_optional(conn)
    .await
}

/// What a press finds on a broadcast that is no draft.
async fn before(conn: &mut sqlx::PgConnection, broadcast_id: i64) -> sqlx::Result<Decided> {
    let status: Option<String> =
        sqlx::query_scalar("select status from broadcasts where broadcast_id = $1")
            .bind(broadcast_id)
            .fetch_optional(conn)
            .await?;
    Ok(match status.as_deref() {
        None => Decided::NotFound,
        Some(s) => Decided::Before { sent: s == "sent" },
    })
}
