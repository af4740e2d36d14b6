//! An admin acts on a complaint: sends the order's result again, replies, turns it down; and
//! a refund closes it. Each step is one transaction under the complaint's row lock, with the
//! reseller's message, the other admins' notice and the audit row (R37, R38).
use std::sync::Arc;

use sqlx::{PgConnection, PgPool};

use super::{Complaint, load, notice};
use crate::audit::{self, Action, Entry};
use crate::domain::complaint::{ComplaintState, body_of};
use crate::ledger::LedgerError;
use crate::orders::{
    AlsoInRefund, Order, OrderError, Orders, RefundError, RefundRequest, Refunded, Refused, queries,
};

/// What an admin does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminStep<'a> {
    /// Send the order's result to the reseller again; closes the complaint.
    Resend,
    /// Words for the reseller; the complaint stays open.
    Reply(&'a str),
    /// Turn it down with a reason; closes the complaint.
    Reject(&'a str),
}

/// What became of the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acted {
    Done {
        complaint: Complaint,
    },
    Unknown,
    /// Someone closed it already: nothing changed.
    Closed {
        complaint: Complaint,
    },
    /// The order is not final: there is no result to send.
    NoResult,
    /// No words where words are needed.
    EmptyText,
    /// This very command was carried out before (a redelivered update).
    AlreadyDone,
}

/// Carries out `step` by `admin_id` on complaint `no`; `key` names the command or press, so a
/// redelivered one does nothing twice.
pub async fn act(
    pool: &PgPool,
    admins: &[i64],
    admin_id: i64,
    no: i64,
    step: AdminStep<'_>,
    key: &str,
) -> sqlx::Result<Acted> {
    let words = match step {
        AdminStep::Resend => String::new(),
        AdminStep::Reply(text) | AdminStep::Reject(text) => match body_of(text) {
            Some((words, _)) => words,
            None => return Ok(Acted::EmptyText),
        },
    };
    let mut tx = pool.begin().await?;
    let Some(complaint) = load(&mut tx, no, true).await? else {
        return Ok(Acted::Unknown);
    };
    if !complaint.state.is_open() {
        return Ok(Acted::Closed { complaint });
    }
    let Some(order) = order_of(&mut tx, &complaint).await? else {
        return Ok(Acted::Unknown);
    };
    let (state, message) = match step {
        AdminStep::Resend if order.status().is_open() => return Ok(Acted::NoResult),
        AdminStep::Resend => (ComplaintState::Resent, notice::result_again(no, &order)),
        AdminStep::Reply(_) => (ComplaintState::Answered, notice::reply(no, &words)),
        AdminStep::Reject(_) => (ComplaintState::Rejected, notice::rejected(no, &words)),
    };
    let chat = order.user_chat_id;
    if !crate::outbox::enqueue(&mut tx, &format!("complaint:{key}"), chat, message).await? {
        return Ok(Acted::AlreadyDone);
    }
    let before = complaint.state;
    let complaint = set_state(&mut tx, &complaint, state, admin_id, &words).await?;
    record(&mut tx, admin_id, before, &complaint, &words).await?;
    notice::handled(&mut tx, admins, &complaint, admin_id).await?;
    crate::outbox::commit(tx).await?;
    Ok(Acted::Done { complaint })
}

/// A refund of an order's SUKSES (`/refund`, or "Refund penuh" under a complaint) that closes
/// the order's open complaint, if any, in the refund's own transaction (R36, R37).
pub async fn refund(orders: &Orders, req: &RefundRequest) -> Result<Refunded, RefundError> {
    let admins: Arc<[i64]> = orders.admins().into();
    let close: AlsoInRefund<'_> = &move |tx, done| {
        let admins = admins.clone();
        Box::pin(async move { close_refunded(tx, &admins, done).await.map(drop) })
    };
    orders.refund_with(req, close).await
}

/// What "Refund penuh" under a complaint came to, when the refund itself was not refused.
#[derive(Debug, Clone)]
pub enum ComplaintRefund {
    /// Refunded, and the complaint closed with it.
    Refunded(Box<Refunded>),
    /// Someone closed the complaint first: nothing was refunded.
    Closed(Complaint),
}

