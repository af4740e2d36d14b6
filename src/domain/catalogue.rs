//! What became of an admin's change to the catalogue, as the catalogue answers it and the admin
//! is told it.

/// What became of a change asked by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Done,
    /// No category, brand or product by that name.
    NotFound,
    /// The new name is taken.
    Taken,
    /// Products still belong to it; it is not removed.
    InUse(i64),
}

/// What `classify` could not find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Product,
    Category,
    Brand,
}
