//! The purchase question, on the Telegram side: a /beli for the same product and destination
//! within the duplicate window, or for a number of another operator than the product's, asks
//! first, with two buttons, and a press either buys or drops it. The question itself is stored
//! by [`crate::orders::confirmations`].
use std::sync::Arc;

use teloxide::types::CallbackQuery;

use super::buttons::{Press, Question as Asked, edit, yes_no};
use super::handlers::purchase;
use super::{BotContext, Caller, Outgoing, Reply, TgBot};
use crate::domain::{Destination, ProductCode};
use crate::orders::MessageRef;
use crate::orders::confirmations::{self, Answer, Asker};
use crate::text::bot as say;
use crate::text::catalogue as catalogue_say;

/// Why a purchase asks before buying; at least one holds.
pub(super) struct Question {
    /// The warning that the number is another operator's than the product's.
    pub wrong_operator: Option<String>,
    /// The same purchase was made within the duplicate window.
    pub repeat: bool,
}

/// Asks whether to buy; the answer comes as a button press on this question.
pub(super) async fn ask(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    product: &ProductCode,
    destination: &Destination,
    question: Question,
) -> anyhow::Result<Reply> {
    let asker = Asker {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        user_id: caller.user_id,
    };
    confirmations::ask(&ctx.pool, asker, product, destination).await?;
    let yes = if question.repeat {
        say::CONFIRM_YES
    } else {
        catalogue_say::BUY_YES
    };
    let keyboard = yes_no(Asked::Purchase, caller.message_id, yes, say::CONFIRM_NO);
    let minutes = ctx.duplicate_window.as_secs().div_ceil(60);
    let (code, dest) = (product.as_str(), destination.as_str());
    let text = match (question.wrong_operator, question.repeat) {
        (Some(warning), true) => format!("{warning}\n{}", say::confirm_repeat(code, dest, minutes)),
        (Some(warning), false) => format!("{warning} {}", catalogue_say::BUY_ANYWAY),
        (None, _) => say::confirm_repeat(code, dest, minutes),
    };
    Ok(Reply {
        text,
        keyboard: Some(keyboard),
        attachment: None,
    })
}

/// A press on the question. Returns a short notice for the pressing user, if any; a confirmed
/// purchase's refusal (e.g. not enough balance) is left in `replies`.
pub(super) async fn decide(
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
        edit(bot, chat_id, prompt.id, say::confirm_cancelled(code, dest)).await;
        return Ok(None);
    }
    if ctx.in_maintenance() {
        edit(bot, chat_id, prompt.id, say::MAINTENANCE.into()).await;
        return Ok(None);
    }
    edit(bot, chat_id, prompt.id, say::confirm_accepted(code, dest)).await;
    let source = MessageRef {
        chat_id,
        message_id: press.message_id,
        update_id: None,
        line: 0,
    };
    if let Some(reply) = purchase::place(
        ctx,
        presser.user_id,
        product,
        destination,
        source,
        None,
        None,
    )
    .await?
    {
        replies.push(Outgoing { chat_id, reply });
    }
    Ok(None)
}
