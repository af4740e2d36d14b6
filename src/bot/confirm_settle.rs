//! `/selesai <trxid> gagal` on a `pending` order. The supplier has accepted that order and may
//! still deliver it; failing it refunds the reseller, and a delivery after that is our loss. So
//! the admin is asked first. The question keeps what the command said; a press re-checks the
//! order under its row lock and fails it only if it is still pending, in the same transaction
//! that records the answer, so a second press finds the question answered and does nothing.
use std::sync::Arc;

use teloxide::types::CallbackQuery;

use super::buttons::{self, Press, Question};
use super::{BotContext, Caller, Reply, TgBot};
use crate::domain::TrxId;
use crate::orders::{Guard, Order, Resolution, ResolveOutcome};
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
    sqlx::query(
        "insert into settle_questions (chat_id, message_id, asked_by, trxid, note)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(caller.chat_id)
    .bind(caller.message_id)
    .bind(caller.user_id)
    .bind(&order.trxid)
    .bind(note)
    .execute(&ctx.pool)
    .await?;
    Ok(Reply {
        text: say::settle_pending_question(&order.facts()),
        keyboard: Some(buttons::yes_no(
            Question::Settle,
            caller.message_id,
            say::SETTLE_CONFIRM_YES,
            say::SETTLE_CONFIRM_NO,
        )),
    })
}

/// Returns a short notice for the pressing admin, if any; the outcome replaces the question.
pub(super) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let user_id = i64::try_from(query.from.id.0)?;
    if !ctx.is_admin(user_id) {
        tracing::warn!(user_id, "settle button pressed by a non-admin; refused");
        return Ok(Some(say::SETTLE_BUTTON_ADMIN_ONLY.into()));
    }
    let Some(prompt) = query.message.as_ref() else {
        return Ok(Some(CONFIRM_GONE.into()));
    };
    let chat_id = prompt.chat().id.0;
    let mut tx = ctx.pool.begin().await?;
    let asked: Option<(String, String)> = sqlx::query_as(
        "update settle_questions set decision = $3, decided_by = $4, decided_at = now()
          where chat_id = $1 and message_id = $2 and decision is null
         returning trxid, note",
    )
    .bind(chat_id)
    .bind(press.message_id)
    .bind(if press.yes { "confirmed" } else { "cancelled" })
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((trxid, note)) = asked else {
        drop(tx);
        return answered_before(ctx, chat_id, press.message_id).await;
    };
    let trxid =
        TrxId::parse(&trxid).ok_or_else(|| anyhow::anyhow!("question holds trxid {trxid:?}"))?;
    let text = if press.yes {
        let outcome = ctx
            .orders
            .resolve_in(
                &mut tx,
                user_id,
                &trxid,
                &Resolution::Failed,
                &note,
                Guard::StillPending,
            )
            .await?;
        tx.commit().await?;
        tracing::info!(admin_id = user_id, trxid = %trxid, outcome = outcome_name(&outcome), "pending order: failing confirmed");
        outcome_text(&outcome)
    } else {
        tx.commit().await?;
        tracing::info!(admin_id = user_id, trxid = %trxid, "pending order: failing cancelled");
        let now = ctx.orders.find(trxid.as_str()).await?;
        say::settle_question_cancelled(trxid.as_str(), now.map(|o| o.status()))
    };
    buttons::edit(bot, chat_id, prompt.id(), text).await;
    Ok(None)
}

/// A press on a question already answered, or never asked: says so, changes nothing.
async fn answered_before(
    ctx: &Arc<BotContext>,
    chat_id: i64,
    message_id: i64,
) -> anyhow::Result<Option<String>> {
    let asked: Option<(String, Option<String>)> = sqlx::query_as(
        "select trxid, decision from settle_questions where chat_id = $1 and message_id = $2",
    )
    .bind(chat_id)
    .bind(message_id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((trxid, decision)) = asked else {
        return Ok(Some(CONFIRM_GONE.into()));
    };
    let now = ctx.orders.find(&trxid).await?.map(|o| o.status());
    let confirmed = decision.as_deref() == Some("confirmed");
    Ok(Some(say::settle_question_answered(confirmed, now)))
}

fn outcome_text(outcome: &ResolveOutcome) -> String {
    match outcome {
        ResolveOutcome::Resolved(o) => say::settled(&o.trxid, o.status()),
        // Only a pending order is failed here; any other state means someone else decided.
        ResolveOutcome::Moved(o)
        | ResolveOutcome::AlreadyResolved(o)
        | ResolveOutcome::NeedsConfirmation(o) => say::settle_moved(&o.trxid, o.status()),
        ResolveOutcome::Conflict(o) => say::settle_conflict(&o.trxid, o.status()),
        ResolveOutcome::StillSending(o) => say::settle_still_sending(&o.trxid),
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
