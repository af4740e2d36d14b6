//! Plain messages a menu acts on: the destination a menu waits for, and a number alone.
use std::sync::Arc;

use teloxide_core::types::Message;

use super::pln;
use super::screens::{self, Frame};
use super::{buy, destination_of, show, start};
use crate::bot::{BotContext, Caller, Reply, TgBot};
use crate::catalogue;
use crate::domain::{Destination, Money};
use crate::menus::{self, Menu, Opening, Step};
use crate::text::{browse as say, errors as why};

/// A plain message (no command): `None` when no menu has a use for it, else the answer (none
/// when the purchase's own messages will follow).
pub async fn on_text(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    caller: &Caller,
    msg: &Message,
) -> anyhow::Result<Option<Option<Reply>>> {
    let Some(text) = msg.text() else {
        return Ok(None);
    };
    let mut conn = ctx.pool.acquire().await?;
    let (user_id, chat_id) = (caller.user_id, caller.chat_id);
    if let Some(menu) = menus::waiting(&mut conn, chat_id, user_id, caller.update_id).await? {
        drop(conn);
        return destination_given(ctx, bot, caller, &menu, text)
            .await
            .map(Some);
    }
    let typed = text.trim();
    let Some(destination) = destination_of(typed) else {
        return Ok(None);
    };
    crate::bot::registration::note(&mut conn, ctx, caller).await?;
    let Some(prefix) = catalogue::prefix_of(typed) else {
        if destination.as_str().starts_with("08") {
            return Ok(Some(Some(Reply::text(say::NOT_MOBILE))));
        }
        // Not a mobile number (a PLN meter, a game or e-wallet id): the whole menu, for it.
        let screen = screens::categories(&mut conn, Some(destination.as_str())).await?;
        drop(conn);
        let opening = Opening {
            destination: Some(destination.as_str().to_owned()),
            operator: None,
        };
        return start(ctx, caller, &opening, screen)
            .await
            .map(|r| Some(Some(r)));
    };
    let Some(operator) = catalogue::operator_of(&mut conn, typed).await? else {
        return Ok(Some(Some(Reply::text(say::unknown_prefix(&prefix)))));
    };
    let frame = Frame {
        user_id,
        destination: Some(destination.as_str()),
        operator: Some(&operator),
    };
    let screen = screens::products(&mut conn, &frame, None, None, 1).await?;
    drop(conn);
    if screen.view.shown.is_empty() {
        return Ok(Some(Some(Reply::text(say::no_operator_products(
            &operator,
        )))));
    }
    let opening = Opening {
        destination: Some(destination.as_str().to_owned()),
        operator: Some(operator.clone()),
    };
    start(ctx, caller, &opening, screen)
        .await
        .map(|r| Some(Some(r)))
}

/// The message after a product was chosen: its destination, which buys it.
async fn destination_given(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    caller: &Caller,
    menu: &Menu,
    text: &str,
) -> anyhow::Result<Option<Reply>> {
    let Some(chosen) = &menu.view.chosen else {
        return Ok(Some(Reply::text(say::STALE_SHOWN)));
    };
    let code = chosen.code.as_str();
    let destination = match Destination::parse(&text.trim().replace(' ', "")) {
        Ok(destination) => destination,
        Err(e) => {
            let problem = why::destination(&e);
            return Ok(Some(Reply::text(say::not_a_destination(code, problem))));
        }
    };
    // This message, handled again after a crash: buying again finds its order.
    if menu.view.step == Step::Used {
        return buy(ctx, caller, code, destination.as_str()).await;
    }
    let mut conn = ctx.pool.acquire().await?;
    let offer = menus::offer(&mut conn, caller.user_id, code).await?;
    drop(conn);
    let refusal = match &offer {
        None => Some(say::product_gone(code)),
        Some(o) if !o.active => Some(say::product_gone(code)),
        Some(o) if o.price != chosen.price => {
            Some(say::price_changed(code, Money::from_rupiah(o.price)))
        }
        Some(o) if o.disrupted => Some(say::disrupted_message(code, o.reason.as_deref())),
        Some(_) => None,
    };
    let checked = match (&refusal, &offer) {
        (None, Some(o)) => pln::check(ctx, o, &destination).await,
        _ => pln::Checked::NotPln,
    };
    if let (pln::Checked::Customer(customer), Some(o)) = (&checked, &offer) {
        // Closed, not used: "Ya, beli" buys, keyed by this message.
        if !menus::finish(&ctx.pool, menu.key, menu.version, None, None).await? {
            return Ok(Some(Reply::text(say::STALE_SHOWN)));
        }
        let reply = pln::ask(ctx, caller, o, &destination, customer).await?;
        if let Some(menu_message) = menu.menu_message_id {
            let price = Money::from_rupiah(o.price).to_string();
            let chosen = crate::text::pln::asked(code, &o.name, &price, destination.as_str());
            show(bot, caller.chat_id, menu_message, chosen, None).await;
        }
        return Ok(Some(reply));
    }
    let used = refusal.is_none().then_some((caller.update_id, code));
    if !menus::finish(&ctx.pool, menu.key, menu.version, used, None).await? {
        return Ok(Some(Reply::text(say::STALE_SHOWN)));
    }
    let shown = match (&refusal, &offer) {
        (None, Some(o)) => say::buying(
            code,
            &o.name,
            Money::from_rupiah(o.price),
            destination.as_str(),
        ),
        _ => say::STALE_SHOWN.to_owned(),
    };
    let shown = match checked {
        pln::Checked::Unchecked => format!("{shown}\n{}", crate::text::pln::NAME_UNCHECKED),
        _ => shown,
    };
    if let Some(menu_message) = menu.menu_message_id {
        show(bot, caller.chat_id, menu_message, shown, None).await;
    }
    if let Some(refusal) = refusal {
        return Ok(Some(Reply::text(refusal)));
    }
    buy(ctx, caller, code, destination.as_str()).await
}
