//! The HTTP side's wiring: its routes and the state its handlers share.
use secrecy::SecretString;
use sqlx::PgPool;

use crate::config::Settings;
use crate::http::{self, AppState};
use crate::intake::webhook::{self, WebhookState};
use crate::metrics::Metrics;
use crate::orders::Orders;

/// The HTTP routes: the callback, probes and metrics; the Telegram webhook when its secret is
/// set, and the bank mutations when configured.
pub(super) fn routes(
    settings: &Settings,
    pool: &PgPool,
    state: AppState,
    webhook_secret: Option<&SecretString>,
) -> axum::Router {
    let mut router = http::router(state);
    if let Some(secret) = webhook_secret {
        let hook = WebhookState {
            pool: pool.clone(),
            secret: secret.clone(),
        };
        router = router.merge(
            axum::Router::new()
                .route(webhook::PATH, axum::routing::post(webhook::receive))
                .with_state(hook),
        );
    }
    if let Some(route) = http::mutations::route(settings, pool) {
        router = router.merge(route);
    }
    router
}

/// What the HTTP handlers share.
pub(super) fn app_state(
    settings: &Settings,
    pool: &PgPool,
    orders: &Orders,
    metrics: &Metrics,
) -> AppState {
    AppState {
        pool: pool.clone(),
        orders: orders.clone(),
        callback_token: settings.http.callback_token.clone(),
        digiflazz_secret: settings
            .digiflazz
            .as_ref()
            .map(|d| d.webhook_secret.clone()),
        callback_allow: settings.http.callback_allow.clone().into(),
        metrics: metrics.clone(),
        metrics_allow: settings.http.metrics_allow.clone().into(),
        trusted_proxies: settings.http.trusted_proxies.clone().into(),
    }
}
