use std::fmt;

/// A product code as the supplier knows it (`s5`, `PLN20`). Case is kept as the admin typed it
/// because the supplier may care; lookups compare case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductCode(String);

/// Why a product code was refused; `text::errors::product_code` says it to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProductCodeError {
    #[error("product code is empty")]
    Empty,
    #[error("product code is longer than {} characters", ProductCode::MAX_LEN)]
    TooLong,
    #[error("product code holds a character other than a letter, digit, '_' or '-'")]
    BadCharacter,
}

impl ProductCode {
    pub const MAX_LEN: usize = 20;

    pub fn parse(input: &str) -> Result<Self, ProductCodeError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ProductCodeError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(ProductCodeError::TooLong);
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ProductCodeError::BadCharacter);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_valid_codes_as_typed() {
        for code in ["s5", "PLN20", "tsel_10", "xl-5", "a"] {
            assert_eq!(ProductCode::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn refuses_junk() {
        for code in ["", " ", "s5;drop", "s 5", "ñ5", "<b>", &"x".repeat(21)] {
            assert!(ProductCode::parse(code).is_err(), "{code:?}");
        }
    }
}
