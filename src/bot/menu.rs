//! The command menu Telegram shows, from the same table as `/help`: resellers see their
//! commands, each admin (by chat scope) sees all of them.
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use super::TgBot;
use super::commands::{Audience, SPECS};

pub async fn publish(bot: &TgBot, admins: &[i64]) {
    let commands = |admin: bool| -> Vec<BotCommand> {
        SPECS
            .iter()
            .filter(|s| admin || s.audience != Audience::Admin)
            .map(|s| BotCommand::new(s.name, s.about))
            .collect()
    };
    if let Err(e) = bot.api().set_my_commands(commands(false)).await {
        tracing::warn!(error = %e, "command menu not set");
    }
    for admin in admins {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(*admin)),
        };
        if let Err(e) = bot.api().set_my_commands(commands(true)).scope(scope).await {
            tracing::warn!(admin, error = %e, "admin command menu not set");
        }
    }
}
