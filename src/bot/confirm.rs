//! Button presses on the repeat-purchase question. The decision is taken once, with a guarded
//! update; the order it places is keyed by the original /beli message, so even a decision
//! taken twice could not buy twice.
use std::sync::Arc;

use teloxide::types::CallbackQuery;

use super::buttons::{Press, edit};
use super::handlers::purchase;
use super::{BotContext, Outgoing, TgBot};
use crate::domain::{Destination, ProductCode};
use crate::orders::MessageRef;
use crate::text::bot as say;

/// How long a question stays answerable; later, buying again means typing /beli again.
const ANSWERABLE_MINUTES: i32 = 10;

/// Returns a short notice for the pressing user, if any.
pub(super) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let Press {
        message_id, yes, ..
    } = press;
    let Some(prompt) = query.regular_message() else {
        return Ok(Some(say::CONFIRM_GONE.into()));
    };
    let chat_id = prompt.chat.id.0;
    let user_id = i64::try_from(query.from.id.0)?;
    let owner: Option<i64> = sqlx::query_scalar(
        "select user_id from purchase_confirmations where chat_id = $1 and message_id = $2",
    )
    .bind(chat_id)
    .bind(message_id)
    .fetch_optional(&ctx.pool)
    .await?;
    match owner {
        None => return Ok(Some(say::CONFIRM_GONE.into())),
        Some(owner) if owner != user_id => return Ok(Some(say::CONFIRM_NOT_YOURS.into())),
        Some(_) => {}
    }
    let decided: Option<(String, String)> = sqlx::query_as(
        "update purchase_confirmations set decision = $3, decided_at = now()
          where chat_id = $1 and message_id = $2 and decision is null
            and created_at > now() - make_interval(mins => $4)
         returning product_code, destination",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(if yes { "confirmed" } else { "cancelled" })
    .bind(ANSWERABLE_MINUTES)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((code, dest)) = decided else {
        return Ok(Some(say::CONFIRM_GONE.into()));
    };
    let prompt_id = prompt.id;
    if !yes {
        edit(
            bot,
            chat_id,
            prompt_id,
            say::confirm_cancelled(&code, &dest),
        )
        .await;
        return Ok(None);
    }
    if ctx.in_maintenance() {
        edit(bot, chat_id, prompt_id, say::MAINTENANCE.into()).await;
        return Ok(None);
    }
    edit(bot, chat_id, prompt_id, say::confirm_accepted(&code, &dest)).await;
    let product = ProductCode::parse(&code).map_err(|e| anyhow::anyhow!(e))?;
    let destination = Destination::parse(&dest).map_err(|e| anyhow::anyhow!(e))?;
    let source = MessageRef {
        chat_id,
        message_id,
        update_id: None,
    };
    if let Some(reply) = purchase::place(ctx, user_id, product, destination, source).await? {
        replies.push(Outgoing { chat_id, reply });
    }
    Ok(None)
}
