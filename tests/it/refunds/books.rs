//! Refunds in the books: `/laporan` counts them by who bore them on the day they were booked,
//! profit falls by them, and the supplier's book expects back the cost of those it paid for.
use loket::sandbox::sim::biller::SimBiller;

use crate::helpers::{
    ADMIN, Options, RESELLER, TestApp, admin, reseller, simulator, spawn_app, spawn_app_with_sim,
};
use crate::reports::assert_lines;

async fn last_trxid(app: &TestApp) -> String {
    sqlx::query_scalar("select trxid from orders order by order_id desc limit 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn laporan_counts_refunds_by_source_and_profit_falls_by_them() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    sqlx::query("update products set price = 9000 where code = 's5'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    // Both SUKSES by callback, charged 5.150 each by the simulated supplier.
    let a = app.buy("s5", "081234567890").await.order.trxid.to_string();
    let b = app.buy("s5", "081234567800").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'success'", 2)
        .await;
    let before = app.ask(&boss, "/laporan", "Laporan").await;
    assert_lines(
        &before,
        &[
            "Penjualan: Rp18.000",
            "Biaya supplier: Rp10.300",
            "Laba: Rp7.700",
            "Refund ditanggung toko: 0 (Rp0)",
        ],
    );
    app.ask(
        &boss,
        &format!("/refund {a} 2.000 salah nominal"),
        "Saldo pengguna sekarang",
    )
    .await;
    app.ask(
        &boss,
        &format!("/refund {b} penuh supplier gangguan"),
        "Saldo pengguna sekarang",
    )
    .await;
    assert_eq!(app.balance(RESELLER).await, 50_000 - 18_000 + 2_000 + 9_000);
    let after = app.ask(&boss, "/laporan", "Laporan").await;
    assert_lines(
        &after,
        &[
            "Sukses: 2",
            "Penjualan: Rp18.000",
            "Biaya supplier: Rp10.300",
            // 7.700 - 2.000 (the shop's) - 9.000 (the supplier's) + 5.150 (its cost back)
            "Laba: Rp1.850",
            "Refund ditanggung toko: 1 (Rp2.000)",
            "Refund dari supplier: 1 (Rp9.000, modal kembali Rp5.150)",
        ],
    );
    // The daily summary and /grafik read the same days, refunds included.
    let today = loket::reports::today_wib(chrono::Utc::now());
    let mut conn = app.db.pool.acquire().await.unwrap();
    let period = loket::reports::Period {
        from: today,
        to: today,
    };
    let days = loket::reports::chart::days(&mut conn, period)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(
        (
            days[0].success,
            days[0].sales.rupiah(),
            days[0].profit.rupiah()
        ),
        (2, 18_000, 1_850)
    );
    let yesterday = app.ask(&boss, "/laporan kemarin", "Laporan").await;
    assert_lines(
        &yesterday,
        &[
            "Refund ditanggung toko: 0 (Rp0)",
            "Refund dari supplier: 0 (Rp0, modal kembali Rp0)",
        ],
    );
    app.finish().await;
}

async fn app_with_supplier_book() -> (TestApp, SimBiller) {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let app = spawn_app(Options::with_supplier(url)).await;
    sim.set_callback_url(app.callback_url());
    (app, sim)
}

/// Buys by chat and waits until the order is final and every report is reconciled.
async fn buy_and_reconcile(app: &TestApp, dest: &str) -> String {
    app.ask(&reseller(), &format!("/beli s5 {dest}"), "sedang diproses")
        .await;
    app.wait_count(
        "select count(*) from orders where status in ('sending', 'pending', 'unknown')",
        0,
    )
    .await;
    reconciled(app).await;
    last_trxid(app).await
}

async fn reconciled(app: &TestApp) {
    app.wait_count(
        "select count(*) from supplier_reports where not reconciled",
        0,
    )
    .await;
}

async fn book(app: &TestApp) -> (Option<i64>, Option<i64>, i64) {
    sqlx::query_as("select saldo, book, drift from supplier_balance")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_supplier_book_expects_the_cost_of_a_supplier_refund_back() {
    let (app, sim) = app_with_supplier_book().await;
    let boss = admin();
    let shop = buy_and_reconcile(&app, "081200000010").await;
    let paid_back = buy_and_reconcile(&app, "081200000020").await;
    let (saldo, before, drift) = book(&app).await;
    assert_eq!((saldo, drift), (before, 0));
    let before = before.unwrap();

    // The shop bears one refund: the supplier's book does not move.
    app.ask(
        &boss,
        &format!("/refund {shop} penuh salah"),
        "Saldo pengguna sekarang",
    )
    .await;
    reconciled(&app).await;
    assert_eq!(book(&app).await.1, Some(before));
    // The supplier pays the other's cost back (5.150): the book expects it.
    app.ask(
        &boss,
        &format!("/refund {paid_back} 1.000 supplier nominal kurang"),
        "Saldo pengguna sekarang",
    )
    .await;
    reconciled(&app).await;
    assert_eq!(book(&app).await.1, Some(before + 5_150));
    sim.top_up(5_150);
    // The next reported balance agrees with the book: no drift, nothing told.
    buy_and_reconcile(&app, "081200000030").await;
    let (saldo, book_now, drift) = book(&app).await;
    assert_eq!(saldo, Some(sim.deposit()));
    assert_eq!((book_now, drift), (saldo, 0));
    let shown = app.ask(&boss, "/saldoserver", "Saldo supplier").await;
    assert!(
        shown.plain_text.contains("Cocok dengan catatan loket"),
        "{}",
        shown.plain_text
    );
    assert!(
        !app.tg
            .messages_to(ADMIN)
            .iter()
            .any(|m| m.plain_text.contains("tidak cocok")),
        "no drift told"
    );
    app.finish().await;
}
