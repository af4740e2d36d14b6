//! Purchases typed the way resellers type them on other servers: `KODE.TUJUAN`, or
//! `KODE.N.TUJUAN` to buy the same again on purpose (N, the counter, from 2), any case, one per
//! line, at most [`MAX_LINES`] lines in one message.
//!
//! Other servers want a PIN at the end (`KODE.TUJUAN.PIN`); here a line of three fields whose
//! middle one is a destination (6 digits or more, so never a counter, which has at most 3) and
//! whose last one is 4 to 6 digits is such a line, and so is `KODE.N.TUJUAN.PIN`: it buys
//! nothing and is answered with the line to write instead. `s5.2.081234567890` stays a counter.
pub use crate::domain::purchase_line::{LineError, MAX_COUNTER, MAX_LINES, PIN_DIGITS};
use crate::domain::{Destination, ProductCode};

/// One line, read as a purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub product: ProductCode,
    pub destination: Destination,
    /// `Some(n)` for `KODE.n.TUJUAN` with n ≥ 2.
    pub counter: Option<i16>,
}

/// What a plain message holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purchases {
    /// Nothing in it looks like a purchase: the message is something else.
    None,
    /// One result per non-empty line, in order: the line's number in the message (from 1) and
    /// what it says.
    Lines(Vec<(usize, Result<Line, LineError>)>),
    /// More purchase lines than [`MAX_LINES`]: nothing is bought.
    TooMany(usize),
}

/// Reads a plain (non-command) message. It is a purchase message when at least one of its
/// lines has the shape of one (a word with a dot inside and no spaces); every other non-empty
/// line then is a bad line, so nothing typed beside purchases goes unanswered.
pub fn parse(text: &str) -> Purchases {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if !lines.iter().any(|(_, l)| looks_like_purchase(l)) {
        return Purchases::None;
    }
    if lines.len() > MAX_LINES {
        return Purchases::TooMany(lines.len());
    }
    Purchases::Lines(lines.into_iter().map(|(n, l)| (n, line(l))).collect())
}

fn looks_like_purchase(line: &str) -> bool {
    !line.contains(char::is_whitespace)
        && line.split('.').count() >= 2
        && line.split('.').all(|part| !part.is_empty())
}

/// One line: `KODE.TUJUAN` or `KODE.N.TUJUAN`.
pub fn line(text: &str) -> Result<Line, LineError> {
    if !looks_like_purchase(text) {
        return Err(LineError::Shape);
    }
    let parts: Vec<&str> = text.split('.').collect();
    let (code, counter, destination) = match parts.as_slice() {
        [code, destination] => (*code, None, *destination),
        [code, destination, pin] if is_pin(destination, pin) => {
            return Err(pin_line(code, None, destination));
        }
        [code, n, destination, pin] if is_pin(destination, pin) => {
            return Err(pin_line(code, Some(n), destination));
        }
        [code, n, destination] => (*code, Some(counter(n)?), *destination),
        _ => return Err(LineError::Shape),
    };
    Ok(Line {
        product: ProductCode::parse(code).map_err(LineError::Code)?,
        destination: Destination::parse(destination).map_err(LineError::Destination)?,
        counter: counter.filter(|n| *n >= 2),
    })
}

/// A last field of 4 to 6 digits after a destination: a PIN.
fn is_pin(destination: &str, last: &str) -> bool {
    PIN_DIGITS.contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_digit())
        && Destination::parse(destination).is_ok()
}

/// A line with a PIN: what it would have bought, for the answer to show without the PIN. A
/// bad code or counter is said first, as in any line.
fn pin_line(code: &str, n: Option<&str>, destination: &str) -> LineError {
    let product = match ProductCode::parse(code) {
        Ok(product) => product,
        Err(e) => return LineError::Code(e),
    };
    let counter = match n.map(counter).transpose() {
        Ok(counter) => counter.filter(|n| *n >= 2),
        Err(e) => return e,
    };
    match Destination::parse(destination) {
        Ok(destination) => LineError::Pin {
            product,
            destination,
            counter,
        },
        Err(e) => LineError::Destination(e),
    }
}

