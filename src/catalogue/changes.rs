//! Changing the catalogue: categories and brands added, renamed, removed; a category's closed
//! hours, a brand's operator; a product filed, or marked in trouble.
use sqlx::PgConnection;

use super::Cutoff;
use crate::domain::ProductCode;

pub use crate::domain::catalogue::{Change, Missing};

fn unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.code().as_deref() == Some("23505"))
}

async fn affected(
    result: Result<sqlx::postgres::PgQueryResult, sqlx::Error>,
) -> Result<Change, sqlx::Error> {
    match result {
        Ok(done) if done.rows_affected() == 0 => Ok(Change::NotFound),
        Ok(_) => Ok(Change::Done),
        Err(e) if unique_violation(&e) => Ok(Change::Taken),
        Err(e) => Err(e),
    }
}

/// Which of the two groups a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Category,
    Brand,
}

/// The statements for one group, written out: SQL is never assembled at run time.
macro_rules! group_sql {
    ($group:expr, $sql:ident) => {
        match $group {
            Group::Category => group_sql!(@ $sql, "categories", "category_id"),
            Group::Brand => group_sql!(@ $sql, "brands", "brand_id"),
        }
    };
    (@ add, $table:literal, $id:literal) => {
        concat!("insert into ", $table, " (name, position)
                 select $1, coalesce(max(position), 0) + 1 from ", $table)
    };
    (@ rename, $table:literal, $id:literal) => {
        concat!("update ", $table, " set name = $2 where lower(name) = lower($1)")
    };
    (@ uses, $table:literal, $id:literal) => {
        concat!("select (select count(*) from products p where p.", $id, " = g.", $id, ")
                   from ", $table, " g where lower(g.name) = lower($1)")
    };
    (@ remove, $table:literal, $id:literal) => {
        concat!("delete from ", $table, " where lower(name) = lower($1)")
    };
}

/// Adds a category or brand at the end of the menu.
pub async fn add(conn: &mut PgConnection, group: Group, name: &str) -> Result<Change, sqlx::Error> {
    let sql = group_sql!(group, add);
    affected(sqlx::query(sql).bind(name).execute(conn).await).await
}

pub async fn rename(
    conn: &mut PgConnection,
    group: Group,
    from: &str,
    to: &str,
) -> Result<Change, sqlx::Error> {
    let sql = group_sql!(group, rename);
    affected(sqlx::query(sql).bind(from).bind(to).execute(conn).await).await
}

/// Removes a category or brand no product belongs to.
pub async fn remove(
    conn: &mut PgConnection,
    group: Group,
    name: &str,
) -> Result<Change, sqlx::Error> {
    let used: Option<i64> = sqlx::query_scalar(group_sql!(group, uses))
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    match used {
        None => Ok(Change::NotFound),
        Some(n) if n > 0 => Ok(Change::InUse(n)),
        Some(_) => {
            let sql = group_sql!(group, remove);
            affected(sqlx::query(sql).bind(name).execute(conn).await).await
        }
    }
}

/// Sets (or with `None` clears) the daily hours a category is closed.
pub async fn set_cutoff(
    conn: &mut PgConnection,
    category: &str,
    cutoff: Option<Cutoff>,
) -> Result<Change, sqlx::Error> {
    let done = sqlx::query(
        "update categories set closes_at = $2, opens_at = $3 where lower(name) = lower($1)",
    )
    .bind(category)
    .bind(cutoff.map(|c| c.closes))
    .bind(cutoff.map(|c| c.opens))
    .execute(conn)
    .await;
    affected(done).await
}

/// Sets (or with `None` clears) the operator whose numbers a brand's products fill.
pub async fn set_operator(
    conn: &mut PgConnection,
    brand: &str,
    operator: Option<&str>,
) -> Result<Change, sqlx::Error> {
    let done = sqlx::query("update brands set operator = $2 where lower(name) = lower($1)")
        .bind(brand)
        .bind(operator)
        .execute(conn)
        .await;
    affected(done).await
}

/// Puts a product in a category and brand; the inner error names what does not exist.
pub async fn classify(
    conn: &mut PgConnection,
    code: &ProductCode,
    category: &str,
    brand: &str,
) -> Result<Result<(), Missing>, sqlx::Error> {
    let row: (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "select (select product_id from products where lower(code) = lower($1)),
                (select category_id from categories where lower(name) = lower($2)),
                (select brand_id from brands where lower(name) = lower($3))",
    )
    .bind(code.as_str())
    .bind(category)
    .bind(brand)
    .fetch_one(&mut *conn)
    .await?;
    let (Some(product_id), Some(category_id), Some(brand_id)) = row else {
        let missing = match row {
            (None, _, _) => Missing::Product,
            (_, None, _) => Missing::Category,
            _ => Missing::Brand,
        };
        return Ok(Err(missing));
    };
    sqlx::query(
        "update products set category_id = $2, brand_id = $3, updated_at = now()
          where product_id = $1",
    )
    .bind(product_id)
    .bind(category_id)
    .bind(brand_id)
    .execute(conn)
    .await?;
    Ok(Ok(()))
}

/// Marks a product in trouble (gangguan) with the reason resellers are told, or (with `None`)
/// back to normal. Returns the product's name, `None` when there is no such product.
pub async fn set_disrupted(
    conn: &mut PgConnection,
    code: &ProductCode,
    disrupted: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "update products set disrupted = $2, disrupted_reason = $3, updated_at = now()
          where lower(code) = lower($1) returning name",
    )
    .bind(code.as_str())
    .bind(disrupted.is_some())
    .bind(disrupted.filter(|r| !r.is_empty()))
    .fetch_optional(conn)
    .await
}
