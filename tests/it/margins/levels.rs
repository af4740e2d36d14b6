//! Price levels through the chat: what each reseller pays, and orders keeping their price.
use crate::helpers::{ADMIN, RESELLER, admin, reseller, spawn_app_with_sim};

fn line_for<'a>(text: &'a str, code: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("{code} ")))
        .unwrap_or_else(|| panic!("no line for {code} in {text}"))
}

#[tokio::test]
async fn two_levels_and_an_override_are_priced_as_set() {
    let (app, _sim) = spawn_app_with_sim().await;
    let (boss, me) = (admin(), reseller());
    app.ask(&me, "/start", "Selamat datang").await;
    let saved = app
        .ask(
            &boss,
            "/produk s5 5.150 5.500 Pulsa Telkomsel 5.000",
            "disimpan",
        )
        .await;
    assert!(
        saved.plain_text.contains("modal Rp5.150"),
        "{}",
        saved.plain_text
    );
    app.ask(&boss, "/produk x10 10.000 10.300 XL 10.000", "disimpan")
        .await;
    app.ask(&boss, "/level tambah agen 150", "dibuat").await;
    app.ask(&boss, "/level tambah master 1%", "dibuat").await;
    app.ask(&boss, "/level harga master s5 5.180", "Harga")
        .await;

    // The default level has no markup: list prices.
    let prices = app.ask(&me, "/harga", "Daftar harga").await;
    assert!(line_for(&prices.plain_text, "s5").ends_with("Rp5.500"));
    assert!(prices.plain_text.contains("Harga level umum"));

    app.ask(
        &boss,
        &format!("/level {RESELLER} agen"),
        "sekarang di level",
    )
    .await;
    let users = app.ask(&boss, "/pengguna", "Reseller").await;
    let listed = format!("{RESELLER} Toko Maju @toko — Rp50.000 · agen");
    assert!(users.plain_text.contains(&listed), "{}", users.plain_text);
    let prices = app.ask(&me, "/harga", "Daftar harga").await;
    assert!(
        line_for(&prices.plain_text, "s5").ends_with("Rp5.300"),
        "{}",
        prices.plain_text
    );
    assert!(line_for(&prices.plain_text, "x10").ends_with("Rp10.150"));
    // No cost price: every level pays the list price.
    assert!(line_for(&prices.plain_text, "pln20").ends_with("Rp20.500"));
    assert!(prices.plain_text.contains("Harga level agen"));

    app.ask(
        &boss,
        &format!("/level {RESELLER} master"),
        "sekarang di level",
    )
    .await;
    let prices = app.ask(&me, "/harga", "Daftar harga").await;
    // The product's own price for the level beats the markup; 1 % of 10.000 is 100.
    assert!(
        line_for(&prices.plain_text, "s5").ends_with("Rp5.180"),
        "{}",
        prices.plain_text
    );
    assert!(line_for(&prices.plain_text, "x10").ends_with("Rp10.100"));

    // What /harga shows is what /beli charges.
    app.ask(&me, "/beli x10 081234567890", "sedang diproses")
        .await;
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.balance(RESELLER).await, 50_000 - 10_100);
    let (price, cost, level): (i64, Option<i64>, String) = sqlx::query_as(
        "select o.price, o.cost, l.name from orders o join price_levels l using (level_id)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (price, cost, level.as_str()),
        (10_100, Some(10_000), "master")
    );

    // Percent markups round up to the rupiah: 1,5 % of 5.150 is 77,25.
    app.ask(&boss, "/level harga master s5 hapus", "dihapus")
        .await;
    app.ask(&boss, "/level markup master 1,5%", "sekarang")
        .await;
    let prices = app.ask(&me, "/harga", "Daftar harga").await;
    assert!(
        line_for(&prices.plain_text, "s5").ends_with("Rp5.228"),
        "{}",
        prices.plain_text
    );
    let list = app.ask(&boss, "/level", "Level harga").await;
    for part in [
        "umum (default): harga jual biasa",
        "agen: modal +Rp150",
        "master: modal +1,5%, 1 reseller",
    ] {
        assert!(
            list.plain_text.contains(part),
            "{part}: {}",
            list.plain_text
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn a_level_change_after_a_purchase_leaves_its_price() {
    let (app, _sim) = spawn_app_with_sim().await;
    let (boss, me) = (admin(), reseller());
    app.ask(&me, "/start", "Selamat datang").await;
    app.ask(&boss, "/produk s5 5.150 5.500 Pulsa", "disimpan")
        .await;
    app.ask(&boss, "/level tambah agen 150", "dibuat").await;
    app.ask(
        &boss,
        &format!("/level {RESELLER} agen"),
        "sekarang di level",
    )
    .await;
    // Destination ending in 9: SUKSES, then GAGAL (a reversal refunds what was paid).
    app.ask(&me, "/beli s5 081234567899", "sedang diproses")
        .await;
    app.ask(&boss, "/level markup agen 2rb", "sekarang").await;
    app.ask(
        &boss,
        &format!("/level {RESELLER} umum"),
        "sekarang di level",
    )
    .await;
    let done = app.message(RESELLER, "SUKSES").await;
    assert!(
        done.plain_text.contains("Harga: Rp5.300"),
        "{}",
        done.plain_text
    );
    app.message(RESELLER, "dibatalkan").await;
    // Refunded exactly what was charged, not a price of the level's new markup.
    assert_eq!(app.balance(RESELLER).await, 50_000);
    let price: i64 = sqlx::query_scalar("select price from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(price, 5_300);
    let prices = app.ask(&me, "/harga s5", "Daftar harga").await;
    assert!(line_for(&prices.plain_text, "s5").ends_with("Rp5.500"));
    app.finish().await;
}

#[tokio::test]
async fn level_commands_refuse_with_the_reason_and_change_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let (boss, me) = (admin(), reseller());
    app.ask(&me, "/start", "Selamat datang").await;
    app.ask(&boss, "/level tambah agen 150", "dibuat").await;
    for (command, expect) in [
        ("/level tambah agen 200", "sudah dipakai"),
        ("/level tambah Agen", "sudah dipakai"),
        ("/level markup vip 100", "Level vip tidak ada"),
        ("/level ganti agen umum", "sudah dipakai"),
        ("/level utama vip", "Level vip tidak ada"),
        ("/level 777 agen", "belum terdaftar"),
        (&format!("/level {RESELLER} vip"), "Level vip tidak ada"),
        ("/level harga agen zz9 5000", "Produk zz9 tidak ada"),
        ("/level tambah ag@n", "nama level hanya"),
        ("/level markup agen 5x", "markup berupa"),
        ("/level terbang", "Format:"),
        ("/produk s5 6000 5rb pulsa", "di bawah modal"),
    ] {
        app.ask(&boss, command, expect).await;
    }
    let refused = app.ask(&me, "/level tambah vip", "khusus admin").await;
    assert!(!refused.plain_text.is_empty());
    let levels: Vec<(String, Option<i64>)> =
        sqlx::query_as("select name, markup from price_levels order by name")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        levels,
        vec![("agen".into(), Some(150)), ("umum".into(), None)]
    );
    let s5: i64 = sqlx::query_scalar("select price from products where code = 's5'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(s5, 5_500);

    // A new default moves everyone without a level; renaming keeps the reseller on it.
    app.ask(&boss, "/produk s5 5.000 5.500 Pulsa", "disimpan")
        .await;
    app.ask(&boss, "/level utama agen", "sekarang default")
        .await;
    let prices = app.ask(&me, "/harga s5", "Daftar harga").await;
    assert!(
        line_for(&prices.plain_text, "s5").ends_with("Rp5.150"),
        "{}",
        prices.plain_text
    );
    app.ask(
        &boss,
        &format!("/level {RESELLER} agen"),
        "sekarang di level",
    )
    .await;
    app.ask(&boss, "/level ganti agen mitra", "sekarang bernama")
        .await;
    let prices = app.ask(&me, "/harga s5", "Daftar harga").await;
    assert!(prices.plain_text.contains("Harga level mitra"));
    let defaults: i64 = sqlx::query_scalar("select count(*) from price_levels where is_default")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(defaults, 1);
    let _ = ADMIN;
    app.finish().await;
}
