//! Product routes (R42): `/rute` shows, sets (audited) and clears a product's route, refusing a
//! bad one whole; the first and next usable step skip a paused supplier, one whose balance is
//! below the step's cost and one in its cut-off, and fall back to `utama` without a route;
//! `/produk sync digiflazz` writes the price list into the steps (R46).
mod command;
mod steps;
mod sync;

/// A second supplier, as the registry would add it at start.
pub(super) async fn add_digiflazz(pool: &sqlx::PgPool) {
    sqlx::query("insert into suppliers (code) values ('digiflazz')")
        .execute(pool)
        .await
        .unwrap();
}
