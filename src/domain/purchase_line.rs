//! What can be wrong with one purchase line (`KODE.TUJUAN`, `KODE.N.TUJUAN`), and how many lines
//! one message may carry: the reader of lines finds them, the reseller is told them.
use super::{DestinationError, ProductCodeError};

/// The most purchases one message may carry.
pub const MAX_LINES: usize = 10;
/// The largest counter.
pub const MAX_COUNTER: i16 = 999;

/// Why one line is not a purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// Not `KODE.TUJUAN` nor `KODE.N.TUJUAN`.
    Shape,
    Code(ProductCodeError),
    Destination(DestinationError),
    /// The middle of `KODE.N.TUJUAN` is not a number from 1 to [`MAX_COUNTER`].
    Counter,
}
