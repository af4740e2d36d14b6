//! `/harga` and `/pending` a page at a time, with ◀ ▶ under each page: a press shows the page
//! it names in place of the one shown (the same message, edited), read afresh. Typed, a page
//! past the last is refused; pressed (on an older page, the list having shrunk since), the
//! last page is shown. The buttons' data is [`crate::telegram::buttons::pages`].
use std::sync::Arc;

use sqlx::PgConnection;
use teloxide_core::types::CallbackQuery;

use super::{BotContext, Reply, TgBot, account, settle};
use crate::telegram::buttons::pages::{self, List};
use crate::text::lists::{self as say, Beyond, Paged};

pub(super) use pages::is_page;

/// A page of `owner`'s price list (of what they searched for), with its buttons.
pub(super) async fn prices(
    conn: &mut PgConnection,
    owner: i64,
    search: Option<String>,
    page: usize,
    beyond: Beyond,
) -> sqlx::Result<Reply> {
    let typed = search.clone();
    let list = List::Prices { owner, search };
    let buttons = pages::fits(&list);
    let paged = account::prices(conn, owner, typed.as_deref(), (page, beyond), buttons).await?;
    Ok(reply(paged, &list))
}

/// A page of the open orders, with its buttons.
pub(super) async fn pending(
    ctx: &Arc<BotContext>,
    conn: &mut PgConnection,
    page: usize,
    beyond: Beyond,
) -> sqlx::Result<Reply> {
    let paged = settle::pending(ctx, conn, page, beyond).await?;
    Ok(reply(paged, &List::Pending))
}

fn reply(paged: Paged, list: &List) -> Reply {
    let labels = [say::PAGE_PREVIOUS, say::PAGE_NEXT];
    Reply {
        keyboard: pages::keyboard(list, paged.page, paged.pages, labels),
        ..Reply::text(paged.text)
    }
}

/// A press on ◀ or ▶; returns the pop-up for the presser, if any. Only the reseller whose
/// price list it is may page it (an admin's list is refused to anyone else before this);
/// unreadable data, or a message Telegram no longer lets us see, changes nothing.
pub(super) async fn press(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
) -> anyhow::Result<Option<String>> {
    let Some(pressed) = query.data.as_deref().and_then(pages::parse) else {
        tracing::warn!("list button with unreadable data; ignored");
        return Ok(Some(say::PAGE_GONE.into()));
    };
    let presser = i64::try_from(query.from.id.0)?;
    if let List::Prices { owner, .. } = pressed.list
        && owner != presser
    {
        tracing::warn!(
            user_id = presser,
            "price list paged by someone else; ignored"
        );
        return Ok(Some(say::PAGE_NOT_YOURS.into()));
    }
    let Some(shown) = query.regular_message() else {
        return Ok(Some(say::PAGE_GONE.into()));
    };
    let mut conn = ctx.pool.acquire().await?;
    let page = match pressed.list {
        List::Prices { owner, search } => {
            prices(&mut conn, owner, search, pressed.page, Beyond::Last).await?
        }
        List::Pending => pending(ctx, &mut conn, pressed.page, Beyond::Last).await?,
    };
    drop(conn);
    let (chat_id, message_id) = (shown.chat.id.0, i64::from(shown.id.0));
    match bot
        .edit_with_buttons(chat_id, message_id, page.text, page.keyboard)
        .await
    {
        Ok(()) => Ok(None),
        Err(e) => {
            tracing::warn!(chat_id, error = %e, "list page not shown");
            Ok(Some(say::PAGE_NOT_SHOWN.into()))
        }
    }
}
