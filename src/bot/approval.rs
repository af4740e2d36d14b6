//! An admin's ✅ Setujui / ❌ Tolak under the notice of a new reseller
//! (`REGISTRATION=approval`); the rules are [`crate::registration`].
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use super::{BotContext, TgBot};
use crate::registration::{self, Decided};
use crate::telegram::buttons::Press;
use crate::text::registration as say;

/// Approves or turns away the user the notice is about; the outcome replaces the notice
/// pressed on, and a second answer only says how it was decided.
pub(super) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let admin_id = i64::try_from(query.from.id.0)?;
    let user_id = press.message_id;
    let contact = ctx.support_contact.as_ref();
    let notice = match registration::decide(&ctx.pool, contact, user_id, press.yes, admin_id)
        .await?
    {
        Decided::Done { notice } => notice,
        Decided::Before { approved } => return Ok(Some(say::decided_before(user_id, approved))),
        Decided::NotFound => return Ok(Some(say::GONE.into())),
    };
    if let Some(prompt) = query.message.as_ref() {
        bot.edit_html(prompt.chat().id.0, prompt.id(), notice).await;
    }
    Ok(None)
}
