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
mod changes;

pub use crate::domain::{Markup, MarkupError};
pub use below_cost::{Basis, BelowCost, below_cost, tell_below_cost};
pub use changes::{assign, create, make_default, rename, set_markup, set_product_price};

use sqlx::PgConnection;

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
