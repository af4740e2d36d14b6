//! `/harga`'s list: the active products at a reseller's price, in the order of the menus'
//! categories and brands (those in none last, under "Lainnya").
use sqlx::PgConnection;

use crate::levels;
use crate::sql::Sql;

/// A product on the price list, at the reader's price, with its category and brand.
#[derive(Debug, Clone)]
pub struct Listed {
    pub code: String,
    pub name: String,
    pub price: i64,
    /// In trouble (gangguan): listed, not buyable for now.
    pub disrupted: bool,
    /// `None`: in no category.
    pub category: Option<String>,
    /// `None`: of no brand.
    pub brand: Option<String>,
}

from_row!(Listed {
    code,
    name,
    price,
    disrupted,
    category,
    brand
});

/// Active products at `user_id`'s prices (their level's), optionally filtered by code or name:
/// by category and brand in menu order (none last), cheapest first within a brand; with the
/// level's name.
pub async fn price_list(
    conn: &mut PgConnection,
    user_id: i64,
    filter: Option<&str>,
) -> Result<(String, Vec<Listed>), sqlx::Error> {
    let level: String = sqlx::query_scalar(
        "select name from price_levels
          where level_id = coalesce((select level_id from users where user_id = $1),
                                    (select level_id from price_levels where is_default))",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    let mut q = Sql::new();
    q.push("select p.code, p.name, ");
    levels::price(&mut q);
    q.push(
        " as price, p.disrupted, c.name as category, b.name as brand
           from products p
           left join categories c on c.category_id = p.category_id
           left join brands b on b.brand_id = p.brand_id",
    );
    levels::price_joins(&mut q, user_id);
    q.push(" where p.active");
    if let Some(filter) = filter {
        q.push(" and (strpos(lower(p.code), lower(")
            .bind(filter)
            .push(")) > 0 or strpos(lower(p.name), lower(")
            .bind(filter)
            .push(")) > 0)");
    }
    q.push(
        " order by c.position nulls last, lower(c.name) nulls last,
                   b.position nulls last, lower(b.name) nulls last, 3, p.code",
    );
    let products = q.query_as().fetch_all(conn).await?;
    Ok((level, products))
}
