//! `/refund`: an admin gives a SUKSES back, whole or in part (R36). The bot renders what
//! `orders` answers; the refund's transaction is theirs.
use std::sync::Arc;

use crate::bot::{BotContext, Caller};
use crate::domain::TrxId;
use crate::domain::refund::{RefundAmount, RefundSource};
use crate::orders::{RefundError, RefundRequest, Refused};
use crate::text::bot::order_not_found;
use crate::text::refund as say;

pub(in crate::bot) mod args;

/// `/refund`, keyed by the admin's message so a redelivered command refunds nothing twice.
pub async fn refund(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    trxid: TrxId,
    amount: RefundAmount,
    source: RefundSource,
    reason: String,
) -> anyhow::Result<String> {
    let request = RefundRequest {
        trxid,
        admin_id: caller.user_id,
        amount,
        source,
        reason,
        idempotency_key: caller.message_key(),
        complaint_id: None,
    };
    let trxid = request.trxid.as_str();
    Ok(
        match crate::complaints::refund(&ctx.orders, &request).await {
            Ok(done) => say::done(trxid, &done.mark, done.balance),
            Err(RefundError::Refused(refused)) => refusal(trxid, &refused),
            Err(RefundError::Order(e)) => return Err(e.into()),
        },
    )
}

/// What the admin is told when nothing was refunded.
pub(in crate::bot) fn refusal(trxid: &str, refused: &Refused) -> String {
    match refused {
        Refused::NotFound => order_not_found().into(),
        Refused::NotSuccess(order) => {
            say::not_success(trxid, crate::text::bot::status_label(order.status()))
        }
        Refused::Reversed { at, .. } => say::after_reversal(trxid, *at),
        Refused::AlreadyRefunded { mark, .. } => say::already(trxid, mark),
        Refused::OutOfRange { order, asked } => say::too_much(trxid, *asked, order.price),
    }
}
