//! `FromRow` for structs whose fields are named like their columns: what sqlx's derive would
//! write, without its proc macro (see `schema.rs` for why loket does without it).

/// `from_row!(Type { column, column: parse_fn, … })`: each field read from the column of its
/// name; a field given `parse_fn` is read by `parse_fn(row, "column")`.
macro_rules! from_row {
    ($ty:ty { $($field:ident $(: $parse:path)?),+ $(,)? }) => {
        impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for $ty {
            fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
                #[allow(unused_imports)]
                use sqlx::Row;
                Ok(Self { $($field: from_row!(@get row, $field $(, $parse)?)),+ })
            }
        }
    };
    (@get $row:ident, $field:ident) => { $row.try_get(stringify!($field))? };
    (@get $row:ident, $field:ident, $parse:path) => { $parse($row, stringify!($field))? };
}
