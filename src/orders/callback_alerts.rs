//! Alerts about callbacks that cannot be acted on one by one (unreadable, or naming no order of
//! ours), sent at most once a minute per kind with how many arrived since the last one. A
//! supplier that misbehaves in a loop fills the audit log, not the admins' chats.
//!
//! The first such callback after a quiet minute alerts at once; later ones are counted on the
//! kind's row and reported by the next alert, which the periodic [`flush`] sends once
//! the minute has passed even if no further callback comes.
use sqlx::{PgConnection, PgPool};

use crate::{outbox, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invalid,
    UnknownRefid,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::UnknownRefid => "unknown_refid",
        }
    }
}

/// Counts one callback of `kind` in the caller's transaction, and alerts if the last alert of
/// its kind is a minute old or more. The kind's row stays locked until the caller commits, so
/// concurrent callbacks are counted one after another and alert once.
pub(super) async fn note(
    conn: &mut PgConnection,
    admins: &[i64],
    kind: Kind,
    example: &str,
) -> Result<(), sqlx::Error> {
    let example: String = example.chars().take(300).collect();
    sqlx::query(
        "insert into callback_alert_windows (kind, pending, example) values ($1, 1, $2)
         on conflict (kind) do update
            set pending = callback_alert_windows.pending + 1, example = excluded.example",
    )
    .bind(kind.as_str())
    .bind(&example)
    .execute(&mut *conn)
    .await?;
    send_if_due(conn, admins, kind.as_str()).await?;
    Ok(())
}

/// Sends the counts that waited for their minute to pass. Run periodically.
pub(super) async fn flush(pool: &PgPool, admins: &[i64]) -> Result<(), sqlx::Error> {
    let kinds: Vec<String> = sqlx::query_scalar(
        "select kind from callback_alert_windows
          where pending > 0 and last_alert_at < now() - interval '1 minute'",
    )
    .fetch_all(pool)
    .await?;
    for kind in kinds {
        let mut tx = pool.begin().await?;
        send_if_due(&mut tx, admins, &kind).await?;
        outbox::commit(tx).await?;
    }
    Ok(())
}

/// One alert with the count so far, if a minute has passed since the last one; the update is
/// guarded on that, so two instances flushing at once send it once.
async fn send_if_due(
    conn: &mut PgConnection,
    admins: &[i64],
    kind: &str,
) -> Result<(), sqlx::Error> {
    let due: Option<(i32, String, i64)> = sqlx::query_as(
        "update callback_alert_windows w
            set pending = 0, last_alert_at = now(), alerts = w.alerts + 1
           from (select kind, pending from callback_alert_windows where kind = $1 for update) old
          where w.kind = old.kind and old.pending > 0
            and (w.last_alert_at is null or w.last_alert_at < now() - interval '1 minute')
      returning old.pending, w.example, w.alerts",
    )
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((count, example, n)) = due {
        let alert = text::callback::admin_callbacks_ignored(kind, count, &example);
        outbox::alert_admins(conn, admins, &format!("callbacks:{kind}:{n}"), &alert).await?;
        tracing::warn!(
            kind,
            count,
            "admins alerted about callbacks that were not applied"
        );
    }
    Ok(())
}
