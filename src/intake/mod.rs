//! Telegram updates in. Each update is stored before Telegram is told it arrived (polling
//! stores a batch before asking for the next; the webhook stores one before answering 200),
//! then handled from the database by [`IntakeWorker`]s: a chat's updates one at a time in
//! order, different chats at once, so a chat that floods the bot only delays itself.
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use teloxide_core::types::{AllowedUpdate, Update, UpdateKind};

pub mod flood;
mod lease;
pub mod polling;
pub mod webhook;
mod worker;

pub use flood::FloodLimits;
pub use worker::IntakeWorker;

/// The update kinds loket acts on, asked for alike by getUpdates and setWebhook (R9c; Telegram keeps
/// the last list either was given). Edited messages are not among them: they never run
/// commands (R8), so Telegram need not send them.
pub const ALLOWED_UPDATES: [AllowedUpdate; 2] =
    [AllowedUpdate::Message, AllowedUpdate::CallbackQuery];

/// Raw updates hold people's messages; they are deleted this long after they arrived. Orders
/// and audit rows keep what they need on their own.
pub const KEPT_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

/// One update as stored.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub update_id: i64,
    /// Exactly as received (webhook) or as teloxide serialises it back (polling).
    pub payload: String,
    /// 0 for an update without a chat.
    pub chat_id: i64,
    pub user_id: Option<i64>,
    /// Telegram's date for a message; arrival time otherwise.
    pub sent_at: Option<DateTime<Utc>>,
}

impl Incoming {
    pub fn new(update: &Update, payload: String) -> Self {
        Self {
            update_id: i64::from(update.id.0),
            payload,
            chat_id: update.chat().map_or(0, |c| c.id.0),
            user_id: update.from().and_then(|u| i64::try_from(u.id.0).ok()),
            sent_at: match &update.kind {
                UpdateKind::Message(m) => Some(m.date),
                _ => None,
            },
        }
    }

    /// As polling receives it: serialised back to Telegram's JSON.
    pub fn from_update(update: &Update) -> Result<Self, serde_json::Error> {
        let mut json = serde_json::to_value(update)?;
        // A button under a message Telegram no longer shows comes with `"date": 0`, which is how
        // it says so; teloxide writes such a message back without the date and could not read
        // it again, so the press would never be answered.
        if let Some(message) = json.pointer_mut("/callback_query/message")
            && message.get("date").is_none()
        {
            message["date"] = 0.into();
        }
        Ok(Self::new(update, json.to_string()))
    }

    /// A webhook body. `None` without a numeric `update_id`; a body teloxide cannot read is
    /// still stored (and skipped when handled), under no chat.
    pub fn from_payload(text: &str) -> Option<Self> {
        let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
        let update_id = value.get("update_id")?.as_i64()?;
        Some(match serde_json::from_str::<Update>(text) {
            Ok(update) if i64::from(update.id.0) == update_id => Self::new(&update, text.into()),
            _ => Self {
                update_id,
                payload: text.into(),
                chat_id: 0,
                user_id: None,
                sent_at: None,
            },
        })
    }
}

/// Stores updates in one statement (so one transaction); an update stored before is left as it
/// is. Returns how many were new.
pub async fn store(pool: &PgPool, updates: &[Incoming]) -> sqlx::Result<u64> {
    if updates.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = updates.iter().map(|u| u.update_id).collect();
    let payloads: Vec<&str> = updates.iter().map(|u| u.payload.as_str()).collect();
    let chats: Vec<i64> = updates.iter().map(|u| u.chat_id).collect();
    let users: Vec<Option<i64>> = updates.iter().map(|u| u.user_id).collect();
    let dates: Vec<Option<DateTime<Utc>>> = updates.iter().map(|u| u.sent_at).collect();
    let done = sqlx::query(
        "insert into inbound_updates (update_id, payload, chat_id, user_id, sent_at)
         select id, payload, chat, usr, coalesce(sent, now())
           from unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::timestamptz[])
                as u(id, payload, chat, usr, sent)
         order by id
         on conflict (update_id) do nothing",
    )
    .bind(&ids)
    .bind(&payloads)
    .bind(&chats)
    .bind(&users)
    .bind(&dates)
    .execute(pool)
    .await?;
    if done.rows_affected() > 0 {
        crate::wake::INBOUND.ring();
    }
    Ok(done.rows_affected())
}

/// Updates stored and not yet handled (in hand or not), and the oldest one's age in seconds
/// (0 when none), for `/metrics`: a backlog here is people waiting for an answer.
pub async fn waiting(conn: &mut sqlx::PgConnection) -> sqlx::Result<(i64, f64)> {
    sqlx::query_as(
        "select count(*), coalesce(extract(epoch from now() - min(received_at))::float8, 0)
           from inbound_updates where processed_at is null",
    )
    .fetch_one(conn)
    .await
}

/// Deletes updates that arrived more than `KEPT_FOR` ago. One still waiting by then is a week-old
/// command nobody should act on any more; it goes too, and is counted in the log.
pub async fn prune(pool: &PgPool, kept_for: Duration) -> sqlx::Result<u64> {
    let (deleted, unhandled): (i64, i64) = sqlx::query_as(
        "with gone as (
              delete from inbound_updates
               where received_at < now() - make_interval(secs => $1)
           returning processed_at)
         select count(*), count(*) filter (where processed_at is null) from gone",
    )
    .bind(kept_for.as_secs_f64())
    .fetch_one(pool)
    .await?;
    if unhandled > 0 {
        tracing::warn!(unhandled, "updates never handled were deleted after a week");
    }
    Ok(deleted as u64)
}

/// Prunes now and then, until `stop`.
pub async fn prune_periodically(
    pool: PgPool,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match prune(&pool, KEPT_FOR).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "raw updates older than a week deleted"),
            Err(e) => tracing::warn!(error = %e, "old updates not pruned; will retry"),
        }
    }
}
