//! A press on a menu button. Whatever it finds (a newer menu, a closed or used one, one that
//! expired, a product gone or repriced since it was shown) that is not the menu as the button
//! was drawn, it answers "usang", takes the buttons away and does nothing else.
use std::sync::Arc;

use teloxide_core::types::CallbackQuery;

use super::screens::{self, Frame};
use super::{buy, show};
use crate::bot::{BotContext, Caller, Outgoing, TgBot};
use crate::domain::Money;
use crate::menus::{self, Menu, MenuKey, Step, View};
use crate::telegram::buttons::menu::{self as data, Action, MenuPress};
use crate::text::browse as say;

/// Answers a press on a menu; returns the pop-up for the presser. A purchase's answer (a
/// refusal, the repeat question) is left in `replies`.
pub async fn on_press(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update_id: i64,
    query: &CallbackQuery,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let presser = i64::try_from(query.from.id.0)?;
    let Some(message) = query.message.as_ref() else {
        return Ok(Some(say::STALE.into()));
    };
    let (chat_id, shown_id) = (message.chat().id.0, i64::from(message.id().0));
    let stale = async |menu: Option<&Menu>| {
        if shows_stale_buttons(menu, shown_id) {
            show(bot, chat_id, shown_id, say::STALE_SHOWN.into(), None).await;
        }
        Ok(Some(say::STALE.into()))
    };
    let Some(press) = query.data.as_deref().and_then(data::parse) else {
        return stale(None).await;
    };
    let key = MenuKey {
        chat_id,
        message_id: press.menu,
    };
    let mut conn = ctx.pool.acquire().await?;
    let Some(menu) = menus::find(&mut conn, key).await? else {
        return stale(None).await;
    };
    let stale = async || stale(Some(&menu)).await;
    if menu.user_id != presser {
        tracing::warn!(user_id = presser, "menu pressed by someone else; ignored");
        return Ok(None);
    }
    // The menu's message keys the order, as if the presser had typed the purchase there.
    let caller = Caller {
        message_id: key.message_id,
        ..Caller::of(&query.from, presser, chat_id, update_id)
    };
    // The press that bought, handled again after a crash: buying again finds its order.
    if menu.view.step == Step::Used && menu.used_update_id == Some(update_id) {
        drop(conn);
        return buy_again(ctx, &caller, &menu, replies).await;
    }
    if !menu.current(press.version) {
        return stale().await;
    }
    let frame = Frame {
        user_id: presser,
        destination: menu.destination.as_deref(),
        operator: menu.operator.as_deref(),
    };
    let target = match press.action {
        Action::Close => {
            if !menus::finish(&ctx.pool, key, press.version, None, Some(shown_id)).await? {
                return stale().await;
            }
            show(bot, chat_id, shown_id, say::CLOSED.into(), None).await;
            return Ok(None);
        }
        Action::Category(id) => View {
            category_id: Some(id),
            ..View::at(Step::Brands)
        },
        Action::Brand(id) => View {
            category_id: menu.view.category_id,
            brand_id: Some(id),
            ..View::at(Step::Products)
        },
        Action::Page(page) => View {
            page: i32::from(page),
            ..menu.view.clone()
        },
        Action::Back => back(&menu),
        Action::Product(at) => {
            drop(conn);
            return product(ctx, bot, &caller, &menu, press, shown_id, at, replies).await;
        }
    };
    let screen = screens::draw(&mut conn, &frame, target).await?;
    drop(conn);
    if !menus::advance(&ctx.pool, key, press.version, &screen.view, Some(shown_id)).await? {
        return stale().await;
    }
    let keyboard = screens::keyboard(key.message_id, press.version + 1, &screen.rows);
    show(bot, chat_id, shown_id, screen.text, Some(keyboard)).await;
    Ok(None)
}

/// The purchase a used menu made, asked for again: orders finds the order it placed.
async fn buy_again(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    menu: &Menu,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    if let (Some(chosen), Some(destination)) = (&menu.view.chosen, &menu.destination)
        && let Some(reply) = buy(ctx, caller, &chosen.code, destination).await?
    {
        replies.push(Outgoing {
            chat_id: caller.chat_id,
            reply,
        });
    }
    Ok(None)
}

/// Whether the message pressed on still shows buttons of a menu that is gone, and should lose
/// them. Not when the menu bought (the message already says what) nor when it is still live
/// there (a second quick press on it: the message shows its current step).
fn shows_stale_buttons(menu: Option<&Menu>, shown_id: i64) -> bool {
    match menu {
        None => true,
        Some(m) if m.view.step == Step::Used => false,
        Some(m) => !(m.current(m.version) && m.menu_message_id == Some(shown_id)),
    }
}

