//! Writing a confirmed file's lines into the catalogue, inside the transaction that answers
//! its question ([`super::apply`]).
use std::collections::HashMap;

use sqlx::PgConnection;

use super::Line;

/// A category or brand the lines name that no longer exists: `(is a brand, its name)`.
pub(super) async fn missing_group(
    conn: &mut PgConnection,
    lines: &[Line],
) -> sqlx::Result<Option<(bool, String)>> {
    let category: Vec<Option<String>> = lines.iter().map(|l| l.category.clone()).collect();
    let brand: Vec<Option<String>> = lines.iter().map(|l| l.brand.clone()).collect();
    sqlx::query_as(
        "select false, n from unnest($1::text[]) n
          where n is not null and not exists (select 1 from categories where lower(name) = lower(n))
         union all
         select true, n from unnest($2::text[]) n
          where n is not null and not exists (select 1 from brands where lower(name) = lower(n))
         limit 1",
    )
    .bind(&category)
    .bind(&brand)
    .fetch_optional(conn)
    .await
}

/// What writing the lines did.
pub(super) struct Written {
    /// The codes of the products added and of those changed, as the file spells them.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    /// The products whose cost price the file changed, and their new cost: codes and costs at
    /// the same places.
    pub costs: (Vec<String>, Vec<i64>),
}

/// Every line in one statement; only rows that change are written (and counted). Level prices
/// and orders are other tables: untouched.
pub(super) async fn products(conn: &mut PgConnection, lines: &[Line]) -> sqlx::Result<Written> {
    let code: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    let lower: Vec<String> = lines.iter().map(|l| l.code.to_lowercase()).collect();
    // Locked: a level price set meanwhile is judged against the cost written here (see
    // `levels::set_product_price`).
    let before: HashMap<String, Option<i64>> = sqlx::query_as(
        "select lower(code), cost from products where lower(code) = any($1) for update",
    )
    .bind(&lower)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let name: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    let category: Vec<Option<&str>> = lines.iter().map(|l| l.category.as_deref()).collect();
    let brand: Vec<Option<&str>> = lines.iter().map(|l| l.brand.as_deref()).collect();
    let cost: Vec<Option<i64>> = lines.iter().map(|l| l.cost).collect();
    let price: Vec<i64> = lines.iter().map(|l| l.price).collect();
    let active: Vec<bool> = lines.iter().map(|l| l.active).collect();
    // `xmax = 0` tells an insert from an update.
    let rows: Vec<(String, Option<i64>, bool)> = sqlx::query_as(
        "insert into products (code, name, category_id, brand_id, cost, price, active)
         select f.code, f.name,
                (select category_id from categories where lower(name) = lower(f.category)),
                (select brand_id from brands where lower(name) = lower(f.brand)),
                f.cost, f.price, f.active
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                       $6::bigint[], $7::boolean[])
                as f (code, name, category, brand, cost, price, active)
         on conflict (lower(code)) do update
            set name = excluded.name, category_id = excluded.category_id,
                brand_id = excluded.brand_id, cost = excluded.cost, price = excluded.price,
                active = excluded.active,
                inactive_reason = case when excluded.active then null
                                       else products.inactive_reason end,
                updated_at = now()
          where (products.name, products.category_id, products.brand_id, products.cost,
                 products.price, products.active)
                is distinct from
                (excluded.name, excluded.category_id, excluded.brand_id, excluded.cost,
                 excluded.price, excluded.active)
         returning code, cost, (xmax = 0)",
    )
    .bind(&code)
    .bind(&name)
    .bind(&category)
    .bind(&brand)
    .bind(&cost)
    .bind(&price)
    .bind(&active)
    .fetch_all(&mut *conn)
    .await?;
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    let mut costs = (Vec::new(), Vec::new());
    for (code, cost, inserted) in rows.iter() {
        if *inserted {
            added.push(code.clone());
        } else {
            changed.push(code.clone());
        }
        let was = before.get(&code.to_lowercase()).copied().flatten();
        if let Some(cost) = *cost
            && was != Some(cost)
        {
            costs.0.push(code.clone());
            costs.1.push(cost);
        }
    }
    Ok(Written {
        added,
        changed,
        costs,
    })
}
