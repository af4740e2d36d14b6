//! The Bot API client every part of loket shares, and the pace it keeps.
use secrecy::ExposeSecret;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;

use super::TgBot;
use crate::config::{TelegramPace, TelegramSettings};

/// The Bot API client every part of loket shares, behind one Throttle.
pub fn telegram_client(settings: &TelegramSettings, pace: TelegramPace) -> TgBot {
    let mut bot = Bot::new(settings.token.expose_secret());
    if let Some(url) = &settings.api_url {
        bot = bot.set_api_url(url.clone());
    }
    let limits = match pace {
        TelegramPace::Telegram => LIMITS,
        // Throttle still runs (same code path, same 250 ms ticks); its queue holds
        // `messages_per_sec_overall` requests, so this stays a modest number.
        TelegramPace::Bench => Limits {
            messages_per_sec_chat: 1_000,
            messages_per_min_chat: 60_000,
            messages_per_min_channel_or_supergroup: 60_000,
            messages_per_sec_overall: 20_000,
        },
    };
    bot.throttle(limits)
}

/// Telegram's pace for a bot that talks in private chats: one message a second to a chat and
/// thirty a second overall. teloxide's default also allows only 20 a minute per chat, a rule
/// Telegram sets for groups; applied to private chats it parks every reply beyond the 20th
/// for the rest of the minute, and thirty parked requests fill Throttle's queue and stall
/// every chat (seen after a restart, when a backlog of updates is answered at once).
const LIMITS: Limits = Limits {
    messages_per_sec_chat: 1,
    messages_per_min_chat: 60,
    messages_per_min_channel_or_supergroup: 10,
    messages_per_sec_overall: 30,
};
