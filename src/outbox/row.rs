//! One outbox row written: its insert, and when it may first be tried.
use sqlx::{Connection, PgConnection};

use super::{Document, Manner, Photo};
use crate::sql::Sql;

pub(super) async fn insert(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    row: Row<'_>,
) -> Result<bool, sqlx::Error> {
    let (png, photo_id) = match row.photo {
        Some(Photo::Png(bytes)) => (Some(bytes.as_slice()), None),
        Some(Photo::Known(id)) => (None, Some(id.as_str())),
        None => (None, None),
    };
    let (document, document_name) = match row.document {
        Some(d) => (Some(d.bytes.as_slice()), Some(d.file_name.as_str())),
        None => (None, None),
    };
    let mut q = Sql::new();
    q.push(
        "insert into outbox (dedup_key, chat_id, text, keyboard, photo, photo_id, document,
                             document_name, alert_kind, quiet, reply_to, next_attempt_at) values (",
    )
    .bind(dedup_key)
    .push(", ")
    .bind(chat_id)
    .push(", ")
    .bind(row.text)
    .push(", ")
    .bind(row.keyboard)
    .push(", ")
    .bind(png)
    .push(", ")
    .bind(photo_id)
    .push(", ")
    .bind(document)
    .push(", ")
    .bind(document_name)
    .push(", ")
    .bind(row.alert_kind)
    .push(", ")
    .bind(row.manner.quiet)
    .push(", ")
    .bind(row.manner.reply_to)
    .push(", ");
    first_attempt(&mut q, chat_id, row.alert_kind.is_some());
    q.push(") on conflict (dedup_key) do nothing");
    let done = q.query().execute(&mut *conn).await?;
    if !conn.is_in_transaction() {
        // Committed already; in a transaction, [`commit`] rings instead.
        crate::wake::OUTBOX.ring();
    }
    Ok(done.rows_affected() == 1)
}

/// When a message to `chat_id` may first be tried: now, but not before an earlier message of its
/// lane to the chat that waits for a retry, so a chat's messages arrive in the order queued.
/// Alerts (see [`super::alert_admins`]) and broadcasts (see `broadcast`) are lanes of their own: one
/// waiting for a retry holds back later messages of its lane, never a reply.
pub(super) fn first_attempt(q: &mut Sql, chat_id: i64, alert: bool) {
    q.push("greatest(now(), (select max(q.next_attempt_at) from outbox q where q.chat_id = ")
        .bind(chat_id)
        .push(if alert {
            " and q.alert_kind is not null"
        } else {
            " and q.alert_kind is null and q.broadcast_id is null"
        })
        .push(" and q.sent_at is null and q.dead_reason is null))");
}

/// What one outbox row carries besides its key and chat.
#[derive(Default)]
pub(super) struct Row<'a> {
    pub(super) text: &'a str,
    pub(super) keyboard: Option<&'a str>,
    pub(super) photo: Option<&'a Photo>,
    pub(super) document: Option<&'a Document>,
    /// For an alert to admins: its kind (see [`super::alert_admins`]).
    pub(super) alert_kind: Option<&'a str>,
    pub(super) manner: Manner,
}
