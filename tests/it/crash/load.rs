//! The mixed load that runs while loket is being killed: purchases from many resellers, admin
//! top-ups, admin refunds racing the supplier's reversals, a stranger flooding the bot, supplier
//! callbacks replayed duplicated and out of order, and deposits paid by mixed bank-mutation
//! bodies. Each generator has its
//! own seeded RNG, so a seed reproduces the same requests (their timing still varies).
use std::sync::{Arc, Mutex};
use std::time::Duration;

use loket::sandbox::sim::biller::SimBiller;
use loket::sandbox::sim::telegram::{FakeTelegram, FakeUser};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::RESELLERS;
use crate::helpers::ADMIN;

mod deposits;
mod refunds;
pub use deposits::Deposits;
use deposits::{ticket_payments, ticket_requests};
pub use refunds::SentRefund;

/// Products the suite seeds: code and price.
pub const PRODUCTS: &[(&str, i64)] = &[("s5", 5_500), ("pln20", 20_500), ("x10", 10_300)];

/// A step of a route: supplier, SKU there, cost there (`None`: the product's own).
pub type Step = (&'static str, &'static str, Option<i64>);

/// Routes the suite sets (R42, R43): s5 goes to utama first and on to Digiflazz, pln20 the
/// other way round, x10 stays with utama alone. The Digiflazz costs are its simulator's prices.
pub const ROUTES: &[(&str, &[Step])] = &[
    (
        "s5",
        &[("utama", "s5", None), ("digiflazz", "tsel5", Some(5_250))],
    ),
    (
        "pln20",
        &[
            ("digiflazz", "pln20", Some(20_350)),
            ("utama", "pln20", None),
        ],
    ),
];

/// The SKU `product` is sold under at `supplier`, by its route.
pub fn step_sku(product: &str, supplier: &str) -> Option<&'static str> {
    let (_, steps) = ROUTES.iter().find(|(code, _)| *code == product)?;
    (steps.iter())
        .find(|(s, _, _)| *s == supplier)
        .map(|(_, sku, _)| *sku)
}

/// A destination's last digit for `product`: any of the ten for a product utama alone sells;
/// never 9 on a route through Digiflazz. There 9 is its silent pending, which only a status
/// check would settle; and at utama, 9 is a reversal whose GAGAL, reaching loket before its
/// SUKSES (a kill between them), would move the order on to Digiflazz's 9.
fn last_digit(rng: &mut StdRng, product: &str) -> u32 {
    let routed = ROUTES.iter().any(|(code, _)| *code == product);
    rng.random_range(0..if routed { 9 } else { 10 })
}

/// A ticket the bank reported paid, as the service would retry it until loket answers 200.
#[derive(Debug, Clone)]
pub struct Paid {
    pub ticket_id: i64,
    pub body: Vec<serde_json::Value>,
    pub stored: bool,
}

/// What the load sent, for the checks to hold loket to.
#[derive(Debug, Default, Clone)]
pub struct Sent {
    /// Purchase messages (`/beli`, or several `KODE.TUJUAN` lines): (chat_id, message_id, lines).
    pub purchases: Vec<(i64, i64, usize)>,
    /// `/topup` messages from the admin: (message_id, reseller, amount).
    pub topups: Vec<(i64, i64, i64)>,
    /// Callback queries the test sent itself, on top of the simulator's own.
    pub replayed: usize,
    /// `/deposit` messages: (chat_id, message_id).
    pub deposits: Vec<(i64, i64)>,
    /// Bank mutations posted (redeliveries included) and ✅ pressed by the admin.
    pub mutations_posted: usize,
    /// Tickets the bank reported paid: the body that said so, and whether loket ever stored it
    /// (answered 200). Each must end credited.
    pub paid: Vec<Paid>,
    pub approvals_pressed: usize,
    /// `/refund` messages from the admin, racing the supplier's reversals.
    pub refunds: Vec<SentRefund>,
}

pub struct Load {
    pub sent: Arc<Mutex<Sent>>,
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

pub fn reseller(i: i64) -> FakeUser {
    FakeUser::new(reseller_id(i), &format!("Toko {i}"))
}

pub fn reseller_id(i: i64) -> i64 {
    10_000 + i
}

/// Never pressed /start: floods the bot now and then, beyond its budget.
pub const FLOODER: i64 = 20_000;

impl Load {
    pub fn start(seed: u64, tg: &FakeTelegram, sim: &SimBiller, deposits: Deposits) -> Self {
        let sent = Arc::new(Mutex::new(Sent::default()));
        let (stop, stopped) = watch::channel(false);
        let mut tasks = JoinSet::new();
        tasks.spawn(purchases(
            StdRng::seed_from_u64(seed ^ 1),
            tg.clone(),
            sent.clone(),
            stopped.clone(),
        ));
        tasks.spawn(topups(
            StdRng::seed_from_u64(seed ^ 2),
            tg.clone(),
            sent.clone(),
            stopped.clone(),
        ));
        tasks.spawn(flood(
            StdRng::seed_from_u64(seed ^ 4),
            tg.clone(),
            stopped.clone(),
        ));
        tasks.spawn(replays(
            StdRng::seed_from_u64(seed ^ 3),
            sim.clone(),
            sent.clone(),
            stopped.clone(),
        ));
        tasks.spawn(ticket_requests(
            StdRng::seed_from_u64(seed ^ 5),
            tg.clone(),
            deposits.pool.clone(),
            sent.clone(),
            stopped.clone(),
        ));
        tasks.spawn(refunds::refunds(
            StdRng::seed_from_u64(seed ^ 7),
            tg.clone(),
            deposits.pool.clone(),
            sent.clone(),
            stopped.clone(),
        ));
        tasks.spawn(ticket_payments(
            StdRng::seed_from_u64(seed ^ 6),
            tg.clone(),
            deposits,
            sent.clone(),
            stopped,
        ));
        Self { sent, stop, tasks }
    }

