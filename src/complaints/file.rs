//! A reseller files a complaint: checked against the order and the reseller's other
//! complaints, stored, and told to admins and the reseller, in one transaction.
use std::time::Duration;

use chrono::Utc;
use sqlx::{PgConnection, PgPool};

use super::{Complaint, notice};
use crate::domain::Money;
use crate::domain::complaint::{MAX_OPEN_PER_RESELLER, body_of};
use crate::orders::{Order, queries};

/// Serialises one reseller's filings (the second key is their id's hash), so the cap of open
/// complaints holds when two arrive at once.
const FILING_LOCK: i32 = 7_301;

/// A complaint as the reseller sent it.
#[derive(Debug, Clone)]
pub struct Filing<'a> {
    pub user_id: i64,
    pub chat_id: i64,
    /// The message that sent it (`chat:message`): a redelivered update files nothing twice.
    pub source_key: String,
    pub trxid: &'a str,
    pub text: &'a str,
    pub photo_id: Option<String>,
    /// `STUCK_ORDER_ALERT_MINS`: an open order younger than this is still being processed.
    pub stuck_after: Duration,
    /// `COMPLAINT_MAX_DAYS`.
    pub max_age: Duration,
    pub admins: &'a [i64],
}

/// Why a complaint was not taken; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No order of this reseller has the trxid (another reseller's looks the same).
    UnknownOrder,
    /// The order failed and its price went back to the balance.
    Failed { refunded: Money },
    /// The order is still open and young: it is being processed.
    StillProcessing,
    /// Older than `COMPLAINT_MAX_DAYS`.
    TooOld { days: u64 },
    /// The order already has an open complaint.
    AlreadyOpen { complaint_id: i64 },
    /// The reseller has the most open complaints allowed.
    TooMany { open: i64 },
    /// No text left once trimmed.
    Empty,
}

/// What became of a filing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// Stored and told; `cut` when the text was shortened.
    Filed {
        complaint: Complaint,
        cut: bool,
    },
    /// This very message filed it before (a redelivered update): nothing new.
    AlreadyFiled {
        complaint_id: i64,
    },
    Refused(Refusal),
}

pub async fn file(pool: &PgPool, f: &Filing<'_>) -> sqlx::Result<Filed> {
    let Some((body, cut)) = body_of(f.text) else {
        return Ok(Filed::Refused(Refusal::Empty));
    };
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock($1, hashint8($2))")
        .bind(FILING_LOCK)
        .bind(f.user_id)
        .execute(&mut *tx)
        .await?;
    if let Some(complaint_id) = by_source(&mut tx, &f.source_key).await? {
        return Ok(Filed::AlreadyFiled { complaint_id });
    }
    let Some(order) = queries::visible_to(&mut tx, f.trxid, Some(f.user_id)).await? else {
        return Ok(Filed::Refused(Refusal::UnknownOrder));
    };
    if let Some(refusal) = judge(&mut tx, f, &order).await? {
        return Ok(Filed::Refused(refusal));
    }
    let complaint = insert(&mut tx, f, &order, &body).await?;
    notice::filed(&mut tx, f.admins, &complaint, &order, cut).await?;
    crate::outbox::commit(tx).await?;
    Ok(Filed::Filed { complaint, cut })
}

/// Whether the order may be complained about now, and by this reseller.
async fn judge(
    conn: &mut PgConnection,
    f: &Filing<'_>,
    order: &Order,
) -> sqlx::Result<Option<Refusal>> {
    let age = (Utc::now() - order.created_at).to_std().unwrap_or_default();
    let status = order.status();
    if status == crate::domain::OrderStatus::Failed {
        return Ok(Some(Refusal::Failed {
            refunded: order.price,
        }));
    }
    if status.is_open() && age < f.stuck_after {
        return Ok(Some(Refusal::StillProcessing));
    }
    if age > f.max_age {
        let days = f.max_age.as_secs() / 86_400;
        return Ok(Some(Refusal::TooOld { days }));
    }
    if let Some(open) = super::open_of_order(conn, order.order_id).await? {
        return Ok(Some(Refusal::AlreadyOpen {
            complaint_id: open.complaint_id,
        }));
    }
    let open: i64 = sqlx::query_scalar(
        "select count(*) from complaints where user_id = $1 and state in ('open', 'answered')",
    )
    .bind(f.user_id)
    .fetch_one(conn)
    .await?;
    Ok((open >= MAX_OPEN_PER_RESELLER).then_some(Refusal::TooMany { open }))
}

async fn by_source(conn: &mut PgConnection, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("select complaint_id from complaints where source_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

async fn insert(
    conn: &mut PgConnection,
    f: &Filing<'_>,
    order: &Order,
    body: &str,
) -> sqlx::Result<Complaint> {
    sqlx::query_as(
        "insert into complaints (order_id, user_id, source_key, body, photo_id)
         values ($1, $2, $3, $4, $5)
         returning complaint_id, order_id, user_id, body, photo_id, state, created_at,
                   closed_by, closed_at, closing_note",
    )
    .bind(order.order_id)
    .bind(f.user_id)
    .bind(&f.source_key)
    .bind(body)
    .bind(f.photo_id.as_deref())
    .fetch_one(conn)
    .await
}
