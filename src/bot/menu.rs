//! The command menus Telegram shows under "/", from the same table as `/help` (R9c): resellers'
//! commands in every private chat (the bot works only there), and each admin's whole list in
//! that admin's own chat. Every instance publishes them at start, in either intake mode; that is
//! a handful of calls setting the same lists again, so instances starting together agree.
//!
//! Telegram cannot list the scopes that have commands, so the chats given the admin menu are
//! kept in `admin_menus` (owned here): whoever is there and no longer in `ADMIN_IDS` has the
//! menu taken back.
use sqlx::PgPool;
use teloxide_core::prelude::*;
use teloxide_core::types::{BotCommand, BotCommandScope, Recipient};
use teloxide_core::{ApiError, RequestError};

use super::TgBot;
use super::commands::{Audience, SPECS};

/// Publishes both menus and takes the admin menu back from former admins. Failures are logged
/// and leave the rest to the next start; nothing here stops loket from serving.
pub async fn publish(bot: &TgBot, pool: &PgPool, admins: &[i64]) {
    let api = bot.api();
    let resellers = api
        .set_my_commands(commands(false))
        .scope(BotCommandScope::AllPrivateChats);
    if let Err(e) = resellers.await {
        tracing::warn!(error = %e, "resellers' command menu not set");
    }
    // Earlier versions published resellers' commands in the default scope, which groups see
    // too, where the bot only points people to a private chat.
    if let Err(e) = api.delete_my_commands().await {
        tracing::warn!(error = %e, "old default command menu not removed");
    }
    for &admin in admins {
        grant(bot, pool, admin).await;
    }
    match former_admins(pool, admins).await {
        Ok(chats) => {
            for chat in chats {
                revoke(bot, pool, chat).await;
            }
        }
        Err(e) => tracing::warn!(error = %e, "admin menus given earlier not read; kept for now"),
    }
}

fn commands(admin: bool) -> Vec<BotCommand> {
    SPECS
        .iter()
        .filter(|s| admin || s.audience != Audience::Admin)
        .map(|s| BotCommand::new(s.name, s.about.short))
        .collect()
}

fn chat(chat_id: i64) -> BotCommandScope {
    BotCommandScope::Chat {
        chat_id: Recipient::Id(ChatId(chat_id)),
    }
}

/// The chat is recorded before Telegram is asked, so that no admin menu is ever out there
/// without loket knowing it has to take it back; one that cannot be recorded is not given.
async fn grant(bot: &TgBot, pool: &PgPool, admin: i64) {
    if let Err(e) = remember(pool, admin).await {
        tracing::warn!(admin, error = %e, "admin command menu not set: database unavailable");
        return;
    }
    let request = bot.api().set_my_commands(commands(true)).scope(chat(admin));
    match request.await {
        Ok(_) => {}
        Err(RequestError::Api(ApiError::ChatNotFound)) => tracing::warn!(
            admin,
            "admin command menu not set: this admin has not opened the bot yet; it is set at the first start after they press /start"
        ),
        Err(e) => tracing::warn!(admin, error = %e, "admin command menu not set"),
    }
}

/// Forgets the chat once Telegram has dropped its menu, or says it has no such chat (so no menu
/// either); otherwise it is kept, and the next start tries again.
async fn revoke(bot: &TgBot, pool: &PgPool, chat_id: i64) {
    match bot.api().delete_my_commands().scope(chat(chat_id)).await {
        Ok(_) | Err(RequestError::Api(ApiError::ChatNotFound)) => match forget(pool, chat_id).await
        {
            Ok(()) => tracing::info!(chat_id, "admin command menu taken back: not in ADMIN_IDS"),
            Err(e) => {
                tracing::warn!(chat_id, error = %e, "admin menu taken back, not yet forgotten")
            }
        },
        Err(e) => tracing::warn!(
            chat_id,
            error = %e,
            "admin command menu of a former admin not removed; trying again at the next start"
        ),
    }
}

async fn remember(pool: &PgPool, admin: i64) -> sqlx::Result<()> {
    sqlx::query("insert into admin_menus (chat_id) values ($1) on conflict (chat_id) do nothing")
        .bind(admin)
        .execute(pool)
        .await
        .map(drop)
}

/// Chats given the admin menu whose person is no longer an admin.
async fn former_admins(pool: &PgPool, admins: &[i64]) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("select chat_id from admin_menus where chat_id <> all($1) order by chat_id")
        .bind(admins)
        .fetch_all(pool)
        .await
}

async fn forget(pool: &PgPool, chat_id: i64) -> sqlx::Result<()> {
    sqlx::query("delete from admin_menus where chat_id = $1")
        .bind(chat_id)
        .execute(pool)
        .await
        .map(drop)
}
