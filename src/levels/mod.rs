//! Price levels: what each reseller pays for a product, from its cost price, their level's
//! markup, and any price an admin set for one product at one level.
//!
//! The rule lives in one SQL expression, [`PRICE`], which every query that prices a product for
//! a reseller adds with [`price`] and [`price_joins`] (a purchase and `/harga` can never
//! disagree).

/// A product's price at a level, for products named `p`, the level `lvl` and the product's own
/// price for that level `lvl_price` (a left join: absent when none was set). In order: the
/// product's price for the level; its cost plus the level's markup (rupiah, or hundredths of a
/// percent rounded up to the rupiah), when both exist; its list price.
const PRICE: &str = "coalesce(lvl_price.price,
        case when p.cost is null then null
             when lvl.markup_kind = 'rupiah' then p.cost + lvl.markup
             when lvl.markup_kind = 'percent' then p.cost + (p.cost * lvl.markup + 9999) / 10000
        end,
        p.price)";

/// The price at the buyer's level of the product a statement names `p`, as an expression; the
/// statement adds [`price_joins`] to its `from` items.
pub fn price(q: &mut Sql) {
    q.push(PRICE);
}

/// The joins [`price`] needs, after products named `p`: user `user_id`'s level (the default when
/// they have none), named `lvl`, whose `level_id` the statement may read, and the product's own
/// price for it.
pub fn price_joins(q: &mut Sql, user_id: i64) {
    q.push(
        " join price_levels lvl on lvl.level_id = coalesce(
               (select level_id from users where user_id = ",
    )
    .bind(user_id)
    .push(
        "), (select level_id from price_levels where is_default))
          left join product_level_prices lvl_price
                 on lvl_price.product_id = p.product_id and lvl_price.level_id = lvl.level_id ",
    );
}

mod below_cost;

pub use crate::domain::{Markup, MarkupError};
pub use below_cost::{Basis, BelowCost, below_cost, tell_below_cost};

use sqlx::PgConnection;

use crate::domain::{Money, ProductCode};
use crate::sql::Sql;

/// A level's name: lower case letters, digits, `-` and `_`, at most 20 (`Agen` is `agen`).
pub fn level_name(input: &str) -> Option<String> {
    let name = input.trim().to_lowercase();
    let fits = (1..=20).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    // A name of digits alone would read as a user id in `/level <user_id> <nama>`.
    let numeric = name.bytes().all(|b| b.is_ascii_digit());
    (fits && !numeric).then_some(name)
}

#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    pub markup: Option<Markup>,
    pub is_default: bool,
    /// Resellers paying this level's prices (those without a level pay the default's).
    pub users: i64,
}

impl<'a> From<&'a Level> for crate::text::levels::LevelLine<'a> {
    fn from(l: &'a Level) -> Self {
        Self {
            name: &l.name,
            markup: l.markup,
            is_default: l.is_default,
            users: l.users,
        }
    }
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for Level {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        let kind: Option<String> = row.try_get("markup_kind")?;
        Ok(Level {
            name: row.try_get("name")?,
            markup: Markup::from_columns(kind.as_deref(), row.try_get("markup")?),
            is_default: row.try_get("is_default")?,
            users: row.try_get("users")?,
        })
    }
}

pub use crate::domain::levels::Change;

pub async fn list(conn: &mut PgConnection) -> sqlx::Result<Vec<Level>> {
    sqlx::query_as(
        "select l.name, l.markup_kind, l.markup, l.is_default,
                (select count(*) from users u
                  where u.level_id = l.level_id or (u.level_id is null and l.is_default)) as users
           from price_levels l order by l.is_default desc, l.name",
    )
    .fetch_all(conn)
    .await
}

pub async fn create(
    conn: &mut PgConnection,
    name: &str,
    markup: Option<Markup>,
) -> sqlx::Result<Change> {
    let (kind, value) = markup.map(Markup::columns).unzip();
    let done = sqlx::query(
        "insert into price_levels (name, markup_kind, markup) values ($1, $2, $3)
         on conflict (name) do nothing",
    )
    .bind(name)
    .bind(kind)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(if done.rows_affected() == 1 {
        Change::Done
    } else {
        Change::NameTaken
    })
}

