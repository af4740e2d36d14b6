//! Reading and changing the catalogue.
use chrono::NaiveTime;
use sqlx::PgConnection;

use super::Cutoff;
use crate::domain::ProductCode;

#[derive(Debug, Clone)]
pub struct Category {
    pub category_id: i64,
    pub name: String,
    pub cutoff: Option<Cutoff>,
    /// Active products in it.
    pub products: i64,
}

#[derive(Debug, Clone)]
pub struct Brand {
    pub brand_id: i64,
    pub name: String,
    /// The operator whose numbers its products fill, for phone brands.
    pub operator: Option<String>,
    /// Active products of it (in the category asked about, when one was).
    pub products: i64,
}

/// A product as a menu shows it: at the reseller's price, with whether it can be bought now.
#[derive(Debug, Clone)]
pub struct Entry {
    pub code: String,
    pub name: String,
    pub price: i64,
    pub disrupted: bool,
}

from_row!(Entry {
    code,
    name,
    price,
    disrupted
});

type CategoryRow = (i64, String, Option<NaiveTime>, Option<NaiveTime>, i64);

fn category((category_id, name, closes, opens, products): CategoryRow) -> Category {
    Category {
        category_id,
        name,
        cutoff: Cutoff::from_columns(closes, opens),
        products,
    }
}

/// Every category in menu order, with its count of active products.
pub async fn categories(conn: &mut PgConnection) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<CategoryRow> = sqlx::query_as(
        "select c.category_id, c.name, c.closes_at, c.opens_at,
                (select count(*) from products p where p.category_id = c.category_id and p.active)
           from categories c order by c.position, lower(c.name)",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(category).collect())
}

/// One category by name (any case).
pub async fn category_named(
    conn: &mut PgConnection,
    name: &str,
) -> Result<Option<Category>, sqlx::Error> {
    let row: Option<CategoryRow> = sqlx::query_as(
        "select c.category_id, c.name, c.closes_at, c.opens_at,
                (select count(*) from products p where p.category_id = c.category_id and p.active)
           from categories c where lower(c.name) = lower($1)",
    )
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(category))
}

/// Every brand, or with `category_id` the brands that have active products in it, in menu order.
pub async fn brands(
    conn: &mut PgConnection,
    category_id: Option<i64>,
) -> Result<Vec<Brand>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "select b.brand_id, b.name, b.operator,
                (select count(*) from products p
                  where p.brand_id = b.brand_id and p.active
                    and ($1::bigint is null or p.category_id = $1)) as n
           from brands b
          where $1::bigint is null
             or exists (select 1 from products p
                         where p.brand_id = b.brand_id and p.category_id = $1 and p.active)
          order by b.position, lower(b.name)",
    )
    .bind(category_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(brand_id, name, operator, products)| Brand {
            brand_id,
            name,
            operator,
            products,
        })
        .collect())
}

/// One brand by name (any case).
pub async fn brand_named(
    conn: &mut PgConnection,
    name: &str,
) -> Result<Option<Brand>, sqlx::Error> {
    let row: Option<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "select b.brand_id, b.name, b.operator,
                (select count(*) from products p where p.brand_id = b.brand_id and p.active)
           from brands b where lower(b.name) = lower($1)",
    )
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(brand_id, name, operator, products)| Brand {
        brand_id,
        name,
        operator,
        products,
    }))
}

/// Active products of a category and brand at `user_id`'s prices, cheapest first.
pub async fn products_in(
    conn: &mut PgConnection,
    user_id: i64,
    category_id: i64,
    brand_id: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select p.code, p.name, ",
        level_price!(),
        " as price, p.disrupted from products p",
        level_joins!("$1"),
        " where p.active and p.category_id = $2 and p.brand_id = $3
         order by price, p.code"
    ))
    .bind(user_id)
    .bind(category_id)
    .bind(brand_id)
    .fetch_all(conn)
    .await
}

/// Active products whose brand fills numbers of `operator`, at `user_id`'s prices: what a
/// number alone can be sold. Ordered by category, then price.
pub async fn products_for_operator(
    conn: &mut PgConnection,
    user_id: i64,
    operator: &str,
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(
        "select code, name, price, disrupted from (
           select p.code, p.name, ",
        level_price!(),
        " as price, p.disrupted, c.position as cpos from products p",
        level_joins!("$1"),
        " join brands b on b.brand_id = p.brand_id
          left join categories c on c.category_id = p.category_id
          where p.active and lower(b.operator) = lower($2)
         ) priced order by cpos nulls last, price, code"
    ))
    .bind(user_id)
    .bind(operator)
    .fetch_all(conn)
    .await
}

/// The operator a product's brand fills numbers of, if it is a phone brand.
pub async fn operator_of_product(
    conn: &mut PgConnection,
    code: &ProductCode,
) -> Result<Option<String>, sqlx::Error> {
    let found: Option<Option<String>> = sqlx::query_scalar(
        "select b.operator from products p join brands b on b.brand_id = p.brand_id
          where lower(p.code) = lower($1)",
    )
    .bind(code.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(found.flatten())
}

/// What became of a change asked by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Done,
    /// No category, brand or product by that name.
    NotFound,
    /// The new name is taken.
    Taken,
    /// Products still belong to it; it is not removed.
    InUse(i64),
}

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

/// The operators the prefix table knows, each with its prefixes.
pub async fn operators(conn: &mut PgConnection) -> Result<Vec<(String, Vec<String>)>, sqlx::Error> {
    sqlx::query_as(
        "select operator, array_agg(prefix order by prefix) from operator_prefixes
          group by operator order by min(prefix)",
    )
    .fetch_all(conn)
    .await
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

/// What `classify` could not find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Product,
    Category,
    Brand,
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