/// The step before the one shown. A number menu starts at its products. From products to
/// the brands the brand stays in the view, so that a category with no brands to choose
/// between (whose products came at once) goes back to the categories (see `screens::draw`).
fn back(menu: &Menu) -> View {
    let view = &menu.view;
    match view.step {
        Step::Destination => View {
            step: Step::Products,
            chosen: None,
            ..view.clone()
        },
        Step::Products if menu.operator.is_some() => view.clone(),
        Step::Products => View {
            category_id: view.category_id,
            brand_id: view.brand_id,
            ..View::at(Step::Brands)
        },
        _ => View::at(Step::Categories),
    }
}

/// A product pressed: in gangguan it only says why; with the destination known (a number
/// menu) it buys; otherwise the menu asks for the destination.
#[allow(clippy::too_many_arguments)]
async fn product(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    caller: &Caller,
    menu: &Menu,
    press: MenuPress,
    shown_id: i64,
    at: u8,
    replies: &mut Vec<Outgoing>,
) -> anyhow::Result<Option<String>> {
    let chat_id = caller.chat_id;
    let stale = async || {
        if shows_stale_buttons(Some(menu), shown_id) {
            show(bot, chat_id, shown_id, say::STALE_SHOWN.into(), None).await;
        }
        Ok(Some(say::STALE.into()))
    };
    let Some(shown) = menu.view.shown.get(usize::from(at)) else {
        return stale().await;
    };
    let mut conn = ctx.pool.acquire().await?;
    let offer = menus::offer(&mut conn, caller.user_id, &shown.code).await?;
    drop(conn);
    // Gone or repriced since the page was drawn: the whole menu is out of date, so it ends,
    // and /beli draws it afresh.
    let Some(offer) = offer.filter(|o| o.active && o.price == shown.price) else {
        menus::finish(&ctx.pool, menu.key, press.version, None, Some(shown_id)).await?;
        show(bot, chat_id, shown_id, say::STALE_SHOWN.into(), None).await;
        return Ok(Some(say::STALE.into()));
    };
    if offer.disrupted {
        return Ok(Some(say::disrupted(&offer.code, offer.reason.as_deref())));
    }
    let price = Money::from_rupiah(offer.price);
    let Some(destination) = &menu.destination else {
        let view = View {
            chosen: Some(shown.clone()),
            ..menu.view.clone()
        };
        let screen = screens::destination(view, &offer.name);
        if !menus::advance(
            &ctx.pool,
            menu.key,
            press.version,
            &screen.view,
            Some(shown_id),
        )
        .await?
        {
            return stale().await;
        }
        let keyboard = screens::keyboard(menu.key.message_id, press.version + 1, &screen.rows);
        show(bot, chat_id, shown_id, screen.text, Some(keyboard)).await;
        return Ok(None);
    };
    let used = Some((caller.update_id, offer.code.as_str()));
    if !menus::finish(&ctx.pool, menu.key, press.version, used, Some(shown_id)).await? {
        return stale().await;
    }
    let text = say::buying(&offer.code, &offer.name, price, destination);
    show(bot, chat_id, shown_id, text, None).await;
    if let Some(reply) = buy(ctx, caller, &offer.code, destination).await? {
        replies.push(Outgoing { chat_id, reply });
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn menu(step: Step, operator: Option<&str>) -> Menu {
        Menu {
            key: MenuKey {
                chat_id: 1,
                message_id: 2,
            },
            user_id: 1,
            version: 3,
            view: View {
                category_id: Some(4),
                brand_id: Some(5),
                page: 2,
                chosen: Some(menus::Shown {
                    code: "s5".into(),
                    price: 5_500,
                }),
                ..View::at(step)
            },
            destination: None,
            operator: operator.map(str::to_owned),
            menu_message_id: None,
            used_update_id: None,
            expired: false,
        }
    }

    #[test]
    fn back_goes_one_step_up_and_keeps_the_page() {
        let from_destination = back(&menu(Step::Destination, None));
        assert_eq!(
            (
                from_destination.step,
                from_destination.page,
                from_destination.chosen
            ),
            (Step::Products, 2, None)
        );
        let from_products = back(&menu(Step::Products, None));
        assert_eq!(
            (from_products.step, from_products.category_id),
            (Step::Brands, Some(4))
        );
        assert_eq!(back(&menu(Step::Brands, None)).step, Step::Categories);
        assert_eq!(
            back(&menu(Step::Products, Some("Telkomsel"))).step,
            Step::Products
        );
    }
}