pub async fn set_markup(
    conn: &mut PgConnection,
    name: &str,
    markup: Option<Markup>,
) -> sqlx::Result<Change> {
    let (kind, value) = markup.map(Markup::columns).unzip();
    let done = sqlx::query(
        "update price_levels set markup_kind = $2, markup = $3, updated_at = now() where name = $1",
    )
    .bind(name)
    .bind(kind)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(found(done.rows_affected()))
}

pub async fn rename(conn: &mut PgConnection, from: &str, to: &str) -> sqlx::Result<Change> {
    let (from_exists, to_exists): (bool, bool) = sqlx::query_as(
        "select exists(select 1 from price_levels where name = $1),
                exists(select 1 from price_levels where name = $2)",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    if !from_exists {
        return Ok(Change::NoLevel);
    }
    if to_exists {
        return Ok(Change::NameTaken);
    }
    let done = sqlx::query("update price_levels set name = $2, updated_at = now() where name = $1")
        .bind(from)
        .bind(to)
        .execute(conn)
        .await;
    match done {
        Ok(done) => Ok(found(done.rows_affected())),
        // Another admin took the name in the meantime.
        Err(e) if is_unique_violation(&e) => Ok(Change::NameTaken),
        Err(e) => Err(e),
    }
}

/// Makes `name` the default level. Two statements in one transaction: the unique index on the
/// default flag is checked row by row, so the old default is cleared first.
pub async fn make_default(conn: &mut PgConnection, name: &str) -> sqlx::Result<Change> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from price_levels where name = $1 for update)")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
    if !exists {
        return Ok(Change::NoLevel);
    }
    sqlx::query("update price_levels set is_default = false, updated_at = now() where is_default and name <> $1")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update price_levels set is_default = true, updated_at = now() where name = $1")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Puts a reseller on a level. Orders already placed keep the price they were placed at.
pub async fn assign(conn: &mut PgConnection, user_id: i64, name: &str) -> sqlx::Result<Change> {
    let (user, level): (bool, Option<i64>) = sqlx::query_as(
        "with l as (select level_id from price_levels where name = $2),
              u as (update users set level_id = (select level_id from l)
                     where user_id = $1 and exists(select 1 from l) returning 1)
         select exists(select 1 from users where user_id = $1), (select level_id from l)",
    )
    .bind(user_id)
    .bind(name)
    .fetch_one(conn)
    .await?;
    Ok(match (user, level) {
        (_, None) => Change::NoLevel,
        (false, _) => Change::NoUser,
        (true, Some(_)) => Change::Done,
    })
}

/// Sets (or with `None` removes) a product's own price for a level; a price below the
/// product's cost price is refused (R34). The product's row is share-locked, so a cost rise
/// being written meanwhile is waited for and judged against, and one written after it sees
/// this price in the level prices it lists.
pub async fn set_product_price(
    conn: &mut PgConnection,
    name: &str,
    code: &ProductCode,
    price: Option<Money>,
) -> sqlx::Result<Change> {
    type Row = (Option<i64>, Option<i64>, Option<i64>, i64);
    let (level, product, cost, _): Row = sqlx::query_as(
        "with l as (select level_id from price_levels where name = $1),
              p as (select product_id, cost from products where lower(code) = lower($2)
                    for share),
              removed as (delete from product_level_prices
                           where $3::bigint is null
                             and level_id = (select level_id from l)
                             and product_id = (select product_id from p) returning 1),
              set as (insert into product_level_prices (product_id, level_id, price)
                      select p.product_id, l.level_id, $3 from p, l
                       where $3::bigint is not null and (p.cost is null or $3 >= p.cost)
                      on conflict (product_id, level_id)
                      do update set price = excluded.price, updated_at = now() returning 1)
         select (select level_id from l), (select product_id from p), (select cost from p),
                (select count(*) from removed) + (select count(*) from set)",
    )
    .bind(name)
    .bind(code.as_str())
    .bind(price.map(Money::rupiah))
    .fetch_one(conn)
    .await?;
    Ok(match (level, product, price.zip(cost)) {
        (None, _, _) => Change::NoLevel,
        (_, None, _) => Change::NoProduct,
        (_, _, Some((price, cost))) if price.rupiah() < cost => Change::BelowCost {
            price: price.rupiah(),
            cost,
        },
        _ => Change::Done,
    })
}

fn found(rows: u64) -> Change {
    if rows == 1 {
        Change::Done
    } else {
        Change::NoLevel
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}
