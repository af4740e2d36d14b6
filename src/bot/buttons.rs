//! Inline button presses, routed to the question they answer. Every button loket shows carries
//! `<question>:<id>:ya|batal`, the id being the command message that asked (or, for deposits,
//! the ticket): at most 33 bytes, well inside the 64 Telegram allows for callback data. Menu
//! buttons (`mn:…`) have their own format, in `browse::data`, and so do the tickets offered
//! for a transfer proof (`bukti:…`, in `deposit_buttons`).
use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{
    CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, MessageId, ParseMode,
};

use super::{BotContext, Outgoing, TgBot, browse, confirm_settle, deposit_buttons, import, repeat};
use crate::text::bot as say;

/// What a pair of buttons asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// A repeat purchase: buy again?
    Purchase,
    /// `/selesai … gagal` on a pending order: fail it all the same?
    Settle,
    /// A deposit ticket, to an admin: credit it (✅) or reject it (❌)? The id is the ticket's.
    Deposit,
    /// "Sudah transfer" under a reseller's ticket (only ever `ya`). The id is the ticket's.
    Paid,
    /// A catalogue file's preview: apply it (✅) or drop it (❌)? The id is the document's.
    Import,
}

impl Question {
    const ALL: [Question; 5] = [
        Question::Purchase,
        Question::Settle,
        Question::Deposit,
        Question::Paid,
        Question::Import,
    ];

    fn prefix(self) -> &'static str {
        match self {
            Question::Purchase => "beli",
            Question::Settle => "selesai",
            Question::Deposit => "deposit",
            Question::Paid => "bayar",
            Question::Import => "impor",
        }
    }
}

/// A pressed button: which question, about which message (or ticket), and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    pub question: Question,
    pub message_id: i64,
    pub yes: bool,
}

/// The two buttons under a question asked about the command `message_id`.
pub fn yes_no(question: Question, message_id: i64, yes: &str, no: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(yes, data(question, message_id, true)),
        InlineKeyboardButton::callback(no, data(question, message_id, false)),
    ]])
}

/// The callback data of one answer to `question` about `id`.
pub fn data(question: Question, id: i64, yes: bool) -> String {
    let choice = if yes { "ya" } else { "batal" };
    format!("{}:{id}:{choice}", question.prefix())
}

/// Reads callback data back; anything else (an old client, a made-up press) is `None`.
pub fn parse(data: &str) -> Option<Press> {
    let (prefix, rest) = data.split_once(':')?;
    let question = Question::ALL.into_iter().find(|q| q.prefix() == prefix)?;
    let (id, choice) = rest.split_once(':')?;
    let yes = match choice {
        "ya" => true,
        "batal" => false,
        _ => return None,
    };
    Some(Press {
        question,
        message_id: id.parse().ok()?,
        yes,
    })
}

/// Answers a press; returns the replies it leaves to queue (a confirmed purchase's answer).
pub async fn on_button(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update_id: i64,
    query: CallbackQuery,
) -> Vec<Outgoing> {
    let mut replies = Vec::new();
    let data = query.data.as_deref().unwrap_or_default();
    let decided = match parse(data) {
        _ if browse::is_menu(data) => {
            browse::on_press(ctx, bot, update_id, &query, &mut replies).await
        }
        _ if deposit_buttons::is_proof(data) => {
            deposit_buttons::choose_proof(ctx, bot, &query).await
        }
        Some(press) => match press.question {
            Question::Purchase => repeat::decide(ctx, bot, &query, press, &mut replies).await,
            Question::Settle => confirm_settle::decide(ctx, bot, &query, press).await,
            Question::Deposit => {
                deposit_buttons::decide(ctx, bot, &query, press, &mut replies).await
            }
            Question::Paid => deposit_buttons::paid(ctx, &query, press).await,
            Question::Import => import::decide(ctx, bot, &query, press).await,
        },
        None => Ok(Some(say::CONFIRM_GONE.into())),
    };
    let answer = decided.unwrap_or_else(|e| {
        tracing::error!(error = ?e, "button press failed");
        Some(say::INTERNAL_ERROR.to_owned())
    });
    let mut ack = bot.api().answer_callback_query(query.id.clone());
    if let Some(text) = answer {
        ack = ack.text(text);
    }
    if let Err(e) = ack.await {
        tracing::warn!(error = %e, "button press not acknowledged");
    }
    replies
}

/// Replaces the question (and with it the buttons) by what became of it.
pub(super) async fn edit(bot: &TgBot, chat_id: i64, message_id: MessageId, text: String) {
    let request = bot
        .api()
        .edit_message_text(ChatId(chat_id), message_id, text)
        .parse_mode(ParseMode::Html);
    if let Err(e) = request.await {
        tracing::warn!(chat_id, error = %e, "prompt not updated");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_of(keyboard: &InlineKeyboardMarkup) -> Vec<String> {
        keyboard.inline_keyboard[0]
            .iter()
            .map(|b| match &b.kind {
                teloxide::types::InlineKeyboardButtonKind::CallbackData(d) => d.clone(),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn every_button_reads_back_as_the_press_it_was_made_for() {
        for question in Question::ALL {
            for message_id in [1, i64::from(i32::MAX), i64::MAX] {
                let data = data_of(&yes_no(question, message_id, "Ya", "Batal"));
                assert!(data.iter().all(|d| d.len() <= 64), "{data:?}");
                let presses: Vec<_> = data.iter().map(|d| parse(d)).collect();
                let want = |yes| {
                    Some(Press {
                        question,
                        message_id,
                        yes,
                    })
                };
                assert_eq!(presses, [want(true), want(false)]);
            }
        }
    }

    #[test]
    fn made_up_data_is_no_press() {
        for data in [
            "",
            "beli",
            "beli:12",
            "beli:12:mungkin",
            "beli:x:ya",
            "selesai::ya",
            "settle:12:ya",
            "selesai:12:ya:extra",
        ] {
            assert_eq!(parse(data), None, "{data:?}");
        }
    }
}
