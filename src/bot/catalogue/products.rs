//! `/produk`, `/aktif` and `/nonaktif`: a product's prices and name, and whether it is on sale.
use std::sync::Arc;

use sqlx::PgConnection;

use crate::bot::{BotContext, Caller};
use crate::domain::{Money, ProductCode};
use crate::products;
use crate::text::admin as say;
use crate::text::levels as levels_say;

/// `/produk`: the list price (and cost price) saved, or why not.
pub async fn set_product(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    code: &ProductCode,
    cost: Option<Money>,
    price: Money,
    name: &str,
) -> sqlx::Result<String> {
    let admins = &ctx.admins;
    let (written, below) =
        match products::save(&ctx.pool, admins, caller.user_id, code, cost, price, name).await? {
            products::Saved::Done {
                written,
                below_cost,
            } => (written, below_cost),
            products::Saved::BelowCost { cost } => {
                return Ok(levels_say::price_below_kept_cost(
                    code.as_str(),
                    price,
                    cost,
                ));
            }
        };
    let p = &written.product;
    tracing::info!(
        admin_id = caller.user_id,
        product = %p.code,
        price = p.price,
        cost = p.cost,
        active = p.active,
        levels_below_cost = below.len(),
        "product saved"
    );
    Ok(levels_say::product_saved(&written, &below))
}

pub async fn toggle_product(
    conn: &mut PgConnection,
    caller: &Caller,
    code: &ProductCode,
    active: bool,
) -> sqlx::Result<String> {
    if !products::set_active(conn, caller.user_id, code, active).await? {
        return Ok(say::product_missing(code.as_str()));
    }
    tracing::info!(admin_id = caller.user_id, product = %code, active, "product toggled");
    Ok(say::product_toggled(code.as_str(), active))
}
