//! Attempts in the model (R43): an order's answers and reports are about one attempt's ref; a
//! GAGAL that blames the product or the supplier moves an open order to its route's next
//! supplier while the policy allows, holding the money, and that supplier is asked at once.
use super::super::catalogue::{Supplier, step};
use super::super::generator::{Df, Report, Wire};
use super::steps::{Effect, Reporter, meaning};
use super::{Model, Status};

/// What a supplier's synchronous answer says, whichever supplier gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Accepted,
    Unknown,
    Rejected { fails_over: bool },
    Succeeded,
}

pub(super) fn by_utama(wire: Wire) -> Said {
    match meaning(wire) {
        super::steps::Meaning::Accepted => Said::Accepted,
        super::steps::Meaning::Unknown => Said::Unknown,
        // Only the DEDUCT refusal blames the supplier (`biller::refusal_fails_over`).
        super::steps::Meaning::Rejected => Said::Rejected {
            fails_over: wire == Wire::Rejected,
        },
    }
}

pub(super) fn by_digiflazz(df: Df) -> Said {
    match df {
        Df::Sukses => Said::Succeeded,
        Df::Pending => Said::Accepted,
        Df::Customer => Said::Rejected { fails_over: false },
        Df::Product => Said::Rejected { fails_over: true },
        Df::Garbage => Said::Unknown,
    }
}

/// A report about attempt `nth` of an order, by `by`, as a callback or a webhook brings it.
pub(super) struct Heard {
    pub by: Supplier,
    pub nth: i16,
    pub report: Report,
    pub fails_over: bool,
    /// It names the order's destination.
    pub dest_ok: bool,
    /// Its status and message agree.
    pub agrees: bool,
}

impl Model {
    /// The answer to attempt `nth` of the attempt's order. About an attempt the order already
    /// left, only a success counts: a conflict.
    pub(super) fn answered(&mut self, attempt: usize, nth: i16, said: Said) {
        let o = self.orders.get_mut(&attempt).expect("order exists");
        if o.attempt != nth {
            if said == Said::Succeeded {
                o.conflicts += 1;
            }
            return;
        }
        match said {
            Said::Accepted | Said::Unknown if o.status == Status::Sending => {
                o.status = if said == Said::Accepted {
                    Status::Pending
                } else {
                    Status::Unknown
                };
                o.accepted = true;
            }
            Said::Accepted | Said::Unknown => {}
            Said::Rejected { fails_over } if o.status != Status::Failed => {
                self.report(attempt, Report::Gagal, Reporter::Answer, fails_over);
            }
            Said::Succeeded if o.status != Status::Success => {
                self.report(attempt, Report::Sukses, Reporter::Answer, false);
            }
            Said::Rejected { .. } | Said::Succeeded => {}
        }
    }

    /// Whether the attempt's open order may move on: attempts left under `FAILOVER_MAX`, the
    /// window not passed, and a next step on its route.
    pub(super) fn may_fail_over(&self, attempt: usize) -> bool {
        let o = &self.orders[&attempt];
        let (max, passed) = self.failover;
        o.attempt < max && !passed && step(o.product, o.attempt + 1).is_some()
    }

    /// The order moves to its next supplier, `sending` again at that step's cost, and is sent
    /// there at once; its answer is recorded as any first answer is.
    pub(super) fn move_on(&mut self, attempt: usize) {
        let o = self.orders.get_mut(&attempt).expect("order exists");
        o.attempt += 1;
        let (supplier, cost) = step(o.product, o.attempt).expect("a next step");
        o.cost = cost.or(o.cost);
        o.status = Status::Sending;
        let said = match supplier {
            Supplier::Digiflazz => by_digiflazz(o.df),
            Supplier::Utama => by_utama(o.second),
        };
        let nth = o.attempt;
        self.answered(attempt, nth, said);
    }

    /// A callback or webhook about the attempt's order: logged, then checked as
    /// `orders::callback` checks it, then the state table.
    pub(super) fn heard(&mut self, attempt: usize, h: Heard) -> (&'static str, Option<Effect>) {
        self.callbacks_logged += 1;
        let Some(o) = self.orders.get_mut(&attempt) else {
            self.strangers += 1;
            return ("unknown_refid", None);
        };
        // A ref of an attempt not made yet names nothing we sent.
        if h.nth > o.attempt {
            self.strangers += 1;
            return ("unknown_refid", None);
        }
        let at = step(o.product, h.nth).map(|(supplier, _)| supplier);
        if h.nth < o.attempt {
            if at != Some(h.by) {
                self.callback_alerts += 1;
                return ("mismatch", None);
            }
            if h.report == Report::Sukses {
                o.conflicts += 1;
            }
            return ("earlier_attempt", None);
        }
        if at != Some(h.by) || !h.dest_ok {
            self.callback_alerts += 1;
            return ("mismatch", None);
        }
        if !h.agrees {
            self.callback_alerts += 1;
            return ("contradictory", None);
        }
        let effect = self.report(attempt, h.report, Reporter::Callback, h.fails_over);
        let label = match effect {
            Effect::Post | Effect::Void => "applied",
            Effect::FailOver => "failed_over",
            Effect::Reverse => "reversal",
            Effect::AfterRefund => "after_refund",
            Effect::Same => "duplicate",
            Effect::Conflict => "conflict",
        };
        (label, Some(effect))
    }
}
