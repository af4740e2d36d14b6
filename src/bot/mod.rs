//! The Telegram side: updates in, replies out. teloxide is the Bot API client; the update loop
//! is ours so that an update is acknowledged only after it was handled (RELIABILITY C6, R9).
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, UpdateKind};
use tokio_util::task::TaskTracker;

use crate::orders::Orders;
use crate::text;

mod buttons;
pub mod client;
pub mod commands;
mod confirm;
mod confirm_settle;
mod handlers;
pub mod menu;
pub mod pace;
pub mod polling;
pub mod webhook;

pub use client::TgBot;

/// What handlers share.
pub struct BotContext {
    pub pool: PgPool,
    pub orders: Orders,
    pub admins: Vec<i64>,
    /// Our @username, learned from getMe, for `/cmd@botname` in groups.
    pub username: std::sync::RwLock<String>,
    pub duplicate_window: Duration,
    pub stuck_after: Duration,
    /// Set by the invariant monitor: purchases stop, everything else keeps working (R28).
    pub maintenance: Arc<AtomicBool>,
    /// Supplier requests started by purchases; shutdown waits for them.
    pub in_flight: TaskTracker,
}

impl BotContext {
    pub fn is_admin(&self, user_id: i64) -> bool {
        self.admins.contains(&user_id)
    }

    pub fn in_maintenance(&self) -> bool {
        self.maintenance.load(Ordering::Relaxed)
    }

    fn username(&self) -> String {
        self.username.read().map(|u| u.clone()).unwrap_or_default()
    }

    /// Asks Telegram who we are, for `/cmd@botname`. Returns false if Telegram did not answer.
    pub async fn learn_username(&self, bot: &TgBot) -> bool {
        match bot.api().get_me().await {
            Ok(me) => {
                if let Ok(mut name) = self.username.write() {
                    *name = me.username().to_owned();
                }
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "getMe failed");
                false
            }
        }
    }
}

/// Who sent a message, as the handlers need it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
    pub update_id: i64,
    pub name: String,
    pub username: Option<String>,
}

/// A reply to the message that asked.
#[derive(Debug, Default)]
pub struct Reply {
    pub text: String,
    pub keyboard: Option<InlineKeyboardMarkup>,
}

impl Reply {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            keyboard: None,
        }
    }
}

/// Handles one update. Edited messages and other kinds never trigger anything.
pub async fn process_update(ctx: &Arc<BotContext>, bot: &TgBot, update: Update) {
    let update_id = i64::from(update.id.0);
    match update.kind {
        UpdateKind::Message(msg) => on_message(ctx, bot, update_id, msg).await,
        UpdateKind::CallbackQuery(query) => buttons::on_button(ctx, bot, query).await,
        UpdateKind::Error(value) => {
            // Kept short: raw updates carry people's messages (R25).
            let shown: String = value.to_string().chars().take(200).collect();
            tracing::warn!(update_id, update = %shown, "update not understood; ignored");
        }
        _ => tracing::debug!(update_id, "update kind not handled; ignored"),
    }
}

/// The chat an update belongs to, so one chat's updates are handled in order.
pub fn chat_of(update: &Update) -> Option<i64> {
    update.chat().map(|c| c.id.0)
}

async fn on_message(ctx: &Arc<BotContext>, bot: &TgBot, update_id: i64, msg: Message) {
    let Some(from) = msg.from.as_ref() else {
        return;
    };
    let Ok(user_id) = i64::try_from(from.id.0) else {
        return;
    };
    let text = msg.text().unwrap_or_default();
    let parsed = commands::parse(text, &ctx.username());
    if !msg.chat.is_private() {
        // Balances and purchases are personal; in groups we only point to the private chat.
        if parsed.is_ok() {
            send(bot, msg.chat.id.0, Reply::text(text::bot::PRIVATE_ONLY)).await;
        }
        return;
    }
    let caller = Caller {
        user_id,
        chat_id: msg.chat.id.0,
        message_id: i64::from(msg.id.0),
        update_id,
        name: from.full_name(),
        username: from.username.clone(),
    };
    let reply = match parsed {
        Ok(command) => {
            let name = command.name();
            handlers::run(ctx, &caller, command).await.unwrap_or_else(|e| {
                tracing::error!(command = name, user_id, update_id, error = ?e, "command failed");
                Some(Reply::text(text::bot::INTERNAL_ERROR))
            })
        }
        Err(commands::ParseError::NotACommand) => Some(Reply::text(text::bot::NOT_A_COMMAND)),
        Err(commands::ParseError::OtherBot) => None,
        Err(commands::ParseError::Unknown(name)) => {
            Some(Reply::text(text::bot::unknown_command(&name)))
        }
        // A malformed admin command from anyone else gets the same refusal as a well-formed
        // one: its usage line would show what `/help` hides from them.
        Err(commands::ParseError::Usage { spec, .. })
            if spec.audience == commands::Audience::Admin && !ctx.is_admin(caller.user_id) =>
        {
            Some(Reply::text(text::bot::ADMIN_ONLY))
        }
        Err(commands::ParseError::Usage { spec, problem }) => {
            Some(Reply::text(text::bot::usage(spec, problem.as_deref())))
        }
    };
    if let Some(reply) = reply {
        send(bot, caller.chat_id, reply).await;
    }
}

/// A reply refused with 429 is tried again this many times in all, after the wait Telegram
/// asks for (a restarted instance does not know what its predecessor just sent to a chat).
const REPLY_ATTEMPTS: u32 = 3;

/// Sends a direct reply. Replies answer the person in front of the screen now; anything that
/// must survive a crash (order results, balance changes) goes through the outbox instead. A
/// reply too long for one message goes out as several, split between lines; the keyboard
/// belongs to the last.
pub async fn send(bot: &TgBot, chat_id: i64, reply: Reply) {
    let parts = text::long::split(&reply.text, text::long::Size::MESSAGE);
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.into_iter().enumerate() {
        let keyboard = if i == last {
            reply.keyboard.clone()
        } else {
            None
        };
        // The rest of a reply read without its beginning would only confuse.
        if !send_part(bot, chat_id, part, keyboard).await {
            return;
        }
    }
}

async fn send_part(
    bot: &TgBot,
    chat_id: i64,
    text: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> bool {
    for attempt in 1..=REPLY_ATTEMPTS {
        // The pace holds the next attempt until the 429's retry_after has passed.
        match bot.send_html(chat_id, text.clone(), keyboard.clone()).await {
            Err(teloxide::RequestError::RetryAfter(_)) if attempt < REPLY_ATTEMPTS => continue,
            Err(e) => tracing::warn!(chat_id, error = %e, "reply not delivered"),
            Ok(_) => return true,
        }
        return false;
    }
    false
}
