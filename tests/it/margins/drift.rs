//! A drift between the supplier's reported balance and loket's book: told once, with the
//! orders it may be about, and never for the passing differences of orders in flight together.
use crate::helpers::{ADMIN, RESELLER, admin, purchase, top_up};

use super::supplier::{app_with, balance_row, buy_and_settle, count_to_admin, reconciled};

#[tokio::test]
async fn a_drift_is_told_once_with_its_orders_and_deposits_are_accounted_for() {
    let (app, sim) = app_with(None).await;
    let boss = admin();
    buy_and_settle(&app, "/beli s5 081200000010", "sedang diproses").await;
    // Our own deposit at the supplier, announced: no drift.
    sim.top_up(100_000);
    app.ask(&boss, "/depositserver 100rb", "dicatat").await;
    buy_and_settle(&app, "/beli s5 081200000020", "sedang diproses").await;
    assert_eq!(balance_row(&app).await.2, 0);
    assert_eq!(count_to_admin(&app, "tidak cocok"), 0);

    // The supplier takes 1.000 more than the `total` it states for one order.
    sim.skim_next(1_000);
    buy_and_settle(&app, "/beli s5 081200000030", "sedang diproses").await;
    let skimmed: String =
        sqlx::query_scalar("select trxid from orders where destination = '081200000030'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let alert = app.message(ADMIN, "tidak cocok").await;
    for part in ["Selisih baru: -Rp1.000", &skimmed] {
        assert!(
            alert.plain_text.contains(part),
            "{part}: {}",
            alert.plain_text
        );
    }
    for earlier in ["081200000010", "081200000020"] {
        let trxid: String = sqlx::query_scalar("select trxid from orders where destination = $1")
            .bind(earlier)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(
            !alert.plain_text.contains(&trxid),
            "{earlier} is not involved"
        );
    }
    // Later purchases carry the same drift: it is not told again.
    buy_and_settle(&app, "/beli s5 081200000040", "sedang diproses").await;
    assert_eq!(count_to_admin(&app, "tidak cocok"), 1);
    assert_eq!(balance_row(&app).await.3, -1_000);
    let shown = app.ask(&boss, "/saldoserver", "Saldo supplier").await;
    assert!(
        shown.plain_text.contains("selisih terkonfirmasi: -Rp1.000"),
        "{}",
        shown.plain_text
    );
    assert!(
        app.metrics()
            .await
            .contains("loket_supplier_confirmed_drift_rupiah -1000")
    );

    // Accepted by an admin: measured from here on.
    app.ask(
        &boss,
        "/saldoserver sesuaikan",
        "selisih dihitung dari sini",
    )
    .await;
    reconciled(&app).await;
    buy_and_settle(&app, "/beli s5 081200000050", "sedang diproses").await;
    let (saldo, book, drift, confirmed) = balance_row(&app).await;
    assert_eq!((saldo, drift, confirmed), (Some(sim.deposit()), 0, 0));
    assert_eq!(book, saldo);
    assert_eq!(count_to_admin(&app, "tidak cocok"), 1);
    app.finish().await;
}

/// Sixty purchases at once: the supplier answers and calls back in its own order, and their
/// reports reach the reconciler in another, so differences come and go while they are in
/// flight. None is real, and none is told; the book ends equal to the supplier's balance.
/// (The book starts from the first report ever: had that been one of these sixty, it would
/// already count the orders reported after it. See "The supplier's balance" in
/// docs/operating.md.)
#[tokio::test]
async fn reports_reordered_by_concurrent_purchases_raise_no_drift() {
    let (app, sim) = app_with(None).await;
    top_up(&app.db.pool, RESELLER, 1_000_000).await;
    // The book starts from a quiet report, as it does when a shop makes its first sale.
    buy_and_settle(&app, "/beli s5 081200000010", "sedang diproses").await;
    let requests: Vec<_> = (0..60)
        .map(|i| purchase(RESELLER, "s5", &format!("0812{:08}", 5_000 + i * 10)))
        .collect();
    let placed =
        futures::future::join_all(requests.iter().map(|req| app.orders.purchase(req))).await;
    assert!(placed.iter().all(Result::is_ok), "every purchase placed");
    app.wait_count(
        "select count(*) from orders where status in ('sending', 'pending', 'unknown')",
        0,
    )
    .await;
    reconciled(&app).await;
    let wandered: i64 = sqlx::query_scalar(
        "select count(*) from supplier_reports where drift is not null and drift <> 0",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let told: i64 =
        sqlx::query_scalar("select count(*) from outbox where dedup_key like 'supplier:drift:%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        told, 0,
        "no drift told ({wandered} reports differed in flight)"
    );
    let (_, book, _, confirmed) = balance_row(&app).await;
    assert_eq!((book, confirmed), (Some(sim.deposit()), 0));
    println!("{wandered} reports differed from the book while in flight; none was told");
}
