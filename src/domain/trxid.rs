use std::fmt;

/// Our transaction id, sent to the supplier as `trxid` and returned in callbacks as `refid`.
///
/// Format: `YYMMDDhhmmss` (WIB) followed by the order's database id modulo 10^8, zero-padded:
/// 20 digits (the supplier's field is a free string; its example shows 17 digits). The time prefix keeps ids unique even across a
/// database that was rebuilt from scratch; the id suffix keeps them unique within a second; the
/// whole sorts in creation order. It is generated in SQL (`orders::insert_order`) so the id and
/// the clock come from one place.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrxId(String);

impl TrxId {
    pub const LEN: usize = 20;

    /// Accepts only our own format, so a forged or mistyped refid is refused before any lookup.
    pub fn parse(input: &str) -> Option<Self> {
        (input.len() == Self::LEN && input.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exactly_twenty_digits() {
        assert!(TrxId::parse("26112409301500000042").is_some());
        for bad in [
            "",
            "2611240930150000004",
            "261124093015000000421",
            "2611240930150000004a",
            "-6112409301500000042",
        ] {
            assert!(TrxId::parse(bad).is_none(), "{bad}");
        }
    }
}
