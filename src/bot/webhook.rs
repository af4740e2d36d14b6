//! Webhook mode (R9b, R23): our own handler, not teloxide's, because that one answers 200
//! before the update is stored and compares the secret in variable time. Here the update is
//! committed first, then acknowledged; a processor works through the stored updates.
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use subtle::ConstantTimeEq;
use teloxide::types::Update;
use tokio::sync::watch;

use super::polling::handle_batch;
use super::{BotContext, TgBot};

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
    // Only the id is read here; the body is kept verbatim and parsed when processed.
    let Ok(text) = std::str::from_utf8(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return StatusCode::BAD_REQUEST;
    };
    let Some(update_id) = value.get("update_id").and_then(serde_json::Value::as_i64) else {
        return StatusCode::BAD_REQUEST;
    };
    let stored = sqlx::query(
        "insert into inbound_updates (update_id, payload) values ($1, $2) on conflict (update_id) do nothing",
    )
    .bind(update_id)
    .bind(text)
    .execute(&state.pool)
    .await;
    match stored {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            // Telegram retries non-2xx answers: nothing is lost while the database is away.
            tracing::warn!(update_id, error = %e, "update not stored; Telegram will retry");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Works through stored updates in update_id order. Several instances may run this: rows are
/// claimed with SKIP LOCKED and a lease, so each update is handled by one of them.
pub async fn process_stored(ctx: Arc<BotContext>, bot: TgBot, mut shutdown: watch::Receiver<bool>) {
    loop {
        match claim_and_handle(&ctx, &bot).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "stored updates not processed; will retry"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
            _ = shutdown.wait_for(|s| *s) => return,
        }
    }
}

async fn claim_and_handle(ctx: &Arc<BotContext>, bot: &TgBot) -> sqlx::Result<usize> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "update inbound_updates set locked_until = now() + interval '2 minutes'
          where update_id in (
                select update_id from inbound_updates
                 where processed_at is null and (locked_until is null or locked_until < now())
                 order by update_id limit 50 for update skip locked)
         returning update_id, payload",
    )
    .fetch_all(&ctx.pool)
    .await?;
    let mut ids = Vec::with_capacity(rows.len());
    let mut updates = Vec::with_capacity(rows.len());
    for (id, payload) in rows {
        ids.push(id);
        match serde_json::from_str::<Update>(&payload) {
            Ok(update) => updates.push(update),
            Err(e) => {
                tracing::warn!(update_id = id, error = %e, "stored update is not an Update; skipped")
            }
        }
    }
    updates.sort_by_key(|u| u.id.0);
    handle_batch(ctx, bot, updates).await;
    sqlx::query("update inbound_updates set processed_at = now(), locked_until = null where update_id = any($1)")
        .bind(&ids)
        .execute(&ctx.pool)
        .await?;
    Ok(ids.len())
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
