//! The bot's token, where the Bot API is, and the webhook if there is one.
use reqwest::Url;
use secrecy::SecretString;

use super::ConfigError;

/// Where loket's HTTP server takes Telegram's updates in webhook mode.
pub const WEBHOOK_PATH: &str = "/telegram/webhook";

/// The only ports Telegram delivers webhooks to.
const WEBHOOK_PORTS: [u16; 4] = [443, 80, 88, 8443];
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
        let webhook_url = optional_url(src, "TELEGRAM_WEBHOOK_URL")?
            .map(webhook_url)
            .transpose()?;
        let webhook_secret = src.get("TELEGRAM_WEBHOOK_SECRET");
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

/// `TELEGRAM_WEBHOOK_URL` as Telegram must call it (R9c): an `https://` address given bare
/// (`https://host`, `https://host/`) gets [`WEBHOOK_PATH`]; one naming that path is kept. Any other
/// path would be registered with Telegram and answered 404 by loket, every update lost to
/// Telegram's retries: refused here, with the fix.
fn webhook_url(mut url: Url) -> Result<Url, ConfigError> {
    const VAR: &str = "TELEGRAM_WEBHOOK_URL";
    let example = format!("https://loket.example.com or https://loket.example.com{WEBHOOK_PATH}");
    if url.scheme() != "https" {
        return Err(err(
            VAR,
            format!("must be an https:// URL (Telegram requires it), e.g. {example}"),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(err(
            VAR,
            format!("must not have a query or fragment (?…, #…); give {example}"),
        ));
    }
    match url.path() {
        "" | "/" => url.set_path(WEBHOOK_PATH),
        WEBHOOK_PATH => {}
        other => {
            return Err(err(
                VAR,
                format!(
                    "has the path {other}, but loket takes updates only at {WEBHOOK_PATH}; give {example}"
                ),
            ));
        }
    }
    let port = url.port_or_known_default().unwrap_or_default();
    if !WEBHOOK_PORTS.contains(&port) {
        return Err(err(
            VAR,
            format!(
                "has port {port}, but Telegram only delivers to ports 443, 80, 88 and 8443; point a reverse proxy on one of them at loket"
            ),
        ));
    }
    Ok(url)
}
