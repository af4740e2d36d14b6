//! Kill coverage: what the killed instance had in flight at each SIGKILL. A suite that only ever
//! killed an idle process would prove nothing about crashes, so the run shows where its kills
//! landed and fails when too few of them interrupted work.
use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use loket::sandbox::sim::biller::TrxRecord;
use sqlx::PgConnection;

use super::aim::Aim;
use super::process::Loket;

/// How long a lease lasts in the suite (`OUTBOX_LEASE_SECS`), for telling this life's leases
/// from those a previous life left behind.
pub const LEASE_SECS: i64 = 3;

/// At least one kill in three must land on some work in flight. Half the kills are aimed (see
/// `aim`) and find what they wait for nearly every time (50 of 50 in a 100-kill run); the
/// random ones found some in a quarter to two thirds of the kills, depending on the machine
/// (21 of 50 there). For 10 kills, falling under 3 would take three of the five aimed kills
/// finding nothing in 2 s of a load that makes their kind of work several times a second. A
/// suite that killed an idle process finds nothing, ever: with the load turned off, 0 of 10.
const BUSY_ONE_IN: usize = 3;
/// From this many kills on, every category must have been hit: 100 kills aim 12 or 13 times at
/// each of the four kinds the aims cover, and `sending` comes with an open supplier request. A
/// 100-kill run found callbacks in flight at 13 kills, leased updates at 22, orders `sending`
/// and supplier requests open at 32 each, leased outbox rows at 43.
const EVERY_CATEGORY_FROM: usize = 100;

/// One kill and the work it interrupted.
#[derive(Debug, Clone)]
pub struct Kill {
    /// Which of `Loket::lives` was killed.
    pub life: usize,
    pub aim: Aim,
    /// The database's clock before that life (and any failed start before it) was started,
    /// and just after it was killed: every order it placed was created in between.
    pub began_db: DateTime<Utc>,
    pub killed_db: DateTime<Utc>,
    /// Just before SIGKILL was sent.
    pub at: Instant,
    pub in_flight: InFlight,
}

/// The work a killed instance had in hand.
#[derive(Debug, Clone, Copy, Default)]
pub struct InFlight {
    /// Orders it placed that were still `sending`: the supplier call, or recording its answer.
    pub sending: i64,
    /// Outbox rows it had leased: messages being sent to Telegram.
    pub outbox: i64,
    /// Telegram updates it had leased: being handled.
    pub updates: i64,
    /// Purchase requests open at the simulator across the kill.
    pub supplier_requests: usize,
    /// Callback requests (the simulator's, or a test's copies) open across the kill.
    pub callbacks: usize,
}

impl InFlight {
    fn categories(&self) -> [(&'static str, bool); 5] {
        [
            ("orders sending", self.sending > 0),
            ("supplier requests open", self.supplier_requests > 0),
            ("callbacks in flight", self.callbacks > 0),
            ("outbox rows leased", self.outbox > 0),
            ("updates leased", self.updates > 0),
        ]
    }

    fn busy(&self) -> bool {
        self.categories().iter().any(|(_, hit)| *hit)
    }
}

/// The database's clock now.
pub async fn db_now(conn: &mut PgConnection) -> DateTime<Utc> {
    sqlx::query_scalar("select clock_timestamp()")
        .fetch_one(conn)
        .await
        .unwrap()
}

/// SIGKILLs the running instance and reads what it left in the database: with the process dead,
/// nothing there moves until the next start.
pub async fn kill(
    loket: &mut Loket,
    conn: &mut PgConnection,
    began_db: DateTime<Utc>,
    aim: Aim,
) -> Kill {
    let life = loket.lives.len() - 1;
    let at = Instant::now();
    loket.kill();
    // A lease taken or renewed by this life ends at least LEASE_SECS after it began.
    let (killed_db, sending, outbox, updates): (DateTime<Utc>, i64, i64, i64) = sqlx::query_as(
        "select clock_timestamp(),
                (select count(*) from orders where status = 'sending' and created_at >= $1),
                (select count(*) from outbox
                  where sent_at is null and dead_reason is null
                    and locked_until >= $1 + make_interval(secs => $2)),
                (select count(*) from inbound_updates
                  where processed_at is null and locked_until >= $1 + make_interval(secs => $2))",
    )
    .bind(began_db)
    .bind(LEASE_SECS as f64)
    .fetch_one(conn)
    .await
    .unwrap();
    Kill {
        life,
        aim,
        began_db,
        killed_db,
        at,
        in_flight: InFlight {
            sending,
            outbox,
            updates,
            ..InFlight::default()
        },
    }
}

/// Adds what the simulator had open across each kill: a purchase request or a callback that
/// began before SIGKILL and ended after it (or never).
pub fn add_simulator(kills: &mut [Kill], records: &BTreeMap<String, TrxRecord>) {
    let across = |kill: Instant, began: Instant, ended: Option<Instant>| {
        began < kill && ended.is_none_or(|e| e >= kill)
    };
    for k in kills.iter_mut() {
        k.in_flight.supplier_requests = (records.values())
            .flat_map(|r| &r.requests)
            .filter(|q| across(k.at, q.arrived, q.ended))
            .count();
        k.in_flight.callbacks = (records.values())
            .flat_map(|r| &r.callbacks)
            .filter(|c| across(k.at, c.started, c.ended))
            .count();
    }
}

/// One line per kill, and how many kills hit each category.
pub fn print(kills: &[Kill], loket: &Loket) {
    println!(
        "  kills with work in flight: {} of {}",
        kills.iter().filter(|k| k.in_flight.busy()).count(),
        kills.len()
    );
    for (name, hits) in tally(kills) {
        println!("    {name}: {hits} kills");
    }
    for (n, k) in kills.iter().enumerate() {
        let f = &k.in_flight;
        let age = k.at - loket.lives[k.life].started;
        println!(
            "    kill {} (life {}, {:.2}s old, {:?}): {} sending, {} supplier requests, {} callbacks, {} outbox leased, {} updates leased",
            n + 1,
            k.life,
            age.as_secs_f64(),
            k.aim,
            f.sending,
            f.supplier_requests,
            f.callbacks,
            f.outbox,
            f.updates
        );
    }
}

fn tally(kills: &[Kill]) -> BTreeMap<&'static str, usize> {
    let mut hits = BTreeMap::new();
    for k in kills {
        for (name, hit) in k.in_flight.categories() {
            *hits.entry(name).or_insert(0) += usize::from(hit);
        }
    }
    hits
}

/// Fails a run whose kills landed on too little work (see the thresholds above).
pub fn assert_covered(kills: &[Kill], seed: u64) {
    let busy = kills.iter().filter(|k| k.in_flight.busy()).count();
    let wanted = kills.len() / BUSY_ONE_IN;
    assert!(
        busy >= wanted,
        "seed {seed}: only {busy} of {} kills landed on work in flight (at least {wanted} expected)",
        kills.len()
    );
    if kills.len() >= EVERY_CATEGORY_FROM {
        let missed: Vec<&str> = (tally(kills).into_iter())
            .filter(|(_, hits)| *hits == 0)
            .map(|(name, _)| name)
            .collect();
        assert!(
            missed.is_empty(),
            "seed {seed}: no kill in {} landed on {missed:?}",
            kills.len()
        );
    }
}
