//! Callbacks exactly as the supplier's document shows them: `product=banktrf` for an `s5`
//! purchase, the product code only in the message, raw `,` `:` `/` and `+` for spaces.
use crate::callbacks::{app_with_pending_order, app_with_pending_order_set};
use crate::fake_supplier::{self, Script};
use crate::helpers::{ADMIN, Options, RESELLER, TestApp, callback_query, spawn_app};
use loket::domain::SupportContact;

/// The document's two examples, verbatim but for the refid and a destination of our order.
const DOC_SUKSES: &str = "status=0&refid=[TRXID]&product=banktrf&qty=1&dest=2222222222&message=Transaksi+s5.2222222222+SUKSES,+SN:+11111111111,+Saldo:+Rp99,999,999,+Harga:+201,200,+Tgl:+01/01+10:32:12";
const DOC_GAGAL: &str = "status=1&refid=[TRXID]&product=banktrf&qty=1&dest=111111111&message=Transaksi+s5.111111111+GAGAL,+Saldo:+Rp99,999,999,+Tgl:+01/01+10:36:38";

/// The document's PENDING answer, `total` and `saldo` included.
const DOC_PENDING: &str = r#"{"total": 5000, "status": true, "reason": "Transaksi s5.0812xxxxxx sedang diproses", "saldo": "1356424", "trxtime": "2019-01-01 11:03:25.206500", "elapsed": 0.6726601123809814, "ftrxid": "21160325359742", "user": "usertesting", "kodeproduk": "s5", "tujuan": "0812xxxxxx"}"#;

async fn app_answering(body: &'static str) -> TestApp {
    let supplier = fake_supplier::start(Script::reply(200, body)).await;
    spawn_app(Options::with_supplier(supplier.url)).await
}

#[tokio::test]
async fn the_documents_own_callbacks_settle_their_orders() {
    let app = app_answering(DOC_PENDING).await;
    let success = app.buy("s5", "2222222222").await.order.trxid.to_string();
    let failure = app.buy("s5", "111111111").await.order.trxid.to_string();
    assert_eq!(app.balance(RESELLER).await, 50_000 - 2 * 5_500);

    let answer = app.callback(&DOC_SUKSES.replace("[TRXID]", &success)).await;
    assert_eq!(answer, (200, "OK".into()));
    assert_eq!(app.status(&success).await, "success");
    let told = app.message(RESELLER, "SUKSES").await;
    assert!(
        told.plain_text.contains("SN: 11111111111"),
        "{}",
        told.plain_text
    );

    let answer = app.callback(&DOC_GAGAL.replace("[TRXID]", &failure)).await;
    assert_eq!(answer, (200, "OK".into()));
    assert_eq!(app.status(&failure).await, "failed");
    app.message(RESELLER, "GAGAL").await;
    assert_eq!(
        app.balance(RESELLER).await,
        50_000 - 5_500,
        "GAGAL refunded"
    );

    // `product` and `qty` are kept for the record, never used to decide.
    let recorded: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("select outcome, product, qty from callback_log order by callback_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let banktrf = (Some("banktrf".to_owned()), Some("1".to_owned()));
    assert_eq!(
        recorded,
        vec![
            ("applied".into(), banktrf.0.clone(), banktrf.1.clone()),
            ("applied".into(), banktrf.0, banktrf.1),
        ]
    );
    // The supplier's figures: the answer's total and saldo, the callback's Saldo and Harga.
    let figures: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "select supplier_cost, supplier_saldo, callback_saldo, callback_harga
           from orders where trxid = $1",
    )
    .bind(&success)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        figures,
        (
            Some(5_000),
            Some(1_356_424),
            Some(99_999_999),
            Some(201_200)
        )
    );
    // A refund keeps the GAGAL's figures as a sale does; a repeated SUKSES, which changes
    // nothing else, still keeps the newer balance it reports.
    let again = DOC_SUKSES
        .replace("[TRXID]", &success)
        .replace("Rp99,999,999", "Rp88,888,888");
    assert_eq!(app.callback(&again).await, (200, "OK".into()));
    let kept = "select trxid, callback_saldo, callback_harga from orders order by order_id";
    let kept: Vec<(String, Option<i64>, Option<i64>)> =
        sqlx::query_as(kept).fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(
        kept,
        vec![
            (success, Some(88_888_888), Some(201_200)),
            (failure, Some(99_999_999), None),
        ]
    );
    app.finish().await;
}

#[tokio::test]
async fn a_destination_written_with_62_is_the_same_number() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let query = callback_query(
        0,
        &trxid,
        "6281234567890",
        "Transaksi s5.6281234567890 SUKSES, SN: 998877",
    );
    assert_eq!(app.callback(&query).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn the_message_must_name_the_same_product_and_destination() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    for message in [
        "Transaksi s10.081234567890 SUKSES, SN: 1",
        "Transaksi s5.081299999999 SUKSES, SN: 1",
    ] {
        let query = callback_query(0, &trxid, "081234567890", message);
        assert_eq!(app.callback(&query).await, (200, "OK".into()));
    }
    assert_eq!(app.status(&trxid).await, "pending");
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'mismatch'")
            .await,
        2
    );
    let alert = app.message(ADMIN, "s10.081234567890").await;
    assert!(
        alert.plain_text.contains("product: banktrf · qty: 1"),
        "{}",
        alert.plain_text
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind not in ('hold', 'topup')")
            .await,
        0
    );
    app.finish().await;
}

