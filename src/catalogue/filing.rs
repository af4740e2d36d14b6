//! Changing a product's place in the catalogue: filed under a category and brand, or marked in
//! trouble (gangguan). Each change is one transaction with its audit row (R38).
use sqlx::{Connection, PgConnection};

use crate::audit::{self, Action, Entry};
use crate::domain::ProductCode;
use crate::text::audit as say;

pub use crate::domain::catalogue::Missing;

/// Puts a product in a category and brand; the inner error names what does not exist.
pub async fn classify(
    conn: &mut PgConnection,
    admin_id: i64,
    code: &ProductCode,
    category: &str,
    brand: &str,
) -> Result<Result<(), Missing>, sqlx::Error> {
    let mut tx = conn.begin().await?;
    type Row = (Option<i64>, Option<i64>, Option<i64>);
    let row: Row = sqlx::query_as(
        "select (select product_id from products where lower(code) = lower($1) for update),
                (select category_id from categories where lower(name) = lower($2)),
                (select brand_id from brands where lower(name) = lower($3))",
    )
    .bind(code.as_str())
    .bind(category)
    .bind(brand)
    .fetch_one(&mut *tx)
    .await?;
    let (Some(product_id), Some(category_id), Some(brand_id)) = row else {
        let missing = match row {
            (None, _, _) => Missing::Product,
            (_, None, _) => Missing::Category,
            _ => Missing::Brand,
        };
        return Ok(Err(missing));
    };
    type Filed = (String, Option<String>, Option<String>, String, String);
    let (code, was_category, was_brand, category, brand): Filed = sqlx::query_as(
        "with old as (select p.code, c.name as category, b.name as brand from products p
                        left join categories c on c.category_id = p.category_id
                        left join brands b on b.brand_id = p.brand_id
                       where p.product_id = $1),
              done as (update products set category_id = $2, brand_id = $3, updated_at = now()
                        where product_id = $1 returning 1)
         select old.code, old.category, old.brand,
                (select name from categories where category_id = $2),
                (select name from brands where brand_id = $3)
           from old, done",
    )
    .bind(product_id)
    .bind(category_id)
    .bind(brand_id)
    .fetch_one(&mut *tx)
    .await?;
    let was = say::filed(was_category.as_deref(), was_brand.as_deref());
    let now = say::filed(Some(&category), Some(&brand));
    if was != now {
        let entry = Entry::new(admin_id, Action::Category, say::product(&code)).change(was, now);
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Marks a product in trouble (gangguan) with the reason resellers are told, or (with `None`)
/// back to normal. Returns the product's name, `None` when there is no such product.
pub async fn set_disrupted(
    conn: &mut PgConnection,
    admin_id: i64,
    code: &ProductCode,
    disrupted: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let reason = disrupted.filter(|r| !r.is_empty());
    type Row = (String, String, bool, Option<String>);
    let was: Option<Row> = sqlx::query_as(
        "update products p set disrupted = $2, disrupted_reason = $3, updated_at = now()
           from (select product_id, disrupted, disrupted_reason from products
                  where lower(code) = lower($1) for update) old
          where p.product_id = old.product_id
      returning p.code, p.name, old.disrupted, old.disrupted_reason",
    )
    .bind(code.as_str())
    .bind(disrupted.is_some())
    .bind(reason)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((code, name, was, was_reason)) = was else {
        return Ok(None);
    };
    let was = say::disruption(was, was_reason.as_deref());
    let now = say::disruption(disrupted.is_some(), reason);
    if was != now {
        let entry = Entry::new(admin_id, Action::Disruption, say::product(&code)).change(was, now);
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Some(name))
}
