//! Values the business cares about, each parsed once at the edge so that deeper code never
//! handles an unchecked string or a float.
mod destination;
mod money;
mod order_status;
mod product_code;
mod trxid;

pub use destination::Destination;
pub use money::{Money, MoneyError, group_thousands};
pub use order_status::OrderStatus;
pub use product_code::ProductCode;
pub use trxid::TrxId;

/// Why a value from outside was refused; the text is shown to the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidInput(pub &'static str);

#[cfg(test)]
mod props;
