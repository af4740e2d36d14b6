//! Values the business cares about, each parsed once at the edge so that deeper code never
//! handles an unchecked string or a float.
mod destination;
mod money;
mod order_status;
mod product_code;
pub mod qris;
mod trxid;

pub use destination::{Destination, DestinationError};
pub use money::{Money, MoneyError, group_thousands};
pub use order_status::OrderStatus;
pub use product_code::{ProductCode, ProductCodeError};
pub use trxid::TrxId;

#[cfg(test)]
mod props;
