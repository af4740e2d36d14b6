//! The cost guard as admins read it: the level that sold at a loss, the levels below a higher
//! charge (R34), and a product it stopped kept off sale by `/produk` until `/aktif` (R33).
use super::supplier::{app_with, buy_and_settle, count_to_admin};
use crate::helpers::{ADMIN, RESELLER, admin, reseller};

#[tokio::test]
async fn the_loss_alert_names_the_level_and_produk_keeps_the_product_off_sale_until_aktif() {
    let (app, _sim) = app_with(None).await;
    let (boss, me) = (admin(), reseller());
    // The simulated supplier charges 9.150 for z9.
    app.ask(&boss, "/produk z9 9.000 9.100 Voucher", "disimpan")
        .await;
    app.ask(&boss, "/level tambah agen", "dibuat").await;
    app.ask(
        &boss,
        &format!("/level {RESELLER} agen"),
        "sekarang di level",
    )
    .await;
    buy_and_settle(&app, "/beli z9 081200000010", "sedang diproses").await;
    let alert = app.message(ADMIN, "Penjualan rugi").await;
    for part in [
        "di atas harga jual Rp9.100 di level agen",
        "Level yang harganya di bawah Rp9.150:",
        "• level umum: Rp9.100 (harga jual) → /produk z9 9150 <harga> <nama>",
        "• level agen: Rp9.100 (harga jual)",
    ] {
        assert!(
            alert.plain_text.contains(part),
            "{part}: {}",
            alert.plain_text
        );
    }

    // New cost and price: saved, and still off sale, with the reason and the way back.
    let saved = app
        .ask(&boss, "/produk z9 9.150 9.600 Voucher 9rb", "disimpan")
        .await;
    for part in ["nonaktif.", "tetap nonaktif", "di level agen", "/aktif z9"] {
        assert!(
            saved.plain_text.contains(part),
            "{part}: {}",
            saved.plain_text
        );
    }
    let row: (bool, i64, Option<i64>, String) =
        sqlx::query_as("select active, price, cost, name from products where code = 'z9'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(row, (false, 9_600, Some(9_150), "Voucher 9rb".into()));
    app.ask(&me, "/beli z9 081200000020", "tidak tersedia")
        .await;
    assert_eq!(
        app.count("select count(*) from orders where product_code = 'z9'")
            .await,
        1
    );

    app.ask(&boss, "/aktif z9", "diaktifkan").await;
    buy_and_settle(&app, "/beli z9 081200000030", "sedang diproses").await;
    assert_eq!(
        app.count("select count(*) from orders where product_code = 'z9' and status = 'success'")
            .await,
        2
    );
    assert_eq!(count_to_admin(&app, "Penjualan rugi"), 1);
    // An admin's own /nonaktif is no guard's: /produk puts that product back on sale.
    app.ask(&boss, "/nonaktif z9", "dinonaktifkan").await;
    app.ask(&boss, "/produk z9 9.150 9.600 Voucher 9rb", ", aktif.")
        .await;
    app.finish().await;
}

#[tokio::test]
async fn a_charge_above_the_cost_lists_the_levels_priced_below_it_and_keeps_the_cost() {
    let (app, _sim) = app_with(None).await;
    let boss = admin();
    // The supplier charges 5.150 for s5.
    app.ask(&boss, "/produk s5 5.000 5.500 Pulsa", "disimpan")
        .await;
    app.ask(&boss, "/level tambah master 50", "dibuat").await;
    app.ask(&boss, "/level tambah agen", "dibuat").await;
    app.ask(
        &boss,
        "/level harga agen s5 5.100",
        "Harga s5 untuk level agen",
    )
    .await;
    buy_and_settle(&app, "/beli s5 081200000010", "sedang diproses").await;
    let rose = app.message(ADMIN, "Modal naik").await;
    for part in [
        "Level yang harganya di bawah Rp5.150:",
        "• level agen: Rp5.100 (harga khusus) → /level harga agen s5 <harga>",
        "• level master: Rp5.050 (modal tercatat + markup) → /produk s5 5150 <harga> <nama>",
    ] {
        assert!(
            rose.plain_text.contains(part),
            "{part}: {}",
            rose.plain_text
        );
    }
    assert!(
        !rose.plain_text.contains("level umum"),
        "{}",
        rose.plain_text
    );
    let cost: Option<i64> = sqlx::query_scalar("select cost from products where code = 's5'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        cost,
        Some(5_000),
        "a charge is told, not taken as the cost price"
    );
    app.finish().await;
}
