//! The Telegram side: what an update means and what to answer. Updates reach this module from
//! the database (`crate::intake`), and replies leave through the outbox, so handling never
//! waits for Telegram's pace. teloxide is the Bot API client.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use teloxide_core::prelude::*;
use teloxide_core::types::{InlineKeyboardMarkup, Update, UpdateKind};

use crate::config::{DepositSettings, FloodLimits};
use crate::orders::Orders;

mod account;
mod admin;
mod approval;
mod broadcasts;
mod browse;
mod buttons;
mod catalogue;
pub mod commands;
mod complaints;
mod deposits;
mod exports;
mod import;
pub mod menu;
mod messages;
mod pages;
mod pln;
mod purchase;
mod receipt;
mod refund;
mod registration;
mod reports;
mod routes;
mod run;
mod settle;
mod start;
mod suppliers;

pub use messages::refuse_flooded;

use crate::telegram::TgBot;

/// What handlers share.
pub struct BotContext {
    pub pool: PgPool,
    pub orders: Orders,
    pub admins: Vec<i64>,
    /// Our @username, learned from getMe, for `/cmd@botname` in groups.
    pub username: std::sync::RwLock<String>,
    /// Our name as @BotFather set it, learned from getMe: /start's greeting and a receipt's
    /// heading without `SHOP_NAME`.
    pub bot_name: std::sync::RwLock<String>,
    /// `SHOP_NAME`: who greets at /start, the heading of receipts.
    pub shop_name: Option<String>,
    pub duplicate_window: Duration,
    pub stuck_after: Duration,
    /// `COMPLAINT_MAX_DAYS`.
    pub complaint_max_age: Duration,
    /// Set by the invariant monitor: purchases stop, everything else keeps working (R28).
    pub maintenance: Arc<AtomicBool>,
    pub flood: FloodLimits,
    pub deposits: DepositSettings,
    /// Whether new users wait for an admin's approval before buying.
    pub registration: crate::domain::Registration,
    /// Whom people are told to contact (`SUPPORT_CONTACT`).
    pub support_contact: Option<crate::domain::SupportContact>,
    /// Digiflazz, when configured: who a PLN meter belongs to (`/cekpln`, the PLN menu).
    pub digiflazz: Option<crate::digiflazz::DigiflazzClient>,
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

    /// Asks Telegram who we are, for `/cmd@botname` and receipts. Returns false if Telegram
    /// did not answer.
    pub async fn learn_identity(&self, bot: &TgBot) -> bool {
        match bot.api().get_me().await {
            Ok(me) => {
                if let Ok(mut name) = self.username.write() {
                    *name = me.username().to_owned();
                }
                if let Ok(mut name) = self.bot_name.write() {
                    name.clone_from(&me.first_name);
                }
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "getMe failed");
                false
            }
        }
    }

    /// [`Self::learn_identity`] until Telegram answers or loket stops: an instance that does
    /// not poll (another one does, or Telegram calls a webhook) still handles updates.
    pub async fn learn_identity_until_known(
        self: Arc<Self>,
        bot: TgBot,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        while !self.learn_identity(&bot).await {
            tokio::select! {
                () = tokio::time::sleep(IDENTITY_RETRY) => {}
                _ = stop.wait_for(|s| *s) => return,
            }
        }
    }

    /// The shop's name, for /start and receipts: `SHOP_NAME`, else the bot's own name.
    pub fn shop_name(&self) -> String {
        let learned = self.bot_name.read().map(|n| n.clone()).unwrap_or_default();
        self.shop_name
            .clone()
            .or((!learned.is_empty()).then_some(learned))
            .unwrap_or_else(|| crate::text::receipts::SHOP_FALLBACK.to_owned())
    }
}

/// How long an instance waits before asking Telegram again who it is.
const IDENTITY_RETRY: Duration = Duration::from_secs(5);

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
    /// The key of the message this caller sent (`tg:<chat>:<message>`): what keeps a redelivered
    /// command from acting twice.
    pub fn message_key(&self) -> String {
        format!("tg:{}:{}", self.chat_id, self.message_id)
    }

    /// The sender of an update, as the handlers need them; the message is the update's own
    /// unless the caller says otherwise.
    pub fn of(
        from: &teloxide_core::types::User,
        user_id: i64,
        chat_id: i64,
        update_id: i64,
    ) -> Self {
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
    /// How a text reply is sent: quietly, under a message (R47); by default as every reply.
    pub manner: crate::outbox::Manner,
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
        UpdateKind::Message(msg) => messages::on_message(ctx, bot, update_id, msg).await,
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
