//! Deposit tickets in the model: each closes once, and only a credit moves money.
use std::collections::{BTreeMap, BTreeSet};

use super::Model;

/// Below this a ticket is refused (the default `DEPOSIT_MIN`).
pub const DEPOSIT_MIN: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    Open,
    Credited { by_mutation: bool },
    Rejected,
    Cancelled,
    Expired,
}

#[derive(Debug, Clone)]
pub struct Ticket {
    pub user: usize,
    /// Nominal plus kode unik, as the database drew it.
    pub amount: i64,
    pub status: TicketStatus,
}

#[derive(Debug, Default)]
pub struct Deposits {
    pub tickets: BTreeMap<usize, Ticket>,
    /// Mutation ids reported so far.
    pub seen: BTreeSet<usize>,
    /// Admin alerts about mutations that credited nothing (no match, closed ticket).
    pub alerts: i64,
}

impl Model {
    pub fn learn_amount(&mut self, ticket: usize, amount: i64) {
        if let Some(t) = self.deposits.tickets.get_mut(&ticket) {
            t.amount = amount;
        }
    }

    pub fn open_ticket(&mut self, ticket: usize, user: usize, nominal: i64) -> &'static str {
        if nominal < DEPOSIT_MIN {
            return "refused";
        }
        self.deposits.tickets.insert(
            ticket,
            Ticket {
                user,
                amount: nominal,
                status: TicketStatus::Open,
            },
        );
        "opened"
    }

    /// Closes an open ticket as `to`; a credit adds its amount to the reseller's balance.
    pub fn close_ticket(&mut self, ticket: usize, to: TicketStatus) -> &'static str {
        let Some(t) = self.deposits.tickets.get_mut(&ticket) else {
            return "not found";
        };
        if t.status != TicketStatus::Open {
            return "closed";
        }
        t.status = to;
        match to {
            TicketStatus::Credited { .. } => {
                self.balances[t.user] += t.amount;
                "credited"
            }
            TicketStatus::Rejected => "rejected",
            TicketStatus::Cancelled => "cancelled",
            TicketStatus::Expired => "expired",
            TicketStatus::Open => unreachable!("a ticket is never reopened"),
        }
    }

    /// A transfer of `ticket`'s amount (or of no ticket's, when `ticket` is `None` or was
    /// refused) reported as mutation `id`.
    pub fn mutation(&mut self, ticket: Option<usize>, id: usize) -> &'static str {
        if !self.deposits.seen.insert(id) {
            return "duplicate";
        }
        let status = ticket
            .and_then(|t| self.deposits.tickets.get(&t))
            .map(|t| t.status);
        let answer = match status {
            None | Some(TicketStatus::Credited { by_mutation: true }) => "no_match",
            Some(TicketStatus::Open) => {
                let ticket = ticket.expect("an open ticket was named");
                self.close_ticket(ticket, TicketStatus::Credited { by_mutation: true })
            }
            Some(TicketStatus::Credited { by_mutation: false }) => "already_credited",
            Some(_) => "closed",
        };
        if matches!(answer, "no_match" | "closed") {
            self.deposits.alerts += 1;
        }
        answer
    }

    /// The deposit outbox keys that must exist, given each ticket's id in the database.
    pub fn deposit_messages(&self, ids: &BTreeMap<usize, i64>, admin: i64) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for (ticket, t) in &self.deposits.tickets {
            let Some(id) = ids.get(ticket) else { continue };
            let event = match t.status {
                TicketStatus::Credited { .. } => "credited",
                TicketStatus::Rejected => "rejected",
                TicketStatus::Expired => {
                    keys.insert(format!("deposit:{id}:expired"));
                    continue;
                }
                TicketStatus::Open | TicketStatus::Cancelled => continue,
            };
            keys.insert(format!("deposit:{id}:{event}"));
            keys.insert(format!("deposit:{id}:{event}:admin:{admin}"));
        }
        keys
    }
}
