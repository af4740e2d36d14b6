//! Buying through menus. `/beli` alone opens category → brand → product buttons, each step an
//! edit of the same message; the product chosen waits for the reseller's next message, its
//! destination. A mobile number alone offers its operator's products, and a press buys for it.
//! Either way the purchase goes through [`purchase::buy`], exactly as `/beli <kode> <tujuan>`.
//!
//! State lives in [`crate::menus`], keyed by the reseller's message that opened the menu; the
//! buttons carry that message and the version of the step they were drawn for (see [`crate::telegram::buttons::menu`]).
use std::sync::Arc;

use teloxide_core::types::InlineKeyboardMarkup;

use super::purchase;
use super::{BotContext, Caller, Reply, TgBot};
use crate::domain::{Destination, ProductCode};
use crate::menus::{self, MenuKey, Opening};

mod pln;
mod press;
mod screens;
mod typed;

pub(super) use crate::telegram::buttons::menu::is_menu;
pub(super) use press::on_press;
pub(super) use typed::on_text;

use screens::Screen;

/// `/beli` alone: the categories, as a new menu; any older menu of the chat goes stale.
pub(super) async fn open(ctx: &Arc<BotContext>, caller: &Caller) -> anyhow::Result<Reply> {
    let mut conn = ctx.pool.acquire().await?;
    let screen = screens::categories(&mut conn, None).await?;
    drop(conn);
    start(ctx, caller, &Opening::default(), screen).await
}

/// Stores a new menu at `screen` and answers with it.
async fn start(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    opening: &Opening,
    screen: Screen,
) -> anyhow::Result<Reply> {
    if screens::is_empty(&screen) {
        return Ok(Reply::text(screen.text));
    }
    let key = MenuKey {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
    };
    let version = menus::open(&ctx.pool, key, caller.user_id, opening, &screen.view).await?;
    Ok(Reply {
        text: screen.text,
        keyboard: Some(screens::keyboard(key.message_id, version, &screen.rows)),
        attachment: None,
        manner: Default::default(),
    })
}

/// Buys `code` for `destination` on behalf of `caller`, whose message keys the order.
async fn buy(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    code: &str,
    destination: &str,
) -> anyhow::Result<Option<Reply>> {
    // Both were checked before they were stored.
    let product = ProductCode::parse(code).map_err(|e| anyhow::anyhow!("menu product: {e}"))?;
    let destination =
        Destination::parse(destination).map_err(|e| anyhow::anyhow!("menu destination: {e}"))?;
    purchase::buy(ctx, caller, product, destination).await
}

/// Shows `text` (and `keyboard`, or no buttons) in place of the menu message. The menu's state
/// has already moved on, so an edit refused for going too fast (quick presses) is tried once
/// more after the wait Telegram asks for: a menu left showing the old step would only answer
/// "usang".
async fn show(
    bot: &TgBot,
    chat_id: i64,
    message_id: i64,
    text: String,
    keyboard: Option<InlineKeyboardMarkup>,
) {
    if let Err(e) = bot
        .edit_with_buttons(chat_id, message_id, text, keyboard)
        .await
    {
        tracing::warn!(chat_id, error = %e, "menu not updated");
    }
}

/// A mobile number as typed, spaces and dashes allowed: as a destination.
fn destination_of(text: &str) -> Option<Destination> {
    let compact: String = text.trim().chars().filter(|c| *c != ' ').collect();
    Destination::parse(&compact).ok()
}
