//! The buttons under a complaint sent to admins. "Kirim ulang hasil" and "Refund penuh" act at
//! once (each at most once: the complaint's row lock and the refund's key decide, and a second
//! press is told who did it); the others answer with the command to type, filled in.
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use crate::bot::{BotContext, Outgoing, Reply};
use crate::complaints::{self, AdminStep};
use crate::telegram::buttons::complaint::{self as buttons, Step};
use crate::text::bot::CONFIRM_GONE;
use crate::text::complaints as say;

pub(in crate::bot) fn is_press(data: &str) -> bool {
    buttons::is_complaint(data)
}

/// Returns the short notice for the pressing admin; a prompt to type goes to `replies`.
pub(in crate::bot) async fn press(
    ctx: &Arc<BotContext>,
    query: &CallbackQuery,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let admin_id = i64::try_from(query.from.id.0)?;
    let data = query.data.as_deref().unwrap_or_default();
    let Some((no, step)) = buttons::parse(data) else {
        return Ok(Some(CONFIRM_GONE.into()));
    };
    let Some((complaint, order)) = complaints::about(&ctx.pool, no).await? else {
        return Ok(Some(say::unknown_complaint(no)));
    };
    let chat = query.message.as_ref().map_or(admin_id, |m| m.chat().id.0);
    let prompt = match step {
        Step::Resend => {
            let key = format!("{no}:resend");
            let done = super::act(ctx, admin_id, no, AdminStep::Resend, &key).await?;
            return Ok(Some(done));
        }
        Step::RefundFull => super::refund_full(ctx, admin_id, &complaint, &order).await?,
        Step::RefundPart => say::ask_refund_part(order.trxid.as_str()),
        Step::Reject => say::ask_reject(no),
        Step::Reply => say::ask_reply(no),
    };
    replies.extend(Outgoing::to(chat, Reply::text(prompt)));
    Ok(None)
}
