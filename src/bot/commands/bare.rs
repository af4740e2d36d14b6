//! Commands typed without their slash, the habit of other servers: `saldo`, `harga [cari]
//! [halaman]`, `deposit <nominal>`. Only a message of one line whose first word is one of
//! [`BARE`] (any case) is read so; it is then parsed exactly as with the slash.
//!
//! None of them can be taken for anything else: a purchase line has a dot and no space
//! (`saldo.081234567890` buys a product coded `saldo`), a menu waits for digits, and the demo's
//! sandbox words (`bayar`, `bunga`) are none of these and are taken before the bot sees them.
use super::{Command, ParseError};

/// The commands that may be typed without their slash.
pub const BARE: &[&str] = &["saldo", "harga", "deposit"];

/// The command `text` is when read with a slash in front, if it is one of [`BARE`]; `None` for
/// any other text.
pub fn parse(text: &str) -> Option<Result<Command, ParseError>> {
    let text = text.trim();
    if text.contains('\n') {
        return None;
    }
    let first = text.split_whitespace().next()?;
    if !BARE.iter().any(|name| first.eq_ignore_ascii_case(name)) {
        return None;
    }
    Some(super::parse(&format!("/{text}"), ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::commands::ResellerCommand;
    use crate::domain::Money;

    #[test]
    fn the_words_read_as_their_commands_and_nothing_else_does() {
        let read = |text: &str| parse(text).map(|p| p.unwrap_or_else(|e| panic!("{e:?}")));
        assert_eq!(
            read("saldo"),
            Some(Command::Reseller(ResellerCommand::Balance))
        );
        assert_eq!(
            read(" Saldo "),
            Some(Command::Reseller(ResellerCommand::Balance))
        );
        let prices = ResellerCommand::Prices {
            filter: Some("pulsa".into()),
            page: 2,
        };
        assert_eq!(read("harga pulsa 2"), Some(Command::Reseller(prices)));
        let deposit = ResellerCommand::Deposit {
            nominal: Some(Money::from_rupiah(100_000)),
        };
        assert_eq!(read("DEPOSIT 100rb"), Some(Command::Reseller(deposit)));
        for other in [
            "saldo.081234567890",
            "s5.081234567890",
            "saldoku",
            "bayar",
            "bayar 12",
            "bunga",
            "081234567890",
            "saldo\nharga",
            "cek saldo",
            "",
        ] {
            assert_eq!(parse(other), None, "{other:?}");
        }
        assert!(matches!(
            parse("deposit sejuta"),
            Some(Err(ParseError::Usage { .. }))
        ));
    }
}
