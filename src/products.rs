//! The price list.
use sqlx::PgConnection;

use crate::domain::{Money, ProductCode};

#[derive(Debug, Clone)]
pub struct Product {
    pub code: String,
    pub name: String,
    pub price: i64,
    pub active: bool,
}

from_row!(Product {
    code,
    name,
    price,
    active
});

/// Adds a product or updates its price and name (and makes it active). Orders already placed
/// keep the price they were placed at.
pub async fn upsert(
    conn: &mut PgConnection,
    code: &ProductCode,
    price: Money,
    name: &str,
) -> Result<Product, sqlx::Error> {
    sqlx::query_as(
        "insert into products (code, name, price) values ($1, $2, $3)
         on conflict (lower(code)) do update
            set name = excluded.name, price = excluded.price, active = true, updated_at = now()
         returning code, name, price, active",
    )
    .bind(code.as_str())
    .bind(name)
    .bind(price.rupiah())
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
        "update products set active = $2, updated_at = now() where lower(code) = lower($1)",
    )
    .bind(code.as_str())
    .bind(active)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Active products, cheapest first, optionally filtered by code or name.
pub async fn list_active(
    conn: &mut PgConnection,
    filter: Option<&str>,
) -> Result<Vec<Product>, sqlx::Error> {
    sqlx::query_as(
        "select code, name, price, active from products
          where active and ($1::text is null
                or strpos(lower(code), lower($1)) > 0 or strpos(lower(name), lower($1)) > 0)
          order by price, code",
    )
    .bind(filter)
    .fetch_all(conn)
    .await
}
