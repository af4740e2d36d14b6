//! The quick buttons under /start's greeting: `cmd:<command>`, a reseller's command without
//! arguments (`beli`, `saldo`, `harga`, `deposit`), at most 11 bytes. A press runs the command
//! exactly as typed; which commands may be pressed is this list.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

const PREFIX: &str = "cmd:";

/// A command a quick button runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    Buy,
    Balance,
    Prices,
    Deposit,
}

impl Quick {
    pub const ALL: [Quick; 4] = [Quick::Buy, Quick::Balance, Quick::Prices, Quick::Deposit];

    /// The command's name in the command table, typed without its slash.
    pub fn command(self) -> &'static str {
        match self {
            Quick::Buy => "beli",
            Quick::Balance => "saldo",
            Quick::Prices => "harga",
            Quick::Deposit => "deposit",
        }
    }
}

pub fn encode(quick: Quick) -> String {
    format!("{PREFIX}{}", quick.command())
}

/// Whether callback data is meant for a quick button at all (its command may still be unknown).
pub fn is_quick(data: &str) -> bool {
    data.starts_with(PREFIX)
}

/// The command a press names; anything else is `None`.
pub fn parse(data: &str) -> Option<Quick> {
    let name = data.strip_prefix(PREFIX)?;
    Quick::ALL.into_iter().find(|q| q.command() == name)
}

/// Two rows of two, labels in the order of [`Quick::ALL`].
pub fn keyboard(labels: [&str; 4]) -> InlineKeyboardMarkup {
    let button = |i: usize| InlineKeyboardButton::callback(labels[i], encode(Quick::ALL[i]));
    InlineKeyboardMarkup::new([vec![button(0), button(1)], vec![button(2), button(3)]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quick_button_reads_back_as_its_command() {
        for quick in Quick::ALL {
            let data = encode(quick);
            assert!(data.len() <= 64 && is_quick(&data), "{data}");
            assert_eq!(parse(&data), Some(quick));
        }
        for data in ["cmd:", "cmd:topup", "cmd:saldo:1", "saldo", "mn:1:1:k"] {
            assert_eq!(parse(data), None, "{data}");
        }
    }
}
