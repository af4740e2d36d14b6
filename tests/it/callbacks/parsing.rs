//! Callbacks that cannot be matched or read, and supplier figures that never reach the ledger.
use crate::helpers::{RESELLER, callback_query};
use crate::hostile::snapshot;

use super::*;

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
        None,
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
