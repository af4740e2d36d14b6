//! /start's greeting and the quick buttons under it (Beli, Saldo, Harga, Deposit), whose
//! presses run their commands exactly as typed.
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use super::run::{self, Conn};
use super::{BotContext, Caller, Outgoing, Reply, commands};
use crate::ledger;
use crate::telegram::buttons::quick;
use crate::text::bot::{self as say, Welcome};

/// Where the keys of presses start. A press stands for a message of its own (the menu it opens
/// is keyed by that message), so it is keyed by its update, above every Telegram message id
/// (an i32): two presses on one greeting never share a menu, and a press handled again finds
/// what it did.
const PRESS_KEYS: i64 = 1 << 32;

/// /start's answer: the shop greets them with their ID and balance, how to fund it and whom to
/// contact, and offers the quick buttons; while they wait for approval, only that they wait.
pub(super) async fn welcome(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    conn: &mut Conn,
    waiting: bool,
) -> anyhow::Result<Reply> {
    let balance = ledger::balance(conn, caller.user_id).await?;
    let shop = ctx.shop_name();
    let text = say::welcome(&Welcome {
        shop: &shop,
        name: &caller.name,
        user_id: caller.user_id,
        balance: balance.unwrap_or_default(),
        contact: ctx.support_contact.as_ref(),
        waiting,
    });
    Ok(Reply {
        text,
        keyboard: (!waiting).then(|| quick::keyboard(say::QUICK_BUTTONS)),
        attachment: None,
        manner: Default::default(),
    })
}

pub(super) use quick::is_quick;

/// A quick button pressed: its command runs as if typed in the chat, and its answer is left in
/// `replies`. A press in any chat but the presser's own is refused, as a command there is.
pub(super) async fn press(
    ctx: &Arc<BotContext>,
    update_id: i64,
    query: &CallbackQuery,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let Some(pressed) = query.data.as_deref().and_then(quick::parse) else {
        return Ok(Some(say::CONFIRM_GONE.into()));
    };
    let user_id = i64::try_from(query.from.id.0)?;
    let chat_id = query.message.as_ref().map_or(user_id, |m| m.chat().id.0);
    if chat_id != user_id {
        return Ok(Some(say::PRIVATE_ONLY.into()));
    }
    let command = commands::parse(&format!("/{}", pressed.command()), "")
        .map_err(|e| anyhow::anyhow!("quick button {}: {e:?}", pressed.command()))?;
    let caller = Caller {
        message_id: PRESS_KEYS + update_id,
        ..Caller::of(&query.from, user_id, chat_id, update_id)
    };
    if let Some(reply) = run::run(ctx, &caller, command).await? {
        replies.push(Outgoing { chat_id, reply });
    }
    Ok(None)
}
