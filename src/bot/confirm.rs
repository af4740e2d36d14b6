//! Button presses on the repeat-purchase question. The decision is taken once, with a guarded
//! update; the order it places is keyed by the original /beli message, so even a decision
//! taken twice could not buy twice.
use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, ParseMode};

use super::handlers::purchase;
use super::{BotContext, Outgoing, TgBot};
use crate::domain::{Destination, ProductCode};
use crate::orders::MessageRef;
use crate::text::bot as say;

/// How long a question stays answerable; later, buying again means typing /beli again.
const ANSWERABLE_MINUTES: i32 = 10;

/// Returns the purchase's reply to queue, if the press placed one that answers at once.
pub async fn on_button(ctx: &Arc<BotContext>, bot: &TgBot, query: CallbackQuery) -> Vec<Outgoing> {
    let mut replies = Vec::new();
    let answer = match decide(ctx, bot, &query, &mut replies).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!(error = ?e, "button press failed");
            Some(say::INTERNAL_ERROR.to_owned())
        }
    };
    let mut ack = bot.api().answer_callback_query(query.id.clone());
    if let Some(text) = answer {
        ack = ack.text(text);
    }
    if let Err(e) = ack.await {
        tracing::warn!(error = %e, "button press not acknowledged");
    }
    replies
}

/// Returns a short notice for the pressing user, if any.
async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let Some((message_id, yes)) = query.data.as_deref().and_then(parse_data) else {
        return Ok(Some(say::CONFIRM_GONE.into()));
    };
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

async fn edit(bot: &TgBot, chat_id: i64, message_id: teloxide::types::MessageId, text: String) {
    let request = bot
        .api()
        .edit_message_text(ChatId(chat_id), message_id, text)
        .parse_mode(ParseMode::Html);
    if let Err(e) = request.await {
        tracing::warn!(chat_id, error = %e, "prompt not updated");
    }
}

/// `beli:<message_id>:ya|batal`
fn parse_data(data: &str) -> Option<(i64, bool)> {
    let rest = data.strip_prefix("beli:")?;
    let (id, choice) = rest.split_once(':')?;
    let yes = match choice {
        "ya" => true,
        "batal" => false,
        _ => return None,
    };
    Some((id.parse().ok()?, yes))
}
