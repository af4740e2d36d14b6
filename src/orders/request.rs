//! What a purchase asks of `orders`, and what placing it gives back or why it was refused.
use super::{Order, OrderError};
use crate::domain::{Destination, Money, ProductCode};

#[derive(Debug, Clone)]
pub struct PurchaseRequest {
    pub user_id: i64,
    pub product: ProductCode,
    pub destination: Destination,
    /// The Telegram message asking for it; the same message (line) never makes a second order.
    pub source: Option<MessageRef>,
    /// The N of `KODE.N.TUJUAN`: a deliberate repeat, placed once per N a day.
    pub counter: Option<i16>,
}

#[derive(Debug, Clone, Copy)]
pub struct MessageRef {
    pub chat_id: i64,
    pub message_id: i64,
    pub update_id: Option<i64>,
    /// Which purchase of a message of several (0 for the first or only one).
    pub line: i16,
    /// Whether the message holds several purchases: its one combined answer then says
    /// "diproses" for each, and the order does not (line 0 alone cannot tell).
    pub several: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    #[error("user is not registered")]
    NotRegistered,
    #[error("user is blocked")]
    Blocked,
    /// `REGISTRATION=approval`, and no admin approved them yet.
    #[error("user awaits approval")]
    AwaitingApproval,
    #[error("no such product")]
    UnknownProduct,
    #[error("product is not active")]
    ProductInactive { name: String },
    #[error("product is in trouble (gangguan)")]
    Disrupted {
        name: String,
        reason: Option<String>,
    },
    /// Every supplier of its route is paused or in its cut-off (R42).
    #[error("no supplier can sell the product now")]
    NoSupplier { name: String },
    #[error("the product's category is closed now")]
    Closed {
        category: String,
        opens: chrono::NaiveTime,
    },
    #[error("this counter was used today for this product and destination")]
    CounterUsed,
    #[error("insufficient balance")]
    InsufficientBalance { balance: Money, price: Money },
    #[error(transparent)]
    Internal(#[from] OrderError),
}

impl From<sqlx::Error> for PlaceError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

#[derive(Debug, Clone)]
pub struct Placed {
    pub order: Order,
    /// False when this message had already placed the order (a redelivered update).
    pub new: bool,
}
