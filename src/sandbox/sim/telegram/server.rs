//! The HTTP side: `/bot<token>/<method>`, answered as the Bot API answers.
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::chats_and_commands::{command_scope, get_chat, set_commands};
use super::store::Inner;
use super::wire::{self, Reject, Uploads};
use super::{Call, FileKind, media, messages, webhook};

pub(super) fn router(inner: Arc<Inner>) -> Router {
    // Any path and verb: the token and method are read from the path, and anything that is not
    // a method call gets Telegram's 404 rather than axum's.
    // Telegram takes uploads up to 50 MB (documents); axum's own default is 2 MB.
    Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::max(50 * 1024 * 1024))
        .with_state(inner)
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    if let Some((token, file_path)) = token_and_file(uri.path()) {
        return download(&inner, at, uri.path(), token, &file_path);
    }
    let (token, method) = token_and_method(uri.path()).unwrap_or_default();
    let method = method.to_ascii_lowercase();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let params = wire::params(content_type, &body, uri.query());
    let answer = match &params {
        _ if method.is_empty() => Err(Reject::NotFound),
        _ if token != inner.config.token => Err(Reject::Unauthorized),
        Err(reject) => Err(reject.clone()),
        Ok((params, uploads)) => answer(&inner, &method, params, uploads).await,
    };
    let (status, response) = match answer {
        Ok(result) => (200, wire::ok(result)),
        Err(reject) => (reject.status().as_u16(), reject.into_response()),
    };
    tracing::debug!(method, status, "fake Telegram answered");
    let body = params.map_or(Value::Null, |(params, _)| params);
    inner.store().calls.push(Call {
        method,
        body,
        at,
        status,
        path: uri.path().to_owned(),
    });
    inner.changed.notify_waiters();
    response
}

/// `GET …/file/bot<token>/<file_path>`: a file getFile named, as its bytes. Recorded as a call
/// of method `file`; an unknown path or token is Telegram's 404.
fn download(inner: &Inner, at: Instant, path: &str, token: &str, file_path: &str) -> Response {
    let bytes = if token == inner.config.token {
        media::download(&inner.store(), file_path)
    } else {
        None
    };
    let status = if bytes.is_some() { 200 } else { 404 };
    inner.store().calls.push(Call {
        method: "file".to_owned(),
        body: json!({ "file_path": file_path }),
        at,
        status,
        path: path.to_owned(),
    });
    inner.changed.notify_waiters();
    match bytes {
        Some(bytes) => Response::builder()
            .status(200)
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(axum::body::Body::from(bytes))
            .unwrap_or_default(),
        None => Reject::NotFound.into_response(),
    }
}

/// `…/file/bot<token>/<file_path>`, the path's `/` arriving as `%2F` when the client encoded
/// it as one segment (teloxide does).
fn token_and_file(path: &str) -> Option<(&str, String)> {
    let (_, rest) = path.split_once("/file/bot")?;
    let (token, file_path) = rest.split_once('/')?;
    let file_path = file_path.replace("%2F", "/").replace("%2f", "/");
    (!file_path.is_empty()).then_some((token, file_path))
}

/// `…/bot<token>/<method>`, whatever the base URL's own path.
fn token_and_method(path: &str) -> Option<(&str, &str)> {
    let mut segments = path.trim_end_matches('/').rsplit('/');
    let method = segments.next().filter(|m| !m.is_empty())?;
    let token = segments.next()?.strip_prefix("bot")?;
    Some((token, method))
}

async fn answer(
    inner: &Inner,
    method: &str,
    params: &Value,
    uploads: &Uploads,
) -> Result<Value, Reject> {
    if method != "getupdates" {
        let latency = inner.store().latency;
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        if let Some(seconds) = inner.store().retry_next.take() {
            return Err(Reject::TooManyRequests(seconds));
        }
    }
    match method {
        "getupdates" => get_updates(inner, params).await,
        "getme" => Ok(wire::me(&inner.config.bot)),
        "getchat" => get_chat(inner, params),
        "getwebhookinfo" => Ok(webhook::info(inner)),
        "setwebhook" => webhook::set(inner, params),
        "deletewebhook" => Ok(webhook::delete(inner, params)),
        "sendmessage" => messages::send(inner, params),
        "sendphoto" => messages::send_file(inner, params, FileKind::Photo, uploads),
        "senddocument" => messages::send_file(inner, params, FileKind::Document, uploads),
        "editmessagetext" => messages::edit(inner, params, true),
        "editmessagereplymarkup" => messages::edit(inner, params, false),
        "deletemessage" => messages::delete(inner, params),
        "getfile" => media::get_file(&mut inner.store(), params),
        "answercallbackquery" => messages::answer_callback(inner, params),
        "setmycommands" => set_commands(inner, params),
        "getmycommands" => {
            let (scope, language_code) = command_scope(params);
            let store = inner.store();
            let set = store
                .commands
                .iter()
                .find(|s| s.scope == scope && s.language_code == language_code);
            Ok(set.map_or_else(|| json!([]), |s| s.commands.clone()))
        }
        "deletemycommands" => {
            let (scope, language_code) = command_scope(params);
            inner
                .store()
                .commands
                .retain(|s| s.scope != scope || s.language_code != language_code);
            Ok(json!(true))
        }
        // Recorded like everything else; `true` is what most remaining methods return.
        _ => Ok(json!(true)),
    }
}

async fn get_updates(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    if inner.store().webhook.is_some() {
        return Err(Reject::Conflict(
            "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
                .to_owned(),
        ));
    }
    let offset = wire::int(params, "offset").unwrap_or(0);
    let limit = wire::int(params, "limit").unwrap_or(100).clamp(1, 100);
    let limit = usize::try_from(limit).unwrap_or(100);
    let timeout = u64::try_from(wire::int(params, "timeout").unwrap_or(0)).unwrap_or(0);
    webhook::remember_allowed_updates(&mut inner.store(), params);
    let wait = Duration::from_secs(timeout).min(inner.config.max_poll_wait);
    let deadline = wire::deadline(wait);
    let mut held = None;
    loop {
        // Registered before looking, so an update injected in between still wakes this poll.
        let ready = inner.updates_ready.notified();
        let (batch, confirmed) = {
            let mut store = inner.store();
            let before = store.confirmed_offset;
            let batch = store.take_batch(offset, limit);
            (batch, store.confirmed_offset != before)
        };
        if confirmed {
            inner.changed.notify_waiters();
        }
        if !batch.is_empty() || inner.stopping() {
            return Ok(Value::Array(batch));
        }
        held.get_or_insert_with(|| HeldPoll::new(inner));
        if tokio::time::timeout_at(deadline, ready).await.is_err() {
            return Ok(json!([]));
        }
    }
}

/// Counts a getUpdates call while it is held, however it ends (the client may hang up), so
/// tests can tell when the bot is waiting for updates.
struct HeldPoll<'a>(&'a Inner);

impl<'a> HeldPoll<'a> {
    fn new(inner: &'a Inner) -> Self {
        inner.store().polls_held += 1;
        inner.changed.notify_waiters();
        Self(inner)
    }
}

impl Drop for HeldPoll<'_> {
    fn drop(&mut self) {
        let mut store = self.0.store();
        store.polls_held = store.polls_held.saturating_sub(1);
    }
}
