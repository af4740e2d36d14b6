//! R29: seeded histories of purchases, top-ups, supplier answers, callbacks (duplicated,
//! reordered, early, late, contradicting), admin resolutions, admin refunds, complaints and each
//! admin step on them (R37: refused, delivered again, raced by two admins), restarts, and
//! products routed across both suppliers (R43: each attempt's answer, Digiflazz's webhooks,
//! callbacks for attempt refs, the failover policy), run
//! against real PostgreSQL through the real order desk and, alongside, against a model written
//! from the state table in docs/architecture.md. After every step the two must agree.
//!
//! `MODEL_SEEDS=5000 cargo test --test it model -- --nocapture` runs more seeds;
//! `MODEL_SEED=n …` replays one.
mod catalogue;
mod check;
mod complaint_steps;
mod generator;
mod reference;
mod route_steps;
mod step;
mod wire;
mod world;

use std::collections::BTreeMap;
use std::time::Instant;

use futures::FutureExt;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use generator::{Step, USERS};
use reference::{Model, Status};
use world::World;

/// Steps drawn per history, before what is still due is delivered.
const STEPS: usize = 40;
/// Seeds in a plain `cargo test`.
const DEFAULT_SEEDS: u64 = 200;
/// Databases running histories side by side.
const WORKERS: usize = 4;

fn kind(step: &Step) -> &'static str {
    match step {
        Step::Purchase { .. } => "purchase",
        Step::Redelivery { .. } => "redelivered purchase",
        Step::TopUp { .. } => "top-up",
        Step::Deduct { .. } => "deduction",
        Step::Answer { .. } => "supplier answer",
        Step::Callback { .. } => "callback",
        Step::MismatchedCallback { .. } => "mismatched callback",
        Step::Webhook { forged: false, .. } => "Digiflazz webhook",
        Step::Webhook { forged: true, .. } => "forged Digiflazz webhook",
        Step::AttemptCallback { .. } => "callback for a later attempt's ref",
        Step::ContradictoryCallback { .. } => "self-contradicting callback",
        Step::StrangerCallback { .. } => "callback for an unknown refid",
        Step::Resolve { .. } => "admin resolution",
        Step::ResolveStranger => "admin resolution of an unknown trxid",
        Step::Refund { .. } => "admin refund",
        Step::Restart => "restart",
        Step::OpenTicket { .. } => "deposit ticket",
        Step::ApproveTicket { .. } => "ticket approval",
        Step::RejectTicket { .. } => "ticket rejection",
        Step::CancelTicket { .. } => "ticket cancel",
        Step::ExpireTicket { .. } => "ticket expiry",
        Step::Mutations { .. } => "bank mutation item",
        Step::SetLevel { .. } => "reseller's level changed",
        Step::SetMarkup { .. } => "level's markup changed",
        Step::Complain { .. } => "complaint",
        Step::Handle { .. } => "admin step on a complaint",
        Step::ComplaintRefund { .. } => "refund penuh under a complaint",
        Step::Race { .. } => "two admins at once on a complaint",
    }
}

/// Starting balances, from the seed too (a different stream, so histories stay comparable).
fn balances(seed: u64) -> [i64; USERS] {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed_ba1a);
    std::array::from_fn(|_| rng.random_range(0..=80) * 1_000)
}

/// Runs one history in `world`; the first disagreement ends it with the step, the history so
/// far and every difference found.
async fn run(
    world: &mut World,
    seed: u64,
    history: &[Step],
    tally: &mut Tally,
) -> Result<(), String> {
    let start = balances(seed);
    let failover = route_steps::failover(seed);
    let mut model = Model::new(start, failover);
    world.reset(&start, failover).await;
    for (i, step) in history.iter().enumerate() {
        if let Some(when) = callback_timing(&model, step) {
            *tally.entry(("callback", when)).or_default() += 1;
        }
        let expected = model.apply(step);
        for label in &expected {
            *tally.entry((kind(step), label)).or_default() += 1;
        }
        let got = world.apply(step, &model, i).await;
        // The kode unik is drawn by the database: the model learns the amount to expect.
        if let Step::OpenTicket { ticket, .. } = step
            && let Some(opened) = world.tickets.get(ticket)
        {
            model.learn_amount(*ticket, opened.amount);
        }
        let mut diffs = check::differences(world, &model).await;
        if got != expected {
            diffs.insert(0, format!("answer: db `{got:?}` model `{expected:?}`"));
        }
        if !diffs.is_empty() {
            let trail: Vec<String> = history[..=i]
                .iter()
                .enumerate()
                .map(|(n, s)| format!("  {n:>3} {s:?}"))
                .collect();
            return Err(format!(
                "seed {seed}: after step {i} {step:?}:\n  {}\nstart balances {start:?}\nhistory:\n{}",
                diffs.join("\n  "),
                trail.join("\n")
            ));
        }
    }
    Ok(())
}

/// Outcomes seen, by step kind and what the model said.
type Tally = BTreeMap<(&'static str, &'static str), usize>;

/// When a callback for an existing order arrives: before the supplier's answer is recorded, or
/// after the order is already final.
fn callback_timing(model: &Model, step: &Step) -> Option<&'static str> {
    let Step::Callback { attempt, .. } = step else {
        return None;
    };
    let order = model.orders.get(attempt)?;
    Some(match order.status {
        Status::Sending => "early (before the answer)",
        Status::Success | Status::Failed => "late (order already final)",
        Status::Pending | Status::Unknown => "while open",
    })
}

/// Runs `seeds` one after another in one database; returns the first failure, with its seed.
async fn worker(seeds: Vec<u64>, tally: &mut Tally) -> Result<(), (u64, String)> {
    let mut world = World::new().await;
    for seed in seeds {
        let history = generator::history(seed, STEPS);
        let outcome = std::panic::AssertUnwindSafe(run(&mut world, seed, &history, tally))
            .catch_unwind()
            .await;
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(report)) => return Err((seed, report)),
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or(panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                return Err((seed, format!("seed {seed} panicked: {why}")));
            }
        }
    }
    world.finish().await;
    Ok(())
}

#[tokio::test]
async fn model_and_database_agree_after_every_step() {
    let seeds = generator::seeds(DEFAULT_SEEDS);
    let started = Instant::now();
    let steps: usize = seeds
        .iter()
        .map(|&seed| generator::history(seed, STEPS).len())
        .sum();
    let mut tallies: Vec<Tally> = vec![Tally::new(); WORKERS];
    // Histories are independent and sequential inside; several databases keep the server busy
    // while each client waits on its round trips.
    let workers = tallies.iter_mut().enumerate().map(|(w, tally)| {
        let mine = seeds.iter().copied().skip(w).step_by(WORKERS).collect();
        worker(mine, tally)
    });
    let mut failures: Vec<(u64, String)> = futures::future::join_all(workers)
        .await
        .into_iter()
        .filter_map(Result::err)
        .collect();
    failures.sort_by_key(|(seed, _)| *seed);
    if let Some((seed, report)) = failures.first() {
        panic!("{report}\nreplay: MODEL_SEED={seed} cargo test --test it model -- --nocapture");
    }
    println!(
        "model: {} seeds, {steps} steps ({:.1} per seed) in {:.1?}",
        seeds.len(),
        steps as f64 / seeds.len() as f64,
        started.elapsed()
    );
    let mut total = Tally::new();
    for (key, n) in tallies.into_iter().flatten() {
        *total.entry(key).or_default() += n;
    }
    for ((kind, outcome), n) in total {
        println!("  {n:>7} {kind}: {outcome}");
    }
}
