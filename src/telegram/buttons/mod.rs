//! The callback data of loket's yes/no buttons: `<question>:<id>:ya|batal`, the id being the
//! command message that asked (or, for deposits, the ticket; for an import, the document): at
//! most 33 bytes, well inside the 64 Telegram allows. Only the format and its reading live
//! here; what a press does is the bot's. Menu buttons (`mn:…`, [`menu`]) and the tickets
//! offered for a transfer proof (`bukti:…`, [`proof`]), /start's quick buttons (`cmd:…`,
//! [`quick`]) and the ◀ ▶ under `/harga` and `/pending` (`hg:…`, `pd:…`, [`pages`]) have
//! formats of their own.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

pub mod complaint;
pub mod menu;
pub mod pages;
pub mod proof;
pub mod quick;

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
    /// A broadcast's preview: send it (✅) or drop it (❌)? The id is the broadcast's.
    Broadcast,
    /// A new reseller, with `REGISTRATION=approval`: approve (✅) or turn away (❌)? The id is
    /// the user's.
    Registration,
    /// `/produk sync`'s preview: write it into the routes (✅) or drop it (❌)? The id is the
    /// command's.
    PriceSync,
}

impl Question {
    const ALL: [Question; 8] = [
        Question::Purchase,
        Question::Settle,
        Question::Deposit,
        Question::Paid,
        Question::Import,
        Question::Broadcast,
        Question::Registration,
        Question::PriceSync,
    ];

    /// Whether only admins are asked it (anyone else's press is refused before it is read).
    pub fn for_admins(self) -> bool {
        matches!(
            self,
            Question::Settle
                | Question::Deposit
                | Question::Import
                | Question::Broadcast
                | Question::Registration
                | Question::PriceSync
        )
    }

    fn prefix(self) -> &'static str {
        match self {
            Question::Purchase => "beli",
            Question::Settle => "selesai",
            Question::Deposit => "deposit",
            Question::Paid => "bayar",
            Question::Import => "impor",
            Question::Broadcast => "siaran",
            Question::Registration => "daftar",
            Question::PriceSync => "sinkron",
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

/// The data of a keyboard's first row, as Telegram sends each press back.
#[cfg(test)]
fn data_of(keyboard: &InlineKeyboardMarkup) -> Vec<String> {
    keyboard.inline_keyboard[0]
        .iter()
        .map(|b| match &b.kind {
            teloxide_core::types::InlineKeyboardButtonKind::CallbackData(d) => d.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
