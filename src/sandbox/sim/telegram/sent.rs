//! What the bot did, as the fake recorded it: each call, and each message Telegram accepted.
use std::time::Instant;

use serde_json::Value;

/// One HTTP call the bot made, whatever the answer.
#[derive(Debug, Clone)]
pub struct Call {
    /// Lowercased, as Telegram matches it: `sendmessage`, `getupdates`.
    pub method: String,
    /// The parameters, from a JSON body, multipart, a form or the query string; `Null` if
    /// unreadable.
    pub body: Value,
    /// When the call arrived.
    pub at: Instant,
    pub status: u16,
    /// The request path. Clients given different base URLs (`…/a/`, `…/b/`) can be told apart
    /// by it, as tests with several instances on one fake do.
    pub path: String,
}

/// A message the bot sent, or an edit of one, that Telegram accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    /// As the bot sent it, markup included; for a photo or document, its caption (empty
    /// without one).
    pub text: String,
    /// What a reader sees: tags gone, entities decoded.
    pub plain_text: String,
    pub parse_mode: Option<String>,
    /// Any keyboard the bot attached, inline or reply, as sent.
    pub reply_markup: Option<Value>,
    pub reply_to: Option<i64>,
    /// Sent with `disable_notification`: it arrives without a sound.
    pub quiet: bool,
    /// `true` for `editMessageText` and `editMessageReplyMarkup`.
    pub edit: bool,
    pub at: Instant,
    /// The photo or document of a sendPhoto or sendDocument; `None` for text and edits.
    pub file: Option<SentFile>,
}

/// The file a photo or document message carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentFile {
    pub kind: FileKind,
    /// The id Telegram knows the file by (a photo's largest size): a new one for an upload,
    /// the one the bot gave when it sent a file by id.
    pub file_id: String,
    /// The uploaded file's name; `None` for a photo a person sent.
    pub file_name: Option<String>,
    /// The content as the bot uploaded it, now or when it first uploaded the file it sent by
    /// id; `None` for a person's photo passed on, whose content the fake never had.
    pub bytes: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Photo,
    Document,
}

/// How the bot answered a button press (answerCallbackQuery): the notice the person sees, if
/// any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackAnswer {
    pub callback_id: String,
    /// The chat of the person who pressed; `None` for an id the fake never handed out.
    pub chat_id: Option<i64>,
    /// `None` when the bot only stopped the button's spinner.
    pub text: Option<String>,
    pub show_alert: bool,
}

/// A keyboard button as a person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

impl SentMessage {
    /// The content of the photo or document this message carried, if the fake has it.
    pub fn file_bytes(&self) -> Option<&[u8]> {
        self.file.as_ref()?.bytes.as_deref()
    }

    pub fn is_photo(&self) -> bool {
        self.file
            .as_ref()
            .is_some_and(|f| f.kind == FileKind::Photo)
    }

    /// The keyboard's rows, inline or reply; empty when there is none.
    pub fn buttons(&self) -> Vec<Vec<Button>> {
        let Some(markup) = &self.reply_markup else {
            return Vec::new();
        };
        let rows = markup
            .get("inline_keyboard")
            .or_else(|| markup.get("keyboard"))
            .and_then(Value::as_array);
        let button = |b: &Value| Button {
            text: b
                .as_str()
                .or_else(|| b.get("text")?.as_str())
                .unwrap_or_default()
                .to_owned(),
            callback_data: b
                .get("callback_data")
                .and_then(Value::as_str)
                .map(str::to_owned),
            url: b.get("url").and_then(Value::as_str).map(str::to_owned),
        };
        rows.into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .map(|row| row.iter().map(button).collect())
            .collect()
    }

    /// The callback data of the inline button labelled `label`.
    pub fn callback_data(&self, label: &str) -> Option<String> {
        self.buttons()
            .into_iter()
            .flatten()
            .find(|b| b.text == label)?
            .callback_data
    }
}