    pub async fn stop(mut self) -> Arc<Mutex<Sent>> {
        let _ = self.stop.send(true);
        while let Some(done) = self.tasks.join_next().await {
            done.expect("a load generator panicked");
        }
        self.sent
    }
}

/// Sleeps `ms`, or returns false if the load is being stopped.
async fn pause(stopped: &mut watch::Receiver<bool>, ms: u64) -> bool {
    let slept = tokio::select! {
        _ = tokio::time::sleep(Duration::from_millis(ms)) => true,
        _ = stopped.wait_for(|s| *s) => false,
    };
    slept && !*stopped.borrow()
}

/// About two purchases a second; the destination's last digit picks what each supplier on the
/// product's route does (utama and Digiflazz each read it their own way, see `last_digit`).
async fn purchases(
    mut rng: StdRng,
    tg: FakeTelegram,
    sent: Arc<Mutex<Sent>>,
    mut stopped: watch::Receiver<bool>,
) {
    while pause(&mut stopped, rng.random_range(200..700)).await {
        let user = reseller(rng.random_range(0..RESELLERS));
        // One in four is typed as two purchase lines in one message, the way resellers paste.
        let lines = if rng.random_range(0..4) == 0 { 2 } else { 1 };
        let typed: Vec<String> = (0..lines)
            .map(|_| {
                let (code, _) = PRODUCTS[rng.random_range(0..PRODUCTS.len())];
                let number = rng.random_range(0..10_000_000);
                let dest = format!("0812{number:07}{}", last_digit(&mut rng, code));
                if lines == 1 {
                    format!("/beli {code} {dest}")
                } else {
                    format!("{code}.{dest}")
                }
            })
            .collect();
        let injected = tg.user_sends(&user, &typed.join("\n")).await;
        sent.lock()
            .unwrap()
            .purchases
            .push((user.id, injected.message_id, lines));
    }
}

/// An admin tops a reseller up now and then, through the bot.
async fn topups(
    mut rng: StdRng,
    tg: FakeTelegram,
    sent: Arc<Mutex<Sent>>,
    mut stopped: watch::Receiver<bool>,
) {
    let admin = FakeUser::new(ADMIN, "Admin").with_username("boss");
    while pause(&mut stopped, rng.random_range(1_000..3_000)).await {
        let user = reseller_id(rng.random_range(0..RESELLERS));
        let amount = rng.random_range(1..=20) * 10_000;
        let injected = tg
            .user_sends(&admin, &format!("/topup {user} {amount} isi ulang"))
            .await;
        sent.lock()
            .unwrap()
            .topups
            .push((injected.message_id, user, amount));
    }
}

/// Bursts of 10 to 40 messages at once, seconds apart: `/saldo`, and purchases it cannot
/// pay for (they must be refused or answered, never placed, and the others never wait for it).
async fn flood(mut rng: StdRng, tg: FakeTelegram, mut stopped: watch::Receiver<bool>) {
    let stranger = FakeUser::new(FLOODER, "Penyusup");
    while pause(&mut stopped, rng.random_range(5_000..15_000)).await {
        for _ in 0..rng.random_range(10..=40) {
            let text = if rng.random_bool(0.1) {
                format!("/beli s5 0813{:07}0", rng.random_range(0..10_000_000))
            } else {
                "/saldo".to_owned()
            };
            tg.user_sends(&stranger, &text).await;
        }
    }
}

/// Callbacks the simulator already sent, sent again: one at random, or the last few in reverse
/// order (a GAGAL before its SUKSES, a SUKSES after its reversal). Whether loket is up or not.
/// Sent through the simulator, which records them with what it sent itself.
async fn replays(
    mut rng: StdRng,
    sim: SimBiller,
    sent: Arc<Mutex<Sent>>,
    mut stopped: watch::Receiver<bool>,
) {
    while pause(&mut stopped, rng.random_range(150..600)).await {
        let queries: Vec<String> = sim.journal(|j| {
            let n = j.callbacks.len();
            if n == 0 {
                return Vec::new();
            }
            if rng.random_bool(0.3) {
                let take = rng.random_range(2..=4).min(n);
                j.callbacks[n - take..]
                    .iter()
                    .rev()
                    .map(|(q, _)| q.clone())
                    .collect()
            } else {
                let (q, _) = &j.callbacks[rng.random_range(0..n)];
                vec![q.clone(); rng.random_range(1..=2)]
            }
        });
        for q in queries {
            sim.send_again(&q).await;
            sent.lock().unwrap().replayed += 1;
        }
    }
}
