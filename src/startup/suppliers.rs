//! The suppliers at start: their rows, the orders service that sends to them, and when open
//! Digiflazz attempts are checked.
use sqlx::PgPool;

use crate::biller::BillerClient;
use crate::config::Settings;
use crate::digiflazz::DigiflazzClient;
use crate::orders::{CheckSchedule, Orders};

/// Every configured supplier has its row (`utama` has had one since 0032), so routes may name
/// it and its reports have a book.
pub(super) async fn register_suppliers(settings: &Settings, pool: &PgPool) -> sqlx::Result<()> {
    if settings.digiflazz.is_some() {
        crate::supplier::registry::ensure(pool, crate::orders::DIGIFLAZZ).await?;
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
