//! Webhook mode (R9b, R23): our own handler, not teloxide's, because that one answers 200
//! before the update is stored and compares the secret in variable time. Here the update is
//! committed first, then acknowledged; the intake workers handle it from the database.
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use subtle::ConstantTimeEq;
use tokio::sync::watch;

use crate::intake::{self, ALLOWED_UPDATES, Incoming};
use crate::telegram::TgBot;

pub const PATH: &str = crate::config::WEBHOOK_PATH;
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// Telegram's updates are small; anything larger is not one.
const MAX_UPDATE_BYTES: usize = 1 << 20;

#[derive(Clone)]
pub struct WebhookState {
    pub pool: PgPool,
    pub secret: SecretString,
}

pub async fn receive(
    State(state): State<WebhookState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !bool::from(given.ct_eq(state.secret.expose_secret().as_bytes())) {
        return StatusCode::UNAUTHORIZED;
    }
    if body.len() > MAX_UPDATE_BYTES {
        return StatusCode::PAYLOAD_TOO_LARGE;
    }
    // The body is kept verbatim; only its id, chat, sender and date are read here.
    let Ok(text) = std::str::from_utf8(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Some(incoming) = Incoming::from_payload(text) else {
        return StatusCode::BAD_REQUEST;
    };
    let update_id = incoming.update_id;
    let stored = intake::store(&state.pool, &[incoming]).await;
    match stored {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            // Telegram retries non-2xx answers: nothing is lost while the database is away.
            tracing::warn!(update_id, error = %e, "update not stored; Telegram will retry");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Registers the webhook with Telegram, for the update kinds loket handles. Every instance does
/// so at start: setWebhook with the same URL, secret and kinds is idempotent. Until Telegram has
/// it, no update may reach loket at all, so a failure is retried, a little later each time (at
/// most a minute apart), until Telegram accepts it or loket stops.
pub async fn register(
    bot: TgBot,
    url: reqwest::Url,
    secret: SecretString,
    mut stop: watch::Receiver<bool>,
) {
    use teloxide_core::prelude::*;
    let mut failures = 0u32;
    loop {
        let request = (bot.api().set_webhook(url.clone()))
            .secret_token(secret.expose_secret().to_owned())
            .allowed_updates(ALLOWED_UPDATES);
        let result = tokio::select! {
            result = request => result,
            _ = stop.wait_for(|s| *s) => return,
        };
        let Err(e) = result else {
            tracing::info!(url = %url, "webhook registered with Telegram");
            return;
        };
        failures += 1;
        tracing::error!(error = %e, failures, "setWebhook failed; Telegram delivers no update until it succeeds");
        let wait = Duration::from_secs(2u64.saturating_pow(failures.min(6)).min(60));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}
