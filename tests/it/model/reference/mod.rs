//! What the books must say, from the documents alone: plain maps and the state table of
//! docs/architecture.md, written without looking at how `src/orders` does it.
use std::collections::{BTreeMap, BTreeSet};

use super::generator::{Df, USERS, Wire};

mod attempts;
mod complaints;
mod deposits;
mod refunds;
mod steps;

pub use complaints::Complaints;
pub use deposits::{Deposits, TicketStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Sending,
    Pending,
    Unknown,
    Success,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Sending => "sending",
            Status::Pending => "pending",
            Status::Unknown => "unknown",
            Status::Success => "success",
            Status::Failed => "failed",
        }
    }

    fn open(self) -> bool {
        matches!(self, Status::Sending | Status::Pending | Status::Unknown)
    }
}

#[derive(Debug, Clone)]
pub struct Order {
    pub user: usize,
    pub product: usize,
    /// The current attempt (from 1); its supplier is the route's step of that number.
    pub attempt: i16,
    /// What Digiflazz, and `utama` as the second supplier, answer it.
    pub df: Df,
    pub second: Wire,
    /// What the reseller paid at their level, and the current attempt's cost.
    pub price: i64,
    pub cost: Option<i64>,
    pub status: Status,
    /// "sedang diproses" was queued for the reseller.
    pub accepted: bool,
    /// The SUKSES or GAGAL message was queued.
    pub settled: bool,
    /// A reversal was announced (reseller and admins).
    pub reversed: bool,
    /// Settled SUKSES without an SN: admins were asked to get it.
    pub no_sn: bool,
    pub conflicts: i64,
    /// An admin refunded this much of it (R36); the reseller and admins were told.
    pub refunded: Option<i64>,
}

#[derive(Debug, Default)]
pub struct Model {
    pub balances: [i64; USERS],
    /// By purchase attempt; refused attempts have no order.
    pub orders: BTreeMap<usize, Order>,
    /// Who asked for what, per attempt, so that a redelivered message asks the same.
    pub attempts: BTreeMap<usize, (usize, usize)>,
    /// What each supplier answers, per attempt (see `Step::Purchase`).
    pub lines: BTreeMap<usize, (Df, Wire)>,
    /// `FAILOVER_MAX`, and whether the window has passed for every order.
    pub failover: (i16, bool),
    /// Admin alerts about callbacks we could not apply one by one (mismatch, contradiction).
    pub callback_alerts: i64,
    /// Callbacks for refids we never issued; admins hear of them at most once a minute, so
    /// within one history only the first alerts.
    pub strangers: i64,
    /// Rows in the callback audit log.
    pub callbacks_logged: i64,
    pub deposits: Deposits,
    pub complaints: Complaints,
    /// Each reseller's level, and each level's markup now.
    pub levels: [usize; USERS],
    pub markups: [Option<loket::levels::Markup>; 3],
}

impl Model {
    pub fn new(balances: [i64; USERS], failover: (i16, bool)) -> Self {
        Self {
            balances,
            failover,
            markups: super::catalogue::LEVELS.map(|(_, markup)| markup),
            ..Self::default()
        }
    }

    pub fn holds(&self) -> i64 {
        self.orders
            .values()
            .filter(|o| o.status.open())
            .map(|o| o.price)
            .sum()
    }

    pub fn sales(&self) -> i64 {
        self.orders
            .values()
            .filter(|o| o.status == Status::Success)
            .map(|o| o.price - o.refunded.unwrap_or(0))
            .sum()
    }

    pub fn conflicts(&self) -> i64 {
        self.orders.values().map(|o| o.conflicts).sum()
    }

    /// The per-order outbox keys that must exist, given each order's id in the database.
    pub fn order_messages(&self, ids: &BTreeMap<usize, i64>, admin: i64) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for (attempt, o) in &self.orders {
            let Some(id) = ids.get(attempt) else { continue };
            if o.accepted {
                keys.insert(format!("order:{id}:accepted"));
            }
            if o.settled {
                keys.insert(format!("order:{id}:final"));
            }
            if o.reversed {
                keys.insert(format!("order:{id}:reversal"));
                keys.insert(format!("order:{id}:reversal:admin:{admin}"));
            }
            if o.no_sn {
                keys.insert(format!("order:{id}:no_sn:admin:{admin}"));
            }
            if o.refunded.is_some() {
                keys.insert(format!("order:{id}:refund"));
                keys.insert(format!("order:{id}:refund:admin:{admin}"));
            }
        }
        keys
    }
}
