//! Draws for routed orders (R43): what each supplier answers, Digiflazz's webhooks and `utama`'s
//! callbacks about each attempt's ref, and the failover policy a history runs under.
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::catalogue::{ROUTES, Supplier};
use super::step::{Report, Step, Wire};

/// `FAILOVER_MAX` and whether `FAILOVER_WINDOW_SECS` has already passed for every order (a
/// window of 0), from the seed in a stream of its own.
pub fn failover(seed: u64) -> (i16, bool) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xfa11_0fe5);
    let max = [1, 2, 2, 3][rng.random_range(0..4)];
    (max, rng.random_bool(0.15))
}

/// The first supplier of `product`'s route, if it has one.
pub fn first_of_route(product: usize) -> Option<Supplier> {
    ROUTES
        .iter()
        .find(|(p, _)| *p == product)
        .map(|(_, route)| route[0].0)
}

/// Each item may come again, at once or later; now and then they come in any order.
fn repeated<T: Copy>(rng: &mut StdRng, items: Vec<T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        out.push(item);
        while rng.random_bool(0.3) {
            out.push(item);
        }
    }
    if out.len() > 1 && rng.random_bool(0.25) {
        for i in (1..out.len()).rev() {
            let j = rng.random_range(0..=i);
            out.swap(i, j);
        }
    }
    out
}

/// Digiflazz's webhooks about attempt `nth` of the order: what it decided (after a pending or
/// not, reversed or not), repeated, reordered, and now and then one forged.
pub fn webhooks(rng: &mut StdRng, attempt: usize, nth: i16) -> Vec<Step> {
    use Hook::*;
    let hooks = match rng.random_range(0..100) {
        0..28 => vec![Sukses],
        28..46 => vec![GagalProduct],
        46..58 => vec![GagalCustomer],
        58..70 => vec![Pending, Sukses],
        70..78 => vec![Pending, GagalProduct],
        78..85 => vec![Sukses, GagalCustomer],
        _ => vec![],
    };
    let mut steps: Vec<Step> = repeated(rng, hooks)
        .into_iter()
        .map(|hook| Step::Webhook {
            attempt,
            nth,
            hook,
            forged: false,
        })
        .collect();
    if rng.random_bool(0.15) {
        let hook = [Sukses, GagalProduct, GagalCustomer][rng.random_range(0..3)];
        let at = rng.random_range(0..=steps.len());
        let forged = Step::Webhook {
            attempt,
            nth,
            hook,
            forged: true,
        };
        steps.insert(at, forged);
    }
    steps
}

/// `utama`'s callbacks about attempt `nth` (from 2) of the order, when the route sent it there.
pub fn attempt_callbacks(rng: &mut StdRng, attempt: usize, nth: i16) -> Vec<Step> {
    use Report::*;
    let reports = match rng.random_range(0..100) {
        0..40 => vec![Sukses],
        40..70 => vec![Gagal],
        70..80 => vec![Sukses, Gagal],
        _ => vec![],
    };
    repeated(rng, reports)
        .into_iter()
        .map(|report| Step::AttemptCallback {
            attempt,
            nth,
            report,
        })
        .collect()
}

/// The rows `utama` can answer with when it is asked as a route's second supplier, over a
/// real socket: every row of R12 but the two transport failures, which take a timeout to
/// rehearse (the garbage rows leave the order held the same way).
pub const SECOND_WIRES: [Wire; 11] = [
    Wire::Accepted,
    Wire::AcceptedAsStrings,
    Wire::Rejected,
    Wire::RejectedBare,
    Wire::RejectedNumber,
    Wire::Http500,
    Wire::Http502Html,
    Wire::EmptyObject,
    Wire::TruncatedJson,
    Wire::StatusNull,
    Wire::HtmlWith200,
];

/// What the simulated Digiflazz answers an order whenever it is asked (chosen by the last digit
/// of the destination, and its failure knob for `Garbage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Df {
    /// `Sukses` at once, with an SN.
    Sukses,
    /// `Pending`; the result comes by webhook, or never.
    Pending,
    /// `Gagal` rc 54, the customer's number: never fails over.
    Customer,
    /// `Gagal` rc 53, the product: fails over.
    Product,
    /// The transaction happened, but the answer was an HTML page (held, as a timeout is).
    Garbage,
}

pub const DFS: [Df; 5] = [
    Df::Sukses,
    Df::Pending,
    Df::Customer,
    Df::Product,
    Df::Garbage,
];

impl Df {
    /// The destination's last digit that makes the simulator answer so.
    pub fn digit(self) -> u8 {
        match self {
            Df::Sukses => 0,
            Df::Garbage => 1,
            Df::Customer => 7,
            Df::Product => 8,
            Df::Pending => 9,
        }
    }
}

/// What a Digiflazz webhook reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    Sukses,
    /// `Gagal` rc 55, the product disrupted: fails over.
    GagalProduct,
    /// `Gagal` rc 54, the customer's number: voids.
    GagalCustomer,
    /// Still pending: decides nothing and is not recorded.
    Pending,
}
