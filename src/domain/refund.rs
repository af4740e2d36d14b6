//! A refund of a delivered order (R36): how much goes back, and who bears the loss.
use chrono::{DateTime, Utc};

use super::Money;

/// How much of what the reseller paid goes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundAmount {
    /// All of it (`penuh`).
    Full,
    /// This much, from Rp1 up to the price (`jumlah`).
    Part(Money),
}

/// Who bears a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundSource {
    /// The shop absorbs the loss.
    Shop,
    /// The supplier paid the order's cost back to our deposit there.
    Supplier,
}

impl RefundSource {
    /// As stored in `orders.refund_source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shop => "shop",
            Self::Supplier => "supplier",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "shop" => Some(Self::Shop),
            "supplier" => Some(Self::Supplier),
            _ => None,
        }
    }
}

/// A refund as an order carries it: how much, who bears it, which admin decided it and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundMark {
    pub amount: Money,
    pub source: RefundSource,
    pub by: i64,
    pub at: DateTime<Utc>,
}
