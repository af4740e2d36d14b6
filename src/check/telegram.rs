//! Telegram: the bot's token, whether it can write to each admin, and how updates reach loket.
use secrecy::ExposeSecret;
use teloxide_core::prelude::*;
use teloxide_core::{ApiError, RequestError};

use super::{WAIT, fail, pass, warn};
use crate::config::Settings;

pub(super) fn telegram_bot(settings: &Settings) -> Bot {
    let bot = Bot::new(settings.telegram.token.expose_secret());
    match &settings.telegram.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    }
}

pub(super) async fn check_telegram(settings: &Settings) -> bool {
    let bot = telegram_bot(settings);
    let host = bot.api_url().host_str().unwrap_or_default().to_owned();
    match tokio::time::timeout(WAIT, bot.get_me().send()).await {
        Ok(Ok(me)) => {
            let mode = match &settings.telegram.webhook_url {
                Some(url) => format!("webhook at {url}"),
                None => "long polling".into(),
            };
            pass(
                "telegram",
                format!("bot @{} (id {}), {mode}", me.username(), me.id),
            );
            true
        }
        Ok(Err(RequestError::Api(ApiError::InvalidToken))) => {
            fail(
                "telegram",
                "Telegram refused TELOXIDE_TOKEN. Fix: copy the token again from @BotFather (/mybots, API Token)",
            );
            false
        }
        Ok(Err(e)) => {
            fail(
                "telegram",
                format!(
                    "getMe failed at {host} ({e}). Fix: check this server's internet access, or TELOXIDE_API_URL"
                ),
            );
            false
        }
        Err(_) => {
            fail(
                "telegram",
                format!(
                    "{host} did not answer within 10 s. Fix: check this server's internet access"
                ),
            );
            false
        }
    }
}

/// Telegram lets a bot write only to people who have started it: an admin who never pressed
/// /start would miss every alert. Telegram answers getChat for them with "chat not found".
pub(super) async fn check_admins(settings: &Settings) {
    let bot = telegram_bot(settings);
    let mut unreachable = 0;
    for &admin in &settings.admin_ids {
        let problem = match tokio::time::timeout(WAIT, bot.get_chat(ChatId(admin)).send()).await {
            Ok(Ok(_)) => continue,
            Ok(Err(RequestError::Api(
                e @ (ApiError::ChatNotFound
                | ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::CantInitiateConversation),
            ))) => format!(
                "Telegram cannot message admin {admin} ({e}). Fix: that admin opens the bot in Telegram and presses /start, or correct ADMIN_IDS"
            ),
            Ok(Err(e)) => format!("could not ask Telegram about admin {admin} ({e})"),
            Err(_) => format!("Telegram did not answer within 10 s about admin {admin}"),
        };
        warn("admins", problem);
        unreachable += 1;
    }
    if unreachable == 0 {
        pass(
            "admins",
            format!(
                "Telegram can message all {} admin(s)",
                settings.admin_ids.len()
            ),
        );
    }
}
