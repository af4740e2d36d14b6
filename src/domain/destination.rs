use std::fmt;

/// Where a product goes: a phone number, a PLN meter or customer id, a game or e-wallet id.
/// Kept as plain digits, the form every Indonesian supplier accepts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Destination(String);

/// Why a destination was refused; `text::errors::destination` says it to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    #[error("destination is empty")]
    Empty,
    #[error("destination holds characters other than digits")]
    NotDigits,
    #[error("destination has fewer than {} digits", Destination::MIN_DIGITS)]
    TooShort,
    #[error("destination has more than {} digits", Destination::MAX_DIGITS)]
    TooLong,
}

impl Destination {
    pub const MIN_DIGITS: usize = 6;
    pub const MAX_DIGITS: usize = 20;

    /// Accepts `081234567890`, `0812-3456-7890` and `+6281234567890` (stored as `0812…`).
    pub fn parse(input: &str) -> Result<Self, DestinationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DestinationError::Empty);
        }
        if s.len() > 40 {
            return Err(DestinationError::TooLong);
        }
        let (s, international) = match s.strip_prefix("+62") {
            Some(rest) => (rest, true),
            None => (s, false),
        };
        let digits: String = s.chars().filter(|c| *c != '-').collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(DestinationError::NotDigits);
        }
        let digits = if international {
            format!("0{digits}")
        } else {
            digits
        };
        if digits.len() < Self::MIN_DIGITS {
            return Err(DestinationError::TooShort);
        }
        if digits.len() > Self::MAX_DIGITS {
            return Err(DestinationError::TooLong);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `0812****7890`: enough for an operator to recognise a number in the logs, not enough to
    /// harvest customers' numbers from them.
    pub fn masked(&self) -> String {
        let d = &self.0;
        let keep_head = 4.min(d.len() / 3);
        let keep_tail = 4.min(d.len() / 3);
        format!(
            "{}{}{}",
            &d[..keep_head],
            "*".repeat(d.len() - keep_head - keep_tail),
            &d[d.len() - keep_tail..]
        )
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_phone_number_forms() {
        for (input, expected) in [
            ("081234567890", "081234567890"),
            ("0812-3456-7890", "081234567890"),
            ("+6281234567890", "081234567890"),
            ("532100012345", "532100012345"),
        ] {
            assert_eq!(Destination::parse(input).unwrap().as_str(), expected);
        }
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for input in [
            "",
            "0812xxxx",
            "12345",
            "0812 345",
            "٠٨١٢٣٤٥٦٧",
            "<script>",
            "+62",
            &"1".repeat(21),
        ] {
            assert!(Destination::parse(input).is_err(), "{input:?}");
        }
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(
            Destination::parse("081234567890").unwrap().masked(),
            "0812****7890"
        );
        assert_eq!(Destination::parse("123456").unwrap().masked(), "12**56");
    }
}
