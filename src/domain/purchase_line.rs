//! What can be wrong with one purchase line (`KODE.TUJUAN`, `KODE.N.TUJUAN`), and how many lines
//! one message may carry: the reader of lines finds them, the reseller is told them.
use super::{Destination, DestinationError, ProductCode, ProductCodeError};

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
    /// `KODE.TUJUAN.PIN` (or `KODE.N.TUJUAN.PIN`), the habit of servers that ask for a PIN: a
    /// last field of 4 to 6 digits after a destination. Nothing is bought; the reseller is
    /// shown the line without it. The PIN itself is not kept.
    Pin {
        product: ProductCode,
        destination: Destination,
        /// `Some(n)` for a counter of 2 or more, as in a purchase line.
        counter: Option<i16>,
    },
}

/// The fewest and most digits of a PIN other servers ask for at the end of a line.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=6;
