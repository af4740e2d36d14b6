//! A complaint's vocabulary, which both `complaints` and its messages name.
use crate::named_enum::Named;

/// The longest complaint text kept; a longer one is cut, and the reseller told.
pub const MAX_BODY_CHARS: usize = 500;
/// Open complaints one reseller may have at once.
pub const MAX_OPEN_PER_RESELLER: i64 = 5;

named_enum! {
    /// Where a complaint stands.
    pub enum ComplaintState {
        /// Filed; no admin has acted yet.
        Open = "open",
        /// An admin replied; the matter goes on (still open).
        Answered = "answered",
        /// Closed: the order's result was sent again.
        Resent = "resent",
        /// Closed: the order was refunded.
        Refunded = "refunded",
        /// Closed: turned down, with a reason.
        Rejected = "rejected",
    }
}

impl ComplaintState {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|state| state.as_str() == s)
    }

    /// Whether admins still have to act on it.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::Answered)
    }
}

/// A complaint's text as the reseller typed it, trimmed and cut to [`MAX_BODY_CHARS`]; `None`
/// when nothing is left. The flag says whether it was cut.
pub fn body_of(text: &str) -> Option<(String, bool)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let cut = text.chars().count() > MAX_BODY_CHARS;
    Some((text.chars().take(MAX_BODY_CHARS).collect(), cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_trimmed_cut_at_500_characters_and_never_empty() {
        assert_eq!(body_of("  \n "), None);
        assert_eq!(
            body_of(" belum masuk "),
            Some(("belum masuk".into(), false))
        );
        let long = "é".repeat(501);
        let (body, cut) = body_of(&long).expect("kept");
        assert_eq!((body.chars().count(), cut), (500, true));
        let exact = "a".repeat(500);
        assert_eq!(body_of(&exact), Some((exact.clone(), false)));
    }

    #[test]
    fn every_state_reads_back_and_only_open_and_answered_are_open() {
        for state in ComplaintState::ALL {
            assert_eq!(ComplaintState::parse(state.as_str()), Some(*state));
        }
        let open: Vec<_> = ComplaintState::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [&ComplaintState::Open, &ComplaintState::Answered]);
    }
}
