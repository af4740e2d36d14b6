//! The menus' rows: opened, found, advanced a step, finished, and the product a press finds.
use sqlx::{PgConnection, PgPool};

use super::*;
use crate::levels;
use crate::sql::Sql;

/// What a new menu is about: a number menu knows its destination (and operator) from the
/// start.
#[derive(Debug, Clone, Default)]
pub struct Opening {
    pub destination: Option<String>,
    pub operator: Option<String>,
}

/// Opens a menu at `view`; any other open menu of the chat becomes stale, and long-dead rows
/// are deleted. The same message opening again (handled twice) starts its menu afresh under a
/// new version. Returns the version its buttons carry.
pub async fn open(
    pool: &PgPool,
    key: MenuKey,
    user_id: i64,
    opening: &Opening,
    view: &View,
) -> Result<i32, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("delete from menus where updated_at < now() - make_interval(hours => $1)")
        .bind(KEEP_HOURS)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "update menus set step = 'closed', version = version + 1, updated_at = now()
          where chat_id = $1 and message_id <> $2 and step not in ('closed', 'used')",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .execute(&mut *tx)
    .await?;
    let (codes, prices) = columns(&view.shown);
    let version: i32 = sqlx::query_scalar(
        "insert into menus (chat_id, message_id, user_id, step, destination, operator,
                            category_id, brand_id, page, shown_codes, shown_prices)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (chat_id, message_id) do update set
             version = menus.version + 1, step = excluded.step,
             destination = excluded.destination, operator = excluded.operator,
             category_id = excluded.category_id, brand_id = excluded.brand_id,
             page = excluded.page, shown_codes = excluded.shown_codes,
             shown_prices = excluded.shown_prices, product_code = null, price = null,
             used_update_id = null, updated_at = now()
         returning version",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(user_id)
    .bind(view.step.as_str())
    .bind(&opening.destination)
    .bind(&opening.operator)
    .bind(view.category_id)
    .bind(view.brand_id)
    .bind(view.page)
    .bind(codes)
    .bind(prices)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(version)
}

pub async fn find(conn: &mut PgConnection, key: MenuKey) -> Result<Option<Menu>, sqlx::Error> {
    let row: Option<MenuRow> = sqlx::query_as(concat!(
        menu_columns!(),
        "where chat_id = $1 and message_id = $2"
    ))
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(EXPIRES_MINUTES)
    .fetch_optional(conn)
    .await?;
    row.map(menu).transpose()
}

/// The menu waiting for `user_id`'s destination in `chat_id`, if one is; or the menu that
/// `update_id` already bought through (the same message handled again).
pub async fn waiting(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: i64,
    update_id: i64,
) -> Result<Option<Menu>, sqlx::Error> {
    let row: Option<MenuRow> = sqlx::query_as(concat!(
        menu_columns!(),
        "where chat_id = $1 and user_id = $2
            and ((step = 'destination' and updated_at >= now() - make_interval(mins => $3))
                 or (step = 'used' and used_update_id = $4))
          order by updated_at desc limit 1"
    ))
    .bind(chat_id)
    .bind(user_id)
    .bind(EXPIRES_MINUTES)
    .bind(update_id)
    .fetch_optional(conn)
    .await?;
    row.map(menu).transpose()
}

/// Moves a current menu drawn at `version` to `view`; the new version is `version + 1`. False
/// when the menu moved on, closed or expired meanwhile: the press was stale.
pub async fn advance(
    pool: &PgPool,
    key: MenuKey,
    version: i32,
    view: &View,
    menu_message_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let (codes, prices) = columns(&view.shown);
    let chosen = view.chosen.as_ref();
    let done = sqlx::query(
        "update menus set version = version + 1, step = $4, category_id = $5, brand_id = $6,
                page = $7, shown_codes = $8, shown_prices = $9, product_code = $10, price = $11,
                menu_message_id = coalesce($12, menu_message_id), updated_at = now()
          where chat_id = $1 and message_id = $2 and version = $3
            and step not in ('closed', 'used')
            and updated_at >= now() - make_interval(mins => $13)",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(version)
    .bind(view.step.as_str())
    .bind(view.category_id)
    .bind(view.brand_id)
    .bind(view.page)
    .bind(codes)
    .bind(prices)
    .bind(chosen.map(|c| c.code.as_str()))
    .bind(chosen.map(|c| c.price))
    .bind(menu_message_id)
    .bind(EXPIRES_MINUTES)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a current menu drawn at `version`: closed, or used by `update_id` to buy `code`.
/// False when it had moved on: the press or message was stale.
pub async fn finish(
    pool: &PgPool,
    key: MenuKey,
    version: i32,
    used: Option<(i64, &str)>,
    menu_message_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let step = if used.is_some() {
        Step::Used
    } else {
        Step::Closed
    };
    let done = sqlx::query(
        "update menus set version = version + 1, step = $4, used_update_id = $5,
                product_code = coalesce($6, product_code),
                menu_message_id = coalesce($7, menu_message_id), updated_at = now()
          where chat_id = $1 and message_id = $2 and version = $3
            and step not in ('closed', 'used')
            and updated_at >= now() - make_interval(mins => $8)",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(version)
    .bind(step.as_str())
    .bind(used.map(|(update_id, _)| update_id))
    .bind(used.map(|(_, code)| code))
    .bind(menu_message_id)
    .bind(EXPIRES_MINUTES)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A product as a press on it finds it now, at `user_id`'s price.
#[derive(Debug, Clone)]
pub struct Offer {
    pub code: String,
    pub name: String,
    pub price: i64,
    pub active: bool,
    pub disrupted: bool,
    pub reason: Option<String>,
    /// A PLN token: its category or brand is named PLN (there is no other mark of one), so
    /// its meter's owner can be checked before buying.
    pub pln: bool,
}

pub async fn offer(
    conn: &mut PgConnection,
    user_id: i64,
    code: &str,
) -> Result<Option<Offer>, sqlx::Error> {
    type Row = (String, String, i64, bool, bool, Option<String>, bool);
    let mut q = Sql::new();
    q.push("select p.code, p.name, ");
    levels::price(&mut q);
    q.push(
        " as price, p.active, p.disrupted, p.disrupted_reason,
           coalesce(lower(pc.name) = 'pln' or lower(pb.name) = 'pln', false)
           from products p
           left join categories pc on pc.category_id = p.category_id
           left join brands pb on pb.brand_id = p.brand_id",
    );
    levels::price_joins(&mut q, user_id);
    q.push(" where lower(p.code) = lower(").bind(code).push(")");
    let row: Option<Row> = q.query_as().fetch_optional(conn).await?;
    Ok(row.map(
        |(code, name, price, active, disrupted, reason, pln)| Offer {
            code,
            name,
            price,
            active,
            disrupted,
            reason,
            pln,
        },
    ))
}
