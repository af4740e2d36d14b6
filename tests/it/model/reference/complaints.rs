//! Complaints in the model (R37): what a filing is refused for, that each closes once (by an
//! admin's step or by the refund of its order, in the refund's transaction), and the messages
//! and audit rows each step leaves.
use std::collections::{BTreeMap, BTreeSet};

use super::super::complaint_steps::{Move, Patience, Race, Whose, Words};
use super::super::generator::Step;
use super::{Model, Status};

/// Open complaints one reseller may have at once.
const MAX_OPEN: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Answered,
    Resent,
    Refunded,
    Rejected,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Answered => "answered",
            State::Resent => "resent",
            State::Refunded => "refunded",
            State::Rejected => "rejected",
        }
    }

    fn open(self) -> bool {
        matches!(self, State::Open | State::Answered)
    }
}

#[derive(Debug, Clone)]
pub struct Complaint {
    pub attempt: usize,
    pub user: usize,
    pub state: State,
    /// Characters of the text kept.
    pub kept: i64,
    /// The states every admin was told the complaint reached.
    pub handled: BTreeSet<&'static str>,
    /// The order's result went to the reseller again.
    pub resent: bool,
    /// The reseller was told the complaint closed with a refund.
    pub refund_told: bool,
}

#[derive(Debug, Default)]
pub struct Complaints {
    /// By the filing that stored it.
    pub filed: BTreeMap<usize, Complaint>,
    /// Keys of the typed commands carried out (each left the reseller a message).
    pub acted: BTreeSet<usize>,
    /// Two admins typed a command at once: exactly one of the two keys was carried out.
    pub either: Vec<(usize, usize)>,
    /// Audit rows of admins' steps.
    pub audits: i64,
}

impl Model {
    pub(super) fn complaint_step(&mut self, step: &Step) -> &'static str {
        match *step {
            Step::Complain {
                filing,
                attempt,
                whose,
                words,
                patience,
            } => self.complain(filing, attempt, whose, words, patience),
            Step::Handle { filing, how, key } => self.handle(filing, how, key),
            Step::ComplaintRefund { filing } => self.complaint_refund(filing),
            _ => unreachable!("not a complaint's step"),
        }
    }

    /// A reseller's `/komplain`, judged in the order `complaints::file` is documented to.
    fn complain(
        &mut self,
        filing: usize,
        attempt: usize,
        whose: Whose,
        words: Words,
        patience: Patience,
    ) -> &'static str {
        if words == Words::Empty {
            return "empty";
        }
        if self.complaints.filed.contains_key(&filing) {
            return "already filed";
        }
        let Some(order) = self.orders.get(&attempt) else {
            return "unknown order";
        };
        if whose != Whose::Own {
            return "unknown order";
        }
        let user = order.user;
        if order.status == Status::Failed {
            return "failed";
        }
        if order.status.open() && patience == Patience::Young {
            return "still processing";
        }
        if patience == Patience::Late {
            return "too old";
        }
        let open = |c: &&Complaint| c.state.open();
        let filed = self.complaints.filed.values();
        if filed.filter(open).any(|c| c.attempt == attempt) {
            return "already open";
        }
        let filed = self.complaints.filed.values();
        if filed.filter(open).filter(|c| c.user == user).count() >= MAX_OPEN {
            return "too many";
        }
        let complaint = Complaint {
            attempt,
            user,
            state: State::Open,
            kept: words.kept(),
            handled: BTreeSet::new(),
            resent: false,
            refund_told: false,
        };
        self.complaints.filed.insert(filing, complaint);
        if words == Words::Long {
            "filed (cut)"
        } else {
            "filed"
        }
    }

    /// An admin's step under the complaint's row lock.
    fn handle(&mut self, filing: usize, how: Move, key: usize) -> &'static str {
        if matches!(how, Move::Reply(Words::Empty) | Move::Reject(Words::Empty)) {
            return "empty text";
        }
        let Some(c) = self.complaints.filed.get(&filing) else {
            return "unknown complaint";
        };
        if !c.state.open() {
            return "closed";
        }
        let state = match how {
            Move::Resend if self.orders[&c.attempt].status.open() => return "no result",
            Move::Resend => State::Resent,
            _ if self.complaints.acted.contains(&key) => return "already done",
            Move::Reply(_) => State::Answered,
            Move::Reject(_) => State::Rejected,
        };
        if how != Move::Resend {
            self.complaints.acted.insert(key);
        }
        let c = self.complaints.filed.get_mut(&filing).unwrap();
        c.resent |= how == Move::Resend;
        c.state = state;
        c.handled.insert(state.as_str());
        self.complaints.audits += 1;
        state.as_str()
    }

    /// "Refund penuh" under a complaint: the refund's own checks first; a refund that would go
    /// through under a closed complaint moves nothing, and the admin hears it is closed.
    fn complaint_refund(&mut self, filing: usize) -> &'static str {
        let Some(c) = self.complaints.filed.get(&filing) else {
            return "unknown complaint";
        };
        let (attempt, open) = (c.attempt, c.state.open());
        match self.refusal(attempt, None) {
            Some(refused) => refused,
            None if !open => "closed",
            None => self.refund(attempt, None),
        }
    }

    /// In a refund's transaction: the order's open complaint, if any, closes as refunded.
    pub(super) fn close_refunded(&mut self, attempt: usize) {
        let open = self.complaints.filed.values_mut();
        if let Some(c) = open
            .filter(|c| c.state.open())
            .find(|c| c.attempt == attempt)
        {
            c.state = State::Refunded;
            c.handled.insert(State::Refunded.as_str());
            c.refund_told = true;
        }
    }

    /// Two admins at once: the row lock puts one after the other, and the second sees what the
    /// first did. Sorted, since either may come first.
    pub(super) fn race(&mut self, filing: usize, race: Race, key: usize) -> Vec<&'static str> {
        let mut both = match race {
            Race::Resend => vec![
                self.handle(filing, Move::Resend, key),
                self.handle(filing, Move::Resend, key),
            ],
            Race::RefundFull => vec![self.complaint_refund(filing), self.complaint_refund(filing)],
            Race::Reject => {
                let both = vec![
                    self.handle(filing, Move::Reject(Words::Plain), key),
                    self.handle(filing, Move::Reject(Words::Plain), key + 1),
                ];
                // Which admin's command won is the database's to decide.
                if self.complaints.acted.remove(&key) {
                    self.complaints.either.push((key, key + 1));
                }
                both
            }
        };
        both.sort();
        both
    }

    /// The complaint messages that must be in the outbox, given each complaint's number, but
    /// those keyed by the admins' typed commands (see [`Complaints::acted`]).
    pub fn complaint_messages(&self, ids: &BTreeMap<usize, i64>, admin: i64) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for (filing, c) in &self.complaints.filed {
            let Some(no) = ids.get(filing) else { continue };
            keys.insert(format!("complaint:{no}:filed"));
            keys.insert(format!("complaint:{no}:filed:admin:{admin}"));
            for state in &c.handled {
                keys.insert(format!("complaint:{no}:{state}:admin:{admin}"));
            }
            if c.resent {
                keys.insert(format!("complaint:{no}:resend"));
            }
            if c.refund_told {
                keys.insert(format!("complaint:{no}:refunded"));
            }
        }
        keys
    }
}
