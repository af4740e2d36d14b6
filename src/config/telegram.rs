//! The bot's token, where the Bot API is, and the webhook if there is one.
use reqwest::Url;
use secrecy::SecretString;

use super::ConfigError;
use super::env::{Source, err, is_strong_token, optional_url};

#[derive(Debug, Clone)]
pub struct TelegramSettings {
    pub token: SecretString,
    pub api_url: Option<Url>,
    pub webhook_url: Option<Url>,
    pub webhook_secret: Option<SecretString>,
}

impl TelegramSettings {
    pub(super) fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
    ) -> Result<Self, ConfigError> {
        let token = src.required("TELOXIDE_TOKEN")?;
        // `<digits>:<secret>` is the only shape @BotFather hands out; catching a pasted
        // username or a truncated token here beats a 401 loop later.
        let valid = token.split_once(':').is_some_and(|(id, secret)| {
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && secret.len() >= 20
        });
        if !valid {
            return Err(err(
                "TELOXIDE_TOKEN",
                "does not look like a bot token from @BotFather (expected <digits>:<secret>)",
            ));
        }
        let api_url = optional_url(src, "TELOXIDE_API_URL")?;
        let webhook_url = optional_url(src, "TELEGRAM_WEBHOOK_URL")?;
        let webhook_secret = src.get("TELEGRAM_WEBHOOK_SECRET");
        if let Some(url) = &webhook_url
            && url.scheme() != "https"
        {
            return Err(err(
                "TELEGRAM_WEBHOOK_URL",
                "must be an https:// URL (Telegram requires it)",
            ));
        }
        match (&webhook_url, &webhook_secret) {
            (Some(_), None) => {
                return Err(err(
                    "TELEGRAM_WEBHOOK_SECRET",
                    "is required when TELEGRAM_WEBHOOK_URL is set",
                ));
            }
            (_, Some(secret)) if !is_strong_token(secret) => {
                return Err(err(
                    "TELEGRAM_WEBHOOK_SECRET",
                    "must be 32 to 256 characters of A-Z a-z 0-9 _ -",
                ));
            }
            _ => {}
        }
        Ok(Self {
            token: SecretString::from(token),
            api_url,
            webhook_url,
            webhook_secret: webhook_secret.map(SecretString::from),
        })
    }
}
