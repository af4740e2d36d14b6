//! Deposit tickets in the model: each closes once, only a credit moves money, and every bank
//! credit that credits no ticket is told to admins (R35).
use std::collections::{BTreeMap, BTreeSet};

use super::super::generator::Sent;
use super::Model;

/// Below this a ticket is refused (the default `DEPOSIT_MIN`).
pub const DEPOSIT_MIN: i64 = 10_000;
/// Open tickets a reseller may hold (the default `DEPOSIT_MAX_OPEN`).
const MAX_OPEN: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    Open,
    Credited,
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
    /// Admin alerts about credits that credited nothing, one per mutation.
    pub alerts: i64,
    /// Items that could not be read; admins hear of them at most once a minute, so within one
    /// history only the first alerts.
    pub unreadable: i64,
    /// Stored mutations by outcome.
    pub stored: BTreeMap<&'static str, i64>,
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
        let open = self.deposits.tickets.values();
        if open
            .filter(|t| t.user == user && t.status == TicketStatus::Open)
            .count()
            >= MAX_OPEN
        {
            return "too many open";
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
            TicketStatus::Credited => {
                self.balances[t.user] += t.amount;
                "credited"
            }
            TicketStatus::Rejected => "rejected",
            TicketStatus::Cancelled => "cancelled",
            TicketStatus::Expired => "expired",
            TicketStatus::Open => unreachable!("a ticket is never reopened"),
        }
    }

    /// One item of a bank-mutation body, judged on its own.
    pub fn mutation(&mut self, item: Sent) -> &'static str {
        if !self.deposits.seen.insert(item.id()) {
            return "duplicate";
        }
        let status = |model: &Self, ticket| model.deposits.tickets.get(&ticket).map(|t| t.status);
        let answer = match item {
            Sent::Cents { .. } => {
                self.deposits.unreadable += 1;
                "invalid"
            }
            Sent::Debit { .. } => "debit",
            // The account is judged first: money into another account names no ticket.
            Sent::OtherAccount { .. } => "other_account",
            Sent::Stray { .. } => "no_match",
            // Every ticket of a history was opened now, long after the transfer's date.
            Sent::Late { ticket, .. } => match status(self, ticket) {
                None => "no_match",
                Some(_) => "before_ticket",
            },
            Sent::Ticket { ticket, .. } => match status(self, ticket) {
                None => "no_match",
                Some(TicketStatus::Open) => self.close_ticket(ticket, TicketStatus::Credited),
                Some(TicketStatus::Credited) => "already_credited",
                Some(_) => "closed",
            },
        };
        if !matches!(answer, "invalid" | "debit" | "credited") {
            self.deposits.alerts += 1;
        }
        *self.deposits.stored.entry(answer).or_default() += 1;
        answer
    }

    /// The deposit outbox keys that must exist, given each ticket's id in the database.
    pub fn deposit_messages(&self, ids: &BTreeMap<usize, i64>, admin: i64) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for (ticket, t) in &self.deposits.tickets {
            let Some(id) = ids.get(ticket) else { continue };
            let event = match t.status {
                TicketStatus::Credited => "credited",
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
