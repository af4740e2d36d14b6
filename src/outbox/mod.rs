//! Durable notifications. A message is written in the same transaction as the change it
//! announces, so it exists exactly when the change does; a worker sends it afterwards.
use sqlx::{PgConnection, Postgres, Transaction};

use row::{Row, first_attempt, insert};

use crate::sql::{Cte, Sql};
use crate::text::long;

mod alerts;
mod broadcast;
mod claim;
mod dead_letter;
mod delivery;
mod manner;
mod marks;
mod merge;
mod record;
mod row;
mod send;
pub mod undelivered;
mod worker;

pub use alerts::alert_admins;
pub use broadcast::{Broadcast, queue_broadcast};
pub use dead_letter::{DeadLetter, bury};
pub use delivery::{Delivery, classify};
pub use manner::{Manner, enqueue_in};
pub use worker::OutboxWorker;

/// Commits a transaction that may have queued messages, then wakes this instance's worker to
/// send them now rather than at its next poll.
pub async fn commit(tx: Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    tx.commit().await?;
    crate::wake::OUTBOX.ring();
    Ok(())
}

/// A clause of a statement that changes what a message announces (see [`crate::sql`]): queues
/// a plain message once for each row of `rows`: key `key`, to chat `chat_id`, saying `text`,
/// sent in `manner`, unless a message with that key was ever queued. The text must fit one Telegram message (see
/// [`enqueue`] for longer). The caller's [`commit`], or a ring of [`crate::wake::OUTBOX`] after a
/// statement alone, wakes the worker.
pub fn queue(
    q: &mut Sql,
    rows: Cte,
    (key, chat_id): (&str, i64),
    text: &str,
    manner: Manner,
) -> Cte {
    q.with("outbox_queued", |q| {
        q.push("insert into outbox (dedup_key, chat_id, text, quiet, reply_to, next_attempt_at) select ")
            .bind(key)
            .push(", ")
            .bind(chat_id)
            .push(", ")
            .bind(text)
            .push(", ")
            .bind(manner.quiet)
            .push(", ")
            .bind(manner.reply_to)
            .push(", ");
        first_attempt(q, chat_id, false);
        q.push(" from ")
            .cte(rows)
            .push(" on conflict (dedup_key) do nothing");
    })
}

/// Messages waiting to be sent (not dead), and the age in seconds of the oldest (0 if none).
pub async fn backlog(conn: &mut PgConnection) -> Result<(i64, f64), sqlx::Error> {
    sqlx::query_as(
        "select count(*), coalesce(extract(epoch from now() - min(created_at))::float8, 0)
           from outbox where sent_at is null and dead_reason is null",
    )
    .fetch_one(conn)
    .await
}

/// Queues `text` for `chat_id` unless a message with the same `dedup_key` was ever queued.
/// Returns whether a row was added.
///
/// Text too long for one Telegram message is queued as several, split between lines, each its
/// own row keyed `dedup_key#1`, `dedup_key#2` …, so each part is still sent exactly once.
pub async fn enqueue(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    text: String,
) -> Result<bool, sqlx::Error> {
    enqueue_with_keyboard(conn, dedup_key, chat_id, text, None).await
}

/// As [`enqueue`], with buttons: an inline keyboard as Telegram's JSON. A text split into
/// several messages carries the buttons on its last part.
pub async fn enqueue_with_keyboard(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    text: String,
    keyboard: Option<String>,
) -> Result<bool, sqlx::Error> {
    let manner = Manner::default();
    queue_text(
        conn,
        dedup_key,
        chat_id,
        &text,
        keyboard.as_deref(),
        None,
        manner,
    )
    .await
}

/// Queues `text` split as [`enqueue`] says, `keyboard` on its last part; `alert_kind`: an alert.
/// Every part is sent in `manner`.
async fn queue_text(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    text: &str,
    keyboard: Option<&str>,
    alert_kind: Option<&str>,
    manner: Manner,
) -> Result<bool, sqlx::Error> {
    let parts = long::split(text, long::Size::MESSAGE);
    if let [one] = parts.as_slice() {
        let row = Row {
            text: one,
            keyboard,
            alert_kind,
            manner,
            ..Row::default()
        };
        return insert(conn, dedup_key, chat_id, row).await;
    }
    let mut added = false;
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let key = format!("{dedup_key}#{}", i + 1);
        let row = Row {
            text: part,
            keyboard: keyboard.filter(|_| i == last),
            alert_kind,
            manner,
            ..Row::default()
        };
        added |= insert(conn, &key, chat_id, row).await?;
    }
    Ok(added)
}

/// A picture sent as a message: PNG bytes to upload, or a photo Telegram already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Photo {
    Png(Vec<u8>),
    /// A Telegram `file_id`, such as that of a photo a user sent us.
    Known(String),
}

/// As [`enqueue_with_keyboard`], for a photo with `caption` (at most 1024 characters of it are
/// shown; longer captions are shortened between whole tags).
pub async fn enqueue_photo(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    caption: String,
    photo: Photo,
    keyboard: Option<String>,
) -> Result<bool, sqlx::Error> {
    let caption = long::shorten(&caption, long::Size::CAPTION);
    let row = Row {
        text: &caption,
        keyboard: keyboard.as_deref(),
        photo: Some(&photo),
        ..Row::default()
    };
    insert(conn, dedup_key, chat_id, row).await
}

/// A file sent as a document, such as a report's CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub bytes: Vec<u8>,
    /// Letters, digits, `.`, `_` and `-` only (the table checks it): it names a download.
    pub file_name: String,
}

/// As [`enqueue_photo`], for a document with `caption`.
pub async fn enqueue_document(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    caption: String,
    document: Document,
) -> Result<bool, sqlx::Error> {
    let caption = long::shorten(&caption, long::Size::CAPTION);
    let row = Row {
        text: &caption,
        document: Some(&document),
        ..Row::default()
    };
    insert(conn, dedup_key, chat_id, row).await
}

/// What a reply may carry besides its text, which is then the caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    Photo(Photo),
    Document(Document),
}

/// Queues a reply: a message, sent in `manner`, or a photo or document with its caption.
pub async fn enqueue_reply(
    conn: &mut PgConnection,
    (dedup_key, chat_id): (&str, i64),
    text: String,
    keyboard: Option<String>,
    attachment: Option<Attachment>,
    manner: Manner,
) -> Result<bool, sqlx::Error> {
    match attachment {
        None => {
            let keyboard = keyboard.as_deref();
            queue_text(conn, dedup_key, chat_id, &text, keyboard, None, manner).await
        }
        Some(Attachment::Photo(photo)) => {
            enqueue_photo(conn, dedup_key, chat_id, text, photo, keyboard).await
        }
        Some(Attachment::Document(document)) => {
            enqueue_document(conn, dedup_key, chat_id, text, document).await
        }
    }
}