fn counter(text: &str) -> Result<i16, LineError> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LineError::Counter);
    }
    match text.parse::<i16>() {
        Ok(n) if (1..=MAX_COUNTER).contains(&n) => Ok(n),
        _ => Err(LineError::Counter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DestinationError;
    use proptest::prelude::*;

    fn ok(code: &str, dest: &str, counter: Option<i16>) -> Result<Line, LineError> {
        Ok(Line {
            product: ProductCode::parse(code).unwrap(),
            destination: Destination::parse(dest).unwrap(),
            counter,
        })
    }

    #[test]
    fn the_formats_resellers_type() {
        assert_eq!(line("S5.081234567890"), ok("S5", "081234567890", None));
        assert_eq!(line("s5.3.081234567890"), ok("s5", "081234567890", Some(3)));
        assert_eq!(line("s5.1.081234567890"), ok("s5", "081234567890", None));
        assert_eq!(
            line("PLN20.+6281234567890"),
            ok("PLN20", "081234567890", None)
        );
        assert_eq!(line("s5.0.081234567890"), Err(LineError::Counter));
        assert_eq!(line("s5.1000.081234567890"), Err(LineError::Counter));
        assert_eq!(line("s5.x.081234567890"), Err(LineError::Counter));
        assert_eq!(line("s5.2.3.081234567890"), Err(LineError::Shape));
        assert!(matches!(line("s5.08123"), Err(LineError::Destination(_))));
        assert!(matches!(line("s#5.081234567890"), Err(LineError::Code(_))));
    }

    fn pin(code: &str, dest: &str, counter: Option<i16>) -> Result<Line, LineError> {
        Err(LineError::Pin {
            product: ProductCode::parse(code).unwrap(),
            destination: Destination::parse(dest).unwrap(),
            counter,
        })
    }

    #[test]
    fn a_pin_at_the_end_is_named_and_a_counter_stays_a_counter() {
        assert_eq!(
            line("S5.081234567890.1234"),
            pin("S5", "081234567890", None)
        );
        assert_eq!(
            line("s5.081234567890.123456"),
            pin("s5", "081234567890", None)
        );
        assert_eq!(
            line("pln20.532100012340.9999"),
            pin("pln20", "532100012340", None)
        );
        assert_eq!(
            line("s5.2.081234567890.1234"),
            pin("s5", "081234567890", Some(2))
        );
        assert_eq!(line("s5.2.081234567890"), ok("s5", "081234567890", Some(2)));
        assert_eq!(
            line("s5.999.081234567890"),
            ok("s5", "081234567890", Some(999))
        );
        // Not a PIN: too short or too long, not digits, or after no destination.
        assert_eq!(line("s5.081234567890.123"), Err(LineError::Counter));
        assert_eq!(line("s5.081234567890.1234567"), Err(LineError::Counter));
        assert_eq!(line("s5.081234567890.12a4"), Err(LineError::Counter));
        assert_eq!(
            line("s5.2.1234"),
            Err(LineError::Destination(DestinationError::TooShort))
        );
        assert_eq!(line("s5.0812.1234"), Err(LineError::Counter));
        assert!(matches!(
            line("s#5.081234567890.1234"),
            Err(LineError::Code(_))
        ));
        assert_eq!(line("s5.0.081234567890.1234"), Err(LineError::Counter));
    }

    #[test]
    fn a_message_is_a_purchase_when_one_line_looks_like_one() {
        assert_eq!(parse("halo kak"), Purchases::None);
        assert_eq!(parse("terima kasih."), Purchases::None);
        assert_eq!(parse("081234567890"), Purchases::None);
        let Purchases::Lines(lines) = parse("s5.081234567890\n\n  d1.2.085612345678 \nbeli ya")
        else {
            panic!("not read as purchases");
        };
        let numbers: Vec<usize> = lines.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 3, 4]);
        assert_eq!(lines[1].1, ok("d1", "085612345678", Some(2)));
        assert_eq!(lines[2].1, Err(LineError::Shape));
        let eleven = ["s5.081234567890"; 11].join("\n");
        assert_eq!(parse(&eleven), Purchases::TooMany(11));
    }

    proptest! {
        #[test]
        fn a_written_purchase_reads_back(
            code in "[a-zA-Z][a-zA-Z0-9]{0,9}",
            dest in "08[0-9]{8,11}",
            n in proptest::option::of(2i16..=MAX_COUNTER),
        ) {
            let text = match n {
                Some(n) => format!("{code}.{n}.{dest}"),
                None => format!("{code}.{dest}"),
            };
            let want = ok(&code, &dest, n);
            prop_assert_eq!(line(&text), want.clone());
            prop_assert_eq!(parse(&text), Purchases::Lines(vec![(1, want)]));
        }

        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC{0,200}") {
            match parse(&text) {
                Purchases::None => {}
                Purchases::TooMany(n) => prop_assert!(n > MAX_LINES),
                Purchases::Lines(lines) => {
                    prop_assert!(!lines.is_empty() && lines.len() <= MAX_LINES);
                    prop_assert!(lines.windows(2).all(|w| w[0].0 < w[1].0));
                }
            }
        }

        #[test]
        fn up_to_ten_lines_are_each_answered(k in 1usize..=MAX_LINES) {
            let text: Vec<String> = (0..k).map(|i| format!("s{i}.08123456789{i}")).collect();
            match parse(&text.join("\r\n")) {
                Purchases::Lines(lines) => {
                    prop_assert_eq!(lines.len(), k);
                    prop_assert!(lines.iter().all(|(_, l)| l.is_ok()));
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
