//! The supplier's balance through the chat: kept, reconciled with what orders were charged,
//! a low balance told to admins, and the cost guard (a drift: `drift`).
use loket::domain::Money;
use loket::sandbox::sim::biller::SimBiller;

use crate::helpers::{
    ADMIN, Options, RESELLER, TestApp, admin, reseller, simulator, spawn_app, top_up,
};

pub(super) async fn app_with(low_balance: Option<i64>) -> (TestApp, SimBiller) {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    opts.supplier_low_balance = low_balance.map(Money::from_rupiah);
    let app = spawn_app(opts).await;
    sim.set_callback_url(app.callback_url());
    top_up(&app.db.pool, RESELLER, 200_000).await;
    (app, sim)
}

/// Buys and waits until the order is final and every report it made is reconciled.
pub(crate) async fn buy_and_settle(app: &TestApp, command: &str, expect: &str) {
    let me = reseller();
    app.ask(&me, command, expect).await;
    app.wait_count(
        "select count(*) from orders where status in ('sending', 'pending', 'unknown')",
        0,
    )
    .await;
    reconciled(app).await;
}

pub(crate) async fn reconciled(app: &TestApp) {
    app.wait_count(
        "select count(*) from supplier_reports where not reconciled",
        0,
    )
    .await;
}

pub(super) async fn balance_row(app: &TestApp) -> (Option<i64>, Option<i64>, i64, i64) {
    sqlx::query_as("select saldo, book, drift, confirmed_drift from supplier_balance")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

pub(crate) fn count_to_admin(app: &TestApp, part: &str) -> usize {
    app.tg
        .messages_to(ADMIN)
        .iter()
        .filter(|m| m.plain_text.contains(part))
        .count()
}

#[tokio::test]
async fn every_outcome_keeps_the_book_equal_to_the_reported_balance() {
    let (app, sim) = app_with(None).await;
    let boss = admin();
    let never = app
        .ask(&boss, "/saldoserver", "belum pernah dilaporkan")
        .await;
    assert!(!never.plain_text.is_empty());
    // Success, GAGAL by callback, a reversal, a lost answer (SUKSES by callback with Harga
    // only), and a rejection (no balance in it), one after another.
    for (dest, expect) in [
        ("081234567890", "sedang diproses"),
        ("081234567894", "sedang diproses"),
        ("081234567899", "sedang diproses"),
        ("081234567895", "sedang diproses"),
        ("081234567891", "GAGAL"),
    ] {
        buy_and_settle(&app, &format!("/beli s5 {dest}"), expect).await;
    }
    // Two sales stand (the success and the lost answer's), 5.150 each at the supplier.
    assert_eq!(sim.deposit(), 10_000_000 - 2 * 5_150);
    let (saldo, book, drift, confirmed) = balance_row(&app).await;
    assert_eq!(saldo, Some(sim.deposit()));
    assert_eq!((book, drift, confirmed), (saldo, 0, 0));
    let shown = app.ask(&boss, "/saldoserver", "Saldo supplier").await;
    assert!(
        shown.plain_text.contains("Rp9.989.700"),
        "{}",
        shown.plain_text
    );
    assert!(shown.plain_text.contains("Cocok dengan catatan loket"));
    assert_eq!(count_to_admin(&app, "tidak cocok"), 0);
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("loket_supplier_balance_rupiah 9989700"),
        "{metrics}"
    );
    assert!(metrics.contains("loket_supplier_drift_rupiah 0"));
    app.finish().await;
}

