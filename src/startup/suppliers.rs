//! The suppliers as the settings configure them, at start: every configured supplier has its
//! row (`utama` has had one since 0032), so routes may name it and its reports have a book; a
//! known supplier whose settings are gone is paused, and resumed when they come back (R41).
use sqlx::PgPool;

use crate::config::Settings;
use crate::supplier::configured::{self, Followed};
use crate::supplier::registry;

/// The suppliers besides `utama` (which `BILLER_*` always configures): code, the settings that
/// configure it as named to admins, and whether they are set.
fn optional(settings: &Settings) -> [(&'static str, &'static str, bool); 1] {
    [(
        crate::orders::DIGIFLAZZ,
        "DIGIFLAZZ_*",
        settings.digiflazz.is_some(),
    )]
}

pub(super) async fn register_suppliers(settings: &Settings, pool: &PgPool) -> sqlx::Result<()> {
    for (code, vars, configured) in optional(settings) {
        if configured {
            registry::ensure(pool, code).await?;
        }
        // loket starts without its database too (probes answer, callbacks ask to be retried):
        // a state that cannot be followed now is followed at the next start that reaches it.
        let followed = configured::follow(pool, &settings.admin_ids, code, vars, configured);
        match followed.await {
            Ok(Followed::Paused) => {
                tracing::warn!(supplier = code, "supplier paused: its settings are not set")
            }
            Ok(Followed::Resumed) => {
                tracing::info!(
                    supplier = code,
                    "supplier resumed: its settings are set again"
                )
            }
            Ok(Followed::Unchanged) => {}
            Err(e) => {
                tracing::error!(supplier = code, error = %e, "cannot follow the supplier's settings")
            }
        }
    }
    Ok(())
}
