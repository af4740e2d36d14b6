//! The Telegram side: what an update means and what to answer. Updates reach this module from
//! the database (`crate::intake`), and replies leave through the outbox, so handling never
//! waits for Telegram's pace. teloxide is the Bot API client.
#![deny(clippy::too_many_lines)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, UpdateKind};

use crate::config::{DepositSettings, FloodLimits};
use crate::orders::Orders;
use crate::text;

mod account;
mod admin;
mod browse;
mod buttons;
mod catalogue;
pub mod commands;
mod deposits;
mod import;
pub mod menu;
mod purchase;
mod reports;
mod run;
mod settle;

use crate::telegram::TgBot;

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
    pub flood: FloodLimits,
    pub deposits: DepositSettings,
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

impl Caller {
    /// The sender of an update, as the handlers need them; the message is the update's own
    /// unless the caller says otherwise.
    pub fn of(from: &teloxide::types::User, user_id: i64, chat_id: i64, update_id: i64) -> Self {
        Self {
            user_id,
            chat_id,
            message_id: 0,
            update_id,
            name: from.full_name(),
            username: from.username.clone(),
        }
    }
}

/// A reply to the message that asked.
#[derive(Debug, Default)]
pub struct Reply {
    pub text: String,
    pub keyboard: Option<InlineKeyboardMarkup>,
    /// A photo or document sent with `text` as its caption.
    pub attachment: Option<crate::outbox::Attachment>,
}

impl Reply {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    pub fn with(caption: impl Into<String>, attachment: crate::outbox::Attachment) -> Self {
        Self {
            text: caption.into(),
            attachment: Some(attachment),
            ..Self::default()
        }
    }
}

/// A reply to be queued for a chat.
#[derive(Debug)]
pub struct Outgoing {
    pub chat_id: i64,
    pub reply: Reply,
}

impl Outgoing {
    fn to(chat_id: i64, reply: Reply) -> Vec<Outgoing> {
        vec![Outgoing { chat_id, reply }]
    }
}

/// Handles one update and returns the replies to queue. Edited messages and other kinds never
/// trigger anything.
pub async fn process_update(ctx: &Arc<BotContext>, bot: &TgBot, update: Update) -> Vec<Outgoing> {
    let update_id = i64::from(update.id.0);
    match update.kind {
        UpdateKind::Message(msg) => on_message(ctx, bot, update_id, msg).await,
        UpdateKind::CallbackQuery(query) => buttons::on_button(ctx, bot, update_id, query).await,
        UpdateKind::Error(value) => {
            // Kept short: raw updates carry people's messages (R25).
            let shown: String = value.to_string().chars().take(200).collect();
            tracing::warn!(update_id, update = %shown, "update not understood; ignored");
            Vec::new()
        }
        _ => {
            tracing::debug!(update_id, "update kind not handled; ignored");
            Vec::new()
        }
    }
}

/// An update from a chat over its flood budget: nothing is acted upon. The first of a flood
/// gets the notice, and so does every purchase (never dropped without a word); a button press
/// is answered with it, so the button stops spinning.
pub async fn refuse_flooded(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update: Update,
    first: bool,
) -> Vec<Outgoing> {
    match update.kind {
        UpdateKind::Message(msg) => {
            let typed = msg.text().unwrap_or_default();
            let purchase = match commands::parse(typed, &ctx.username()) {
                Ok(commands::Command::Reseller(
                    commands::ResellerCommand::Buy { .. } | commands::ResellerCommand::RepeatLast,
                )) => true,
                Err(commands::ParseError::NotACommand) => {
                    commands::lines::parse(typed) != commands::lines::Purchases::None
                }
                _ => false,
            };
            if first || purchase {
                Outgoing::to(msg.chat.id.0, Reply::text(text::bot::FLOODED))
            } else {
                Vec::new()
            }
        }
        UpdateKind::CallbackQuery(query) => {
            let ack = bot
                .api()
                .answer_callback_query(query.id.clone())
                .text(text::bot::FLOODED_SHORT);
            if let Err(e) = ack.await {
                tracing::warn!(error = %e, "button press not acknowledged");
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

async fn on_message(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update_id: i64,
    msg: Message,
) -> Vec<Outgoing> {
    let Some(from) = msg.from.as_ref() else {
        return Vec::new();
    };
    let Ok(user_id) = i64::try_from(from.id.0) else {
        return Vec::new();
    };
    let text = msg.text().unwrap_or_default();
    let parsed = commands::parse(text, &ctx.username());
    if !msg.chat.is_private() {
        // Balances and purchases are personal; in groups we only point to the private chat.
        if parsed.is_ok() {
            return Outgoing::to(msg.chat.id.0, Reply::text(text::bot::PRIVATE_ONLY));
        }
        return Vec::new();
    }
    let caller = Caller {
        user_id,
        chat_id: msg.chat.id.0,
        message_id: i64::from(msg.id.0),
        update_id,
        name: from.full_name(),
        username: from.username.clone(),
    };
    let photo = msg.photo().and_then(|sizes| sizes.last());
    if matches!(parsed, Err(commands::ParseError::NotACommand)) && photo.is_none() {
        match purchase::buy_lines(ctx, &caller, text).await {
            Ok(Some(replies)) => return replies,
            Ok(None) => {}
            Err(e) => {
                tracing::error!(user_id, update_id, error = ?e, "typed purchases failed");
                return Outgoing::to(caller.chat_id, Reply::text(text::bot::INTERNAL_ERROR));
            }
        }
    }
    let reply = match (parsed, photo) {
        // A photo (its caption is no command) is a transfer proof for the sender's open ticket.
        (Err(commands::ParseError::NotACommand), Some(photo)) => {
            let file_id = photo.file.id.0.as_str();
            Some(deposits::proof(ctx, &caller, file_id).await.unwrap_or_else(|e| {
                tracing::error!(user_id, update_id, error = ?e, "transfer proof not forwarded");
                Reply::text(text::bot::INTERNAL_ERROR)
            }))
        }
        // A document (its caption is no command) is a catalogue file, from an admin.
        (Err(commands::ParseError::NotACommand), None) if msg.document().is_some() => {
            Some(import::on_document(ctx, bot, &caller, msg.document()).await)
        }
        // Plain text may be a destination a menu waits for, or a number alone. Commands
        // always go their own way.
        (Err(commands::ParseError::NotACommand), None) => {
            match browse::on_text(ctx, bot, &caller, &msg).await {
                Ok(Some(reply)) => reply,
                Ok(None) => Some(Reply::text(text::bot::NOT_A_COMMAND)),
                Err(e) => {
                    tracing::error!(user_id, update_id, error = ?e, "menu message failed");
                    Some(Reply::text(text::bot::INTERNAL_ERROR))
                }
            }
        }
        (parsed, _) => reply_to(ctx, &caller, parsed).await,
    };
    match reply {
        Some(reply) => Outgoing::to(caller.chat_id, reply),
        None => Vec::new(),
    }
}

async fn reply_to(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    parsed: Result<commands::Command, commands::ParseError>,
) -> Option<Reply> {
    let (user_id, update_id) = (caller.user_id, caller.update_id);
    match parsed {
        Ok(command) => {
            let name = command.name();
            run::run(ctx, caller, command).await.unwrap_or_else(|e| {
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
            if spec.is_admin() && !ctx.is_admin(caller.user_id) =>
        {
            Some(Reply::text(text::bot::ADMIN_ONLY))
        }
        Err(commands::ParseError::Usage { spec, problem }) => {
            Some(Reply::text(commands::usage(spec, problem.as_deref())))
        }
    }
}
