//! Webhook mode (R9b, R23): our own handler, not teloxide's, because that one answers 200
//! before the update is stored and compares the secret in variable time. Here the update is
//! committed first, then acknowledged; the intake workers handle it from the database.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use subtle::ConstantTimeEq;

use crate::intake::{self, Incoming};
use crate::telegram::TgBot;

pub const PATH: &str = "/telegram/webhook";
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

/// Registers the webhook with Telegram. Every instance does so at start: setWebhook with the
/// same URL and secret is idempotent.
pub async fn register(bot: &TgBot, url: &reqwest::Url, secret: &SecretString) {
    use teloxide::prelude::*;
    let request = bot
        .api()
        .set_webhook(url.clone())
        .secret_token(secret.expose_secret().to_owned());
    if let Err(e) = request.await {
        tracing::error!(error = %e, "setWebhook failed; Telegram will not deliver updates");
    }
}
