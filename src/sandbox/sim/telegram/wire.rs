//! The Bot API's JSON shapes, and how requests and answers travel over HTTP.
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{BotIdentity, FakeUser};

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

pub(super) fn int(params: &Value, key: &str) -> Option<i64> {
    match params.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn string<'a>(params: &'a Value, key: &str) -> Option<&'a str> {
    params.get(key).and_then(Value::as_str)
}

pub(super) fn flag(params: &Value, key: &str) -> bool {
    match params.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

/// A JSON value sent either as JSON or, in a form, as a string holding JSON.
pub(super) fn structured(params: &Value, key: &str) -> Option<Value> {
    match params.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        other => Some(other.clone()),
    }
}

/// The call's parameters as one JSON object, whichever way the client sent them: a JSON body
/// (teloxide's usual way), multipart (teloxide's way for methods that can carry a file, such as
/// setWebhook), a form, or the query string. An empty body is no parameters.
pub(super) fn params(
    content_type: Option<&str>,
    body: &[u8],
    query: Option<&str>,
) -> Result<Value, Reject> {
    let mut params = Map::new();
    if let Some(query) = query {
        params.extend(form(query));
    }
    let content_type = content_type.unwrap_or("");
    let kind = content_type.to_ascii_lowercase();
    if kind.starts_with("multipart/form-data") {
        params.extend(multipart(content_type, body)?);
        return Ok(Value::Object(params));
    }
    let text =
        std::str::from_utf8(body).map_err(|_| Reject::bad("request body is not valid UTF-8"))?;
    if text.trim().is_empty() {
        return Ok(Value::Object(params));
    }
    if kind.starts_with("application/x-www-form-urlencoded") {
        params.extend(form(text));
        return Ok(Value::Object(params));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(body)) => {
            params.extend(body);
            Ok(Value::Object(params))
        }
        Ok(_) => Err(Reject::bad("parameters must be a JSON object")),
        Err(error) => Err(Reject::bad(format!("can't parse JSON body: {error}"))),
    }
}

/// Text parts become strings; a file part is noted by name and size, its content dropped.
fn multipart(content_type: &str, body: &[u8]) -> Result<Map<String, Value>, Reject> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))
        .map(|boundary| boundary.trim_matches('"'))
        .filter(|boundary| !boundary.is_empty())
        .ok_or_else(|| Reject::bad("multipart body without a boundary"))?;
    let delimiter = format!("--{boundary}");
    let mut fields = Map::new();
    let mut rest = body;
    // Everything before the first delimiter is preamble.
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delimiter.as_bytes()).unwrap_or(rest.len());
        let part = &rest[..end];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..split]);
        let content = &part[split + 4..];
        let disposition = headers
            .lines()
            .find(|line| {
                line.to_ascii_lowercase()
                    .starts_with("content-disposition:")
            })
            .unwrap_or_default();
        let param = |key: &str| {
            disposition.split(';').find_map(|p| {
                let value = p.trim().strip_prefix(key)?.strip_prefix('=')?;
                Some(value.trim_matches('"').to_owned())
            })
        };
        let Some(name) = param("name") else { continue };
        let value = match param("filename") {
            Some(file_name) => json!({ "file_name": file_name, "size": content.len() }),
            None => Value::String(String::from_utf8_lossy(content).into_owned()),
        };
        fields.insert(name, value);
    }
    Ok(fields)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn form(encoded: &str) -> Map<String, Value> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), Value::String(percent_decode(value)))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match bytes.get(i + 1..i + 3).and_then(hex_byte) {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let value = |d: u8| (d as char).to_digit(16);
    u8::try_from(value(digits[0])? * 16 + value(digits[1])?).ok()
}
