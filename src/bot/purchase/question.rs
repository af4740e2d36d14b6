//! The purchase question, on the Telegram side: a /beli for the same product and destination
//! within the duplicate window, or for a number of another operator than the product's, asks
//! first, with two buttons, and a press either buys or drops it. Orders records the question
//! ([`crate::orders::confirmations`]) and takes the decision; this renders both.
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use crate::bot::{BotContext, Outgoing, Reply, TgBot};
use crate::orders::confirmations::{self, Answer, Asker};
use crate::orders::{MessageRef, PurchaseRequest, Question};
use crate::telegram::buttons::{Press, Question as Asked, yes_no};
use crate::text::bot as say;
use crate::text::catalogue as catalogue_say;

/// The question orders recorded, with its buttons, about the /beli message `message_id`.
pub(super) fn reply(
    code: &str,
    dest: &str,
    message_id: i64,
    minutes: u64,
    question: &Question,
) -> Reply {
    let yes = if question.repeat {
        say::CONFIRM_YES
    } else {
        catalogue_say::BUY_YES
    };
    let keyboard = yes_no(Asked::Purchase, message_id, yes, say::CONFIRM_NO);
    let warning = question
        .other_operator
        .as_ref()
        .map(|operators| super::wrong_operator(code, dest, operators));
    let text = match (warning, question.repeat) {
        (Some(warning), true) => format!("{warning}\n{}", say::confirm_repeat(code, dest, minutes)),
        (Some(warning), false) => format!("{warning} {}", catalogue_say::BUY_ANYWAY),
        (None, _) => say::confirm_repeat(code, dest, minutes),
    };
    Reply {
        text,
        keyboard: Some(keyboard),
        attachment: None,
        manner: Default::default(),
    }
}

/// A press on the question. Returns a short notice for the pressing user, if any; a confirmed
/// purchase's refusal (e.g. not enough balance) is left in `replies`.
pub(crate) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let Some(prompt) = query.regular_message() else {
        return Ok(Some(say::CONFIRM_GONE.into()));
    };
    let chat_id = prompt.chat.id.0;
    let presser = Asker {
        chat_id,
        message_id: press.message_id,
        user_id: i64::try_from(query.from.id.0)?,
    };
    let (product, destination) = match confirmations::decide(&ctx.pool, presser, press.yes).await? {
        Answer::Gone => return Ok(Some(say::CONFIRM_GONE.into())),
        Answer::NotYours => return Ok(Some(say::CONFIRM_NOT_YOURS.into())),
        Answer::Decided {
            product,
            destination,
            ..
        } => (product, destination),
    };
    let (code, dest) = (product.as_str(), destination.as_str());
    if !press.yes {
        bot.edit_html(chat_id, prompt.id, say::confirm_cancelled(code, dest))
            .await;
        return Ok(None);
    }
    if ctx.in_maintenance() {
        bot.edit_html(chat_id, prompt.id, say::MAINTENANCE.into())
            .await;
        return Ok(None);
    }
    bot.edit_html(chat_id, prompt.id, say::confirm_accepted(code, dest))
        .await;
    let req = PurchaseRequest {
        user_id: presser.user_id,
        product,
        destination,
        source: Some(MessageRef {
            chat_id,
            message_id: press.message_id,
            update_id: None,
            line: 0,
            several: false,
        }),
        counter: None,
    };
    let bought = ctx.orders.buy_confirmed(&req).await?;
    if let Some(reply) = super::render(ctx, &req, bought) {
        replies.push(Outgoing { chat_id, reply });
    }
    Ok(None)
}
