//! The suppliers as the settings configure them, at start (and the orders service that sends
//! to them, and when open Digiflazz attempts are checked): every configured supplier has its
//! row (`utama` has had one since 0032), so routes may name it and its reports have a book; a
//! known supplier whose settings are gone is paused, and resumed when they come back (R41).
use sqlx::PgPool;

use crate::biller::BillerClient;
use crate::config::Settings;
use crate::digiflazz::DigiflazzClient;
use crate::orders::{CheckSchedule, Orders};
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

/// The orders service as the settings configure it.
pub(super) fn orders_for(settings: &Settings, pool: PgPool, biller: BillerClient) -> Orders {
    Orders::new(pool, biller, &settings.admin_ids)
        .with_registration(settings.registration)
        .with_support_contact(settings.support_contact.clone())
        .with_failover(settings.failover)
        .with_digiflazz(settings.digiflazz.as_ref().map(DigiflazzClient::new))
}

/// When open Digiflazz attempts are checked (R45); none without Digiflazz.
pub(super) fn status_checks(settings: &Settings) -> Option<CheckSchedule> {
    (settings.digiflazz.as_ref()).map(|d| CheckSchedule {
        first: d.check_first,
    })
}
