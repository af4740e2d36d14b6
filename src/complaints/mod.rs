//! Complaints: a reseller says an order went wrong ("pulsa belum masuk"), admins answer with
//! the result sent again, a refund, a reply or a refusal. This module owns `complaints`; every
//! step is one transaction with the complaint's state, the messages it causes and (for an
//! admin's step) the audit row (R37).
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::domain::complaint::ComplaintState;

/// `select <a complaint's columns> from complaints where <cond>`.
macro_rules! select_complaint {
    ($cond:literal) => {
        concat!(
            "select complaint_id, order_id, user_id, body, photo_id, state, created_at,
                    closed_by, closed_at, closing_note
               from complaints where ",
            $cond
        )
    };
}

mod act;
mod file;
mod lists;
mod notice;

pub use act::{Acted, AdminStep, ComplaintRefund, act, refund, refund_complaint};
pub use file::{Filed, Filing, Refusal, file};
pub use lists::{Listed, of_user, open_ones};

/// One complaint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub complaint_id: i64,
    pub order_id: i64,
    pub user_id: i64,
    pub body: String,
    pub photo_id: Option<String>,
    pub state: ComplaintState,
    pub created_at: DateTime<Utc>,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closing_note: String,
}

impl Complaint {
    /// The complaint as its messages show it.
    pub fn line(&self) -> crate::text::complaints::ComplaintLine<'_> {
        crate::text::complaints::ComplaintLine {
            no: self.complaint_id,
            body: &self.body,
            state: self.state,
            created_at: self.created_at,
            closing_note: &self.closing_note,
        }
    }
}

from_row!(Complaint {
    complaint_id,
    order_id,
    user_id,
    body,
    photo_id,
    state: read_state,
    created_at,
    closed_by,
    closed_at,
    closing_note
});

fn read_state(row: &sqlx::postgres::PgRow, column: &str) -> sqlx::Result<ComplaintState> {
    use sqlx::Row;
    let value: String = row.try_get(column)?;
    ComplaintState::parse(&value).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.into(),
        source: format!("unknown complaint state {value:?}").into(),
    })
}

/// One complaint, its row locked until the transaction ends when `lock`: two admins acting on
/// it at once act one after the other, and the second sees what the first did.
async fn load(conn: &mut PgConnection, id: i64, lock: bool) -> sqlx::Result<Option<Complaint>> {
    let sql = if lock {
        select_complaint!("complaint_id = $1 for update")
    } else {
        select_complaint!("complaint_id = $1")
    };
    sqlx::query_as(sql).bind(id).fetch_optional(conn).await
}

/// The open complaint about an order, locked.
async fn open_of_order(conn: &mut PgConnection, order_id: i64) -> sqlx::Result<Option<Complaint>> {
    sqlx::query_as(select_complaint!(
        "order_id = $1 and state in ('open', 'answered') for update"
    ))
    .bind(order_id)
    .fetch_optional(conn)
    .await
}

/// A complaint and the order it is about, as they stand.
pub async fn about(
    pool: &sqlx::PgPool,
    no: i64,
) -> sqlx::Result<Option<(Complaint, crate::orders::Order)>> {
    let mut conn = pool.acquire().await?;
    let Some(complaint) = load(&mut conn, no, false).await? else {
        return Ok(None);
    };
    let order = crate::orders::queries::by_ids(&mut conn, &[complaint.order_id]).await?;
    Ok(order.into_iter().next().map(|o| (complaint, o)))
}
