//! The products and price levels every history runs with, and what a reseller pays, worked out
//! from the rule in docs/operating.md, "Prices and margins" (a product's own price at the
//! level, else its cost plus the level's markup, else its list price) without loket's SQL.
use loket::levels::Markup;

/// Products: code, list price, cost price (none for `pln20`: every level pays its list price).
/// The first three have no route (`utama` sells them under their own code); `t5` and `d5` are
/// routed through both suppliers, one each way ([`ROUTES`]).
pub const PRODUCTS: [(&str, i64, Option<i64>); 5] = [
    ("s5", 5_500, Some(5_150)),
    ("x10", 10_300, Some(10_000)),
    ("pln20", 20_500, None),
    ("t5", 5_500, Some(5_300)),
    ("d5", 5_600, Some(5_400)),
];

/// A supplier a route step goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplier {
    Utama,
    Digiflazz,
}

impl Supplier {
    pub fn code(self) -> &'static str {
        match self {
            Supplier::Utama => "utama",
            Supplier::Digiflazz => "digiflazz",
        }
    }
}

/// The SKU the simulated Digiflazz sells at 5.250: below what any level pays for `t5` or `d5`
/// (both cost more), so its `max_price` never refuses it.
pub const DIGIFLAZZ_SKU: &str = "tsel5";
pub const DIGIFLAZZ_COST: i64 = 5_250;

/// A route's step: its supplier, and the cost it names.
pub type RouteStep = (Supplier, Option<i64>);

/// Routes, by product: (supplier, cost the step names). `utama`'s steps name none, so the
/// product's own cost applies, and its SKU is the product's code.
pub const ROUTES: [(usize, [RouteStep; 2]); 2] = [
    (
        3,
        [
            (Supplier::Utama, None),
            (Supplier::Digiflazz, Some(DIGIFLAZZ_COST)),
        ],
    ),
    (
        4,
        [
            (Supplier::Digiflazz, Some(DIGIFLAZZ_COST)),
            (Supplier::Utama, None),
        ],
    ),
];

/// The supplier of attempt `nth` (from 1) of `product`, and that attempt's cost; `None` past
/// the route's end. A product without a route has `utama` at its own cost, once.
pub fn step(product: usize, nth: i16) -> Option<(Supplier, Option<i64>)> {
    let own = PRODUCTS[product].2;
    match ROUTES.iter().find(|(p, _)| *p == product) {
        Some((_, route)) => {
            let &(supplier, cost) = route.get(usize::try_from(nth - 1).ok()?)?;
            Some((supplier, cost.or(own)))
        }
        None => (nth == 1).then_some((Supplier::Utama, own)),
    }
}

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
