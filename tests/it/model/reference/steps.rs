//! How each step changes the model: the state table, applied by hand.
use super::super::generator::{Form, PRODUCTS, Report, Step, Wire};
use super::{Model, Order, Status};

/// R12: what an answer on the wire means.
enum Meaning {
    Accepted,
    Rejected,
    Unknown,
}

fn meaning(wire: Wire) -> Meaning {
    match wire {
        Wire::Accepted | Wire::AcceptedAsStrings => Meaning::Accepted,
        Wire::Rejected | Wire::RejectedBare => Meaning::Rejected,
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
enum Reporter {
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
            } => {
                self.attempts.insert(attempt, (user, product));
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
                self.callbacks_logged += 1;
                if !self.orders.contains_key(&attempt) {
                    self.strangers += 1;
                    return "unknown_refid";
                }
                match self.report(attempt, report, Reporter::Callback) {
                    Effect::Post => {
                        if form == Form::NoSn {
                            self.orders.get_mut(&attempt).unwrap().no_sn = true;
                        }
                        "applied"
                    }
                    Effect::Void => "applied",
                    Effect::Reverse => "reversal",
                    Effect::AfterRefund => "after_refund",
                    Effect::Same => "duplicate",
                    Effect::Conflict => "conflict",
                }
            }
            Step::MismatchedCallback { attempt, .. } => {
                self.callbacks_logged += 1;
                if self.orders.contains_key(&attempt) {
                    self.callback_alerts += 1;
                    "mismatch"
                } else {
                    self.strangers += 1;
                    "unknown_refid"
                }
            }
            Step::ContradictoryCallback { attempt, .. } => {
                self.callbacks_logged += 1;
                if self.orders.contains_key(&attempt) {
                    self.callback_alerts += 1;
                    "contradictory"
                } else {
                    self.strangers += 1;
                    "unknown_refid"
                }
            }
            Step::StrangerCallback { .. } => {
                self.callbacks_logged += 1;
                self.strangers += 1;
                "unknown_refid"
            }
            Step::Resolve { attempt, report } => match self.orders.get(&attempt) {
                None => "not found",
                Some(o) if o.status == Status::Sending => "still sending",
                Some(_) => match self.report(attempt, report, Reporter::Admin) {
                    Effect::Post | Effect::Void | Effect::Reverse => "resolved",
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
                cost: PRODUCTS[product].2,
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

    fn answer(&mut self, attempt: usize, wire: Wire) -> &'static str {
        let Some(o) = self.orders.get_mut(&attempt) else {
            return "no order";
        };
        match (meaning(wire), o.status) {
            (Meaning::Accepted, Status::Sending) => {
                o.status = Status::Pending;
                o.accepted = true;
            }
            (Meaning::Unknown, Status::Sending) => {
                o.status = Status::Unknown;
                o.accepted = true;
            }
            // A callback decided first; a late "in process" or garbage changes nothing.
            (Meaning::Accepted | Meaning::Unknown, _) => {}
            (Meaning::Rejected, Status::Failed) => {}
            (Meaning::Rejected, _) => {
                self.report(attempt, Report::Gagal, Reporter::Answer);
            }
        }
        "recorded"
    }

    fn report(&mut self, attempt: usize, report: Report, by: Reporter) -> Effect {
        let o = self.orders.get_mut(&attempt).expect("order exists");
        let effect = match (o.status, report) {
            (s, Report::Sukses) if s.open() => Effect::Post,
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
        }
        effect
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Post,
    Void,
    Reverse,
    Same,
    Conflict,
    AfterRefund,
}
