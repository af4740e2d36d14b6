//! Alerts about things nobody can act on one by one (a callback that cannot be read or names no
//! order of ours, a bank-mutation item that cannot be read or a body refused whole, an order
//! whose route was cut short by the failover limits), sent at most once a minute
//! per kind with how many arrived since the last one. A caller that misbehaves in a loop fills
//! the audit rows, not the admins' chats.
//!
//! The first of a kind after a quiet minute alerts at once; later ones are counted on the
//! kind's row (`callback_alert_windows`, which this module owns) and reported by the next alert,
//! which the periodic [`flush`] sends once the minute has passed even if no further one comes.
use sqlx::{PgConnection, PgPool};

use crate::{outbox, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A supplier callback that could not be read.
    CallbackInvalid,
    /// A supplier callback for a refid we never issued.
    UnknownRefid,
    /// An item of a bank-mutation body that could not be read (stored raw, as `invalid`).
    MutationInvalid,
    /// A bank-mutation body refused whole (not JSON, too large, a bad signature, a caller not
    /// allowed): nothing stored.
    MutationRefused,
    /// An order failed with a usable supplier left on its route: the GAGAL came after
    /// `FAILOVER_WINDOW_SECS` or at `FAILOVER_MAX` (R43). Its remedy is a setting, not the order.
    RouteCutShort,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::CallbackInvalid,
        Kind::UnknownRefid,
        Kind::MutationInvalid,
        Kind::MutationRefused,
        Kind::RouteCutShort,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Kind::CallbackInvalid => "invalid",
            Kind::UnknownRefid => "unknown_refid",
            Kind::MutationInvalid => "mutation_invalid",
            Kind::MutationRefused => "mutation_refused",
            Kind::RouteCutShort => "route_cut_short",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The outbox key of the `n`th alert of this kind; callbacks keep the keys they always had.
    fn key(self, n: i64) -> String {
        match self {
            Kind::CallbackInvalid => format!("callbacks:invalid:{n}"),
            Kind::UnknownRefid => format!("callbacks:unknown_refid:{n}"),
            Kind::MutationInvalid => format!("mutations:invalid:{n}"),
            Kind::MutationRefused => format!("mutations:refused:{n}"),
            Kind::RouteCutShort => format!("routes:cut_short:{n}"),
        }
    }

    fn alert(self, count: i32, example: &str) -> String {
        match self {
            Kind::CallbackInvalid => text::callback::admin_callbacks_ignored(false, count, example),
            Kind::UnknownRefid => text::callback::admin_callbacks_ignored(true, count, example),
            Kind::MutationInvalid => text::bank::admin_mutations_unreadable(count, example),
            Kind::MutationRefused => text::bank::admin_mutation_bodies_refused(count, example),
            Kind::RouteCutShort => text::routes::admin_routes_cut_short(count, example),
        }
    }
}

/// Counts one event of `kind` in the caller's transaction, and alerts if the last alert of its
/// kind is a minute old or more. The kind's row stays locked until the caller commits, so
/// concurrent events are counted one after another and alert once.
pub async fn note(
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
    send_if_due(conn, admins, kind).await?;
    Ok(())
}

/// Sends the counts that waited for their minute to pass. Run periodically.
pub async fn flush(pool: &PgPool, admins: &[i64]) -> Result<(), sqlx::Error> {
    let kinds: Vec<String> = sqlx::query_scalar(
        "select kind from callback_alert_windows
          where pending > 0 and last_alert_at < now() - interval '1 minute'",
    )
    .fetch_all(pool)
    .await?;
    for kind in kinds.iter().filter_map(|k| Kind::parse(k)) {
        let mut tx = pool.begin().await?;
        send_if_due(&mut tx, admins, kind).await?;
        outbox::commit(tx).await?;
    }
    Ok(())
}

/// One alert with the count so far, if a minute has passed since the last one; the update is
/// guarded on that, so two instances flushing at once send it once.
async fn send_if_due(
    conn: &mut PgConnection,
    admins: &[i64],
    kind: Kind,
) -> Result<(), sqlx::Error> {
    let due: Option<(i32, String, i64)> = sqlx::query_as(
        "update callback_alert_windows w
            set pending = 0, last_alert_at = now(), alerts = w.alerts + 1
           from (select kind, pending from callback_alert_windows where kind = $1 for update) old
          where w.kind = old.kind and old.pending > 0
            and (w.last_alert_at is null or w.last_alert_at < now() - interval '1 minute')
      returning old.pending, w.example, w.alerts",
    )
    .bind(kind.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((count, example, n)) = due {
        let alert = kind.alert(count, &example);
        outbox::alert_admins(conn, admins, &kind.key(n), &alert).await?;
        tracing::warn!(
            kind = kind.as_str(),
            count,
            "admins alerted about events nobody could act on one by one"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_reads_back_and_has_its_own_key() {
        let keys: std::collections::BTreeSet<String> =
            Kind::ALL.into_iter().map(|k| k.key(1)).collect();
        assert_eq!(keys.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
