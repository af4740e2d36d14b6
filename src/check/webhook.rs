//! How Telegram delivers updates, as Telegram itself tells (getWebhookInfo; R9c): in webhook mode the
//! URL it calls, the updates waiting and its last delivery error; in polling mode, whether a
//! webhook is still set, which makes every getUpdates fail.
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use teloxide_core::prelude::*;
use teloxide_core::types::WebhookInfo;

use super::telegram::telegram_bot;
use super::{WAIT, note, pass, warn};
use crate::config::Settings;

/// A delivery error older than this is history: shown, not warned about.
const RECENT_SECS: i64 = 24 * 3600;

pub(super) async fn check_webhook(settings: &Settings) {
    let bot = telegram_bot(settings);
    let info = match tokio::time::timeout(WAIT, bot.get_webhook_info().send()).await {
        Ok(Ok(info)) => info,
        Ok(Err(e)) => {
            warn(
                "webhook",
                format!("could not ask Telegram (getWebhookInfo: {e})"),
            );
            return;
        }
        Err(_) => {
            warn(
                "webhook",
                "Telegram did not answer getWebhookInfo within 10 s",
            );
            return;
        }
    };
    let telegrams = info.url.as_ref().map(|url| masked(url.as_str(), settings));
    let waiting = format!(
        "{} update(s) waiting at Telegram",
        info.pending_update_count
    );
    let Some(configured) = &settings.telegram.webhook_url else {
        match telegrams {
            None => pass(
                "webhook",
                format!("none set, as long polling needs; {waiting}"),
            ),
            Some(url) => warn(
                "webhook",
                format!(
                    "Telegram still has a webhook ({url}), and getUpdates fails while it does; {waiting}. \
                     `loket serve` removes it (deleteWebhook) when it starts polling. \
                     For webhook mode instead, set TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET"
                ),
            ),
        }
        return;
    };
    let configured = masked(configured.as_str(), settings);
    match telegrams {
        None => pass(
            "webhook",
            format!("not set yet (`loket serve` sets {configured} at start); {waiting}"),
        ),
        Some(url) if url == configured => {
            pass("webhook", format!("Telegram delivers to {url}; {waiting}"));
        }
        Some(url) => warn(
            "webhook",
            format!(
                "Telegram delivers to {url}, not to {configured} (TELEGRAM_WEBHOOK_URL); {waiting}. \
                 `loket serve` sets its own at start; if this stays so after a start, look for \
                 setWebhook errors in its log, or another program using this bot's token"
            ),
        ),
    }
    last_error(&info, Utc::now());
}

fn last_error(info: &WebhookInfo, now: DateTime<Utc>) {
    let (Some(at), Some(message)) = (info.last_error_date, &info.last_error_message) else {
        return;
    };
    let secs = (now - at).num_seconds().max(0);
    let said = format!(
        "Telegram's last delivery failed {} ago: {message}",
        age(secs)
    );
    if secs < RECENT_SECS {
        warn(
            "webhook",
            format!(
                "{said}. Fix: check that the proxy forwards /telegram/webhook to loket, that \
                 its certificate is valid, and that loket is running"
            ),
        );
    } else {
        note(said);
    }
}

/// `40 s`, `5 min`, `3 h`, `2 days`.
fn age(secs: i64) -> String {
    match secs {
        ..120 => format!("{secs} s"),
        120..7200 => format!("{} min", secs / 60),
        7200..172_800 => format!("{} h", secs / 3600),
        _ => format!("{} days", secs / 86_400),
    }
}

/// A URL as it may be printed: loket's own secrets cut out wherever they appear (another program
/// may have put the bot's token in its webhook's path), and any query hidden.
fn masked(url: &str, settings: &Settings) -> String {
    let token = settings.telegram.token.expose_secret();
    let token_secret = token.split_once(':').map_or(token, |(_, secret)| secret);
    let webhook_secret = settings.telegram.webhook_secret.as_ref();
    let mut shown = url.to_owned();
    for secret in [
        Some(token),
        Some(token_secret),
        webhook_secret.map(|s| s.expose_secret()),
        Some(settings.http.callback_token.expose_secret()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    {
        shown = shown.replace(secret, "…");
    }
    match shown.split_once('?') {
        Some((before, _)) => format!("{before}?…"),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::age;

    #[test]
    fn ages_read_in_their_largest_whole_unit() {
        for (secs, said) in [
            (0, "0 s"),
            (119, "119 s"),
            (300, "5 min"),
            (7199, "119 min"),
            (7200, "2 h"),
            (90_000, "25 h"),
            (200_000, "2 days"),
        ] {
            assert_eq!(age(secs), said);
        }
    }
}
