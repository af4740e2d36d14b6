//! The vocabulary of price levels that outlives a query: where a level's price comes from, a
//! level price below a cost (R34), and what became of an admin's change to a level.

/// Where a level's price for a product comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The product's own price at the level (`/level harga`).
    Own,
    /// The product's cost price plus the level's markup.
    Markup,
    /// The product's list price.
    List,
}

/// A level whose price for a product is below a cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BelowCost {
    pub code: String,
    pub level: String,
    pub price: i64,
    pub basis: Basis,
    /// The cost it is below: the product's new cost price, or what the supplier charged.
    pub cost: i64,
}

/// What a change to a level came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Done,
    NoLevel,
    /// `/level tambah` or a rename to a name another level has.
    NameTaken,
    NoUser,
    NoProduct,
    /// `/level harga` below the product's cost price (R34): nothing set.
    BelowCost {
        price: i64,
        cost: i64,
    },
}
