//! The price list.
use sqlx::PgConnection;

use crate::domain::{Money, ProductCode};

#[derive(Debug, Clone)]
pub struct Product {
    pub code: String,
    pub name: String,
    /// The list price, or in a reseller's list their price at their level.
    pub price: i64,
    /// The cost price (modal), when an admin gave one.
    pub cost: Option<i64>,
    pub active: bool,
    /// In trouble (gangguan): listed, not buyable for now.
    pub disrupted: bool,
}

from_row!(Product {
    code,
    name,
    price,
    cost,
    active,
    disrupted
});

/// Adds a product or updates its list price and name (and makes it active); its cost price too
/// when one is given (otherwise the one it had stays). Orders already placed keep the price and
/// cost they were placed at.
pub async fn upsert(
    conn: &mut PgConnection,
    code: &ProductCode,
    cost: Option<Money>,
    price: Money,
    name: &str,
) -> Result<Product, sqlx::Error> {
    sqlx::query_as(
        "insert into products (code, name, price, cost) values ($1, $2, $3, $4)
         on conflict (lower(code)) do update
            set name = excluded.name, price = excluded.price,
                cost = coalesce(excluded.cost, products.cost), active = true, updated_at = now()
         returning code, name, price, cost, active, disrupted",
    )
    .bind(code.as_str())
    .bind(name)
    .bind(price.rupiah())
    .bind(cost.map(Money::rupiah))
    .fetch_one(conn)
    .await
}

/// Enables or disables a product. Returns false if there is no such product.
pub async fn set_active(
    conn: &mut PgConnection,
    code: &ProductCode,
    active: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update products set active = $2, updated_at = now(),
                inactive_reason = case when $2 then null else inactive_reason end
          where lower(code) = lower($1)",
    )
    .bind(code.as_str())
    .bind(active)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Active products at `user_id`'s prices (their level's), cheapest first, optionally filtered by
/// code or name; with the level's name.
pub async fn list_active(
    conn: &mut PgConnection,
    user_id: i64,
    filter: Option<&str>,
) -> Result<(String, Vec<Product>), sqlx::Error> {
    let level: String = sqlx::query_scalar(
        "select name from price_levels
          where level_id = coalesce((select level_id from users where user_id = $1),
                                    (select level_id from price_levels where is_default))",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    let products = sqlx::query_as(concat!(
        "select code, name, price, cost, active, disrupted from (
           select p.code, p.name, ",
        level_price!(),
        " as price, p.cost, p.active, p.disrupted from products p",
        level_joins!("$2"),
        " where p.active and ($1::text is null
                 or strpos(lower(p.code), lower($1)) > 0 or strpos(lower(p.name), lower($1)) > 0)
         ) priced order by price, code"
    ))
    .bind(filter)
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok((level, products))
}
