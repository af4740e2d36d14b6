//! Sending and editing messages, photos and documents included, and what Telegram answers
//! with.
use std::time::Instant;

use serde_json::{Value, json};

use super::checks::{caption, chat_id, check_markup, parse_mode, readable};
use super::limits::Kind;
use super::parts::{attach, edited, refuse_as_planned, reply_target};
use super::store::{Inner, Store, StoredMessage};
use super::wire::{self, Reject, Uploads};
use super::{CallbackAnswer, FileKind, SentMessage, media};

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply \
                            markup are exactly the same as a current content and reply markup of the message";

pub(super) fn send(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    send_any(inner, params, None)
}

/// sendPhoto and sendDocument: a file with a caption, checked as a message is.
pub(super) fn send_file(
    inner: &Inner,
    params: &Value,
    kind: FileKind,
    uploads: &Uploads,
) -> Result<Value, Reject> {
    send_any(inner, params, Some((kind, uploads)))
}

fn send_any(
    inner: &Inner,
    params: &Value,
    file: Option<(FileKind, &Uploads)>,
) -> Result<Value, Reject> {
    let chat_id = chat_id(params)?;
    let text_field = if file.is_some() { "caption" } else { "text" };
    let text = wire::string(params, text_field).unwrap_or_default();
    let parse_mode = parse_mode(params)?;
    let markup = wire::structured(params, "reply_markup");
    check_markup(markup.as_ref())?;
    let (reply_to, reply_optional) = reply_target(params);

    let mut store = inner.store();
    refuse_as_planned(&mut store, chat_id)?;
    let (plain, attachment) = match file {
        None => (readable(text, parse_mode.as_deref())?, None),
        Some((kind, uploads)) => {
            let plain = caption(text, parse_mode.as_deref())?;
            let attachment = media::resolve(&store, kind, params, uploads)?;
            (plain, Some((kind, attachment)))
        }
    };
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
    });
    let file = match attachment {
        None => {
            message["text"] = json!(plain);
            None
        }
        Some((kind, attachment)) => {
            Some(attach(&mut store, &mut message, kind, attachment, &plain))
        }
    };
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
        quiet: wire::flag(params, "disable_notification"),
        edit: false,
        at: Instant::now(),
        file,
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
    let has_text = stored.json.get("text").is_some();
    let (text, parse_mode, new_plain) = match new_text {
        Some(_) if !has_text => {
            return Err(Reject::bad("there is no text in the message to edit"));
        }
        Some(text) => (
            text.to_owned(),
            parse_mode.clone(),
            Some(readable(text, parse_mode.as_deref())?),
        ),
        None => (stored.raw_text.clone(), stored.parse_mode.clone(), None),
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

    let plain = edited(&mut message, new_plain, markup.as_ref());
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
        quiet: false,
        edit: true,
        at: Instant::now(),
        file: None,
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

/// Telegram's limit on the notice a button press is answered with.
const MAX_CALLBACK_TEXT: usize = 200;

pub(super) fn answer_callback(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let id = wire::string(params, "callback_query_id").unwrap_or_default();
    let text = wire::string(params, "text").map(str::to_owned);
    if text
        .as_deref()
        .is_some_and(|t| wire::utf16_len(t) > MAX_CALLBACK_TEXT)
    {
        return Err(Reject::bad("MESSAGE_TOO_LONG"));
    }
    let mut store = inner.store();
    // Each press can be answered once; a second answer is as stale as an unknown id.
    if !store.open_callbacks.remove(id) {
        return Err(Reject::bad(
            "query is too old and response timeout expired or query id is invalid",
        ));
    }
    let answer = CallbackAnswer {
        callback_id: id.to_owned(),
        chat_id: store.callback_chats.get(id).copied(),
        text: text.filter(|t| !t.is_empty()),
        show_alert: wire::flag(params, "show_alert"),
    };
    store.callback_answers.push(answer.clone());
    drop(store);
    // Nobody listening is fine: the journal keeps it.
    let _ = inner.answers_tx.send(answer);
    inner.changed.notify_waiters();
    Ok(json!(true))
}

fn record(inner: &Inner, mut store: std::sync::MutexGuard<'_, Store>, sent: SentMessage) {
    store.sent.push(sent.clone());
    drop(store);
    // Nobody listening is fine: the journal keeps it.
    let _ = inner.sent_tx.send(sent);
    inner.changed.notify_waiters();
}
