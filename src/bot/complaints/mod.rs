//! Complaints in the chat: a reseller's `/komplain` (a photo's caption too), the lists, an
//! admin's `/balas` and `/tolakkomplain`, and the buttons under a complaint ([`press`]). The
//! steps themselves, and their transactions, are `crate::complaints`.
use std::sync::Arc;

use sqlx::PgConnection;

use super::{BotContext, Caller};
use crate::complaints::{self, Acted, AdminStep, ComplaintRefund, Filed, Filing, Listed, Refusal};
use crate::domain::TrxId;
use crate::domain::refund::{RefundAmount, RefundSource};
use crate::orders::{RefundError, RefundRequest};
use crate::text::complaints as say;
use crate::text::refund as refund_say;

pub(in crate::bot) mod args;
mod press;

pub(in crate::bot) use press::{is_press, press};

/// `/komplain <trxid> <keterangan>`, with the photo it was the caption of. `None` when the
/// reseller's receipt was queued with the complaint.
pub async fn file(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    trxid: &TrxId,
    text: &str,
    photo: Option<String>,
) -> anyhow::Result<Option<String>> {
    let filing = Filing {
        user_id: caller.user_id,
        chat_id: caller.chat_id,
        source_key: caller.message_key(),
        trxid: trxid.as_str(),
        text,
        photo_id: photo,
        stuck_after: ctx.stuck_after,
        max_age: ctx.complaint_max_age,
        admins: &ctx.admins,
    };
    Ok(match complaints::file(&ctx.pool, &filing).await? {
        Filed::Filed { complaint, .. } => {
            tracing::info!(
                user_id = caller.user_id,
                complaint = complaint.complaint_id,
                "complaint filed"
            );
            // The receipt went through the outbox with the admins' messages.
            None
        }
        Filed::AlreadyFiled { complaint_id } => Some(say::already_filed(complaint_id)),
        Filed::Refused(refusal) => Some(refused(&refusal)),
    })
}

fn refused(refusal: &Refusal) -> String {
    match refusal {
        Refusal::UnknownOrder => say::UNKNOWN_ORDER.into(),
        Refusal::Failed { refunded } => say::refused_failed(*refunded),
        Refusal::StillProcessing => say::STILL_PROCESSING.into(),
        Refusal::TooOld { days } => say::too_old(*days),
        Refusal::AlreadyOpen { complaint_id } => say::already_open(*complaint_id),
        Refusal::TooMany { open } => say::too_many(*open),
        Refusal::Empty => say::EMPTY.into(),
    }
}

/// `/komplain` alone: an admin's open ones (oldest first), a reseller's own.
pub async fn list(conn: &mut PgConnection, user_id: i64, is_admin: bool) -> sqlx::Result<String> {
    let listed = if is_admin {
        complaints::open_ones(conn).await?
    } else {
        complaints::of_user(conn, user_id).await?
    };
    let trxid = |listed: &Listed, c: &complaints::Complaint| {
        listed
            .order(c)
            .map(|o| o.trxid.as_str().to_owned())
            .unwrap_or_default()
    };
    let trxids: Vec<String> = listed
        .complaints
        .iter()
        .map(|c| trxid(&listed, c))
        .collect();
    Ok(if is_admin {
        let lines: Vec<_> = (listed.complaints.iter().zip(&trxids))
            .map(|(c, t)| (c.line(), t.as_str(), c.user_id))
            .collect();
        say::open_for_admins(&lines)
    } else {
        let lines: Vec<_> = (listed.complaints.iter().zip(&trxids))
            .map(|(c, t)| (c.line(), t.as_str()))
            .collect();
        say::of_reseller(&lines)
    })
}

/// `/balas` and `/tolakkomplain`, and the result button's press.
pub async fn act(
    ctx: &Arc<BotContext>,
    admin_id: i64,
    no: i64,
    step: AdminStep<'_>,
    key: &str,
) -> anyhow::Result<String> {
    let acted = complaints::act(&ctx.pool, &ctx.admins, admin_id, no, step, key).await?;
    Ok(match acted {
        Acted::Done { complaint } => {
            tracing::info!(admin_id, complaint = no, state = %complaint.state, "complaint handled");
            say::done_to_admin(no, complaint.state)
        }
        Acted::Unknown => say::unknown_complaint(no),
        Acted::Closed { complaint } => say::already_closed(
            no,
            complaint.state,
            complaint.closed_by,
            complaint.closed_at,
        ),
        Acted::NoResult => say::NO_RESULT_YET.into(),
        Acted::EmptyText => say::EMPTY_REPLY.into(),
        Acted::AlreadyDone => say::ALREADY_DONE.into(),
    })
}

/// "Refund penuh" under a complaint: what the reseller paid, back, once, and only while the
/// complaint is open (it closes in the refund's transaction). The outcome goes to the admin's
/// chat as a message: a pop-up is too short for who refunded or closed it first.
async fn refund_full(
    ctx: &Arc<BotContext>,
    admin_id: i64,
    complaint: &complaints::Complaint,
    order: &crate::orders::Order,
) -> anyhow::Result<String> {
    let no = complaint.complaint_id;
    let request = RefundRequest {
        trxid: order.trxid.clone(),
        admin_id,
        amount: RefundAmount::Full,
        source: RefundSource::Shop,
        reason: say::refund_reason(no),
        idempotency_key: format!("complaint:{no}:full"),
        complaint_id: Some(no),
    };
    let trxid = order.trxid.as_str();
    let done = complaints::refund_complaint(&ctx.pool, &ctx.orders, no, &request).await;
    Ok(match done {
        Ok(ComplaintRefund::Refunded(done)) => refund_say::done(trxid, &done.mark, done.balance),
        Ok(ComplaintRefund::Closed(c)) => {
            say::already_closed(no, c.state, c.closed_by, c.closed_at)
        }
        Err(RefundError::Refused(refused)) => super::refund::refusal(trxid, &refused),
        Err(RefundError::Order(e)) => return Err(e.into()),
    })
}
