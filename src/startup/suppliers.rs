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
        match configured::follow(pool, &settings.admin_ids, code, vars, configured).await? {
            Followed::Paused => {
                tracing::warn!(supplier = code, "supplier paused: its settings are not set")
            }
            Followed::Resumed => {
                tracing::info!(
                    supplier = code,
                    "supplier resumed: its settings are set again"
                )
            }
            Followed::Unchanged => {}
        }
    }
    Ok(())
}
