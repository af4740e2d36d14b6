use std::fmt;

/// An amount in whole rupiah. Rupiah has no minor unit in practice, so `i64` rupiah is exact;
/// floats never appear on the money path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// The largest amount a person may type: far above any real top-up, far below `i64::MAX`, so
/// sums of many amounts cannot overflow.
const MAX_INPUT: i64 = 1_000_000_000_000;

/// Why an amount was refused; `text::errors::money` says it to the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is empty")]
    Empty,
    #[error("amount is not a number")]
    NotANumber,
    #[error("amount is not above zero")]
    NotPositive,
    #[error("amount is above {}", Money::MAX_INPUT)]
    TooLarge,
}

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount [`Money::parse_amount`] accepts.
    pub const MAX_INPUT: Money = Money(MAX_INPUT);

    pub const fn from_rupiah(rupiah: i64) -> Self {
        Money(rupiah)
    }

    pub const fn rupiah(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// A positive amount as a person writes it: `50000`, `50.000` (dot thousands separators),
    /// `50rb` / `50k` (thousands) or `2jt` (millions).
    pub fn parse_amount(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim().to_ascii_lowercase();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (number, multiplier) = if let Some(n) = s.strip_suffix("rb") {
            (n, 1_000)
        } else if let Some(n) = s.strip_suffix('k') {
            (n, 1_000)
        } else if let Some(n) = s.strip_suffix("jt") {
            (n, 1_000_000)
        } else {
            (s.as_str(), 1)
        };
        let number = number.strip_prefix("rp").unwrap_or(number);
        if number
            .strip_prefix('-')
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        {
            return Err(MoneyError::NotPositive);
        }
        let digits = strip_thousands_dots(number).ok_or(MoneyError::NotANumber)?;
        if digits.len() > 15 {
            return Err(MoneyError::TooLarge);
        }
        let value: i64 = digits.parse().map_err(|_| MoneyError::NotANumber)?;
        let value = value.checked_mul(multiplier).ok_or(MoneyError::TooLarge)?;
        if value <= 0 {
            return Err(MoneyError::NotPositive);
        }
        if value > MAX_INPUT {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money(value))
    }
}

/// `50.000` → `50000`; dots must separate groups of exactly three digits, so `5.0` and `50.00`
/// (likely typos for decimals) are refused rather than guessed at.
fn strip_thousands_dots(s: &str) -> Option<String> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return None;
        }
    }
    Some(groups.concat())
}

/// `Rp5.500`, `-Rp1.000`: the way Indonesian shops write amounts.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}Rp{}", group_thousands(self.0.unsigned_abs(), '.'))
    }
}

/// `1234567` → `1.234.567` (Indonesian) or `1,234,567` (the supplier's messages).
pub fn group_thousands(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_resellers_type() {
        for (input, expected) in [
            ("50000", 50_000),
            ("50.000", 50_000),
            ("1.250.000", 1_250_000),
            ("50rb", 50_000),
            ("50RB", 50_000),
            ("50k", 50_000),
            ("2jt", 2_000_000),
            ("Rp10.000", 10_000),
            ("7", 7),
        ] {
            assert_eq!(Money::parse_amount(input), Ok(Money(expected)), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_positive_amount() {
        for (input, err) in [
            ("", MoneyError::Empty),
            ("0", MoneyError::NotPositive),
            ("-5", MoneyError::NotPositive),
            ("-5.000rb", MoneyError::NotPositive),
            ("-", MoneyError::NotANumber),
            ("5,5", MoneyError::NotANumber),
            ("50.00", MoneyError::NotANumber),
            ("5.0000", MoneyError::NotANumber),
            (".500", MoneyError::NotANumber),
            ("abc", MoneyError::NotANumber),
            ("٥٠٠", MoneyError::NotANumber),
            ("99999999999999999999", MoneyError::TooLarge),
            ("9999999jt", MoneyError::TooLarge),
        ] {
            assert_eq!(Money::parse_amount(input), Err(err), "{input}");
        }
    }

    #[test]
    fn displays_with_dot_separators() {
        assert_eq!(Money(5_500).to_string(), "Rp5.500");
        assert_eq!(Money(0).to_string(), "Rp0");
        assert_eq!(Money(999).to_string(), "Rp999");
        assert_eq!(Money(1_234_567).to_string(), "Rp1.234.567");
        assert_eq!(Money(-1_000).to_string(), "-Rp1.000");
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Money(i64::MAX).checked_add(Money(1)), None);
        assert_eq!(Money(i64::MIN).checked_sub(Money(1)), None);
        assert_eq!(Money(5).checked_sub(Money(7)), Some(Money(-2)));
    }
}
