//! Complaints in a history (R37): a reseller's `/komplain` and each admin step on it, drawn
//! around the latest orders, now and then delivered again or raced by two admins.
use rand::RngExt;
use rand::rngs::StdRng;

use super::step::Step;

/// Whose order a `/komplain` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Own,
    /// Another reseller's order: it must look unknown.
    Other,
    /// A trxid no order has.
    Nobody,
}

/// The words of a complaint, a reply or a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    Plain,
    /// Blanks only: refused.
    Empty,
    /// Longer than a complaint keeps: cut.
    Long,
}

impl Words {
    pub fn text(self) -> String {
        match self {
            Words::Plain => "pulsa belum masuk".into(),
            Words::Empty => "  \n ".into(),
            Words::Long => "pulsa belum masuk, ".repeat(40),
        }
    }

    /// Characters kept of a complaint's text (`domain::complaint::MAX_BODY_CHARS` at most).
    pub fn kept(self) -> i64 {
        let text = self.text();
        text.trim().chars().count().min(500) as i64
    }
}

/// The settings a filing is judged with: `STUCK_ORDER_ALERT_MINS` and `COMPLAINT_MAX_DAYS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patience {
    /// Any open order counts as stuck; a week to complain.
    Stuck,
    /// An hour before an open order counts as stuck: every open order is still processing.
    Young,
    /// No day to complain: every order is too old.
    Late,
}

/// An admin's step on a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Resend,
    Reply(Words),
    Reject(Words),
}

/// The step two admins take on one complaint at the same moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Race {
    Resend,
    RefundFull,
    Reject,
}

/// What a history has drawn about complaints so far.
#[derive(Default)]
pub struct Drawn {
    /// The attempt each filing named, by filing.
    filings: Vec<usize>,
    /// Steps that may be delivered again: filings and typed commands.
    given: Vec<Step>,
    /// Admin commands' keys handed out.
    keys: usize,
}

impl Drawn {
    /// One complaint step; `keen` histories file more. A part refund is a typed `/refund`, as
    /// the "Refund sebagian" button asks for, so it joins `refunds`.
    pub fn draw(
        &mut self,
        rng: &mut StdRng,
        attempts: usize,
        keen: bool,
        refunds: &mut Vec<Step>,
    ) -> Step {
        if !self.given.is_empty() && rng.random_bool(0.12) {
            return self.given[rng.random_range(0..self.given.len())].clone();
        }
        if self.filings.is_empty() || rng.random_bool(if keen { 0.7 } else { 0.4 }) {
            return self.complain(rng, attempts, keen);
        }
        // The latest complaints most often: they are the ones still open.
        let filing = self.filings.len() - 1 - rng.random_range(0..self.filings.len().min(3));
        let words = |rng: &mut StdRng| {
            if rng.random_bool(0.15) {
                Words::Empty
            } else {
                Words::Plain
            }
        };
        let how = match rng.random_range(0..100) {
            0..22 => Move::Resend,
            22..42 => Move::Reply(words(rng)),
            42..57 => Move::Reject(words(rng)),
            57..72 => return Step::ComplaintRefund { filing },
            72..85 => {
                let step = Step::Refund {
                    attempt: self.filings[filing],
                    part: Some(rng.random_range(1..=6) * 1_000),
                    supplier: rng.random_bool(0.3),
                    key: refunds.len(),
                };
                refunds.push(step.clone());
                return step;
            }
            _ => {
                let race = [Race::Resend, Race::RefundFull, Race::Reject][rng.random_range(0..3)];
                self.keys += 2;
                let key = self.keys - 2;
                return Step::Race { filing, race, key };
            }
        };
        self.keys += 1;
        let step = Step::Handle {
            filing,
            how,
            key: self.keys - 1,
        };
        self.given.push(step.clone());
        step
    }

    fn complain(&mut self, rng: &mut StdRng, attempts: usize, keen: bool) -> Step {
        let whose = match rng.random_range(0..100) {
            0..82 => Whose::Own,
            82..91 => Whose::Other,
            _ => Whose::Nobody,
        };
        let words = match rng.random_range(0..100) {
            0..86 => Words::Plain,
            86..93 => Words::Empty,
            _ => Words::Long,
        };
        let patience = match rng.random_range(0..100) {
            0..80 => Patience::Stuck,
            80..93 => Patience::Young,
            _ => Patience::Late,
        };
        // A keen reseller names the newest order not named yet, when there is one.
        let fresh = (0..attempts).rev().find(|a| !self.filings.contains(a));
        let attempt = match fresh {
            Some(fresh) if keen && rng.random_bool(0.8) => fresh,
            _ => attempts - 1 - rng.random_range(0..attempts.min(8)),
        };
        let step = Step::Complain {
            filing: self.filings.len(),
            attempt,
            whose,
            words,
            patience,
        };
        if let Step::Complain { attempt, .. } = step {
            self.filings.push(attempt);
        }
        self.given.push(step.clone());
        step
    }
}
