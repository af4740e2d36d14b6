//! How each step changes the model: the state table, applied by hand.
use super::super::catalogue::Supplier;
use super::super::generator::{Form, Hook, Report, Step, Wire};
use super::super::route_steps::first_of_route;
use super::attempts::{Heard, by_digiflazz, by_utama};
use super::{Model, Order, Status};

/// R12: what an answer on the wire means.
pub(super) enum Meaning {
    Accepted,
    Rejected,
    Unknown,
}

pub(super) fn meaning(wire: Wire) -> Meaning {
    match wire {
        Wire::Accepted | Wire::AcceptedAsStrings => Meaning::Accepted,
        Wire::Rejected | Wire::RejectedBare | Wire::RejectedNumber => Meaning::Rejected,
        Wire::Timeout
        | Wire::Reset
        | Wire::Http500
        | Wire::Http502Html
        | Wire::EmptyObject
        | Wire::TruncatedJson
        | Wire::StatusNull
        | Wire::HtmlWith200 => Meaning::Unknown,
    }
}

/// Who reports an outcome; only the supplier's callback may reverse a SUKSES.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reporter {
    Answer,
    Callback,
    Admin,
}

impl Model {
    /// Applies one step; returns what the caller must be told, as short labels (one per item
    /// of a bank-mutation body, one for any other step).
    pub fn apply(&mut self, step: &Step) -> Vec<&'static str> {
        match step {
            Step::Mutations { items } => items.iter().map(|item| self.mutation(*item)).collect(),
            Step::Race { filing, race, key } => self.race(*filing, *race, *key),
            other => vec![self.apply_one(other)],
        }
    }

    fn apply_one(&mut self, step: &Step) -> &'static str {
        match *step {
            Step::Purchase {
                attempt,
                user,
                product,
                df,
                second,
            } => {
                self.attempts.insert(attempt, (user, product));
                self.lines.insert(attempt, (df, second));
                self.buy(attempt)
            }
            Step::Redelivery { attempt } => {
                if self.orders.contains_key(&attempt) {
                    "already placed"
                } else {
                    self.buy(attempt)
                }
            }
            Step::TopUp { user, amount } => {
                self.balances[user] += amount;
                "ok"
            }
            Step::Deduct { user, amount } => {
                if self.balances[user] >= amount {
                    self.balances[user] -= amount;
                    "ok"
                } else {
                    "insufficient"
                }
            }
            Step::Answer { attempt, wire } => self.answer(attempt, wire),
            Step::Callback {
                attempt,
                report,
                form,
            } => {
                let (label, effect) = self.heard(attempt, utama(1, report, true, true));
                if effect == Some(Effect::Post) && form == Form::NoSn {
                    self.orders.get_mut(&attempt).unwrap().no_sn = true;
                }
                label
            }
            Step::MismatchedCallback { attempt, report } => {
                self.heard(attempt, utama(1, report, false, true)).0
            }
            Step::ContradictoryCallback { attempt, report } => {
                self.heard(attempt, utama(1, report, true, false)).0
            }
            Step::AttemptCallback {
                attempt,
                nth,
                report,
            } => self.heard(attempt, utama(nth, report, true, true)).0,
            Step::Webhook { forged: true, .. } => "refused",
            Step::Webhook {
                hook: Hook::Pending,
                ..
            } => "pending",
            Step::Webhook {
                attempt, nth, hook, ..
            } => {
                let heard = Heard {
                    by: Supplier::Digiflazz,
                    nth,
                    report: if hook == Hook::Sukses {
                        Report::Sukses
                    } else {
                        Report::Gagal
                    },
                    fails_over: hook == Hook::GagalProduct,
                    dest_ok: true,
                    agrees: true,
                };
                self.heard(attempt, heard).0
            }
            Step::StrangerCallback { .. } => {
                self.callbacks_logged += 1;
                self.strangers += 1;
                "unknown_refid"
            }
            Step::Resolve { attempt, report } => match self.orders.get(&attempt) {
                None => "not found",
                Some(o) if o.status == Status::Sending => "still sending",
                Some(_) => match self.report(attempt, report, Reporter::Admin, false) {
                    Effect::Post | Effect::Void | Effect::Reverse | Effect::FailOver => "resolved",
                    Effect::Same => "already resolved",
                    Effect::Conflict | Effect::AfterRefund => "conflict",
                },
            },
            Step::ResolveStranger => "not found",
            Step::Refund { attempt, part, .. } => self.refund(attempt, part),
            Step::OpenTicket {
                ticket,
                user,
                nominal,
            } => self.open_ticket(ticket, user, nominal),
            Step::ApproveTicket { ticket } => {
                self.close_ticket(ticket, super::TicketStatus::Credited)
            }
            Step::RejectTicket { ticket } => {
                self.close_ticket(ticket, super::TicketStatus::Rejected)
            }
            Step::CancelTicket { ticket } => {
                self.close_ticket(ticket, super::TicketStatus::Cancelled)
            }
            Step::ExpireTicket { ticket } => {
                self.close_ticket(ticket, super::TicketStatus::Expired)
            }
            Step::Mutations { .. } => unreachable!("a body is applied item by item"),
            Step::Race { .. } => unreachable!("a race has two outcomes"),
            Step::Complain { .. } | Step::Handle { .. } | Step::ComplaintRefund { .. } => {
                self.complaint_step(step)
            }
            Step::SetLevel { user, level } => {
                self.levels[user] = level;
                "ok"
            }
            Step::SetMarkup { level, markup } => {
                self.markups[level] = super::super::catalogue::MARKUPS[markup];
                "ok"
            }
            Step::Restart => {
                for o in self.orders.values_mut() {
                    if o.status == Status::Sending {
                        o.status = Status::Unknown;
                        o.accepted = true;
                    }
                }
                "ok"
            }
        }
    }

    fn buy(&mut self, attempt: usize) -> &'static str {
        let (user, product) = self.attempts[&attempt];
        let (df, second) = self.lines[&attempt];
        let level = self.levels[user];
        let price = super::super::catalogue::price(level, self.markups[level], product);
        if self.balances[user] < price {
            return "insufficient";
        }
        self.balances[user] -= price;
        self.orders.insert(
            attempt,
            Order {
                user,
                price,
                cost: super::super::catalogue::step(product, 1).and_then(|(_, cost)| cost),
                product,
                attempt: 1,
                df,
                second,
                status: Status::Sending,
                accepted: false,
                settled: false,
                reversed: false,
                no_sn: false,
                conflicts: 0,
                refunded: None,
            },
        );
        "placed"
    }

    /// The first attempt's answer: `utama`'s on the wire, or Digiflazz's for an order whose
    /// route starts there. A callback may have decided first, or moved the order on.
    fn answer(&mut self, attempt: usize, wire: Wire) -> &'static str {
        let Some(o) = self.orders.get(&attempt) else {
            return "no order";
        };
        let said = match first_of_route(o.product) {
            Some(Supplier::Digiflazz) => by_digiflazz(o.df),
            _ => by_utama(wire),
        };
        self.answered(attempt, 1, said);
        "recorded"
    }

    /// The state table for the attempt's order; a void the report's supplier caused becomes
    /// the next attempt when the route and the policy allow it (R43).
    pub(super) fn report(
        &mut self,
        attempt: usize,
        report: Report,
        by: Reporter,
        fails_over: bool,
    ) -> Effect {
        let may_move = fails_over && self.may_fail_over(attempt);
        let o = self.orders.get_mut(&attempt).expect("order exists");
        let effect = match (o.status, report) {
            (s, Report::Sukses) if s.open() => Effect::Post,
            (s, Report::Gagal) if s.open() && may_move => Effect::FailOver,
            (s, Report::Gagal) if s.open() => Effect::Void,
            (Status::Success, Report::Sukses) | (Status::Failed, Report::Gagal) => Effect::Same,
            // The reseller has money back already: recorded and told, nothing moves.
            (Status::Success, Report::Gagal)
                if by == Reporter::Callback && o.refunded.is_some() =>
            {
                Effect::AfterRefund
            }
            (Status::Success, Report::Gagal) if by == Reporter::Callback => Effect::Reverse,
            _ => Effect::Conflict,
        };
        match effect {
            Effect::Post => {
                o.status = Status::Success;
                o.settled = true;
            }
            Effect::Void => {
                o.status = Status::Failed;
                o.settled = true;
                self.balances[o.user] += o.price;
            }
            Effect::Reverse => {
                o.status = Status::Failed;
                o.reversed = true;
                self.balances[o.user] += o.price;
            }
            Effect::Same => {}
            Effect::Conflict | Effect::AfterRefund => o.conflicts += 1,
            Effect::FailOver => self.move_on(attempt),
        }
        effect
    }
}

/// A `utama` callback about attempt `nth`: its GAGAL always blames the supplier.
fn utama(nth: i16, report: Report, dest_ok: bool, agrees: bool) -> Heard {
    Heard {
        by: Supplier::Utama,
        nth,
        report,
        fails_over: report == Report::Gagal,
        dest_ok,
        agrees,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    FailOver,
    Post,
    Void,
    Reverse,
    Same,
    Conflict,
    AfterRefund,
}
