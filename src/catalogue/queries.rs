//! Reading the catalogue: its groups, the products a menu shows, the operators.
use chrono::NaiveTime;
use sqlx::PgConnection;

use super::Cutoff;
use crate::domain::ProductCode;
use crate::levels;
use crate::sql::Sql;

/// The id a menu gives "no category", and among a category's brands "no brand": products
/// there are shown under "Lainnya". No row has it, as identities start at 1; the queries below
/// read a missing id as it (`coalesce(…, 0)`).
pub const OTHERS: i64 = 0;

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

impl<'a> From<&'a Category> for crate::text::catalogue::CategoryLine<'a> {
    fn from(c: &'a Category) -> Self {
        Self {
            name: &c.name,
            products: c.products,
            cutoff: c.cutoff,
        }
    }
}

impl<'a> From<&'a Brand> for crate::text::catalogue::BrandLine<'a> {
    fn from(b: &'a Brand) -> Self {
        Self {
            name: &b.name,
            products: b.products,
            operator: b.operator.as_deref(),
        }
    }
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

/// Active products in no category: the menus' last category, "Lainnya".
pub async fn uncategorised(conn: &mut PgConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from products where category_id is null and active")
        .fetch_one(conn)
        .await
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

/// Every brand, or with `category_id` the brands that have active products in it (in no
/// category, for [`OTHERS`]), in menu order.
pub async fn brands(
    conn: &mut PgConnection,
    category_id: Option<i64>,
) -> Result<Vec<Brand>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "select b.brand_id, b.name, b.operator,
                (select count(*) from products p
                  where p.brand_id = b.brand_id and p.active
                    and ($1::bigint is null or coalesce(p.category_id, 0) = $1)) as n
           from brands b
          where $1::bigint is null
             or exists (select 1 from products p
                         where p.brand_id = b.brand_id and coalesce(p.category_id, 0) = $1
                           and p.active)
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

/// Active products of a category ([`OTHERS`]: of none) that have no brand: that category's
/// last brand in the menu, "Lainnya".
pub async fn unbranded(conn: &mut PgConnection, category_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from products
          where brand_id is null and coalesce(category_id, 0) = $1 and active",
    )
    .bind(category_id)
    .fetch_one(conn)
    .await
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

/// Active products of a category and brand ([`OTHERS`] for none of either) at `user_id`'s
/// prices, cheapest first.
pub async fn products_in(
    conn: &mut PgConnection,
    user_id: i64,
    category_id: i64,
    brand_id: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    let mut q = Sql::new();
    q.push("select p.code, p.name, ");
    levels::price(&mut q);
    q.push(" as price, p.disrupted from products p");
    levels::price_joins(&mut q, user_id);
    q.push(" where p.active and coalesce(p.category_id, 0) = ")
        .bind(category_id)
        .push(" and coalesce(p.brand_id, 0) = ")
        .bind(brand_id)
        .push(" order by price, p.code");
    q.query_as().fetch_all(conn).await
}

/// Active products whose brand fills numbers of `operator`, at `user_id`'s prices: what a
/// number alone can be sold. Ordered by category, then price.
pub async fn products_for_operator(
    conn: &mut PgConnection,
    user_id: i64,
    operator: &str,
) -> Result<Vec<Entry>, sqlx::Error> {
    let mut q = Sql::new();
    q.push(
        "select code, name, price, disrupted from (
           select p.code, p.name, ",
    );
    levels::price(&mut q);
    q.push(" as price, p.disrupted, c.position as cpos from products p");
    levels::price_joins(&mut q, user_id);
    q.push(
        " join brands b on b.brand_id = p.brand_id
          left join categories c on c.category_id = p.category_id
          where p.active and lower(b.operator) = lower(",
    )
    .bind(operator)
    .push(")) priced order by cpos nulls last, price, code");
    q.query_as().fetch_all(conn).await
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

/// The operators the prefix table knows, each with its prefixes.
pub async fn operators(conn: &mut PgConnection) -> Result<Vec<(String, Vec<String>)>, sqlx::Error> {
    sqlx::query_as(
        "select operator, array_agg(prefix order by prefix) from operator_prefixes
          group by operator order by min(prefix)",
    )
    .fetch_all(conn)
    .await
}
