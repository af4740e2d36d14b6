//! The buttons under a complaint sent to admins: `komplain:<no>:<step>`, at most 37 bytes.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

const PREFIX: &str = "komplain:";

/// What a button under a complaint asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Send the order's result to the reseller again.
    Resend,
    /// Refund what the reseller paid.
    RefundFull,
    /// Ask how much to refund (`/refund …`).
    RefundPart,
    /// Ask why it is turned down (`/tolakkomplain …`).
    Reject,
    /// Ask what to tell the reseller (`/balas …`).
    Reply,
}

impl Step {
    const ALL: [Step; 5] = [
        Step::Resend,
        Step::RefundFull,
        Step::RefundPart,
        Step::Reject,
        Step::Reply,
    ];

    fn word(self) -> &'static str {
        match self {
            Step::Resend => "hasil",
            Step::RefundFull => "penuh",
            Step::RefundPart => "sebagian",
            Step::Reject => "tolak",
            Step::Reply => "balas",
        }
    }
}

/// The data of `step`'s button under complaint `no`.
pub fn encode(no: i64, step: Step) -> String {
    format!("{PREFIX}{no}:{}", step.word())
}

/// Whether callback data is meant for a complaint at all (its format may still be wrong).
pub fn is_complaint(data: &str) -> bool {
    data.starts_with(PREFIX)
}

/// The complaint and the step a press names; anything malformed is `None`.
pub fn parse(data: &str) -> Option<(i64, Step)> {
    let (no, word) = data.strip_prefix(PREFIX)?.split_once(':')?;
    let step = Step::ALL.into_iter().find(|s| s.word() == word)?;
    Some((no.parse().ok()?, step))
}

/// The keyboard under complaint `no`, labels in the order of `labels`: result, full refund,
/// partial refund, reject, reply.
pub fn keyboard(no: i64, labels: [&str; 5]) -> InlineKeyboardMarkup {
    let button = |i: usize| InlineKeyboardButton::callback(labels[i], encode(no, Step::ALL[i]));
    InlineKeyboardMarkup::new([
        vec![button(0)],
        vec![button(1), button(2)],
        vec![button(3), button(4)],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_complaint_button_reads_back_as_its_step() {
        for no in [1, i64::MAX] {
            for step in Step::ALL {
                let data = encode(no, step);
                assert!(data.len() <= 64 && is_complaint(&data), "{data}");
                assert_eq!(parse(&data), Some((no, step)));
            }
        }
        for data in [
            "komplain:",
            "komplain:1",
            "komplain:x:hasil",
            "komplain:1:lain",
        ] {
            assert_eq!(parse(data), None, "{data}");
        }
    }
}
