//! Values the business cares about, each parsed once at the edge so that deeper code never
//! handles an unchecked string or a float; and the vocabulary both a module's answers and its
//! messages name (a file per subject), so that `text` needs nothing above this module.
pub mod catalogue;
pub mod catalogue_import;
pub mod complaint;
pub mod cutoff;
pub mod deposit;
mod destination;
mod failover;
pub mod levels;
mod markup;
mod money;
mod order_status;
pub mod period;
pub mod pln_number;
mod pln_token;
pub mod price_sync;
mod product_code;
pub mod purchase_line;
pub mod qris;
pub mod refund;
mod registration;
pub mod route;
mod trxid;
pub use failover::FailoverPolicy;

pub use destination::{Destination, DestinationError};
pub use markup::{Markup, MarkupError};
pub use money::{Money, MoneyError, group_thousands};
pub use order_status::OrderStatus;
pub use pln_number::{PlnNumber, PlnNumberError};
pub use pln_token::PlnToken;
pub use product_code::{ProductCode, ProductCodeError};
pub use registration::{Registration, SupportContact};
pub use trxid::{AttemptRef, TrxId};

#[cfg(test)]
mod props;
