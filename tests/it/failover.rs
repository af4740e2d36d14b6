//! An order moving along its route (R43): only after a GAGAL that says the product or the
//! supplier failed, charged once and told once, never after a timeout or a customer's mistake.
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::domain::FailoverPolicy;
use loket::sandbox::sim::digiflazz::{SimConfig, SimDigiflazz};
use secrecy::SecretString;

use crate::fake_supplier::{self, FakeSupplier, Script};
use crate::helpers::{ADMIN, Options, RESELLER, TOKEN, TestApp, callback_query, spawn_app};

const USERNAME: &str = "toko";
const API_KEY: &str = "kunci-simulator";
const SECRET: &str = "rahasia-webhook";
const PRICE: i64 = 5_500;

/// The app with `utama` answering as `script` says and Digiflazz simulated, and s5 routed
/// utama → digiflazz (tsel5 at 5.250).
async fn routed(script: Script) -> (TestApp, FakeSupplier, SimDigiflazz) {
    routed_with(script, |_| {}).await
}

/// As [`routed`], with the options changed by `set`.
async fn routed_with(
    script: Script,
    set: impl FnOnce(&mut Options),
) -> (TestApp, FakeSupplier, SimDigiflazz) {
    let utama = fake_supplier::start(script).await;
    let sim = SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        webhook_url: None,
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    });
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(utama.url.clone());
    opts.biller_timeout = Duration::from_millis(500);
    opts.digiflazz = Some(DigiflazzSettings {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        url,
        timeout: Duration::from_secs(2),
        check_first: Duration::from_secs(60),
    });
    set(&mut opts);
    let app = spawn_app(opts).await;
    sqlx::query(
        "insert into product_routes (product_id, position, supplier, sku, cost)
         select product_id, 1, 'utama', code, null from products where code = 's5'
         union all
         select product_id, 2, 'digiflazz', 'tsel5', 5250 from products where code = 's5'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    (app, utama, sim)
}

fn transactions(sim: &SimDigiflazz) -> usize {
    sim.journal(|j| j.transactions.len())
}

#[tokio::test]
async fn route_at_utama_then_sukses_at_digiflazz_charges_once_and_tells_once() {
    let refusal = r#"{"status": false, "reason": "Transaksi s5.081234567890 GAGAL Produk tidak tersedia (ROUTE)"}"#;
    let (app, utama, sim) = routed(Script::reply(200, refusal)).await;
    let before = app.balance(RESELLER).await;
    let placed = app.buy("s5", "081234567890").await;
    let order = placed.order;
    assert_eq!(order.status().as_str(), "success", "{order:?}");
    assert_eq!((order.attempt, order.supplier.as_str()), (2, "digiflazz"));
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    // utama got the trxid, Digiflazz the second attempt's own ref, under its SKU, at most
    // what the reseller paid.
    let sent = utama.requests.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["trxid"], order.trxid.as_str());
    let seen = sim.journal(|j| j.transactions.clone());
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].ref_id, format!("{}02", order.trxid));
    assert_eq!(seen[0].sku, "tsel5");
    assert_eq!(seen[0].max_price, Some(PRICE));
    let told = app.message(RESELLER, "SUKSES").await;
    assert!(
        told.plain_text.contains(order.trxid.as_str()),
        "{}",
        told.plain_text
    );
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'order:%:final'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from order_attempts where supplier = 'utama' and reason like '%(ROUTE)%'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind in ('void', 'reversal')")
            .await,
        0
    );
    app.finish().await;
}

#[tokio::test]
async fn a_timeout_at_utama_never_reaches_digiflazz() {
    let slow = Script::Reply {
        status: 200,
        body: r#"{"status": false, "reason": "Transaksi s5.081234567890 GAGAL Produk tidak tersedia (ROUTE)"}"#,
        delay: Duration::from_secs(3),
    };
    let (app, _utama, sim) = routed(slow).await;
    let before = app.balance(RESELLER).await;
    let order = app.buy("s5", "081234567890").await.order;
    assert_eq!(order.status().as_str(), "unknown");
    assert_eq!(order.attempt, 1);
    assert_eq!(transactions(&sim), 0);
    // Held, not refunded: the supplier may yet deliver.
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    app.finish().await;
}

#[tokio::test]
async fn a_gagal_about_the_customers_number_never_fails_over() {
    let wrong =
        r#"{"status": false, "reason": "Transaksi s5.081234567890 GAGAL Nomor tujuan salah"}"#;
    let (app, _utama, sim) = routed(Script::reply(200, wrong)).await;
    let before = app.balance(RESELLER).await;
    let order = app.buy("s5", "081234567890").await.order;
    assert_eq!(order.status().as_str(), "failed");
    assert_eq!(transactions(&sim), 0);
    assert_eq!(app.balance(RESELLER).await, before);
    app.finish().await;
}

