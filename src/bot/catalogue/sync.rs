//! `/produk sync <supplier>`: the supplier's price list previewed against the routes under
//! ✅ Terapkan / ❌ Batal, and a press on them. The reading, the question and its answer are
//! [`crate::routes::sync`]'s; this only renders them.
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use crate::bot::{BotContext, Caller, Reply, TgBot};
use crate::routes::sync::{self, Applied, Key, Synced};
use crate::telegram::buttons::{Press, Question, yes_no};
use crate::text::price_sync as say;

/// The reply to `/produk sync <supplier>`.
pub(in crate::bot) async fn preview(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    supplier: &str,
) -> anyhow::Result<Reply> {
    let key = Key {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
    };
    let admin_id = caller.user_id;
    let client = ctx.digiflazz.as_ref();
    let preview = match sync::preview(&ctx.pool, client, supplier, key, admin_id).await? {
        Synced::Refused(refusal) => return Ok(Reply::text(say::refused(&refusal))),
        Synced::AskedBefore(decided) => return Ok(Reply::text(say::asked_before(decided))),
        Synced::Previewed(preview) => preview,
    };
    tracing::info!(
        admin_id,
        supplier,
        changed = preview.changed.len(),
        out_of_stock = preview.out_of_stock.len(),
        below_cost = preview.below_cost.len(),
        new = preview.new_count,
        "price list previewed"
    );
    let keyboard = preview
        .changes_something()
        .then(|| yes_no(Question::PriceSync, caller.message_id, say::YES, say::NO));
    Ok(Reply {
        text: say::preview(&preview),
        keyboard,
        attachment: None,
        manner: Default::default(),
    })
}

/// A press on ✅ or ❌ under a preview. Returns the pop-up for the presser, if any; the outcome
/// replaces the preview.
pub(in crate::bot) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let user_id = i64::try_from(query.from.id.0)?;
    let Some(prompt) = query.message.as_ref() else {
        return Ok(Some(say::GONE.into()));
    };
    let chat_id = prompt.chat().id.0;
    let key = Key {
        chat_id,
        message_id: press.message_id,
    };
    let supplier = sync::PRICE_LIST_SUPPLIER;
    let text = if press.yes {
        match sync::apply(&ctx.pool, key, user_id).await? {
            Applied::Unasked => return Ok(Some(say::GONE.into())),
            Applied::Before(decided) => return Ok(Some(say::answered_before(decided))),
            Applied::Expired => say::expired(),
            // The newer preview is the one to answer; this one stays as it is.
            Applied::Stale => return Ok(Some(say::STALE.into())),
            Applied::Done { changed, held } => {
                tracing::info!(admin_id = user_id, changed, held, "price list applied");
                say::applied(supplier, changed, held)
            }
        }
    } else {
        match sync::cancel(&ctx.pool, key, user_id).await? {
            None => return Ok(Some(say::GONE.into())),
            Some(Some(decided)) => return Ok(Some(say::answered_before(decided))),
            Some(None) => say::cancelled(supplier),
        }
    };
    bot.edit_html(chat_id, prompt.id(), text).await;
    Ok(None)
}
