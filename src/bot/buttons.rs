//! Inline button presses, routed to the flow whose question they answer. Their data formats
//! (yes/no, menu buttons `mn:…`, a proof's tickets `bukti:…`, /start's quick buttons `cmd:…`,
//! a list's ◀ ▶ `hg:…` and `pd:…`) are [`crate::telegram::buttons`].
use std::sync::Arc;

use teloxide_core::prelude::*;
use teloxide_core::types::CallbackQuery;

use super::{
    BotContext, Outgoing, TgBot, approval, broadcasts, browse, complaints, deposits, import, pages,
    purchase, settle, start,
};
use crate::telegram::buttons::{Question, parse};
use crate::text::bot as say;

/// Answers a press; returns the replies it leaves to queue (a confirmed purchase's answer).
/// A press on an admin's button by anyone else is refused here, before any flow sees it.
pub async fn on_button(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update_id: i64,
    query: CallbackQuery,
) -> Vec<Outgoing> {
    let mut replies = Vec::new();
    let data = query.data.as_deref().unwrap_or_default();
    let presser = i64::try_from(query.from.id.0).unwrap_or_default();
    let decided = if for_admins(data) && !ctx.is_admin(presser) {
        tracing::warn!(
            user_id = presser,
            data,
            "admin's button pressed by a non-admin; refused"
        );
        Ok(Some(say::BUTTON_ADMIN_ONLY.into()))
    } else {
        route(ctx, bot, update_id, &query, &mut replies).await
    };
    let answer = decided.unwrap_or_else(|e| {
        tracing::error!(error = ?e, "button press failed");
        Some(say::INTERNAL_ERROR.to_owned())
    });
    let mut ack = bot.api().answer_callback_query(query.id.clone());
    if let Some(text) = answer {
        ack = ack.text(text);
    }
    if let Err(e) = ack.await {
        tracing::warn!(error = %e, "button press not acknowledged");
    }
    replies
}

/// Whether a button is one only admins are given.
fn for_admins(data: &str) -> bool {
    complaints::is_press(data)
        || crate::telegram::buttons::pages::for_admins(data)
        || parse(data).is_some_and(|press| press.question.for_admins())
}

/// The flow whose question a press answers.
async fn route(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update_id: i64,
    query: &CallbackQuery,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let data = query.data.as_deref().unwrap_or_default();
    match parse(data) {
        _ if browse::is_menu(data) => browse::on_press(ctx, bot, update_id, query, replies).await,
        _ if deposits::is_proof(data) => deposits::choose_proof(ctx, bot, query).await,
        _ if complaints::is_press(data) => complaints::press(ctx, query, replies).await,
        _ if start::is_quick(data) => start::press(ctx, update_id, query, replies).await,
        _ if pages::is_page(data) => pages::press(ctx, bot, query).await,
        Some(press) => match press.question {
            Question::Purchase => purchase::question::decide(ctx, bot, query, press, replies).await,
            Question::Settle => settle::question::decide(ctx, bot, query, press).await,
            Question::Deposit => deposits::decide(ctx, bot, query, press, replies).await,
            Question::Paid => deposits::paid(ctx, query, press).await,
            Question::Import => import::decide(ctx, bot, query, press).await,
            Question::Broadcast => broadcasts::decide(ctx, bot, query, press).await,
            Question::Registration => approval::decide(ctx, bot, query, press).await,
            Question::PriceSync => super::catalogue::sync::decide(ctx, bot, query, press).await,
        },
        None => Ok(Some(say::CONFIRM_GONE.into())),
    }
}
