//! `/siaran <pesan>`: the preview with its number of recipients under ✅ Kirim / ❌ Batal, and
//! the press that sends or drops it. The broadcast itself is [`crate::broadcasts`].
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use super::commands::AdminCommand;
use super::commands::args::{Parsed, invalid};
use super::{BotContext, Caller, Reply, TgBot};
use crate::broadcasts::{self, Decided, Source};
use crate::telegram::buttons::{Press, Question, yes_no};
use crate::text::broadcasts as say;

/// `/siaran`'s text, as typed; empty, or too long for one message, is refused.
pub(in crate::bot) fn parse(text: &str) -> Parsed<AdminCommand> {
    if text.is_empty() {
        return Err(None);
    }
    say::fits(text).map_err(|chars| invalid(say::too_long(chars)))?;
    Ok(AdminCommand::Broadcast {
        text: text.to_owned(),
    })
}

/// The preview: the message as resellers will read it and how many it reaches, with the
/// ✅/❌ pair; a redelivered `/siaran` shows the same draft.
pub(super) async fn preview(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    text: &str,
) -> anyhow::Result<Reply> {
    let src = Source {
        admin_id: caller.user_id,
        chat_id: caller.chat_id,
        message_id: caller.message_id,
    };
    let Some(draft) = broadcasts::draft(&ctx.pool, &ctx.admins, src, text).await? else {
        return Ok(Reply::text(say::NO_RECIPIENTS));
    };
    let id = draft.broadcast_id;
    Ok(Reply {
        text: say::preview(id, &draft.html, draft.recipients),
        keyboard: Some(yes_no(
            Question::Broadcast,
            id,
            say::SEND_BUTTON,
            say::CANCEL_BUTTON,
        )),
        attachment: None,
        manner: Default::default(),
    })
}

/// ✅ sends, ❌ drops; the outcome replaces the preview, and a press on a broadcast already
/// decided (by another admin, or twice) only says so.
pub(super) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let admin_id = i64::try_from(query.from.id.0)?;
    let id = press.message_id;
    let decided = if press.yes {
        broadcasts::send(&ctx.pool, &ctx.admins, id, admin_id).await?
    } else {
        broadcasts::cancel(&ctx.pool, id, admin_id).await?
    };
    let shown = match decided {
        Decided::Sent { recipients } => say::sent(id, recipients),
        Decided::Cancelled => say::cancelled(id),
        Decided::Before { sent } => return Ok(Some(say::decided_before(id, sent))),
        Decided::NotFound => return Ok(Some(say::GONE.into())),
    };
    if let Some(prompt) = query.message.as_ref() {
        bot.edit_html(prompt.chat().id.0, prompt.id(), shown.clone())
            .await;
    }
    Ok(Some(shown))
}