#[tokio::test]
async fn status_and_text_that_disagree_move_no_money() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let sukses_but_gagal = callback_query(
        0,
        &trxid,
        "081234567890",
        "Transaksi s5.081234567890 GAGAL, Saldo: Rp1,000",
    );
    let gagal_but_sukses = callback_query(
        1,
        &trxid,
        "081234567890",
        "Transaksi s5.081234567890 SUKSES, SN: 4455",
    );
    for query in [&sukses_but_gagal, &gagal_but_sukses] {
        assert_eq!(app.callback(query).await, (200, "OK".into()));
    }
    assert_eq!(app.status(&trxid).await, "pending");
    assert_eq!(app.balance(RESELLER).await, 50_000 - 5_500);
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'contradictory'")
            .await,
        2
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind not in ('hold', 'topup')")
            .await,
        0
    );
    let alert = app.message(ADMIN, "Callback bertentangan").await;
    assert!(
        alert.plain_text.contains("status: 0 (SUKSES)"),
        "{}",
        alert.plain_text
    );
    assert!(
        alert
            .plain_text
            .contains(&format!("/selesai {trxid} gagal"))
    );
    assert!(
        alert
            .plain_text
            .contains(&format!("/selesai {trxid} sukses"))
    );
    let alert = app.message(ADMIN, "4455").await;
    assert!(
        alert
            .plain_text
            .contains(&format!("/selesai {trxid} sukses 4455")),
        "{}",
        alert.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn a_sukses_without_an_sn_settles_and_asks_the_admins_for_it() {
    let (app, trxid) = app_with_pending_order_set(|o| {
        o.support_contact = Some(SupportContact::parse("@toko_cs").unwrap());
    })
    .await;
    let query = callback_query(
        0,
        &trxid,
        "081234567890",
        "Transaksi s5.081234567890 SUKSES, SN: -, Saldo: Rp99,999,999, Harga: 5,150",
    );
    assert_eq!(app.callback(&query).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "success");
    let told = app.message(RESELLER, "SUKSES").await;
    assert!(!told.plain_text.contains("SN: -"), "{}", told.plain_text);
    assert!(
        told.plain_text.contains("Hubungi admin (@toko_cs)"),
        "{}",
        told.plain_text
    );
    let alert = app.message(ADMIN, "tanpa SN").await;
    assert!(alert.plain_text.contains(&trxid), "{}", alert.plain_text);
    // A repeat of the callback alerts nobody again.
    assert_eq!(app.callback(&query).await, (200, "OK".into()));
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like '%:no_sn:%'")
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn callbacks_nobody_can_act_on_are_acknowledged_and_alerted_once_a_minute() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    // The document's own trxid has 17 digits: a refid of another shape, still recorded.
    let seed_refid = DOC_SUKSES.replace("[TRXID]", "22110111373985338");
    assert_eq!(app.callback(&seed_refid).await, (200, "OK".into()));
    for _ in 0..5 {
        let garbage = format!("status=7&refid={trxid}&product=banktrf");
        assert_eq!(app.callback(&garbage).await, (200, "OK".into()));
    }
    assert_eq!(app.status(&trxid).await, "pending");
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'unknown_refid'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'invalid'")
            .await,
        5
    );
    // One alert per kind for the burst.
    let alerts = "select count(*) from outbox where chat_id = 900 and dedup_key like 'callbacks:%'";
    assert_eq!(app.count(alerts).await, 2);
    app.message(ADMIN, "22110111373985338").await;
    app.message(ADMIN, "tidak bisa dibaca").await;

    // Nothing more until the minute has passed; then the four that waited are counted.
    loket::grouped_alerts::flush(&app.db.pool, &[ADMIN])
        .await
        .unwrap();
    assert_eq!(app.count(alerts).await, 2);
    sqlx::query("update callback_alert_windows set last_alert_at = now() - interval '61 seconds'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    loket::grouped_alerts::flush(&app.db.pool, &[ADMIN])
        .await
        .unwrap();
    loket::grouped_alerts::flush(&app.db.pool, &[ADMIN])
        .await
        .unwrap();
    assert_eq!(app.count(alerts).await, 3);
    app.message(ADMIN, "4 callback dari supplier yang tidak bisa dibaca")
        .await;
    app.finish().await;
}

#[tokio::test]
async fn the_report_counts_the_callbacks_harga_when_the_answer_was_lost() {
    let app = app_answering("<html>502 Bad Gateway</html>").await;
    let trxid = app.buy("s5", "081234567890").await.order.trxid.to_string();
    assert_eq!(app.status(&trxid).await, "unknown");
    let query = callback_query(
        0,
        &trxid,
        "081234567890",
        "Transaksi s5.081234567890 SUKSES, SN: 1, Saldo: Rp99,999,999, Harga: 5,150",
    );
    assert_eq!(app.callback(&query).await, (200, "OK".into()));
    let report = app
        .ask(&crate::helpers::admin(), "/laporan", "Laporan")
        .await;
    assert!(
        report.plain_text.contains("Biaya supplier: Rp5.150"),
        "{}",
        report.plain_text
    );
    app.finish().await;
}
