//! Who is buying what, at which price: the buyer's standing, the product, and its price at the
//! buyer's level, read in one statement when an order is opened.
use sqlx::PgConnection;

use super::place::{PlaceError, PurchaseRequest};

pub(super) struct ProductRow {
    pub(super) code: String,
    pub(super) name: String,
    /// What this buyer pays at their level, and the snapshots the order keeps.
    pub(super) price: i64,
    pub(super) cost: Option<i64>,
    pub(super) level_id: i64,
}

pub(super) async fn check_buyer_and_product(
    conn: &mut PgConnection,
    req: &PurchaseRequest,
) -> Result<ProductRow, PlaceError> {
    // In one statement: the buyer's row (if any), the product's (if any) and its price at the
    // buyer's level.
    type Row = (
        Option<bool>,
        Option<String>,
        Option<String>,
        Option<bool>,
        Option<i64>,
        Option<i64>,
        i64,
    );
    let (blocked, code, name, active, cost, price, level_id): Row = sqlx::query_as(concat!(
        "select (select blocked from users where user_id = $1),
                p.code, p.name, p.active, p.cost, ",
        level_price!(),
        ", l.level_id
           from (select 1) one
           left join products p on lower(p.code) = lower($2)",
        level_joins!("$1")
    ))
    .bind(req.user_id)
    .bind(req.product.as_str())
    .fetch_one(&mut *conn)
    .await?;
    match blocked {
        None => return Err(PlaceError::NotRegistered),
        Some(true) => return Err(PlaceError::Blocked),
        Some(false) => {}
    }
    match (code, name, price, active) {
        (Some(code), Some(name), Some(price), Some(true)) => Ok(ProductRow {
            code,
            name,
            price,
            cost,
            level_id,
        }),
        (Some(_), Some(name), _, Some(false)) => Err(PlaceError::ProductInactive { name }),
        _ => Err(PlaceError::UnknownProduct),
    }
}