#[tokio::test]
async fn a_low_balance_is_told_once_and_again_after_it_recovered() {
    let (app, sim) = app_with(Some(9_990_000)).await;
    let boss = admin();
    buy_and_settle(&app, "/beli s5 081200000010", "sedang diproses").await;
    assert_eq!(count_to_admin(&app, "menipis"), 0);
    // 10.150 more takes it below Rp9.990.000.
    buy_and_settle(&app, "/beli x10 081200000020", "sedang diproses").await;
    let alert = app.message(ADMIN, "menipis").await;
    assert!(
        alert.plain_text.contains("Rp9.984.700"),
        "{}",
        alert.plain_text
    );
    buy_and_settle(&app, "/beli s5 081200000030", "sedang diproses").await;
    assert_eq!(count_to_admin(&app, "menipis"), 1);
    sim.top_up(50_000);
    app.ask(&boss, "/depositserver 50.000", "dicatat").await;
    buy_and_settle(&app, "/beli s5 081200000040", "sedang diproses").await;
    app.message(ADMIN, "kembali").await;
    // Below again: told again.
    sim.skim_next(0);
    for dest in [
        "081200000050",
        "081200000060",
        "081200000070",
        "081200000080",
    ] {
        buy_and_settle(&app, &format!("/beli x10 {dest}"), "sedang diproses").await;
    }
    app.wait_count("select count(*) from outbox where text like '%menipis%'", 2)
        .await;
    assert_eq!(count_to_admin(&app, "tidak cocok"), 0);
    app.finish().await;
}

#[tokio::test]
async fn a_sale_at_a_loss_takes_the_product_off_sale_and_a_higher_cost_is_told() {
    let (app, _sim) = app_with(None).await;
    let (boss, me) = (admin(), reseller());
    // The simulated supplier charges 9.150 for z9 (and 5.150 for s5).
    app.ask(&boss, "/produk z9 5.000 Voucher murah", "disimpan")
        .await;
    app.ask(&boss, "/produk s5 5.000 5.500 Pulsa 5.000", "disimpan")
        .await;
    buy_and_settle(&app, "/beli z9 081200000010", "sedang diproses").await;
    let alert = app.message(ADMIN, "Penjualan rugi").await;
    for part in ["z9", "dinonaktifkan otomatis", "Rp9.150", "Rp5.000"] {
        assert!(
            alert.plain_text.contains(part),
            "{part}: {}",
            alert.plain_text
        );
    }
    let (active, reason): (bool, Option<String>) =
        sqlx::query_as("select active, inactive_reason from products where code = 'z9'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(!active);
    assert!(reason.unwrap().contains("di atas harga jual"));
    let refused = app
        .ask(&me, "/beli z9 081200000020", "tidak tersedia")
        .await;
    assert!(!refused.plain_text.contains("diproses"));
    let orders: i64 = sqlx::query_scalar("select count(*) from orders where product_code = 'z9'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(orders, 1);

    // A charge above the cost price (5.150 over 5.000) is told once per new cost.
    buy_and_settle(&app, "/beli s5 081200000030", "sedang diproses").await;
    let rose = app.message(ADMIN, "Modal naik").await;
    assert!(rose.plain_text.contains("Rp5.150") && rose.plain_text.contains("/produk s5 5150"));
    buy_and_settle(&app, "/beli s5 081200000040", "sedang diproses").await;
    app.wait_count(
        "select count(*) from outbox where sent_at is null and dead_reason is null",
        0,
    )
    .await;
    assert_eq!(count_to_admin(&app, "Modal naik"), 1);
    let active: bool = sqlx::query_scalar("select active from products where code = 's5'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(active, "a higher cost alone does not stop sales");
    app.finish().await;
}

#[tokio::test]
async fn a_redelivered_deposit_to_the_supplier_counts_once() {
    let (app, _sim) = app_with(None).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let amount = Money::from_rupiah(25_000);
    let first = loket::supplier::record_deposit(&mut conn, ADMIN, ADMIN, 77, amount)
        .await
        .unwrap();
    let again = loket::supplier::record_deposit(&mut conn, ADMIN, ADMIN, 77, amount)
        .await
        .unwrap();
    assert_eq!(
        (first, again),
        (
            loket::supplier::Recorded::Now,
            loket::supplier::Recorded::Already
        )
    );
    let rows: i64 =
        sqlx::query_scalar("select count(*) from supplier_reports where source = 'deposit'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(rows, 1);
    drop(conn);
    app.finish().await;
}
