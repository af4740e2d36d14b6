//! One claimed row sent as the message it holds: text, photo or document, in its manner.
use teloxide_core::types::{InlineKeyboardMarkup, Message};
use teloxide_core::{ApiError, RequestError};

use super::claim::Claimed;
use super::delivery::{Delivery, classify};
use super::worker::OutboxWorker;
use crate::telegram::Threading;

impl OutboxWorker {
    pub(super) async fn send(&self, row: &Claimed) -> Delivery {
        // Written by us from an InlineKeyboardMarkup; unreadable only if that type changed.
        let keyboard = row.keyboard.as_deref().and_then(|k| {
            serde_json::from_str(k)
                .inspect_err(|e| tracing::warn!(outbox_id = row.outbox_id, error = %e, "buttons unreadable; sent without"))
                .ok()
        });
        let text = row.text.clone();
        let sent = match (&row.photo, &row.photo_id, &row.document, &row.document_name) {
            (_, _, Some(bytes), Some(name)) => {
                (self.bot)
                    .send_document(row.chat_id, bytes.clone(), name.clone(), text)
                    .await
            }
            (Some(png), ..) => {
                (self.bot)
                    .send_photo_png(row.chat_id, png.clone(), text, keyboard)
                    .await
            }
            (None, Some(file_id), ..) => {
                (self.bot)
                    .send_photo_id(row.chat_id, file_id.clone(), text, keyboard)
                    .await
            }
            (None, None, ..) => self.send_text(row, text, keyboard).await,
        };
        match sent {
            Ok(_) => Delivery::Sent,
            Err(e) => classify(&e, row.attempts),
        }
    }

    /// A text message, in its manner. Telegram is asked to send a reply even when the message
    /// it answers is gone; should it still refuse for that reason, the message goes on its own
    /// rather than not at all (R47).
    async fn send_text(
        &self,
        row: &Claimed,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        let threading = Threading {
            quiet: row.quiet,
            reply_to: row.reply_to,
        };
        let sent = (self.bot)
            .send_html_as(row.chat_id, text.clone(), keyboard.clone(), threading)
            .await;
        match sent {
            Err(RequestError::Api(ApiError::MessageToReplyNotFound)) if row.reply_to.is_some() => {
                tracing::info!(
                    outbox_id = row.outbox_id,
                    "message replied to is gone; sent on its own"
                );
                let alone = Threading {
                    reply_to: None,
                    ..threading
                };
                self.bot
                    .send_html_as(row.chat_id, text, keyboard, alone)
                    .await
            }
            other => other,
        }
    }
}
