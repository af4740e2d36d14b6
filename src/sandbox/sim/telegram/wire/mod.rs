//! The Bot API's JSON shapes, and how requests and answers travel over HTTP.
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{BotIdentity, FakeUser};

mod params;

pub(super) use params::{Upload, Uploads, flag, int, params, string, structured};

/// Why a call is refused; the text is Telegram's `description`, which teloxide matches on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum Reject {
    #[error("Bad Request: {0}")]
    BadRequest(String),
    #[error("Unauthorized")]
    Unauthorized,
    #[error("Forbidden: bot was blocked by the user")]
    Blocked,
    #[error("Not Found")]
    NotFound,
    #[error("Conflict: {0}")]
    Conflict(String),
    #[error("Too Many Requests: retry after {0}")]
    TooManyRequests(u32),
    #[error("Internal Server Error")]
    ServerError,
    #[error("Bad Gateway")]
    BadGateway,
}

impl Reject {
    pub(super) fn bad(description: impl Into<String>) -> Self {
        Self::BadRequest(description.into())
    }

    pub(super) fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Blocked => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
            Self::BadGateway => StatusCode::BAD_GATEWAY,
        }
    }

    pub(super) fn into_response(self) -> Response {
        let status = self.status();
        if self == Self::BadGateway {
            // What sits in front of the real API answers a dead backend with a page, not JSON.
            let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
                        <body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
            let html = HeaderValue::from_static("text/html");
            return (status, [(header::CONTENT_TYPE, html)], page).into_response();
        }
        let mut body = json!({
            "ok": false,
            "error_code": status.as_u16(),
            "description": self.to_string(),
        });
        if let Self::TooManyRequests(seconds) = self {
            body["parameters"] = json!({ "retry_after": seconds });
        }
        (status, axum::Json(body)).into_response()
    }
}

pub(super) fn ok(result: Value) -> Response {
    axum::Json(json!({ "ok": true, "result": result })).into_response()
}

/// `timeout` from now; a timeout too long to represent waits a year, which is forever here.
pub(super) fn deadline(timeout: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3600))
}

pub(super) fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

pub(super) fn user(user: &FakeUser) -> Value {
    let mut value = json!({ "id": user.id, "is_bot": false, "first_name": user.first_name });
    if let Some(username) = &user.username {
        value["username"] = json!(username);
    }
    value
}

pub(super) fn bot_user(bot: &BotIdentity) -> Value {
    json!({
        "id": bot.id,
        "is_bot": true,
        "first_name": bot.first_name,
        "username": bot.username,
    })
}

/// getMe: teloxide's `Me` has no serde default for `has_main_web_app`, and a dispatcher that
/// cannot read getMe panics, so every field is spelled out.
pub(super) fn me(bot: &BotIdentity) -> Value {
    let mut me = bot_user(bot);
    me["can_join_groups"] = json!(true);
    me["can_read_all_group_messages"] = json!(false);
    me["supports_inline_queries"] = json!(false);
    me["can_connect_to_business"] = json!(false);
    me["has_main_web_app"] = json!(false);
    me
}

/// A chat as Telegram describes it: positive ids are people, negative ids groups.
pub(super) fn chat(chat_id: i64, person: Option<&FakeUser>) -> Value {
    if chat_id < 0 {
        // Supergroup and channel ids start at -100…; plain groups are small negatives.
        let kind = if chat_id < -1_000_000_000_000 {
            "supergroup"
        } else {
            "group"
        };
        return json!({ "id": chat_id, "type": kind, "title": format!("Chat {chat_id}") });
    }
    match person {
        Some(person) => {
            let mut value = json!({
                "id": chat_id, "type": "private", "first_name": person.first_name,
            });
            if let Some(username) = &person.username {
                value["username"] = json!(username);
            }
            value
        }
        None => {
            json!({ "id": chat_id, "type": "private", "first_name": format!("User {chat_id}") })
        }
    }
}

/// Entities a Telegram client attaches to what a person types: a leading `/word` is a command.
pub(super) fn typed_entities(text: &str) -> Option<Value> {
    let command = text.split(char::is_whitespace).next()?;
    if !command.starts_with('/') || command.len() < 2 {
        return None;
    }
    Some(json!([{ "type": "bot_command", "offset": 0, "length": utf16_len(command) }]))
}

/// Telegram measures text in UTF-16 code units, entity offsets and length limits alike.
pub(super) fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}
