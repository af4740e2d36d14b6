//! An admin's changes to price levels (`/level …`): each in one transaction with its audit row
//! (R38), which is written only when something changed.
use sqlx::{Connection, PgConnection};

use super::{Change, Markup};
use crate::audit::{self, Action, Entry};
use crate::domain::{Money, ProductCode};
use crate::text::audit as say;

pub async fn create(
    conn: &mut PgConnection,
    admin_id: i64,
    name: &str,
    markup: Option<Markup>,
) -> sqlx::Result<Change> {
    let mut tx = conn.begin().await?;
    let (kind, value) = markup.map(Markup::columns).unzip();
    let done = sqlx::query(
        "insert into price_levels (name, markup_kind, markup) values ($1, $2, $3)
         on conflict (name) do nothing",
    )
    .bind(name)
    .bind(kind)
    .bind(value)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(Change::NameTaken);
    }
    let entry =
        Entry::new(admin_id, Action::Level, say::level(name)).change("", say::markup(markup));
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Change::Done)
}

pub async fn set_markup(
    conn: &mut PgConnection,
    admin_id: i64,
    name: &str,
    markup: Option<Markup>,
) -> sqlx::Result<Change> {
    let mut tx = conn.begin().await?;
    let was: Option<(Option<String>, Option<i64>)> =
        sqlx::query_as("select markup_kind, markup from price_levels where name = $1 for update")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((was_kind, was_value)) = was else {
        return Ok(Change::NoLevel);
    };
    let (kind, value) = markup.map(Markup::columns).unzip();
    sqlx::query(
        "update price_levels set markup_kind = $2, markup = $3, updated_at = now() where name = $1",
    )
    .bind(name)
    .bind(kind)
    .bind(value)
    .execute(&mut *tx)
    .await?;
    let was = say::markup(Markup::from_columns(was_kind.as_deref(), was_value));
    let now = say::markup(markup);
    if was != now {
        let entry = Entry::new(admin_id, Action::Level, say::level(name)).change(was, now);
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Change::Done)
}

pub async fn rename(
    conn: &mut PgConnection,
    admin_id: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Change> {
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
    let mut tx = conn.begin().await?;
    let done = sqlx::query("update price_levels set name = $2, updated_at = now() where name = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await;
    match done {
        Ok(done) if done.rows_affected() == 1 => {}
        Ok(_) => return Ok(Change::NoLevel),
        // Another admin took the name in the meantime.
        Err(e) if is_unique_violation(&e) => return Ok(Change::NameTaken),
        Err(e) => return Err(e),
    }
    let entry = Entry::new(admin_id, Action::Level, say::level(from)).change(from, to);
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Makes `name` the default level. Two statements in one transaction: the unique index on the
/// default flag is checked row by row, so the old default is cleared first.
pub async fn make_default(
    conn: &mut PgConnection,
    admin_id: i64,
    name: &str,
) -> sqlx::Result<Change> {
    let mut tx = conn.begin().await?;
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from price_levels where name = $1 for update)")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
    if !exists {
        return Ok(Change::NoLevel);
    }
    let was: Option<String> = sqlx::query_scalar(
        "update price_levels set is_default = false, updated_at = now()
          where is_default and name <> $1 returning name",
    )
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query("update price_levels set is_default = true, updated_at = now() where name = $1")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    if let Some(was) = was {
        let subject = say::default_level(true);
        let entry = Entry::new(admin_id, Action::Level, subject).change(was, name);
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Change::Done)
}

/// Puts a reseller on a level. Orders already placed keep the price they were placed at.
pub async fn assign(
    conn: &mut PgConnection,
    admin_id: i64,
    user_id: i64,
    name: &str,
) -> sqlx::Result<Change> {
    let mut tx = conn.begin().await?;
    let level: Option<i64> =
        sqlx::query_scalar("select level_id from price_levels where name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(level) = level else {
        return Ok(Change::NoLevel);
    };
    // Their own level's name; `None` inside when they pay the default's.
    let was: Option<(Option<String>,)> = sqlx::query_as(
        "select l.name from users u left join price_levels l on l.level_id = u.level_id
          where u.user_id = $1 for update of u",
    )
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((was,)) = was else {
        return Ok(Change::NoUser);
    };
    sqlx::query("update users set level_id = $2 where user_id = $1")
        .bind(user_id)
        .bind(level)
        .execute(&mut *tx)
        .await?;
    if was.as_deref() != Some(name) {
        let entry = Entry::new(admin_id, Action::Level, say::reseller(user_id))
            .change(say::level_of(was.as_deref()), say::level_of(Some(name)));
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Change::Done)
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

/// Sets (or with `None` removes) a product's own price for a level; a price below the
/// product's cost price is refused (R34). The product's row is share-locked, so a cost rise
/// being written meanwhile is waited for and judged against, and one written after it sees
/// this price in the level prices it lists.
pub async fn set_product_price(
    conn: &mut PgConnection,
    admin_id: i64,
    name: &str,
    code: &ProductCode,
    price: Option<Money>,
) -> sqlx::Result<Change> {
    let mut tx = conn.begin().await?;
    type Row = (Option<i64>, Option<String>, Option<i64>, Option<i64>, i64);
    let (level, product, cost, was, _): Row = sqlx::query_as(
        "with l as (select level_id from price_levels where name = $1),
              p as (select product_id, code, cost from products where lower(code) = lower($2)
                    for share),
              old as (select price from product_level_prices
                       where level_id = (select level_id from l)
                         and product_id = (select product_id from p)),
              removed as (delete from product_level_prices
                           where $3::bigint is null
                             and level_id = (select level_id from l)
                             and product_id = (select product_id from p) returning 1),
              set as (insert into product_level_prices (product_id, level_id, price)
                      select p.product_id, l.level_id, $3 from p, l
                       where $3::bigint is not null and (p.cost is null or $3 >= p.cost)
                      on conflict (product_id, level_id)
                      do update set price = excluded.price, updated_at = now() returning 1)
         select (select level_id from l), (select code from p), (select cost from p),
                (select price from old),
                (select count(*) from removed) + (select count(*) from set)",
    )
    .bind(name)
    .bind(code.as_str())
    .bind(price.map(Money::rupiah))
    .fetch_one(&mut *tx)
    .await?;
    let change = match (level, &product, price.zip(cost)) {
        (None, _, _) => Change::NoLevel,
        (_, None, _) => Change::NoProduct,
        (_, _, Some((price, cost))) if price.rupiah() < cost => Change::BelowCost {
            price: price.rupiah(),
            cost,
        },
        _ => Change::Done,
    };
    let now = price.map(Money::rupiah);
    if let (Change::Done, Some(product)) = (change, product)
        && was != now
    {
        let subject = format!("{} · {}", say::product(&product), say::level(name));
        let entry = Entry::new(admin_id, Action::Price, subject)
            .change(say::level_price(was), say::level_price(now));
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(change)
}
