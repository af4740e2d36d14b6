//! Seeded histories. Everything is drawn from one `StdRng` seeded with the history's seed, and
//! nothing depends on the clock or on the database, so a seed always yields the same steps.
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Resellers taking part in every history (`world::RESELLERS` names them).
pub const USERS: usize = 3;
pub use super::catalogue::PRODUCTS;
use super::catalogue::{LEVELS, MARKUPS};

use super::catalogue::Supplier;
use super::complaint_steps::Drawn;
pub use super::route_steps::{DFS, Df, Hook, SECOND_WIRES};
use super::route_steps::{attempt_callbacks, first_of_route, webhooks};
pub use super::step::{Form, Report, Sent, Step, WIRES, Wire};

/// Events that will happen "later", per order: its answer, its callbacks. Each chain keeps its
/// own order (unless shuffled on purpose); chains interleave at random.
struct Chains(Vec<Vec<Step>>);

impl Chains {
    fn take(&mut self, rng: &mut StdRng) -> Option<Step> {
        if self.0.is_empty() {
            return None;
        }
        let i = rng.random_range(0..self.0.len());
        let step = self.0[i].remove(0);
        if self.0[i].is_empty() {
            self.0.swap_remove(i);
        }
        Some(step)
    }

    fn drop_answers(&mut self) {
        self.0
            .retain(|chain| !matches!(chain.first(), Some(Step::Answer { .. })));
    }
}

/// The callbacks the supplier sends for one order: what it decided, repeated, sometimes
/// contradicted, sometimes out of order.
fn callbacks(rng: &mut StdRng, attempt: usize) -> Vec<Step> {
    use Report::*;
    let form = |rng: &mut StdRng, report| match rng.random_range(0..100) {
        0..15 => Form::Intl,
        15..27 if report == Sukses => Form::NoSn,
        _ => Form::Plain,
    };
    let mut reports: Vec<Report> = match rng.random_range(0..100) {
        0..40 => vec![Sukses],
        40..65 => vec![Gagal],
        // SUKSES, then a reversal.
        65..77 => vec![Sukses, Gagal],
        // GAGAL, then a SUKSES that contradicts it.
        77..85 => vec![Gagal, Sukses],
        // The supplier never calls back; an admin has to settle it.
        _ => vec![],
    };
    // Duplicates: each report may come again, at once or later.
    let mut with_dups = Vec::new();
    for report in reports.drain(..) {
        with_dups.push(report);
        while rng.random_bool(0.3) {
            with_dups.push(report);
        }
    }
    // Reordered: some orders' callbacks arrive in any order.
    if with_dups.len() > 1 && rng.random_bool(0.25) {
        for i in (1..with_dups.len()).rev() {
            let j = rng.random_range(0..=i);
            with_dups.swap(i, j);
        }
    }
    with_dups
        .into_iter()
        .map(|report| Step::Callback {
            attempt,
            report,
            form: form(rng, report),
        })
        .collect()
}

fn report(rng: &mut StdRng) -> Report {
    if rng.random_bool(0.5) {
        Report::Sukses
    } else {
        Report::Gagal
    }
}

/// A body the bank-mutation service posts: one to four items, each a transfer for a ticket
/// (new, late, or into another account), money no ticket asked for, interest with cents, money
/// going out, or an item posted before (the service resending; now and then within one body).
fn mutations(rng: &mut StdRng, tickets: usize, sent: &mut Vec<Sent>) -> Vec<Sent> {
    let mut items = Vec::new();
    for _ in 0..rng.random_range(1..=4) {
        let id = sent.len();
        let ticket = (tickets > 0).then(|| rng.random_range(0..tickets));
        let item = match (rng.random_range(0..100), ticket) {
            (0..25, _) if !sent.is_empty() => sent[rng.random_range(0..sent.len())],
            (25..60, Some(ticket)) => Sent::Ticket { ticket, id },
            (60..65, Some(ticket)) => Sent::Late { ticket, id },
            (65..70, Some(ticket)) => Sent::OtherAccount { ticket, id },
            (70..85, _) => Sent::Cents { id },
            (85..92, _) => Sent::Debit { id },
            _ => Sent::Stray { id },
        };
        if item.id() == id {
            sent.push(item);
        }
        items.push(item);
    }
    items
}

/// An admin's refund of some order, now and then a command given before delivered again.
fn refund(rng: &mut StdRng, attempts: usize, given: &mut Vec<Step>) -> Step {
    if !given.is_empty() && rng.random_bool(0.25) {
        return given[rng.random_range(0..given.len())].clone();
    }
    let step = Step::Refund {
        // The latest orders most often: they are the ones a SUKSES may have reached.
        attempt: attempts - 1 - rng.random_range(0..attempts.min(4)),
        // Now and then more than any product costs, which is refused.
        part: rng
            .random_bool(0.6)
            .then(|| rng.random_range(1..=14) * 1_000),
        supplier: rng.random_bool(0.4),
        key: given.len(),
    };
    given.push(step.clone());
    step
}

