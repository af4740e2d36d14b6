use std::fmt;

use super::InvalidInput;

/// A product code as the supplier knows it (`s5`, `PLN20`). Case is kept as the admin typed it
/// because the supplier may care; lookups compare case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductCode(String);

impl ProductCode {
    pub const MAX_LEN: usize = 20;

    pub fn parse(input: &str) -> Result<Self, InvalidInput> {
        let s = input.trim();
        if s.is_empty() {
            return Err(InvalidInput("kode produk kosong"));
        }
        if s.len() > Self::MAX_LEN {
            return Err(InvalidInput(
                "kode produk terlalu panjang (maksimal 20 karakter)",
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(InvalidInput(
                "kode produk hanya boleh berisi huruf, angka, '_' atau '-'",
            ));
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
