//! The callback endpoint: authentication, parsing, and the state table under duplicates,
//! reordering and contradiction.
use std::time::Duration;

use crate::fake_supplier::{self, Script};
use crate::helpers::{
    Options, RESELLER, TOKEN, TestApp, callback_query, spawn_app, spawn_app_with_sim,
};
use crate::hostile::snapshot;

/// An app whose supplier accepts everything, and one pending s5 order to 081234567890.
pub async fn app_with_pending_order(allow: &[&str]) -> (TestApp, String) {
    app_with_pending_order_behind(allow, &[]).await
}

/// Like [`app_with_pending_order`], with `trusted` as TRUSTED_PROXIES.
pub async fn app_with_pending_order_behind(allow: &[&str], trusted: &[&str]) -> (TestApp, String) {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    opts.allow = nets(allow);
    opts.trusted_proxies = nets(trusted);
    let app = spawn_app(opts).await;
    let placed = app.buy("s5", "081234567890").await;
    assert_eq!(placed.order.status().to_string(), "pending");
    (app, placed.order.trxid)
}

pub fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
    list.iter()
        .map(|a| {
            a.parse()
                .unwrap_or_else(|_| ipnet::IpNet::from(a.parse::<std::net::IpAddr>().unwrap()))
        })
        .collect()
}

pub const SUKSES_MSG: &str = "Transaksi s5.081234567890 SUKSES, SN: 0041-2233/AB CD, Saldo: Rp99,999,999, Harga: 5,150, Tgl: 01/01 10:32:12";
const GAGAL_MSG: &str = "Transaksi s5.081234567890 GAGAL, Saldo: Rp99,999,999, Tgl: 01/01 10:36:38";

pub fn sukses(trxid: &str) -> String {
    callback_query(0, trxid, "081234567890", SUKSES_MSG)
}

fn gagal(trxid: &str) -> String {
    callback_query(1, trxid, "081234567890", GAGAL_MSG)
}

#[tokio::test]
async fn a_callback_that_overtakes_the_answer_is_not_undone_by_it() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567897").await;
    assert!(sim.journal(|j| j.callbacks.len() == 1 && j.callbacks[0].1 == 200));
    assert_eq!(
        placed.order.status().to_string(),
        "success",
        "the later PENDING answer must not regress it"
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like '%:accepted'")
            .await,
        0
    );
    app.finish().await;
}

#[tokio::test]
async fn sixteen_identical_callbacks_in_parallel_post_once() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let query = sukses(&trxid);
    let answers = futures::future::join_all((0..16).map(|_| app.callback(&query))).await;
    assert!(
        answers.iter().all(|a| *a == (200, "OK".into())),
        "{answers:?}"
    );
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like '%:final'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'applied'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'duplicate'")
            .await,
        15
    );
    let sn: Option<String> = sqlx::query_scalar("select sn from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sn.as_deref(), Some("0041-2233/AB CD"));
    app.finish().await;
}

