//! Who is buying what, at which price: the buyer's standing, the product, and its price at the
//! buyer's level, read in one statement when an order is opened, or earlier by the statement
//! that checks a `/beli` before placing it (`queries::purchase_precheck`).
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row as _};

use super::request::{PlaceError, PurchaseRequest};
use crate::catalogue::Cutoff;
use crate::domain::Registration;
use crate::levels;
use crate::routes::{self, Step};
use crate::sql::Sql;

/// A one-row select: the buyer `user_id` with their standing, the product `code`, its price at
/// the buyer's level; then whether the product is in trouble and when its category is closed.
/// Read as [`Row`].
pub(super) fn buyer_and_product(q: &mut Sql, user_id: i64, code: &str) {
    // The buyer's standing rides on this read: a purchase makes no other to learn it.
    q.push(
        "select (select case when blocked then 'blocked' when not approved then 'waiting' else 'ok' end
                   from users where user_id = ",
    )
        .bind(user_id)
        .push("), p.code, p.name, p.active, p.cost, ");
    levels::price(q);
    q.push(", lvl.level_id, p.disrupted, p.disrupted_reason, c.name, c.closes_at, c.opens_at, ");
    // Where attempt 1 goes rides on this read too (R43).
    routes::first_step(q);
    q.push(
        " from (select 1) one
           left join products p on lower(p.code) = lower(",
    )
    .bind(code)
    .push(") left join categories c on c.category_id = p.category_id");
    levels::price_joins(q, user_id);
    routes::first_step_joins(q);
}

/// The buyer, the product, its price at the buyer's level; then whether the product is in
/// trouble and when its category is closed.
pub(super) type Row = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<bool>,
    Option<i64>,
    Option<i64>,
    i64,
    Option<bool>,
    Option<String>,
    Option<String>,
    Option<chrono::NaiveTime>,
    Option<chrono::NaiveTime>,
);

/// Reads [`Row`] and the first step from the columns of `row` that [`buyer_and_product`]
/// gave, from `first` on.
pub(super) fn read_row(row: &PgRow, first: usize) -> sqlx::Result<(Row, Option<Step>)> {
    Ok((
        read_base(row, first)?,
        routes::read_first_step(row, first + 12)?,
    ))
}

fn read_base(row: &PgRow, first: usize) -> sqlx::Result<Row> {
    Ok((
        row.try_get(first)?,
        row.try_get(first + 1)?,
        row.try_get(first + 2)?,
        row.try_get(first + 3)?,
        row.try_get(first + 4)?,
        row.try_get(first + 5)?,
        row.try_get(first + 6)?,
        row.try_get(first + 7)?,
        row.try_get(first + 8)?,
        row.try_get(first + 9)?,
        row.try_get(first + 10)?,
        row.try_get(first + 11)?,
    ))
}

pub(super) struct ProductRow {
    pub(super) code: String,
    pub(super) name: String,
    /// What this buyer pays at their level, and the snapshots the order keeps.
    pub(super) price: i64,
    pub(super) cost: Option<i64>,
    pub(super) level_id: i64,
    /// Where attempt 1 goes.
    pub(super) step: Step,
}

/// The buyer and the product as read by [`buyer_and_product`] for a purchase, carried from an
/// earlier statement to [`super::Orders::purchase_read`] so that opening the order need not read
/// them again.
#[derive(Debug, Clone)]
pub struct BuyerAndProduct {
    pub(super) user_id: i64,
    pub(super) product: String,
    pub(super) row: (Row, Option<Step>),
}

/// The buyer and the product, read now unless `read` holds them for this very request.
pub(super) async fn check_buyer_and_product(
    conn: &mut PgConnection,
    req: &PurchaseRequest,
    read: Option<BuyerAndProduct>,
    mode: Registration,
) -> Result<ProductRow, PlaceError> {
    let read = read.filter(|r| r.user_id == req.user_id && r.product == req.product.as_str());
    let row = match read {
        Some(read) => read.row,
        None => {
            let mut q = Sql::new();
            buyer_and_product(&mut q, req.user_id, req.product.as_str());
            let row = q.query().fetch_one(&mut *conn).await?;
            read_row(&row, 0)?
        }
    };
    decide(row, mode)
}

/// The buyer may buy the product when [`decide_buyer`] says so and a supplier can sell it.
fn decide((row, step): (Row, Option<Step>), mode: Registration) -> Result<ProductRow, PlaceError> {
    let mut product = decide_buyer(row, mode)?;
    match step {
        Some(step) => {
            // The step's cost is what this attempt costs; the product's when it names none.
            product.cost = step.cost.or(product.cost);
            product.step = step;
            Ok(product)
        }
        None => Err(PlaceError::NoSupplier { name: product.name }),
    }
}

/// Whether the buyer may buy the product, and at which price.
fn decide_buyer(row: Row, mode: Registration) -> Result<ProductRow, PlaceError> {
    let (
        standing,
        code,
        name,
        active,
        cost,
        price,
        level_id,
        disrupted,
        reason,
        category,
        closes,
        opens,
    ) = row;
    match standing.as_deref() {
        None => return Err(PlaceError::NotRegistered),
        Some("blocked") => return Err(PlaceError::Blocked),
        Some("waiting") if mode.needs_approval() => return Err(PlaceError::AwaitingApproval),
        Some(_) => {}
    }
    match (code, name, price, active) {
        (Some(_), Some(name), _, Some(true)) if disrupted == Some(true) => {
            Err(PlaceError::Disrupted { name, reason })
        }
        (Some(_), Some(_), _, Some(true))
            if Cutoff::from_columns(closes, opens).is_some_and(|c| c.covers_now()) =>
        {
            Err(PlaceError::Closed {
                category: category.unwrap_or_default(),
                opens: opens.unwrap_or_default(),
            })
        }
        (Some(code), Some(name), Some(price), Some(true)) => Ok(ProductRow {
            code,
            name,
            price,
            cost,
            level_id,
            step: Step {
                supplier: crate::orders::UTAMA.to_owned(),
                sku: String::new(),
                cost: None,
            },
        }),
        (Some(_), Some(name), _, Some(false)) => Err(PlaceError::ProductInactive { name }),
        _ => Err(PlaceError::UnknownProduct),
    }
}