/// "Refund penuh" under complaint `no`: a refund only while the complaint is open, closing it in
/// the refund's transaction. The refund's checks come first under the order's row lock (so a
/// second press after a refund is told who refunded it); the complaint's row is locked after
/// the order's, in the order a typed `/refund` takes them, and a closed complaint rolls the
/// refund back.
pub async fn refund_complaint(
    pool: &PgPool,
    orders: &Orders,
    no: i64,
    req: &RefundRequest,
) -> Result<ComplaintRefund, RefundError> {
    for _ in 0..2 {
        let mut tx = pool.begin().await?;
        let done = match orders.refund_in(&mut tx, req).await {
            Ok(done) => done,
            // Two got past the row lock; the schema refused the second: read it again.
            Err(RefundError::Order(OrderError::Ledger(LedgerError::AlreadyRecorded))) => continue,
            Err(e) => return Err(e),
        };
        let complaint = load(&mut tx, no, true).await?;
        match complaint {
            Some(c) if c.state.is_open() => {}
            Some(c) => return Ok(ComplaintRefund::Closed(c)),
            None => return Err(RefundError::Refused(Box::new(Refused::NotFound))),
        }
        close_refunded(&mut tx, orders.admins(), &done).await?;
        crate::outbox::commit(tx).await?;
        return Ok(ComplaintRefund::Refunded(Box::new(done)));
    }
    Err(OrderError::Ledger(LedgerError::AlreadyRecorded).into())
}

/// Inside a refund's transaction: closes the order's open complaint, if any, as refunded, and
/// tells the reseller and the admins. Returns the complaint's number.
async fn close_refunded(
    conn: &mut PgConnection,
    admins: &[i64],
    done: &Refunded,
) -> sqlx::Result<Option<i64>> {
    let Some(complaint) = super::open_of_order(conn, done.order.order_id).await? else {
        return Ok(None);
    };
    let note = format!("direfund {}", done.mark.amount);
    let by = done.mark.by;
    let closed = set_state(conn, &complaint, ComplaintState::Refunded, by, &note).await?;
    let key = format!("complaint:{}:refunded", closed.complaint_id);
    let told = notice::refunded(closed.complaint_id, done.mark.amount);
    crate::outbox::enqueue(conn, &key, done.order.user_chat_id, told).await?;
    notice::handled(conn, admins, &closed, by).await?;
    Ok(Some(closed.complaint_id))
}

async fn order_of(conn: &mut PgConnection, c: &Complaint) -> sqlx::Result<Option<Order>> {
    Ok(queries::by_ids(conn, &[c.order_id]).await?.pop())
}

async fn set_state(
    conn: &mut PgConnection,
    c: &Complaint,
    state: ComplaintState,
    admin_id: i64,
    note: &str,
) -> sqlx::Result<Complaint> {
    let closed = !state.is_open();
    sqlx::query_as(
        "update complaints
            set state = $2,
                closed_by = case when $3 then $4 end,
                closed_at = case when $3 then now() end,
                closing_note = case when $3 then $5 else closing_note end
          where complaint_id = $1
      returning complaint_id, order_id, user_id, body, photo_id, state, created_at,
                closed_by, closed_at, closing_note",
    )
    .bind(c.complaint_id)
    .bind(state.as_str())
    .bind(closed)
    .bind(admin_id)
    .bind(note)
    .fetch_one(conn)
    .await
}

async fn record(
    conn: &mut PgConnection,
    admin_id: i64,
    before: ComplaintState,
    c: &Complaint,
    words: &str,
) -> sqlx::Result<()> {
    let after = if words.is_empty() {
        c.state.as_str().to_owned()
    } else {
        format!("{}: {words}", c.state.as_str())
    };
    let entry = Entry::new(
        admin_id,
        Action::Complaint,
        format!("komplain #{}", c.complaint_id),
    )
    .change(before.as_str(), after);
    audit::record(conn, &entry).await
}
