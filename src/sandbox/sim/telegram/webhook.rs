//! setWebhook, deleteWebhook and getWebhookInfo, answered as Telegram does. The fake delivers no
//! update to a webhook (tests post them to the bot themselves); it remembers what the bot set,
//! and a delivery error a test makes up, for getWebhookInfo to tell.
use std::time::Duration;

use serde_json::{Value, json};

use super::FakeTelegram;
use super::store::{Inner, Store};
use super::wire::{self, Reject};

/// Telegram's default for `max_connections`, and its range.
const MAX_CONNECTIONS: (i64, std::ops::RangeInclusive<i64>) = (40, 1..=100);

/// The webhook as the bot set it.
#[derive(Debug, Clone)]
pub(super) struct Webhook {
    pub(super) url: String,
    pub(super) secret: Option<String>,
    pub(super) max_connections: i64,
}

pub(super) fn set(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let url = wire::string(params, "url").unwrap_or_default();
    let mut store = inner.store();
    if url.is_empty() {
        // An empty URL is how setWebhook removes the webhook.
        store.webhook = None;
        return Ok(json!(true));
    }
    let parsed = reqwest::Url::parse(url).ok();
    if parsed.as_ref().is_none_or(|u| u.scheme() != "https") {
        return Err(Reject::bad(
            "bad webhook: HTTPS url must be provided for webhook",
        ));
    }
    let port = parsed.and_then(|u| u.port_or_known_default());
    if !port.is_some_and(|p| [443, 80, 88, 8443].contains(&p)) {
        return Err(Reject::bad(
            "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ));
    }
    let max_connections = wire::int(params, "max_connections").unwrap_or(MAX_CONNECTIONS.0);
    if !MAX_CONNECTIONS.1.contains(&max_connections) {
        return Err(Reject::bad(
            "bad webhook: max_connections must be between 1 and 100",
        ));
    }
    remember_allowed_updates(&mut store, params);
    store.webhook = Some(Webhook {
        url: url.to_owned(),
        secret: wire::string(params, "secret_token").map(str::to_owned),
        max_connections,
    });
    Ok(json!(true))
}

pub(super) fn delete(inner: &Inner, params: &Value) -> Value {
    let mut store = inner.store();
    store.webhook = None;
    store.webhook_error = None;
    if wire::flag(params, "drop_pending_updates") {
        store.forget_pending();
    }
    json!(true)
}

/// `url` is empty without a webhook; the optional fields are there only when they have a value.
pub(super) fn info(inner: &Inner) -> Value {
    let store = inner.store();
    let mut info = json!({
        "url": store.webhook.as_ref().map(|w| w.url.clone()).unwrap_or_default(),
        "has_custom_certificate": false,
        "pending_update_count": store.pending(),
    });
    if let Some(webhook) = &store.webhook {
        info["max_connections"] = json!(webhook.max_connections);
    }
    if let Some((date, message)) = &store.webhook_error {
        info["last_error_date"] = json!(date);
        info["last_error_message"] = json!(message);
    }
    if let Some(kinds) = &store.allowed_updates {
        info["allowed_updates"] = json!(kinds);
    }
    info
}

/// Telegram keeps the kinds a bot asked for, by getUpdates or setWebhook alike, until it asks
/// for others.
pub(super) fn remember_allowed_updates(store: &mut Store, params: &Value) {
    let Some(kinds) = wire::structured(params, "allowed_updates") else {
        return;
    };
    if let Some(kinds) = kinds.as_array() {
        let kinds = kinds.iter().filter_map(Value::as_str).map(str::to_owned);
        store.allowed_updates = Some(kinds.collect());
    }
}

impl FakeTelegram {
    /// The webhook URL and secret token the bot set, if it set one.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        let store = self.inner.store();
        let webhook = store.webhook.as_ref();
        webhook.map(|w| (w.url.clone(), w.secret.clone()))
    }

    /// The update kinds the bot last asked for (getUpdates or setWebhook), if it ever did.
    pub fn allowed_updates(&self) -> Option<Vec<String>> {
        self.inner.store().allowed_updates.clone()
    }

    /// Sets a webhook as another program (or an earlier setting) would have left it.
    pub fn set_webhook(&self, url: &str, secret: Option<&str>) {
        self.inner.store().webhook = Some(Webhook {
            url: url.to_owned(),
            secret: secret.map(str::to_owned),
            max_connections: MAX_CONNECTIONS.0,
        });
    }

    /// Makes getWebhookInfo report that delivering to the webhook failed `ago`, with Telegram's
    /// `message` (e.g. "Wrong response from the webhook: 502 Bad Gateway").
    pub fn webhook_failed(&self, message: &str, ago: Duration) {
        let ago = i64::try_from(ago.as_secs()).unwrap_or(i64::MAX);
        let date = wire::now_unix().saturating_sub(ago);
        self.inner.store().webhook_error = Some((date, message.to_owned()));
    }
}
