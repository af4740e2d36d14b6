//! Alerts to admins: the same event told to each, a lane of their own (see `merge`).
use sqlx::PgConnection;

use super::{Manner, queue_text};

/// The same alert to every admin, each keyed so that a repeat of the event alerts nobody twice.
///
/// Alerts are a lane of their own: an admin's replies leave before alerts queued earlier, and
/// alerts of one kind (the event key's first segment: `stuck`, `mutation`, …) still waiting for
/// an admin leave as one message (see `merge`), so however many pile up, what an admin typed is
/// answered within Telegram's second per chat and the alerts follow a page at a time.
pub async fn alert_admins(
    conn: &mut PgConnection,
    admins: &[i64],
    event_key: &str,
    text: &str,
) -> Result<(), sqlx::Error> {
    let kind = alert_kind(event_key);
    for admin in admins {
        let key = format!("{event_key}:admin:{admin}");
        queue_text(
            conn,
            &key,
            *admin,
            text,
            None,
            Some(kind),
            Manner::default(),
        )
        .await?;
    }
    Ok(())
}

/// An alert's kind: its event key's first segment.
fn alert_kind(event_key: &str) -> &str {
    event_key.split(':').next().unwrap_or(event_key)
}
