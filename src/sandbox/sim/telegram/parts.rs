//! The parts of sending and editing a message that Telegram does the same way for every kind:
//! whom a message replies to, a refusal planned for a chat, a file kept, an edit applied.
use serde_json::{Value, json};

use super::store::Store;
use super::wire::{self, Reject};
use super::{FileKind, media};

/// The message a send replies to (`reply_parameters`, or the older `reply_to_message_id`), and
/// whether it may be sent when that message is gone.
pub(super) fn reply_target(params: &Value) -> (Option<i64>, bool) {
    let reply = wire::structured(params, "reply_parameters");
    let reply_to = match &reply {
        Some(reply) => wire::int(reply, "message_id"),
        None => wire::int(params, "reply_to_message_id"),
    };
    let optional = reply.as_ref().map_or_else(
        || wire::flag(params, "allow_sending_without_reply"),
        |r| wire::flag(r, "allow_sending_without_reply"),
    );
    (reply_to, optional)
}

/// A chat that blocked the bot, or a failure a test planned for this chat (used up once).
pub(super) fn refuse_as_planned(store: &mut Store, chat_id: i64) -> Result<(), Reject> {
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
    Ok(())
}

/// A file on a message being sent, with its caption: kept for later `file_id` references.
pub(super) fn attach(
    store: &mut Store,
    message: &mut Value,
    kind: FileKind,
    attachment: media::Attachment,
    caption: &str,
) -> super::SentFile {
    let (shown, file) = media::keep(store, kind, attachment);
    message[kind.field()] = shown;
    if !caption.is_empty() {
        message["caption"] = json!(caption);
    }
    file
}

/// Applies an edit to a message's JSON; returns its readable text after. A keyboard-only edit
/// leaves the text, or a photo's caption, as it was; an edit without a keyboard removes the one
/// the message had.
pub(super) fn edited(
    message: &mut Value,
    new_plain: Option<String>,
    markup: Option<&Value>,
) -> String {
    let plain = match new_plain {
        Some(plain) => {
            message["text"] = json!(plain);
            plain
        }
        None => ["text", "caption"]
            .iter()
            .find_map(|field| message.get(field)?.as_str())
            .unwrap_or_default()
            .to_owned(),
    };
    message["edit_date"] = json!(wire::now_unix());
    match (markup, message.as_object_mut()) {
        (Some(markup), _) => message["reply_markup"] = markup.clone(),
        (None, Some(fields)) => drop(fields.remove("reply_markup")),
        (None, None) => {}
    }
    plain
}
