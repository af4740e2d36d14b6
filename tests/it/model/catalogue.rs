//! The products and price levels every history runs with, and what a reseller pays, worked out
//! from the README's rule (a product's own price at the level, else its cost plus the level's
//! markup, else its list price) without loket's SQL.
use loket::levels::Markup;

/// Products: code, list price, cost price (none for `pln20`: every level pays its list price).
pub const PRODUCTS: [(&str, i64, Option<i64>); 3] = [
    ("s5", 5_500, Some(5_150)),
    ("x10", 10_300, Some(10_000)),
    ("pln20", 20_500, None),
];

/// Levels by index, with their markups at the start of each history; 0 is the default.
pub const LEVELS: [(&str, Option<Markup>); 3] = [
    ("umum", None),
    ("agen", Some(Markup::Rupiah(150))),
    ("master", Some(Markup::Percent(100))),
];

/// A product's own price at a level: (level, product, price).
pub const OWN_PRICE: (usize, usize, i64) = (2, 0, 5_180);

/// The markups a history switches levels to: none, nothing, rupiah, percents that round up.
pub const MARKUPS: [Option<Markup>; 5] = [
    None,
    Some(Markup::Rupiah(0)),
    Some(Markup::Rupiah(400)),
    Some(Markup::Percent(250)),
    Some(Markup::Percent(133)),
];

/// What a reseller on `level` (whose markup is now `markup`) pays for `product`.
pub fn price(level: usize, markup: Option<Markup>, product: usize) -> i64 {
    let (_, list, cost) = PRODUCTS[product];
    if (OWN_PRICE.0, OWN_PRICE.1) == (level, product) {
        return OWN_PRICE.2;
    }
    match (cost, markup) {
        (Some(cost), Some(Markup::Rupiah(r))) => cost + r,
        (Some(cost), Some(Markup::Percent(h))) => cost + (cost * h + 9_999) / 10_000,
        _ => list,
    }
}
