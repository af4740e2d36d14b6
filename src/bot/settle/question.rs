//! `/selesai <trxid> gagal` on a `pending` order. The supplier has accepted that order and may
//! still deliver it; failing it refunds the reseller, and a delivery after that is our loss. So
//! the admin is asked first. The question keeps what the command said; a press re-checks the
//! order under its row lock and fails it only if it is still pending, in the same transaction
//! that records the answer, so a second press finds the question answered and does nothing.
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use crate::bot::{BotContext, Caller, Reply, TgBot};
use crate::orders::settle_questions::{QuestionKey, SettleAnswer};
use crate::orders::{Order, ResolveOutcome};
use crate::telegram::buttons::{Press, Question, yes_no};
use crate::text::admin as say;
use crate::text::bot::{CONFIRM_GONE, order_not_found};

/// Asks whether to fail `order` all the same; `note` is kept for the answer.
pub async fn ask(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    order: &Order,
    note: &str,
) -> anyhow::Result<Reply> {
    // A redelivered /selesai asks the same question again; its first answer stands.
    let key = QuestionKey {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
    };
    ctx.orders
        .ask_settle(key, caller.user_id, order.trxid.as_str(), note)
        .await?;
    Ok(Reply {
        text: say::settle_pending_question(&order.facts()),
        keyboard: Some(yes_no(
            Question::Settle,
            caller.message_id,
            say::SETTLE_CONFIRM_YES,
            say::SETTLE_CONFIRM_NO,
        )),
        attachment: None,
        manner: Default::default(),
    })
}

/// Returns a short notice for the pressing admin, if any; the outcome replaces the question.
pub(in crate::bot) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let user_id = i64::try_from(query.from.id.0)?;
    let Some(prompt) = query.message.as_ref() else {
        return Ok(Some(CONFIRM_GONE.into()));
    };
    let chat_id = prompt.chat().id.0;
    let key = QuestionKey {
        chat_id,
        message_id: press.message_id,
    };
    let text = match ctx.orders.answer_settle(key, user_id, press.yes).await? {
        SettleAnswer::Unasked => return Ok(Some(CONFIRM_GONE.into())),
        SettleAnswer::AnsweredBefore { confirmed, now } => {
            return Ok(Some(say::settle_question_answered(confirmed, now)));
        }
        SettleAnswer::Confirmed { trxid, outcome } => {
            tracing::info!(admin_id = user_id, trxid = %trxid, outcome = outcome_name(&outcome), "pending order: failing confirmed");
            outcome_text(&outcome)
        }
        SettleAnswer::Cancelled { trxid, now } => {
            tracing::info!(admin_id = user_id, trxid = %trxid, "pending order: failing cancelled");
            say::settle_question_cancelled(trxid.as_str(), now)
        }
    };
    bot.edit_html(chat_id, prompt.id(), text).await;
    Ok(None)
}

fn outcome_text(outcome: &ResolveOutcome) -> String {
    match outcome {
        ResolveOutcome::Resolved(o) => say::settled(o.trxid.as_str(), o.status()),
        // Only a pending order is failed here; any other state means someone else decided.
        ResolveOutcome::Moved(o)
        | ResolveOutcome::AlreadyResolved(o)
        | ResolveOutcome::NeedsConfirmation(o) => say::settle_moved(o.trxid.as_str(), o.status()),
        ResolveOutcome::Conflict(o) => say::settle_conflict(o.trxid.as_str(), o.status()),
        ResolveOutcome::StillSending(o) => say::settle_still_sending(o.trxid.as_str()),
        ResolveOutcome::NotFound => order_not_found().into(),
    }
}

fn outcome_name(outcome: &ResolveOutcome) -> &'static str {
    match outcome {
        ResolveOutcome::Resolved(_) => "resolved",
        ResolveOutcome::Moved(_) => "moved",
        ResolveOutcome::AlreadyResolved(_) => "already resolved",
        ResolveOutcome::NeedsConfirmation(_) => "needs confirmation",
        ResolveOutcome::Conflict(_) => "conflict",
        ResolveOutcome::StillSending(_) => "still sending",
        ResolveOutcome::NotFound => "not found",
    }
}
