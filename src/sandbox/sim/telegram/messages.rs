//! Sending and editing messages: what Telegram checks before it accepts one, and what it
//! answers with.
use std::time::Instant;

use serde_json::{Value, json};

use super::SentMessage;
use super::html::validate_html;
use super::limits::Kind;
use super::store::{Inner, Store, StoredMessage};
use super::wire::{self, Reject};

/// Telegram's limit, counted in UTF-16 code units of the text a reader sees.
const MAX_TEXT: usize = 4096;

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply \
                            markup are exactly the same as a current content and reply markup of the message";

pub(super) fn send(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let chat_id = chat_id(params)?;
    let text = wire::string(params, "text").unwrap_or_default();
    let parse_mode = parse_mode(params)?;
    let markup = wire::structured(params, "reply_markup");
    check_markup(markup.as_ref())?;
    let reply = wire::structured(params, "reply_parameters");
    let reply_to = match &reply {
        Some(reply) => wire::int(reply, "message_id"),
        None => wire::int(params, "reply_to_message_id"),
    };
    let reply_optional = reply.as_ref().map_or_else(
        || wire::flag(params, "allow_sending_without_reply"),
        |r| wire::flag(r, "allow_sending_without_reply"),
    );

    let mut store = inner.store();
    if store.blocked.contains(&chat_id) {
        return Err(Reject::Blocked);
    }
    let planned = store
        .failures
        .iter()
        .position(|(chat, _)| chat.is_none_or(|c| c == chat_id));
    if let Some((_, failure)) = planned.and_then(|at| store.failures.remove(at)) {
        return Err(failure.into());
    }
    let plain = readable(text, parse_mode.as_deref())?;
    let replied = match reply_to.map(|id| store.messages.get(&(chat_id, id))) {
        Some(Some(replied)) => Some(replied.json.clone()),
        Some(None) if !reply_optional => {
            return Err(Reject::bad("message to be replied not found"));
        }
        _ => None,
    };
    let limits = store.limits;
    store
        .limiter
        .admit(&limits, chat_id, Kind::Send, Instant::now())
        .map_err(Reject::TooManyRequests)?;

    let message_id = store.next_message_id(chat_id);
    let mut message = json!({
        "message_id": message_id,
        "from": wire::bot_user(&inner.config.bot),
        "chat": store.chat(chat_id),
        "date": wire::now_unix(),
        "text": plain,
    });
    // A Message only ever carries an inline keyboard; a reply keyboard lives on the client.
    let inline = markup
        .clone()
        .filter(|m| m.get("inline_keyboard").is_some());
    if let Some(inline) = &inline {
        message["reply_markup"] = inline.clone();
    }
    if let Some(mut replied) = replied {
        if let Some(fields) = replied.as_object_mut() {
            fields.remove("reply_to_message");
        }
        message["reply_to_message"] = replied;
    }
    let stored = StoredMessage {
        json: message.clone(),
        raw_text: text.to_owned(),
        parse_mode: parse_mode.clone(),
        markup: inline,
        from_bot: true,
    };
    store.messages.insert((chat_id, message_id), stored);
    let sent = SentMessage {
        chat_id,
        message_id,
        text: text.to_owned(),
        plain_text: plain,
        parse_mode,
        reply_markup: markup,
        reply_to,
        edit: false,
        at: Instant::now(),
    };
    record(inner, store, sent);
    Ok(message)
}

/// editMessageText (`text_edit`) and editMessageReplyMarkup.
pub(super) fn edit(inner: &Inner, params: &Value, text_edit: bool) -> Result<Value, Reject> {
    let parse_mode = parse_mode(params)?;
    let markup = wire::structured(params, "reply_markup");
    check_markup(markup.as_ref())?;
    let new_text = text_edit.then(|| wire::string(params, "text").unwrap_or_default());
    if params
        .get("inline_message_id")
        .is_some_and(|id| !id.is_null())
    {
        // Messages sent via inline mode are not kept here; Telegram answers `true` for them.
        if let Some(text) = new_text {
            readable(text, parse_mode.as_deref())?;
        }
        return Ok(json!(true));
    }
    let chat_id = chat_id(params)?;
    let message_id = wire::int(params, "message_id")
        .ok_or_else(|| Reject::bad("message identifier is not specified"))?;

    let mut store = inner.store();
    if store.blocked.contains(&chat_id) {
        return Err(Reject::Blocked);
    }
    let stored = store
        .messages
        .get(&(chat_id, message_id))
        .ok_or_else(|| Reject::bad("message to edit not found"))?;
    if !stored.from_bot {
        return Err(Reject::bad("message can't be edited"));
    }
    let (text, parse_mode, plain) = match new_text {
        Some(text) => (
            text.to_owned(),
            parse_mode.clone(),
            readable(text, parse_mode.as_deref())?,
        ),
        None => {
            let plain = stored
                .json
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or_default();
            (
                stored.raw_text.clone(),
                stored.parse_mode.clone(),
                plain.to_owned(),
            )
        }
    };
    if text == stored.raw_text && markup == stored.markup {
        return Err(Reject::bad(NOT_MODIFIED));
    }
    let mut message = stored.json.clone();
    let limits = store.limits;
    store
        .limiter
        .admit(&limits, chat_id, Kind::Edit, Instant::now())
        .map_err(Reject::TooManyRequests)?;

    message["text"] = json!(plain);
    message["edit_date"] = json!(wire::now_unix());
    // An edit without a keyboard removes the one the message had.
    match (&markup, message.as_object_mut()) {
        (Some(markup), _) => message["reply_markup"] = markup.clone(),
        (None, Some(fields)) => drop(fields.remove("reply_markup")),
        (None, None) => {}
    }
    let stored = StoredMessage {
        json: message.clone(),
        raw_text: text.clone(),
        parse_mode: parse_mode.clone(),
        markup: markup.clone(),
        from_bot: true,
    };
    store.messages.insert((chat_id, message_id), stored);
    let sent = SentMessage {
        chat_id,
        message_id,
        text,
        plain_text: plain,
        parse_mode,
        reply_markup: markup,
        reply_to: None,
        edit: true,
        at: Instant::now(),
    };
    record(inner, store, sent);
    Ok(message)
}

