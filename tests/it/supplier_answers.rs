//! R12: only an explicit `status:false` refunds; every other answer keeps the money held.
use std::time::Duration;

use md5::{Digest, Md5};

use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, PASSWORD, spawn_app};

/// Buys s5 (Rp5.500) from Rp50.000 against a supplier following `script`.
async fn purchase_against(script: Script, expected_status: &str, refunded: bool) {
    let supplier = fake_supplier::start(script).await;
    let mut opts = Options::with_supplier(supplier.url.clone());
    opts.biller_timeout = Duration::from_millis(500);
    let app = spawn_app(opts).await;

    let placed = app.buy("s5", "081234567890").await;

    assert_eq!(placed.order.status().to_string(), expected_status);
    assert_eq!(
        app.status(placed.order.trxid.as_str()).await,
        expected_status
    );
    let (balance, held) = if refunded {
        (50_000, 0)
    } else {
        (44_500, 5_500)
    };
    assert_eq!(app.balance(crate::helpers::RESELLER).await, balance);
    let holds: i64 = app
        .count("select coalesce(sum(amount), 0)::bigint from ledger_entries where account_id = 2")
        .await;
    assert_eq!(holds, held);
    assert_eq!(
        supplier.requests.lock().unwrap().len(),
        1,
        "exactly one request, never a retry under a new trxid"
    );
    app.finish().await;
}

#[tokio::test]
async fn a_timeout_is_unknown_and_money_stays_held() {
    let script = Script::Reply {
        status: 200,
        body: r#"{"status": true}"#,
        delay: Duration::from_secs(3),
    };
    purchase_against(script, "unknown", false).await;
}

#[tokio::test]
async fn http_500_is_unknown() {
    purchase_against(Script::reply(500, r#"{"status": false}"#), "unknown", false).await;
}

#[tokio::test]
async fn a_502_html_page_is_unknown() {
    purchase_against(
        Script::reply(502, "<html><body>Bad Gateway</body></html>"),
        "unknown",
        false,
    )
    .await;
}

#[tokio::test]
async fn an_empty_json_object_is_unknown() {
    purchase_against(Script::reply(200, "{}"), "unknown", false).await;
}

#[tokio::test]
async fn truncated_json_is_unknown() {
    purchase_against(
        Script::reply(200, r#"{"total": 5000, "status": fal"#),
        "unknown",
        false,
    )
    .await;
}

#[tokio::test]
async fn a_reset_connection_is_unknown() {
    purchase_against(Script::Reset, "unknown", false).await;
}

#[tokio::test]
async fn status_true_is_pending_not_success() {
    purchase_against(
        Script::reply(200, r#"{"total": 5150, "status": true, "saldo": "1000"}"#),
        "pending",
        false,
    )
    .await;
}

#[tokio::test]
async fn status_false_is_failed_and_refunded() {
    let body = r#"{"total": 0, "status": false, "reason": "Transaksi s5.081234567890 GAGAL Produk tidak tersedia (ROUTE)"}"#;
    purchase_against(Script::reply(200, body), "failed", true).await;
}

#[tokio::test]
async fn the_request_is_exactly_the_specs_with_a_correct_sign() {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let app = spawn_app(Options::with_supplier(supplier.url.clone())).await;

    let placed = app.buy("s5", "081234567890").await;

    let req = supplier.requests.lock().unwrap()[0].clone();
    let trxid = placed.order.trxid.to_string();
    let expected_sign = hex::encode(Md5::digest(
        format!("usertesting{PASSWORD}{trxid}").as_bytes(),
    ));
    assert_eq!(
        req,
        serde_json::json!({
            "user": "usertesting", "sign": expected_sign, "trxid": trxid,
            "cmd": "trx", "idpel": "081234567890", "produk": "s5",
        })
    );
    assert_eq!(trxid.len(), 20);
    assert!(trxid.bytes().all(|b| b.is_ascii_digit()));
    app.finish().await;
}

/// R11: while the supplier holds our request, the order is already committed in `sending` and
/// no transaction of ours spans the call.
#[tokio::test]
async fn the_order_is_committed_and_no_transaction_is_open_during_the_supplier_call() {
    let script = Script::Reply {
        status: 200,
        body: r#"{"status": true}"#,
        delay: Duration::from_millis(1500),
    };
    let supplier = fake_supplier::start(script).await;
    let app = spawn_app(Options::with_supplier(supplier.url.clone())).await;
    let orders = app.orders.clone();
    let purchase = tokio::spawn(async move {
        orders
            .place(&crate::helpers::purchase(4242, "s5", "081234567890"))
            .await
    });

    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while supplier.requests.lock().unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the supplier was never called"
        );
        tokio::task::yield_now().await;
    }
    let seen_by_others: Vec<String> = sqlx::query_scalar("select status from orders")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        seen_by_others,
        vec!["sending".to_owned()],
        "committed before the request went out"
    );

    // One second into the supplier's 1.5 s: a transaction held across the call would now be
    // a second old, while the short ones of the background jobs come and go in milliseconds.
    // The wait is the measurement, not a synchronisation.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let spanning = app
        .count(
            "select count(*) from pg_stat_activity
              where datname = current_database() and xact_start < now() - interval '900 milliseconds'
                and pid <> pg_backend_pid()",
        )
        .await;
    assert_eq!(spanning, 0, "no transaction spans the supplier call");
    assert_eq!(
        purchase.await.unwrap().unwrap().order.status().to_string(),
        "pending"
    );
    app.finish().await;
}
