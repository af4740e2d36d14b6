//! The Bot API client every part of loket shares, and the pace it keeps.
pub mod buttons;
pub mod pace;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use secrecy::ExposeSecret;
use teloxide_core::ApiError;
use teloxide_core::RequestError;
use teloxide_core::prelude::*;
use teloxide_core::types::{
    FileId, InlineKeyboardMarkup, InputFile, Message, MessageId, ParseMode, ReplyParameters,
};

use self::pace::{Pace, PaceLimits};
use crate::config::{TelegramPace, TelegramSettings};

/// How a message sits in its chat: without a sound, under one of the chat's messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Threading {
    pub quiet: bool,
    pub reply_to: Option<i64>,
}

/// Messages and photos leave through [`TgBot::send_html`] and its photo siblings, at Telegram's
/// pace; every other call (updates, edits, button answers, the command menu) goes straight to
/// [`TgBot::api`], as Telegram does not count those against a bot's sending limits.
#[derive(Clone)]
pub struct TgBot {
    api: Bot,
    pace: Arc<Pace>,
}

impl TgBot {
    pub fn new(api: Bot, limits: PaceLimits) -> Self {
        Self {
            api,
            pace: Arc::new(Pace::new(limits)),
        }
    }

    pub fn api(&self) -> &Bot {
        &self.api
    }

    /// The pace every send of this client keeps.
    pub fn pace(&self) -> &Pace {
        &self.pace
    }

    /// Sends an HTML message once the pace allows it. A 429 holds every later send for the
    /// `retry_after` Telegram gave, whichever chat it is for.
    pub async fn send_html(
        &self,
        chat_id: i64,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        self.send_html_as(chat_id, text, keyboard, Threading::default())
            .await
    }

    /// As [`TgBot::send_html`], without a sound when `quiet`, and as a reply to the chat's
    /// message `reply_to`, sent even if that message is gone by then.
    pub async fn send_html_as(
        &self,
        chat_id: i64,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
        threading: Threading,
    ) -> Result<Message, RequestError> {
        let mut request = self
            .api
            .send_message(ChatId(chat_id), text)
            .parse_mode(ParseMode::Html);
        if let Some(keyboard) = keyboard {
            request = request.reply_markup(keyboard);
        }
        if threading.quiet {
            request = request.disable_notification(true);
        }
        if let Some(id) = threading.reply_to.and_then(|id| i32::try_from(id).ok()) {
            let under = ReplyParameters::new(MessageId(id)).allow_sending_without_reply();
            request = request.reply_parameters(under);
        }
        self.paced(chat_id, request).await
    }

    /// Replaces a message's text (and with it its buttons) by what became of its question, in
    /// HTML. Not paced: Telegram does not count edits against the sending limits. A failure
    /// is only logged, since the answer has been recorded already.
    pub async fn edit_html(
        &self,
        chat_id: i64,
        message_id: teloxide_core::types::MessageId,
        text: String,
    ) {
        let request = self
            .api
            .edit_message_text(ChatId(chat_id), message_id, text)
            .parse_mode(ParseMode::Html);
        if let Err(e) = request.await {
            tracing::warn!(chat_id, error = %e, "prompt not updated");
        }
    }

    /// Shows `text` (and `keyboard`, or no buttons) in place of a message the person is
    /// looking at: a menu's next step, another page of a list. Not paced, as edits are not
    /// counted. An edit refused for going too fast (quick presses) is tried once more after the
    /// wait Telegram asks for, if short; the same content again ("message is not modified") is
    /// no failure, as the message already shows it.
    pub async fn edit_with_buttons(
        &self,
        chat_id: i64,
        message_id: i64,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        let id =
            i32::try_from(message_id).map_err(|_| RequestError::Api(ApiError::MessageIdInvalid))?;
        let edit = || {
            let mut request = self
                .api
                .edit_message_text(ChatId(chat_id), MessageId(id), text.clone())
                .parse_mode(ParseMode::Html);
            if let Some(keyboard) = keyboard.clone() {
                request = request.reply_markup(keyboard);
            }
            request
        };
        let result = match edit().await {
            Err(RequestError::RetryAfter(wait)) if wait.duration() <= EDIT_RETRY_LIMIT => {
                tokio::time::sleep(wait.duration()).await;
                edit().await
            }
            other => other,
        };
        match result {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Uploads a PNG (a deposit ticket's QRIS) as a photo with an HTML caption, at the same
    /// pace as messages: Telegram counts photos against the same limits.
    pub async fn send_photo_png(
        &self,
        chat_id: i64,
        png: Vec<u8>,
        caption_html: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        let photo = InputFile::memory(png).file_name("qris.png");
        self.send_photo(chat_id, photo, caption_html, keyboard)
            .await
    }

    /// Sends a photo Telegram already holds, by its `file_id` (a reseller's transfer proof
    /// passed on to admins), with an HTML caption.
    pub async fn send_photo_id(
        &self,
        chat_id: i64,
        file_id: String,
        caption_html: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        let photo = InputFile::file_id(FileId(file_id));
        self.send_photo(chat_id, photo, caption_html, keyboard)
            .await
    }

    /// Uploads a file (a report's CSV) as a document with an HTML caption, at the same pace as
    /// messages.
    pub async fn send_document(
        &self,
        chat_id: i64,
        bytes: Vec<u8>,
        file_name: String,
        caption_html: String,
    ) -> Result<Message, RequestError> {
        let document = InputFile::memory(bytes).file_name(file_name);
        let request = self
            .api
            .send_document(ChatId(chat_id), document)
            .caption(caption_html)
            .parse_mode(ParseMode::Html);
        self.paced(chat_id, request).await
    }

    async fn send_photo(
        &self,
        chat_id: i64,
        photo: InputFile,
        caption_html: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        let mut request = self
            .api
            .send_photo(ChatId(chat_id), photo)
            .caption(caption_html)
            .parse_mode(ParseMode::Html);
        if let Some(keyboard) = keyboard {
            request = request.reply_markup(keyboard);
        }
        self.paced(chat_id, request).await
    }

    /// Waits for the pace, then sends; a 429 holds every later send for the `retry_after`
    /// Telegram gave, whichever chat it is for. Requests are lazy, so building one before its
    /// turn sends nothing.
    async fn paced(
        &self,
        chat_id: i64,
        request: impl IntoFuture<Output = Result<Message, RequestError>>,
    ) -> Result<Message, RequestError> {
        self.pace.admit(chat_id).await;
        let result = request.await;
        if let Err(RequestError::RetryAfter(secs)) = &result {
            self.pace.freeze(secs.duration());
        }
        result
    }
}

/// Longest wait for Telegram's edit limit before an edit is given up.
const EDIT_RETRY_LIMIT: std::time::Duration = std::time::Duration::from_secs(3);

/// The client `serve` uses: Telegram's pace, or none at all for `loket bench`'s throughput runs.
pub fn telegram_client(settings: &TelegramSettings, pace: TelegramPace) -> TgBot {
    let mut bot = Bot::new(settings.token.expose_secret());
    if let Some(url) = &settings.api_url {
        bot = bot.set_api_url(url.clone());
    }
    let limits = match pace {
        TelegramPace::Telegram => PaceLimits::TELEGRAM,
        TelegramPace::Bench => PaceLimits::NONE,
    };
    TgBot::new(bot, limits)
}