#[tokio::test]
async fn a_gagal_callback_moves_a_pending_order_on_and_a_late_sukses_for_it_is_a_conflict() {
    let (app, _utama, sim) = routed(Script::reply(200, r#"{"status": true}"#)).await;
    let before = app.balance(RESELLER).await;
    let order = app.buy("s5", "081234567890").await.order;
    assert_eq!(order.status().as_str(), "pending");
    let trxid = order.trxid.to_string();
    let gagal = callback_query(1, &trxid, "081234567890", "Transaksi s5.081234567890 GAGAL");
    assert_eq!(app.callback(&gagal).await, (200, "OK".into()));
    assert!(
        sim.wait_for(Duration::from_secs(5), |j| !j.transactions.is_empty())
            .await
    );
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    // utama's SUKSES for the attempt the order left: recorded and told, no money moved.
    let sukses = callback_query(
        0,
        &trxid,
        "081234567890",
        "Transaksi s5.081234567890 SUKSES, SN: 123",
    );
    assert_eq!(app.callback(&sukses).await, (200, "OK".into()));
    assert_eq!(app.count("select count(*) from order_conflicts").await, 1);
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    assert_eq!(transactions(&sim), 1);
    app.finish().await;
}

#[tokio::test]
async fn a_pending_at_digiflazz_settles_by_its_signed_webhook_once_and_a_forged_one_changes_nothing()
 {
    let refusal =
        r#"{"status": false, "reason": "Transaksi s5.081234567895 GAGAL Produk tidak Aktif"}"#;
    let (app, _utama, sim) = routed(Script::reply(200, refusal)).await;
    let hook = format!("http://{}/supplier/digiflazz/{TOKEN}", app.addr);
    sim.set_webhook_url(hook.parse().unwrap());
    sim.duplicate_webhooks(true);
    let before = app.balance(RESELLER).await;
    // 5: Pending at Digiflazz, then its webhook says Sukses (twice).
    let order = app.buy("s5", "081234567895").await.order;
    assert_eq!((order.status().as_str(), order.attempt), ("pending", 2));
    let told = app.message(RESELLER, "SUKSES").await;
    assert!(
        told.plain_text.contains(order.trxid.as_str()),
        "{}",
        told.plain_text
    );
    let trxid = order.trxid.to_string();
    assert_eq!(app.status(&trxid).await, "success");
    // Both deliveries recorded; the second changed nothing.
    let logged = || app.count("select count(*) from callback_log where refid like '%02'");
    wait_until(|| async { logged().await == 2 }).await;
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'order:%:final'")
            .await,
        1
    );

    // A forged body (a GAGAL under a signature that is not Digiflazz's): 401, nothing stored.
    let body = format!(
        r#"{{"data":{{"ref_id":"{trxid}02","customer_no":"081234567895","buyer_sku_code":"tsel5","message":"Gagal","status":"Gagal","rc":"55","sn":"","price":5250,"buyer_last_saldo":1}}}}"#
    );
    let forged = loket::digiflazz::webhook::signature("not-the-secret", body.as_bytes());
    for signature in [Some(forged.as_str()), None] {
        let mut request = app.http.post(&hook).body(body.clone());
        if let Some(s) = signature {
            request = request.header("X-Hub-Signature", s);
        }
        assert_eq!(request.send().await.unwrap().status().as_u16(), 401);
    }
    assert_eq!(logged().await, 2);
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    app.finish().await;
}

const ROUTE: &str = r#"{"status": false, "reason": "Transaksi s5.081234567890 GAGAL Produk tidak tersedia (ROUTE)"}"#;

/// A ROUTE refusal that the policy stops before the route's next supplier: the order fails,
/// the money comes back, Digiflazz is never asked, and admins are told why, once (R43).
#[tokio::test]
async fn a_route_cut_short_by_the_window_or_the_attempts_is_told_to_the_admins() {
    for (max_attempts, window, why) in [
        (2, 0, "jendela FAILOVER_WINDOW_SECS (0 detik) sudah lewat"),
        (1, 60, "sudah 1 percobaan (FAILOVER_MAX)"),
    ] {
        let window = Duration::from_secs(window);
        let policy = FailoverPolicy {
            max_attempts,
            window,
        };
        let (app, _utama, sim) =
            routed_with(Script::reply(200, ROUTE), |o| o.failover = policy).await;
        let before = app.balance(RESELLER).await;
        let order = app.buy("s5", "081234567890").await.order;
        assert_eq!(order.status().as_str(), "failed", "{why}");
        assert_eq!(app.balance(RESELLER).await, before, "{why}");
        assert_eq!(transactions(&sim), 0, "{why}");
        let alert = app.message(ADMIN, "supplier berikutnya di rutenya").await;
        let expected = format!(
            "trx {}: GAGAL di utama, digiflazz tidak dicoba karena {why}",
            order.trxid
        );
        assert!(alert.plain_text.contains(&expected), "{}", alert.plain_text);
        assert_eq!(
            app.count("select count(*) from outbox where dedup_key like 'routes:cut_short:%'")
                .await,
            1
        );
        app.finish().await;
    }
}

/// A route with nothing left after the failed supplier ends there as it always did: no alert.
#[tokio::test]
async fn a_route_with_no_supplier_left_fails_without_a_cut_short_alert() {
    let (app, _utama, _sim) = routed_with(Script::reply(200, ROUTE), |o| {
        o.failover.window = Duration::ZERO;
    })
    .await;
    sqlx::query("delete from product_routes where supplier = 'digiflazz'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let order = app.buy("s5", "081234567890").await.order;
    assert_eq!(order.status().as_str(), "failed");
    app.message(RESELLER, "GAGAL").await;
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'routes:%'")
            .await,
        0
    );
    app.finish().await;
}

/// Polls `done` until it holds, for at most five seconds.
async fn wait_until<F, Fut>(done: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !done().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
