//! A supplier whose settings are gone is paused, not silent (R41). A supplier known to loket
//! (its row stays once added) whose settings were removed would otherwise stay `active`: routes
//! would keep sending attempts to it that nothing can send, each left `unknown` with the money
//! held. At start, such a supplier is paused by loket itself, with a reason naming the missing
//! settings, audited as the system and told to every admin; when the settings come back at a
//! later start, a pause for that reason (and only one: an admin's own pause stays) is lifted the
//! same way. Each change is one transaction under the supplier's row lock, so a restart, or two
//! instances starting at once, change and tell it once.
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::audit::{self, Action, Entry};
use crate::outbox;
use crate::text::suppliers as say;

/// What a start did to a supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// Nothing to do: configured and not paused for it, or unconfigured and paused already,
    /// or never added.
    Unchanged,
    /// Paused: its settings are gone.
    Paused,
    /// Resumed: its settings came back.
    Resumed,
}

/// Makes supplier `code`'s state follow whether its settings (`vars`, as "DIGIFLAZZ_*") are
/// set, telling `admins` of a change.
pub async fn follow(
    pool: &PgPool,
    admins: &[i64],
    code: &str,
    vars: &str,
    configured: bool,
) -> sqlx::Result<Followed> {
    let reason = say::unconfigured_reason(vars);
    let mut tx = pool.begin().await?;
    type Pause = (Option<String>, Option<i64>);
    let row: Option<Pause> =
        sqlx::query_as("select paused_reason, paused_by from suppliers where code = $1 for update")
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?;
    let followed = match (row, configured) {
        (Some((None, _)), false) => {
            let at: DateTime<Utc> = sqlx::query_scalar(
                "update suppliers set state = 'paused', paused_reason = $2, paused_by = null,
                        paused_at = now()
                  where code = $1 returning paused_at",
            )
            .bind(code)
            .bind(&reason)
            .fetch_one(&mut *tx)
            .await?;
            let entry = Entry::new(audit::SYSTEM, Action::SupplierPause, say::subject(code))
                .change(say::ACTIVE, say::paused_state(&reason));
            audit::record(&mut tx, &entry).await?;
            let key = format!("suppliers:tidak_diatur:{code}:{}", at.timestamp_micros());
            let alert = say::unconfigured_alert(code, &reason);
            outbox::alert_admins(&mut tx, admins, &key, &alert).await?;
            Followed::Paused
        }
        // Only loket's own pause for these settings: an admin's pause names its admin.
        (Some((Some(paused), None)), true) if paused == reason => {
            let at: DateTime<Utc> = sqlx::query_scalar(
                "update suppliers set state = 'active', paused_reason = null, paused_by = null,
                        paused_at = null
                  where code = $1 returning now()",
            )
            .bind(code)
            .fetch_one(&mut *tx)
            .await?;
            let entry = Entry::new(audit::SYSTEM, Action::SupplierResume, say::subject(code))
                .change(say::paused_state(&reason), say::ACTIVE);
            audit::record(&mut tx, &entry).await?;
            let key = format!("suppliers:diatur:{code}:{}", at.timestamp_micros());
            let alert = say::configured_alert(code, vars);
            outbox::alert_admins(&mut tx, admins, &key, &alert).await?;
            Followed::Resumed
        }
        _ => Followed::Unchanged,
    };
    outbox::commit(tx).await?;
    Ok(followed)
}