/// GAGAL ×3 with one SUKSES in each position: exactly one resolution either way. A SUKSES
/// first is reversed by the GAGAL after it; a SUKSES after a refund is only a conflict.
#[tokio::test]
async fn contradicting_callbacks_in_any_order_resolve_once() {
    for position in 0..4 {
        let (app, trxid) = app_with_pending_order(&[]).await;
        for i in 0..4 {
            let query = if i == position {
                sukses(&trxid)
            } else {
                gagal(&trxid)
            };
            assert_eq!(app.callback(&query).await.0, 200);
        }
        assert_eq!(app.status(&trxid).await, "failed", "position {position}");
        assert_eq!(
            app.balance(RESELLER).await,
            50_000,
            "refunded exactly once (position {position})"
        );
        let resolutions = app
            .count("select count(*) from ledger_txns where kind in ('post', 'void')")
            .await;
        assert_eq!(resolutions, 1);
        let (reversals, conflicts) = if position == 0 { (1, 0) } else { (0, 1) };
        assert_eq!(
            app.count("select count(*) from ledger_txns where kind = 'reversal'")
                .await,
            reversals
        );
        assert_eq!(
            app.count("select count(*) from order_conflicts").await,
            conflicts
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn an_unknown_refid_is_acknowledged_recorded_and_alerted() {
    let (app, _) = app_with_pending_order(&[]).await;
    let answer = app.callback(&sukses("26010100000099999999")).await;
    assert_eq!(answer, (200, "OK".into()));
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'unknown_refid'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from outbox where chat_id = 900")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from orders where status = 'pending'")
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn a_callback_about_another_product_or_destination_changes_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    for query in [
        callback_query(
            0,
            &trxid,
            "081234567890",
            &SUKSES_MSG.replace("s5.", "s10."),
        ),
        callback_query(0, &trxid, "089999999999", SUKSES_MSG),
        format!("status=0&refid={trxid}&qty=1&message=x"),
    ] {
        assert_eq!(app.callback(&query).await, (200, "OK".into()));
    }
    assert_eq!(app.status(&trxid).await, "pending");
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'mismatch'")
            .await,
        3
    );
    assert_eq!(
        app.count("select count(*) from outbox where chat_id = 900")
            .await,
        3
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind <> 'hold' and kind <> 'topup'")
            .await,
        0
    );
    // Product codes are compared without regard to case.
    let upper = callback_query(0, &trxid, "081234567890", &SUKSES_MSG.replace("s5.", "S5."));
    assert_eq!(app.callback(&upper).await.0, 200);
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn wrong_tokens_look_like_no_route_and_write_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let before = snapshot(&app).await;
    let query = sukses(&trxid);
    let mut one_off = TOKEN.to_owned();
    one_off.replace_range(5..6, "X");
    for token in [
        one_off.as_str(),
        &TOKEN[..TOKEN.len() - 1],
        "",
        "x",
        &format!("{TOKEN}x"),
    ] {
        let url = format!("http://{}/biller/callback/{token}?{query}", app.addr);
        let r = app.http.get(url).send().await.unwrap();
        assert!(
            r.status() == 404 || r.status() == 405,
            "token {token:?} got {}",
            r.status()
        );
        assert_eq!(r.text().await.unwrap(), "");
    }
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn peers_outside_the_allow_list_are_refused_whatever_headers_say() {
    let (app, trxid) = app_with_pending_order(&["203.0.113.7", "10.0.0.0/8"]).await;
    let before = snapshot(&app).await;
    let url = format!("{}?{}", app.callback_url(), sukses(&trxid));
    for header in [None, Some("203.0.113.7"), Some("10.1.2.3, 203.0.113.7")] {
        let mut req = app.http.get(&url);
        if let Some(h) = header {
            req = req.header("X-Forwarded-For", h).header("X-Real-IP", h);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403, "X-Forwarded-For {header:?}");
    }
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;

    let (app, trxid) = app_with_pending_order(&["127.0.0.1"]).await;
    assert_eq!(app.callback(&sukses(&trxid)).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn malformed_callbacks_are_acknowledged_recorded_and_change_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let before = snapshot(&app).await;
    let queries = [
        format!("status=2&refid={trxid}&product=s5&dest=081234567890"),
        format!("status=0&refid={}&product=s5", "9".repeat(10_000)),
        format!("status=0&refid={trxid}'%20or%20'1'='1%20--%20x&product=s5&dest=081234567890"),
        format!("status=0&refid={trxid}&product=s5&dest=081234567890&message=%E0%A4%A"),
        format!("status=0&refid={trxid}&product=s5&dest=081234567890&message=%FF%FE"),
        format!("status=0&status=1&refid={trxid}&product=s5&dest=081234567890"),
        String::new(),
    ];
    for query in &queries {
        assert_eq!(app.callback(query).await, (200, "OK".into()), "{query:.60}");
    }
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'invalid'")
            .await,
        queries.len() as i64
    );
    assert_eq!(
        app.count("select max(length(raw_query))::bigint from callback_log")
            .await,
        2048
    );
    assert_eq!(snapshot(&app).await[..10], before[..10]);
    app.finish().await;
}

#[tokio::test]
async fn supplier_numbers_and_price_changes_never_reach_the_ledger() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let code = loket::domain::ProductCode::parse("s5").unwrap();
    loket::products::upsert(
        &mut conn,
        &code,
        loket::domain::Money::from_rupiah(1),
        "murah",
    )
    .await
    .unwrap();
    drop(conn);
    let query = callback_query(
        0,
        &trxid,
        "081234567890",
        "SUKSES SN: 1 Harga:1 Saldo:999999999",
    );
    assert_eq!(app.callback(&query).await.0, 200);
    let amounts: Vec<i64> = sqlx::query_scalar(
        "select amount from ledger_txns where kind in ('hold', 'post') order by txn_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(amounts, vec![5_500, 5_500], "posted at the snapshot price");
    assert_eq!(app.balance(RESELLER).await, 44_500);
    app.finish().await;
}

#[tokio::test]
async fn health_probes_and_an_unreachable_database() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let base = format!("http://{}", app.addr);
    assert_eq!(
        app.http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        app.http
            .get(format!("{base}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let query = sukses(&trxid);
    app.finish().await;

    // Same router, on a database that is not there: callbacks must be retried, not lost.
    let gone: sqlx::postgres::PgConnectOptions =
        "postgres://postgres@127.0.0.1:1/none".parse().unwrap();
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(1))
        .connect_lazy_with(gone);
    let supplier = fake_supplier::start(Script::reply(200, "{}")).await;
    let tg = loket::sandbox::sim::telegram::FakeTelegram::start(Default::default())
        .await
        .unwrap();
    let settings = crate::helpers::settings(
        "postgres://postgres@127.0.0.1:1/none",
        &Options::with_supplier(supplier.url),
        &tg,
    );
    let app = loket::startup::Application::build_with_pool(settings, pool)
        .await
        .unwrap();
    let addr = app.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = rx.await;
    }));
    let http = reqwest::Client::new();
    let r = http
        .get(format!("http://{addr}/biller/callback/{TOKEN}?{query}"))
        .send()
        .await;
    if r.is_err() {
        let _ = tx.send(());
        panic!("{r:?} / server: {:?}", server.await);
    }
    let r = r.unwrap();
    assert_eq!(
        (r.status().as_u16(), r.text().await.unwrap()),
        (503, "RETRY".into())
    );
    assert_eq!(
        http.get(format!("http://{addr}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        503
    );
    assert_eq!(
        http.get(format!("http://{addr}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let _ = tx.send(());
    let _ = server.await;
}
