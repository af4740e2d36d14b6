//! Button presses about deposit tickets: an admin's ✅/❌, a reseller's "Sudah transfer", and
//! a photo of a transfer proof, which reaches admins with the ticket (the reseller picks which
//! when several are open).
use std::sync::Arc;

use teloxide_core::prelude::Requester;
use teloxide_core::types::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};

use crate::bot::{BotContext, Caller, Outgoing, Reply, TgBot};
use crate::deposits::{self, Approval, Attached, CreditOutcome, PaidOutcome, Proof, ProofOutcome};
use crate::telegram::buttons::{Press, proof as proof_data};
use crate::text::{bot as bot_say, deposits as say};

/// An admin's ✅ credits the ticket (once, whoever presses and however often); ❌ asks for the
/// reason, which `/tolak` takes. Returns the pop-up for the pressing admin.
pub(in crate::bot) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let admin = i64::try_from(query.from.id.0)?;
    let ticket_id = press.message_id;
    let prompt = query.regular_message();
    if !press.yes {
        let mut conn = ctx.pool.acquire().await?;
        let reply = match deposits::find(&mut conn, ticket_id).await? {
            Some(t) if t.status == deposits::TicketStatus::Open => say::ask_reject_reason(&t),
            Some(t) => say::not_open(&t),
            None => say::ticket_not_found(ticket_id),
        };
        replies.extend(Outgoing::to(admin, Reply::text(reply)));
        return Ok(None);
    }
    let outcome = deposits::approve(&ctx.pool, &ctx.admins, ticket_id, admin).await?;
    let (popup, shown) = match &outcome {
        CreditOutcome::Credited { ticket, .. } => (
            say::APPROVED_SHORT.to_owned(),
            say::admin_credited(ticket, Approval::Admin(admin)),
        ),
        CreditOutcome::Closed(t) | CreditOutcome::Expired(t) => {
            (say::not_open_short(t), say::not_open(t))
        }
        CreditOutcome::NotFound => {
            let text = say::ticket_not_found(ticket_id);
            (text.clone(), text)
        }
    };
    // The message pressed on shows the outcome and loses its buttons, unless it is a list of
    // several tickets (`/deposit`), which stays as it is. A photo (a forwarded proof) has no
    // text to replace: it only loses its buttons, and the outcome reaches admins as a message.
    match prompt {
        Some(p) if is_list(p) => {}
        Some(p) if p.photo().is_some() => {
            let request = bot.api().edit_message_reply_markup(p.chat.id, p.id);
            if let Err(e) = request.await {
                tracing::warn!(error = %e, "proof buttons not removed");
            }
        }
        Some(p) => bot.edit_html(p.chat.id.0, p.id, shown).await,
        None => {}
    }
    Ok(Some(popup))
}

fn is_list(message: &Message) -> bool {
    message
        .reply_markup()
        .is_some_and(|k| k.inline_keyboard.len() > 1)
}

/// "Sudah transfer": noted on the ticket, and admins are told once, with the ✅/❌ buttons.
pub(in crate::bot) async fn paid(
    ctx: &Arc<BotContext>,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let user_id = i64::try_from(query.from.id.0)?;
    let ticket_id = press.message_id;
    Ok(Some(
        match deposits::report_paid(&ctx.pool, &ctx.admins, user_id, ticket_id).await? {
            PaidOutcome::Noted(ticket) => say::paid_noted(&ticket),
            PaidOutcome::NotOpen(ticket) => say::not_open_short(&ticket),
            PaidOutcome::NotFound => say::ticket_not_found(ticket_id),
        },
    ))
}

/// A photo from a reseller: their transfer proof. With one open ticket it reaches admins with
/// it; with several, the reseller is asked which (a button per ticket); with none, they are
/// told how to open one.
pub(in crate::bot) async fn proof(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    file_id: &str,
) -> anyhow::Result<Reply> {
    let proof = Proof {
        user_id: caller.user_id,
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        file_id,
    };
    let outcome = deposits::receive_proof(&ctx.pool, &ctx.admins, proof).await?;
    Ok(match outcome {
        ProofOutcome::NoTicket => Reply::text(say::PROOF_WITHOUT_TICKET),
        ProofOutcome::Forwarded(ticket) => Reply::text(say::paid_noted(&ticket)),
        ProofOutcome::Choose { proof_id, tickets } => {
            let rows = tickets.iter().map(|t| {
                let data = proof_data::encode(proof_id, t.ticket_id);
                [InlineKeyboardButton::callback(say::proof_button(t), data)]
            });
            Reply {
                text: say::proof_which(&tickets),
                keyboard: Some(InlineKeyboardMarkup::new(rows)),
                attachment: None,
                manner: Default::default(),
            }
        }
    })
}

/// The reseller picks the ticket a kept proof belongs to. Returns the pop-up.
pub(in crate::bot) async fn choose_proof(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
) -> anyhow::Result<Option<String>> {
    let data = query.data.as_deref().unwrap_or_default();
    let Some((proof_id, ticket_id)) = proof_data::parse(data) else {
        return Ok(Some(bot_say::CONFIRM_GONE.into()));
    };
    let user_id = i64::try_from(query.from.id.0)?;
    let attached =
        deposits::attach_proof(&ctx.pool, &ctx.admins, user_id, proof_id, ticket_id).await?;
    let (popup, answered) = match &attached {
        Attached::Now(t) => (say::paid_noted(t), Some(say::proof_attached(t))),
        Attached::Already(t) => (say::proof_already_attached(t), Some(say::proof_attached(t))),
        Attached::Closed(t) => (say::proof_ticket_closed(t), None),
        Attached::NotFound => (say::PROOF_GONE.to_owned(), None),
    };
    // The question shows which ticket it went with and loses its buttons; after a press on a
    // closed ticket it stays, so another can be chosen.
    if let (Some(text), Some(asked)) = (answered, query.regular_message()) {
        bot.edit_html(asked.chat.id.0, asked.id, text).await;
    }
    Ok(Some(popup))
}
