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

/// The ref an order's attempt is sent under: attempt 1 under the order's trxid, attempt n after
/// it under the trxid followed by n in two digits (22 digits). Digits only, so it fits every
/// supplier's charset; derived from the order and the attempt, so it is never reused, and an
/// order's attempt number only grows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttemptRef {
    pub trxid: TrxId,
    pub attempt: i16,
}

impl AttemptRef {
    /// The most attempts an order may have (the schema's `orders_attempt_range`).
    pub const MAX: i16 = 9;

    pub fn new(trxid: TrxId, attempt: i16) -> Self {
        Self { trxid, attempt }
    }

    /// A refid as a supplier returns it; `None` when it is not shaped like one of ours.
    pub fn parse(input: &str) -> Option<Self> {
        if let Some(trxid) = TrxId::parse(input) {
            return Some(Self::new(trxid, 1));
        }
        let (head, tail) = input.split_at_checked(TrxId::LEN)?;
        if tail.len() != 2 || !tail.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let attempt: i16 = tail.parse().ok()?;
        if !(2..=Self::MAX).contains(&attempt) {
            return None;
        }
        Some(Self::new(TrxId::parse(head)?, attempt))
    }
}

impl fmt::Display for AttemptRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.attempt {
            1 => write!(f, "{}", self.trxid),
            n => write!(f, "{}{n:02}", self.trxid),
        }
    }
}

#[cfg(test)]
mod attempt_tests {
    use super::*;

    #[test]
    fn an_attempt_ref_reads_back_and_nothing_else_does() {
        let trxid = TrxId::parse("26112409301500000042").unwrap();
        for n in 1..=AttemptRef::MAX {
            let r = AttemptRef::new(trxid.clone(), n);
            assert_eq!(AttemptRef::parse(&r.to_string()), Some(r));
        }
        assert_eq!(
            AttemptRef::new(trxid.clone(), 2).to_string(),
            "2611240930150000004202"
        );
        for bad in [
            "261124093015000000420",
            "2611240930150000004201",
            "2611240930150000004210",
            "261124093015000000420a",
            "26112409301500000042002",
            "",
        ] {
            assert_eq!(AttemptRef::parse(bad), None, "{bad}");
        }
    }
}
