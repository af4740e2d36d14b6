//! What Telegram checks in a send or an edit before it accepts it: the chat, the parse mode,
//! the text or caption a reader will see, and the inline keyboard.
use serde_json::Value;

use super::html::validate_html;
use super::wire::{self, Reject};

/// Telegram's limit, counted in UTF-16 code units of the text a reader sees.
const MAX_TEXT: usize = 4096;
/// The same for a photo's or document's caption.
const MAX_CAPTION: usize = 1024;

pub(super) fn chat_id(params: &Value) -> Result<i64, Reject> {
    match params.get("chat_id") {
        None | Some(Value::Null) => Err(Reject::bad("chat_id is empty")),
        // `@username` recipients name public chats, which are not simulated.
        Some(_) => wire::int(params, "chat_id").ok_or_else(|| Reject::bad("chat not found")),
    }
}

pub(super) fn parse_mode(params: &Value) -> Result<Option<String>, Reject> {
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

/// What a reader will see, if Telegram would accept `text` in `parse_mode` as a message.
pub(super) fn readable(text: &str, parse_mode: Option<&str>) -> Result<String, Reject> {
    let plain = entities_parsed(text, parse_mode)?;
    if plain.trim().is_empty() {
        return Err(Reject::bad("message text is empty"));
    }
    if wire::utf16_len(&plain) > MAX_TEXT {
        return Err(Reject::bad("message is too long"));
    }
    Ok(plain)
}

/// What a reader will see under a photo or document; unlike a message, a caption may be empty.
pub(super) fn caption(text: &str, parse_mode: Option<&str>) -> Result<String, Reject> {
    let plain = entities_parsed(text, parse_mode)?;
    if wire::utf16_len(&plain) > MAX_CAPTION {
        return Err(Reject::bad("message caption is too long"));
    }
    Ok(plain)
}

/// `text` with its markup read. Only HTML is checked; Markdown text is taken as it is.
fn entities_parsed(text: &str, parse_mode: Option<&str>) -> Result<String, Reject> {
    match parse_mode {
        Some(mode) if mode.eq_ignore_ascii_case("html") => validate_html(text)
            .map_err(|error| Reject::bad(format!("can't parse entities: {error}"))),
        _ => Ok(text.to_owned()),
    }
}

/// The inline keyboard mistakes Telegram refuses: oversized callback data, action-less buttons.
pub(super) fn check_markup(markup: Option<&Value>) -> Result<(), Reject> {
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