/// A history of `len` steps, then everything still due is delivered, so each history ends with
/// every callback the supplier meant to send.
pub fn history(seed: u64, len: usize) -> Vec<Step> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut steps = Vec::with_capacity(len * 2);
    let mut later = Chains(Vec::new());
    let mut attempts = 0usize;
    let mut tickets = 0usize;
    let mut sent: Vec<Sent> = Vec::new();
    let mut refunds: Vec<Step> = Vec::new();
    let mut complaints = Drawn::default();
    // A keen history's purchases are mostly one reseller's, who complains in a third of the
    // other steps: enough open complaints to meet the cap of five.
    let keen = rng.random_bool(0.15);
    for _ in 0..len {
        let roll = rng.random_range(0..100);
        let step = match roll {
            _ if keen && attempts > 0 && roll >= 42 && roll % 2 == 0 => {
                complaints.draw(&mut rng, attempts, keen, &mut refunds)
            }
            0..26 => {
                let attempt = attempts;
                attempts += 1;
                let wire = WIRES[rng.random_range(0..WIRES.len())];
                later.0.push(vec![Step::Answer { attempt, wire }]);
                let product = rng.random_range(0..PRODUCTS.len());
                // Each supplier reports on the ref of the attempt its route would send it; the
                // second supplier's reports only now and then, since most orders never get
                // there (and a history's time is better spent on those that do).
                let second = rng.random_bool(0.5);
                let chains = match first_of_route(product) {
                    None => vec![callbacks(&mut rng, attempt)],
                    Some(Supplier::Utama) if second => {
                        vec![callbacks(&mut rng, attempt), webhooks(&mut rng, attempt, 2)]
                    }
                    Some(Supplier::Utama) => vec![callbacks(&mut rng, attempt)],
                    Some(Supplier::Digiflazz) if second => vec![
                        webhooks(&mut rng, attempt, 1),
                        attempt_callbacks(&mut rng, attempt, 2),
                    ],
                    Some(Supplier::Digiflazz) => vec![webhooks(&mut rng, attempt, 1)],
                };
                later.0.extend(chains.into_iter().filter(|c| !c.is_empty()));
                Step::Purchase {
                    attempt,
                    user: if keen && rng.random_bool(0.9) {
                        0
                    } else {
                        rng.random_range(0..USERS)
                    },
                    product,
                    df: DFS[rng.random_range(0..DFS.len())],
                    second: SECOND_WIRES[rng.random_range(0..SECOND_WIRES.len())],
                }
            }
            26..38 => Step::TopUp {
                user: if keen && rng.random_bool(0.7) {
                    0
                } else {
                    rng.random_range(0..USERS)
                },
                amount: rng.random_range(1..=60) * 1_000,
            },
            38..42 => Step::Deduct {
                user: rng.random_range(0..USERS),
                amount: rng.random_range(1..=30) * 1_000,
            },
            42..47 if attempts > 0 => Step::Resolve {
                attempt: rng.random_range(0..attempts),
                report: report(&mut rng),
            },
            47..49 if attempts > 0 => Step::Redelivery {
                attempt: rng.random_range(0..attempts),
            },
            49..51 if attempts > 0 => Step::MismatchedCallback {
                attempt: rng.random_range(0..attempts),
                report: report(&mut rng),
            },
            51..52 => Step::StrangerCallback {
                report: report(&mut rng),
            },
            52..53 => Step::ResolveStranger,
            57..59 if attempts > 0 => Step::ContradictoryCallback {
                attempt: rng.random_range(0..attempts),
                report: report(&mut rng),
            },
            53..57 => {
                later.drop_answers();
                Step::Restart
            }
            59..64 => {
                tickets += 1;
                Step::OpenTicket {
                    ticket: tickets - 1,
                    user: rng.random_range(0..USERS),
                    // Now and then below the minimum (Rp10.000), which is refused.
                    nominal: rng.random_range(1..=40) * 5_000,
                }
            }
            64..67 if tickets > 0 => Step::ApproveTicket {
                ticket: rng.random_range(0..tickets),
            },
            67..70 if tickets > 0 => Step::Mutations {
                items: mutations(&mut rng, tickets, &mut sent),
            },
            70..71 if tickets > 0 => Step::RejectTicket {
                ticket: rng.random_range(0..tickets),
            },
            71..72 if tickets > 0 => Step::CancelTicket {
                ticket: rng.random_range(0..tickets),
            },
            72..73 if tickets > 0 => Step::ExpireTicket {
                ticket: rng.random_range(0..tickets),
            },
            73..74 => Step::Mutations {
                items: mutations(&mut rng, tickets, &mut sent),
            },
            74..76 => Step::SetLevel {
                user: rng.random_range(0..USERS),
                level: rng.random_range(0..LEVELS.len()),
            },
            76..77 => Step::SetMarkup {
                level: rng.random_range(0..LEVELS.len()),
                markup: rng.random_range(0..MARKUPS.len()),
            },
            77..81 if attempts > 0 => refund(&mut rng, attempts, &mut refunds),
            81..100 if attempts > 0 && (roll < 92 || keen) => {
                complaints.draw(&mut rng, attempts, keen, &mut refunds)
            }
            _ => match later.take(&mut rng) {
                Some(step) => step,
                None => continue,
            },
        };
        steps.push(step);
    }
    while let Some(step) = later.take(&mut rng) {
        steps.push(step);
    }
    steps
}

/// Reads a seed list from the environment: `MODEL_SEED=n` replays one seed; `MODEL_SEEDS=n`
/// runs seeds 0..n (default `default`).
pub fn seeds(default: u64) -> Vec<u64> {
    if let Some(seed) = std::env::var("MODEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return vec![seed];
    }
    let n = std::env::var("MODEL_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    (0..n).collect()
}

#[test]
fn a_seed_always_gives_the_same_history() {
    assert_eq!(history(7, 60), history(7, 60));
    assert_ne!(history(7, 60), history(8, 60));
}
