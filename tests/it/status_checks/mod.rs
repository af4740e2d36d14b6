//! The status check of open Digiflazz attempts (R45): what only a check learns is settled
//! through the webhook's path, once; a check that gets no answer changes nothing; two instances
//! never ask about one attempt at once; a long-open attempt is told, then left to admins.
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::orders::Order;
use loket::sandbox::sim::digiflazz::{SimConfig, SimDigiflazz};
use secrecy::SecretString;

use crate::fake_supplier::{self, FakeSupplier, Script};
use crate::helpers::{Options, TestApp, spawn_app};

mod alerts;
mod settling;
mod two_instances;

const USERNAME: &str = "toko";
const API_KEY: &str = "kunci-simulator";
const SECRET: &str = "rahasia-webhook";
const PRICE: i64 = 5_500;
/// The first check's delay in these tests: the doubling waits after it stay short.
const FIRST: Duration = Duration::from_millis(50);

pub fn simulator() -> SimDigiflazz {
    SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        webhook_url: None,
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    })
}

/// Options for an app whose Digiflazz is `sim` at `url`, checked first after `first`.
pub fn options(utama: &FakeSupplier, url: reqwest::Url, first: Duration) -> Options {
    let mut opts = Options::with_supplier(utama.url.clone());
    opts.digiflazz = Some(DigiflazzSettings {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        url,
        timeout: Duration::from_secs(2),
        check_first: first,
    });
    opts
}

/// s5 routed digiflazz (tsel5 at 5.250) → utama.
pub const DIGIFLAZZ_THEN_UTAMA: &str =
    "insert into product_routes (product_id, position, supplier, sku, cost)
     select product_id, 1, 'digiflazz', 'tsel5', 5250 from products where code = 's5'
     union all
     select product_id, 2, 'utama', code, null from products where code = 's5'";

/// The app with s5 routed digiflazz → utama, utama accepting whatever reaches it.
pub async fn routed() -> (TestApp, FakeSupplier, SimDigiflazz) {
    let utama = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let app = spawn_app(options(&utama, url, FIRST)).await;
    sqlx::query(DIGIFLAZZ_THEN_UTAMA)
        .execute(&app.db.pool)
        .await
        .unwrap();
    (app, utama, sim)
}

/// The ref Digiflazz knows `order`'s current attempt by.
pub fn reference(order: &Order) -> String {
    order.attempt_ref().to_string()
}

/// How many status checks (repeated requests) of `reference` the simulator has read.
pub fn checks_of(sim: &SimDigiflazz, reference: &str) -> usize {
    sim.journal(|j| {
        (j.transactions.iter())
            .filter(|t| t.repeat && t.ref_id == reference)
            .count()
    })
}

/// Waits until the simulator has read `n` status checks of `reference`.
pub async fn wait_for_checks(sim: &SimDigiflazz, reference: &str, n: usize) {
    let seen = sim
        .wait_for(Duration::from_secs(30), |j| {
            (j.transactions.iter())
                .filter(|t| t.repeat && t.ref_id == reference)
                .count()
                >= n
        })
        .await;
    assert!(seen, "{n} status checks of {reference} within 30 s");
}

/// Polls `sql` (one number for order `order_id`, bound as $1) until it is `n`.
pub async fn wait_for_value(app: &TestApp, sql: &'static str, order_id: i64, n: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let got: i64 = sqlx::query_scalar(sql)
            .bind(order_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        if got == n {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited 30 s for `{sql}` = {n}, have {got}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
