//! The catalogue's CSV import as an admin hears of it: why a file or a line is refused, what a
//! line changes, how an answered preview ended, and the limits a file is held to.
use super::{Money, MoneyError, ProductCodeError};

/// Data lines one file may hold.
pub const MAX_LINES: usize = 2_000;

/// The longest product name, as `/produk` takes it (and the table allows).
pub const MAX_NAME_CHARS: usize = 100;

/// How long a preview can be applied: past it, the catalogue may have moved on far from what
/// the admin saw, and ✅ applies nothing.
pub const PREVIEW_MINUTES: i32 = 30;

/// Quoting that breaks RFC 4180.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// A quoted field not closed before the end of the file.
    Unclosed,
    /// Text between a closing quote and the next separator.
    AfterQuote,
}

/// Why a line is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    Quoting(Quoting),
    Columns(usize),
    Code(ProductCodeError),
    NoName,
    NameTooLong,
    /// A category or brand that is no one word.
    GroupName {
        brand: bool,
        name: String,
    },
    Cost(MoneyError),
    Price(MoneyError),
    BelowCost {
        price: Money,
        cost: Money,
    },
    Active(String),
    /// The same code on another line too.
    Twice {
        code: String,
        other: usize,
    },
    UnknownCategory(String),
    UnknownBrand(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub number: usize,
    pub why: Why,
}

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    NotUtf8,
    Empty,
    /// The first line, as found.
    Header(String),
    TooManyLines(usize),
}

/// One field of a product that the file changes, with the value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Name(String, String),
    Category(Option<String>, Option<String>),
    Brand(Option<String>, Option<String>),
    Cost(Option<i64>, Option<i64>),
    Price(i64, i64),
    Active(bool, bool),
}

/// A product the file changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub code: String,
    pub fields: Vec<Field>,
    /// Why the cost guard took the product off sale, when the file puts it back on: the
    /// preview says so, as `/produk` would not do it at all.
    pub stopped: Option<String>,
}

/// An answer already given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Applied { added: i64, changed: i64 },
    Cancelled,
}