pub(super) fn delete(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let chat_id = chat_id(params)?;
    let message_id = wire::int(params, "message_id")
        .ok_or_else(|| Reject::bad("message identifier is not specified"))?;
    match inner.store().messages.remove(&(chat_id, message_id)) {
        Some(_) => Ok(json!(true)),
        None => Err(Reject::bad("message to delete not found")),
    }
}

pub(super) fn answer_callback(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let id = wire::string(params, "callback_query_id").unwrap_or_default();
    // Each press can be answered once; a second answer is as stale as an unknown id.
    if !inner.store().open_callbacks.remove(id) {
        return Err(Reject::bad(
            "query is too old and response timeout expired or query id is invalid",
        ));
    }
    Ok(json!(true))
}

fn record(inner: &Inner, mut store: std::sync::MutexGuard<'_, Store>, sent: SentMessage) {
    store.sent.push(sent.clone());
    drop(store);
    // Nobody listening is fine: the journal keeps it.
    let _ = inner.sent_tx.send(sent);
    inner.changed.notify_waiters();
}

fn chat_id(params: &Value) -> Result<i64, Reject> {
    match params.get("chat_id") {
        None | Some(Value::Null) => Err(Reject::bad("chat_id is empty")),
        // `@username` recipients name public chats, which are not simulated.
        Some(_) => wire::int(params, "chat_id").ok_or_else(|| Reject::bad("chat not found")),
    }
}

fn parse_mode(params: &Value) -> Result<Option<String>, Reject> {
    match wire::string(params, "parse_mode") {
        None | Some("") => Ok(None),
        Some(mode)
            if ["html", "markdown", "markdownv2"].contains(&mode.to_ascii_lowercase().as_str()) =>
        {
            Ok(Some(mode.to_owned()))
        }
        Some(_) => Err(Reject::bad("unsupported parse_mode")),
    }
}

/// What a reader will see, if Telegram would accept `text` in `parse_mode`. Only HTML is
/// checked; Markdown text is taken as it is.
fn readable(text: &str, parse_mode: Option<&str>) -> Result<String, Reject> {
    let plain = match parse_mode {
        Some(mode) if mode.eq_ignore_ascii_case("html") => validate_html(text)
            .map_err(|error| Reject::bad(format!("can't parse entities: {error}")))?,
        _ => text.to_owned(),
    };
    if plain.trim().is_empty() {
        return Err(Reject::bad("message text is empty"));
    }
    if wire::utf16_len(&plain) > MAX_TEXT {
        return Err(Reject::bad("message is too long"));
    }
    Ok(plain)
}

/// The inline keyboard mistakes Telegram refuses: oversized callback data, action-less buttons.
fn check_markup(markup: Option<&Value>) -> Result<(), Reject> {
    let Some(rows) = markup
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array)
    else {
        return Ok(());
    };
    for button in rows.iter().filter_map(Value::as_array).flatten() {
        if let Some(data) = button.get("callback_data") {
            let len = data.as_str().map_or(0, str::len);
            if !(1..=64).contains(&len) {
                return Err(Reject::bad("BUTTON_DATA_INVALID"));
            }
        }
        let has_action = button
            .as_object()
            .is_some_and(|b| b.keys().any(|k| k != "text"));
        if !has_action {
            return Err(Reject::bad(
                "text buttons are unallowed in the inline keyboard",
            ));
        }
    }
    Ok(())
}
