//! Decoders for `orders` columns: each turns its column into the domain type once, as the row
//! is read, so no later code re-parses a string. Every value was parsed before it was written,
//! so a failure here means a corrupt row, reported as sqlx's own column decode error.
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::domain::refund::{RefundMark, RefundSource};
use crate::domain::{Destination, Money, OrderStatus, ProductCode, TrxId};

/// `orders.status` as read from the database; the check constraint makes any other text impossible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusColumn(pub OrderStatus);

impl StatusColumn {
    pub(super) fn read(row: &PgRow, column: &str) -> sqlx::Result<Self> {
        Self::try_from(row.try_get::<String, _>(column)?)
            .map_err(|value| corrupt(column, format!("unknown order status {value:?}")))
    }
}

impl TryFrom<String> for StatusColumn {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        OrderStatus::parse(&s).map(Self).ok_or(s)
    }
}

pub(super) fn product_code(row: &PgRow, column: &str) -> sqlx::Result<ProductCode> {
    let value: String = row.try_get(column)?;
    ProductCode::parse(&value).map_err(|e| corrupt(column, e.to_string()))
}

pub(super) fn destination(row: &PgRow, column: &str) -> sqlx::Result<Destination> {
    let value: String = row.try_get(column)?;
    Destination::parse(&value).map_err(|e| corrupt(column, e.to_string()))
}

pub(super) fn trxid(row: &PgRow, column: &str) -> sqlx::Result<TrxId> {
    let value: String = row.try_get(column)?;
    TrxId::parse(&value).ok_or_else(|| corrupt(column, format!("not one of our trxids: {value:?}")))
}

pub(super) fn money(row: &PgRow, column: &str) -> sqlx::Result<Money> {
    Ok(Money::from_rupiah(row.try_get(column)?))
}

/// `refunded`, `refund_source`, `refunded_by` and `refunded_at`, all set or none (a check
/// constraint), as one refund.
pub(super) fn refund(row: &PgRow, _: &str) -> sqlx::Result<Option<RefundMark>> {
    let Some(amount) = row.try_get::<Option<i64>, _>("refunded")? else {
        return Ok(None);
    };
    let source: String = row.try_get("refund_source")?;
    let source = RefundSource::parse(&source)
        .ok_or_else(|| corrupt("refund_source", format!("unknown refund source {source:?}")))?;
    Ok(Some(RefundMark {
        amount: Money::from_rupiah(amount),
        source,
        by: row.try_get("refunded_by")?,
        at: row.try_get("refunded_at")?,
    }))
}

fn corrupt(column: &str, why: String) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.into(),
        source: why.into(),
    }
}
