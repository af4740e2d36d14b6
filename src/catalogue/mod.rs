//! The catalogue: categories (Pulsa, Data, PLN, …) and brands (Telkomsel, DANA, …) that admins
//! manage, which product belongs to which, the operator behind each mobile prefix, products in
//! trouble (gangguan) and the hours a category is closed.
mod changes;
pub mod export;
mod filing;
pub mod import;
mod operator;
mod price_list;
mod queries;

pub use crate::domain::cutoff::{Cutoff, hhmm, now_wib};
pub use changes::*;
pub use filing::{Missing, classify, set_disrupted};
pub use operator::{operator_of, prefix_of};
pub use price_list::{Listed, price_list};
pub use queries::*;

/// A category's or brand's name: one word of letters, digits, `.`, `-` or `_`, at most 24
/// (`E-Money`, `by.U`). Kept as typed; compared without case.
pub fn group_name(input: &str) -> Option<String> {
    let name = input.trim();
    let fits = (1..=24).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    (fits && !name.chars().all(|c| c.is_ascii_digit())).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::group_name;

    #[test]
    fn group_names_are_one_word() {
        for ok in ["Pulsa", "E-Money", "by.U", "Game_2", "PLN"] {
            assert_eq!(group_name(ok).as_deref(), Some(ok));
        }
        for bad in [
            "",
            "Voucher Game",
            "a/b",
            "12",
            "x".repeat(25).as_str(),
            "<b>",
        ] {
            assert_eq!(group_name(bad), None, "{bad:?}");
        }
    }
}
