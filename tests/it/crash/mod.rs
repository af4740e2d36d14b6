//! Crash suite (R30 with external kills; R8, R9, R13, R20, R28, R36, R43): the real `loket
//! serve` under a mixed load (admin refunds racing the supplier's reversals among it, products
//! routed across two suppliers, utama and Digiflazz, both simulated), SIGKILLed at random
//! moments and restarted, then driven to quiescence and held to the books, one order per
//! message, one resolution per order, and every outcome told; and to the world: every order
//! and every attempt it made to what the supplier of that attempt decided for its ref, every
//! conflict to a contradiction the load sent, every balance to the money that came in and went
//! out, and the kills to having landed on work in flight.
//!
//! Short run (part of `cargo test`): 10 kills. Full run:
//! `CRASH_KILLS=100 cargo test --release --test it crash -- --nocapture`.
//! `CRASH_SEED=<n>` replays a seed's kill schedule and requests.
use std::time::{Duration, Instant};

use loket::sandbox::sim::biller::{SimBiller, SimConfig};
use loket::sandbox::sim::digiflazz::{SimConfig as DigiflazzConfig, SimDigiflazz};
use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use reqwest::Url;
use secrecy::SecretString;
use sqlx::{Connection, PgConnection, PgPool};

use loket::sandbox::sim::bank::SimBank;

use crate::helpers::{ADMIN, MUTATION_SECRET, MUTATION_TOKEN, PASSWORD, TOKEN, TestDb};

const DIGIFLAZZ_USER: &str = "toko-crash";
const DIGIFLAZZ_KEY: &str = "kunci-crash";
const DIGIFLAZZ_SECRET: &str = "rahasia-crash";

mod aim;
mod attempts;
mod balances;
mod checks;
mod coverage;
mod digiflazz;
mod explained;
mod load;
mod owed;
mod paid;
mod process;
mod quiesce;
mod refunded;
mod utama;
mod verdict;
mod world;

use load::{Load, PRODUCTS, reseller_id};
use process::Loket;

