//! A level's markup as an admin writes it: rupiah (`500`, `1rb`, `0`) or percent (`2%`, `2,5%`,
//! `1.25%`), kept as the database holds it.
use std::fmt;

use super::Money;

/// The largest markups a level may have (the schema's limits): Rp10.000.000, or 1000 %.
const MAX_RUPIAH: i64 = 10_000_000;
const MAX_HUNDREDTHS: i64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Rupiah(i64),
    /// Hundredths of a percent: 250 is 2,5 %.
    Percent(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkupError {
    #[error("not a markup")]
    NotANumber,
    #[error("too large")]
    TooLarge,
    #[error("more than two decimals")]
    TooPrecise,
}

impl Markup {
    pub fn parse(input: &str) -> Result<Markup, MarkupError> {
        let s = input.trim();
        if let Some(number) = s.strip_suffix('%') {
            let number = number.trim().replace(',', ".");
            let (whole, fraction) = match number.split_once('.') {
                Some((whole, fraction)) => (whole, Some(fraction)),
                None => (number.as_str(), None),
            };
            let digits =
                |d: &str| !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit());
            if !digits(whole) || !fraction.is_none_or(digits) {
                return Err(MarkupError::NotANumber);
            }
            let fraction = fraction.unwrap_or("");
            if fraction.len() > 2 {
                return Err(MarkupError::TooPrecise);
            }
            let whole: i64 = whole.parse().map_err(|_| MarkupError::NotANumber)?;
            let fraction: i64 = format!("{fraction:0<2}")
                .parse()
                .map_err(|_| MarkupError::NotANumber)?;
            let hundredths = whole * 100 + fraction;
            return if hundredths > MAX_HUNDREDTHS {
                Err(MarkupError::TooLarge)
            } else {
                Ok(Markup::Percent(hundredths))
            };
        }
        if s == "0" {
            return Ok(Markup::Rupiah(0));
        }
        let money = Money::parse_amount(s).map_err(|_| MarkupError::NotANumber)?;
        if money.rupiah() > MAX_RUPIAH {
            return Err(MarkupError::TooLarge);
        }
        Ok(Markup::Rupiah(money.rupiah()))
    }

    /// The `markup_kind` and `markup` columns.
    pub fn columns(self) -> (&'static str, i64) {
        match self {
            Markup::Rupiah(r) => ("rupiah", r),
            Markup::Percent(h) => ("percent", h),
        }
    }

    pub fn from_columns(kind: Option<&str>, value: Option<i64>) -> Option<Markup> {
        match (kind, value) {
            (Some("rupiah"), Some(r)) => Some(Markup::Rupiah(r)),
            (Some("percent"), Some(h)) => Some(Markup::Percent(h)),
            _ => None,
        }
    }
}

/// As an Indonesian reads it: `+Rp500` or `+2,5%`.
impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Markup::Rupiah(r) => write!(f, "+{}", Money::from_rupiah(r)),
            Markup::Percent(h) if h % 100 == 0 => write!(f, "+{}%", h / 100),
            Markup::Percent(h) if h % 10 == 0 => write!(f, "+{},{}%", h / 100, (h % 100) / 10),
            Markup::Percent(h) => write!(f, "+{},{:02}%", h / 100, h % 100),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_rupiah_and_percent() {
        assert_eq!(Markup::parse("500"), Ok(Markup::Rupiah(500)));
        assert_eq!(Markup::parse("1rb"), Ok(Markup::Rupiah(1000)));
        assert_eq!(Markup::parse("1.500"), Ok(Markup::Rupiah(1500)));
        assert_eq!(Markup::parse("0"), Ok(Markup::Rupiah(0)));
        assert_eq!(Markup::parse("2%"), Ok(Markup::Percent(200)));
        assert_eq!(Markup::parse("2,5%"), Ok(Markup::Percent(250)));
        assert_eq!(Markup::parse("1.25%"), Ok(Markup::Percent(125)));
        assert_eq!(Markup::parse("0%"), Ok(Markup::Percent(0)));
    }

    #[test]
    fn refuses_what_is_not_a_markup() {
        for bad in [
            "", "-500", "abc", "%", "2,%", "1.2.3%", "-2%", "2 %x", "1e3",
        ] {
            assert!(Markup::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Markup::parse("1,255%"), Err(MarkupError::TooPrecise));
        assert_eq!(Markup::parse("1001%"), Err(MarkupError::TooLarge));
        assert_eq!(Markup::parse("11jt"), Err(MarkupError::TooLarge));
    }

    #[test]
    fn shows_as_written() {
        assert_eq!(Markup::Rupiah(1500).to_string(), "+Rp1.500");
        assert_eq!(Markup::Percent(200).to_string(), "+2%");
        assert_eq!(Markup::Percent(250).to_string(), "+2,5%");
        assert_eq!(Markup::Percent(125).to_string(), "+1,25%");
    }

    proptest! {
        #[test]
        fn percent_round_trips(h in 0i64..=100_000) {
            let shown = Markup::Percent(h).to_string();
            prop_assert_eq!(Markup::parse(shown.trim_start_matches('+')), Ok(Markup::Percent(h)));
        }

        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = Markup::parse(&s);
        }
    }
}
