//! An order as the rest of loket reads it: its row, and what lists, messages and the next
//! attempt need of it.
use chrono::{DateTime, Utc};

use super::StatusColumn;
use crate::domain::refund::RefundMark;
use crate::domain::{AttemptRef, Destination, Money, OrderStatus, ProductCode, TrxId};
use crate::text::OrderFacts;

/// An order as stored, with the chat its owner is told about it in.
#[derive(Debug, Clone)]
pub struct Order {
    pub order_id: i64,
    pub trxid: TrxId,
    pub user_id: i64,
    pub product_code: ProductCode,
    pub product_name: String,
    pub destination: Destination,
    /// What the reseller pays: the product's price when the order was placed.
    pub price: Money,
    pub status: StatusColumn,
    pub sn: Option<String>,
    pub supplier_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub user_chat_id: i64,
    /// An admin's refund of this delivered order (R36), if there was one.
    pub refund: Option<RefundMark>,
    /// The current attempt: its number, the supplier it went to, and that supplier's code for
    /// the product when it is not the product's own.
    pub attempt: i16,
    pub supplier: String,
    pub sku: Option<String>,
    /// The reseller's message that asked for it, as keyed (a press's key is no message: see
    /// [`Order::asked_in`]).
    pub message_id: Option<i64>,
    /// One of the purchases of a message of several lines, whose one combined answer said
    /// "diproses" for it (R47).
    pub several_lines: bool,
}

impl Order {
    pub fn status(&self) -> OrderStatus {
        self.status.0
    }

    /// How a message about this order is sent to its buyer: under the message that asked for
    /// it, when Telegram gave that message (R47).
    pub fn asked_in(&self) -> crate::outbox::Manner {
        crate::outbox::Manner::under(self.message_id)
    }

    /// The ref the current attempt was sent under.
    pub fn attempt_ref(&self) -> AttemptRef {
        AttemptRef::new(self.trxid.clone(), self.attempt)
    }

    /// The code the current attempt's supplier knows the product by.
    pub fn sku(&self) -> &str {
        self.sku.as_deref().unwrap_or(self.product_code.as_str())
    }

    /// The order as lists and details show it.
    pub fn line(&self) -> crate::text::bot::OrderLine<'_> {
        crate::text::bot::OrderLine {
            trxid: self.trxid.as_str(),
            product_code: self.product_code.as_str(),
            product_name: &self.product_name,
            destination: self.destination.as_str(),
            price: self.price,
            status: self.status(),
            sn: self.sn.as_deref(),
            reason: self.supplier_reason.as_deref(),
            created_at: self.created_at,
            refunded: self.refund.map(|r| r.amount),
        }
    }

    pub fn facts(&self) -> OrderFacts<'_> {
        OrderFacts {
            trxid: self.trxid.as_str(),
            product_code: self.product_code.as_str(),
            product_name: &self.product_name,
            destination: self.destination.as_str(),
            price: self.price,
        }
    }
}