/// Resellers buying at the same time; enough that no chat nears Telegram's per-chat limits.
pub const RESELLERS: i64 = 24;
/// What each reseller has before the load starts.
pub const INITIAL_FUNDS: i64 = 5_000_000;
const DEFAULT_KILLS: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_kill9_under_mixed_load_loses_nothing() {
    let kills: usize = env_number("CRASH_KILLS").unwrap_or(DEFAULT_KILLS as u64) as usize;
    let seed = env_number("CRASH_SEED").unwrap_or_else(rand::random);
    println!("crash suite: seed {seed} (CRASH_SEED={seed} replays it), {kills} kills");
    let started = Instant::now();

    let db = TestDb::new().await;
    seed_database(&db.pool).await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let sim = SimBiller::new(SimConfig {
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        callback_url: None,
        callback_delay: Duration::from_millis(50),
        hang: Duration::from_secs(2),
        // A reversal comes a while after its SUKSES, so that admin refunds race it (R36).
        reversal_delay: Duration::from_millis(1_500),
    });
    let sim_url = sim.clone().spawn().await.unwrap();
    let digiflazz = SimDigiflazz::new(DigiflazzConfig {
        username: DIGIFLAZZ_USER.into(),
        api_key: SecretString::from(DIGIFLAZZ_KEY),
        webhook_secret: SecretString::from(DIGIFLAZZ_SECRET),
        webhook_url: None,
        webhook_delay: Duration::from_millis(50),
        hang: Duration::from_secs(2),
    });
    digiflazz.duplicate_webhooks(true);
    let digiflazz_url = digiflazz.clone().spawn().await.unwrap();
    // The same address for every life, so the supplier's callbacks find each new instance.
    let http_addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let callback_base = format!("http://{http_addr}/biller/callback/{TOKEN}");
    sim.set_callback_url(Url::parse(&callback_base).unwrap());
    let hook = format!("http://{http_addr}/supplier/digiflazz/{TOKEN}");
    digiflazz.set_webhook_url(Url::parse(&hook).unwrap());
    let log = std::env::temp_dir().join(format!("loket-crash-{}-{seed}.log", std::process::id()));
    let env = environment(&db.url, &tg, (&sim_url, &digiflazz_url), &http_addr);
    let mut loket = Loket::new(env, http_addr, log.clone());
    println!("loket's output: {}", log.display());

    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let mut began = coverage::db_now(&mut conn).await;
    loket.start().await;
    // Routes name Digiflazz, which the first start registered.
    set_routes(&db.pool).await;
    let bank_url = format!("http://{}/deposit/mutasi/{MUTATION_TOKEN}", loket.http_addr);
    let deposits = load::Deposits {
        pool: db.pool.clone(),
        bank: SimBank::new(Url::parse(&bank_url).unwrap(), Some(MUTATION_SECRET.into())),
    };
    let load = Load::start(seed, &tg, &sim, deposits);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut killed = Vec::with_capacity(kills);
    for k in 1..=kills {
        tokio::time::sleep(Duration::from_millis(rng.random_range(50..3_000))).await;
        let aim = aim::aim(k);
        aim::take(aim, &sim, &mut conn, began).await;
        killed.push(coverage::kill(&mut loket, &mut conn, began, aim).await);
        let found = checks::books(&mut conn).await;
        assert!(found.is_empty(), "after kill {k} (seed {seed}): {found:#?}");
        began = coverage::db_now(&mut conn).await;
        loket.start().await;
        let found = checks::books(&mut conn).await;
        assert!(
            found.is_empty(),
            "after restart {k} (seed {seed}): {found:#?}"
        );
    }
    let sent = load.stop().await;
    let loaded = started.elapsed();

    let bank = SimBank::new(Url::parse(&bank_url).unwrap(), Some(MUTATION_SECRET.into()));
    let so_far = sent.lock().unwrap().clone();
    let reposted = paid::repost(&bank, &so_far).await;
    let hooks = quiesce::Webhooks {
        sim: &digiflazz,
        url: hook,
    };
    let settled = quiesce::drive(&mut conn, &tg, &sim, &hooks).await;
    let listed = quiesce::unknown_orders_listed_for_admins(&mut conn, &tg).await;
    quiesce::stop_when_sent(&mut conn, &mut loket).await;
    let sent = sent.lock().unwrap().clone();
    coverage::add_simulator(&mut killed, &sim.records());
    let seen = world::Suppliers::read(&sim, &digiflazz);
    let report = verdict::judge(&mut conn, &tg, &seen, &loket, &killed, &sent).await;
    report.print(seed, &loket, loaded, started.elapsed(), &settled, &listed);
    coverage::print(&killed, &loket);
    let uncredited = paid::uncredited(&mut conn, &sent).await;
    println!(
        "  tickets the bank paid: {} ({reposted} posted again once loket was up), not credited: {}",
        sent.paid.len(),
        uncredited.len()
    );
    let (refunded, after_refund): (i64, i64) = sqlx::query_as(
        "select (select count(*) from orders where refunded is not null),
                (select count(*) from callback_log where outcome = 'after_refund')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    println!(
        "  /refund sent: {}, orders refunded: {refunded}, reversals after a refund: {after_refund}",
        sent.refunds.len()
    );
    report.assert_sound(seed);
    assert!(uncredited.is_empty(), "seed {seed}: {uncredited:#?}");
    coverage::assert_covered(&killed, seed);
    conn.close().await.unwrap();
    db.finish().await;
}

fn env_number(var: &str) -> Option<u64> {
    std::env::var(var).ok().and_then(|v| v.trim().parse().ok())
}

/// What the binary is started with: short timeouts and recovery intervals so that a crash is
/// recovered in seconds.
fn environment(
    database_url: &str,
    tg: &FakeTelegram,
    (sim_url, digiflazz_url): (&Url, &Url),
    http_addr: &str,
) -> Vec<(String, String)> {
    [
        ("DATABASE_URL", database_url.to_owned()),
        ("TELOXIDE_TOKEN", tg.token().to_owned()),
        ("TELOXIDE_API_URL", tg.url()),
        ("BILLER_URL", sim_url.to_string()),
        ("BILLER_USER", "usertesting".into()),
        ("BILLER_PASSWORD", PASSWORD.into()),
        ("BILLER_TIMEOUT_SECS", "1".into()),
        ("DIGIFLAZZ_USERNAME", DIGIFLAZZ_USER.into()),
        ("DIGIFLAZZ_API_KEY", DIGIFLAZZ_KEY.into()),
        ("DIGIFLAZZ_WEBHOOK_SECRET", DIGIFLAZZ_SECRET.into()),
        ("DIGIFLAZZ_URL", digiflazz_url.to_string()),
        ("HTTP_ADDR", http_addr.to_owned()),
        ("CALLBACK_TOKEN", TOKEN.into()),
        ("DEPOSIT_WEBHOOK_TOKEN", MUTATION_TOKEN.into()),
        ("DEPOSIT_WEBHOOK_SECRET", MUTATION_SECRET.into()),
        ("ADMIN_IDS", ADMIN.to_string()),
        ("DUPLICATE_WINDOW_SECS", "0".into()),
        ("STUCK_ORDER_ALERT_MINS", "1".into()),
        ("RECOVERY_EVERY_SECS", "1".into()),
        ("RECOVERY_MARGIN_SECS", "2".into()),
        ("OUTBOX_LEASE_SECS", coverage::LEASE_SECS.to_string()),
        ("MONITOR_EVERY_SECS", "2".into()),
        (
            "RUST_LOG",
            std::env::var("CRASH_LOG").unwrap_or_else(|_| "warn".into()),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Each product's route (`load::ROUTES`), written as `/rute` would.
async fn set_routes(pool: &PgPool) {
    for (code, steps) in load::ROUTES {
        for (position, (supplier, sku, cost)) in (1i16..).zip(steps.iter()) {
            sqlx::query(
                "insert into product_routes (product_id, position, supplier, sku, cost)
                 select product_id, $2, $3, $4, $5 from products where code = $1",
            )
            .bind(code)
            .bind(position)
            .bind(supplier)
            .bind(sku)
            .bind(cost)
            .execute(pool)
            .await
            .unwrap();
        }
    }
}

/// The admin, the resellers with [`INITIAL_FUNDS`] each, and the products.
async fn seed_database(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    loket::users::register(&mut conn, ADMIN, ADMIN, Some("boss"), "Admin")
        .await
        .unwrap();
    for i in 0..RESELLERS {
        let id = reseller_id(i);
        loket::users::register(&mut conn, id, id, None, &format!("Toko {i}"))
            .await
            .unwrap();
    }
    for (code, price) in PRODUCTS {
        loket::products::upsert(
            &mut conn,
            &loket::domain::ProductCode::parse(code).unwrap(),
            None,
            loket::domain::Money::from_rupiah(*price),
            &format!("Produk {code}"),
        )
        .await
        .unwrap();
    }
    drop(conn);
    for i in 0..RESELLERS {
        crate::helpers::top_up(pool, reseller_id(i), INITIAL_FUNDS).await;
    }
}
