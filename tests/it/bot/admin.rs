//! Admin commands, and what non-admins get when they try them.
use crate::helpers::{ADMIN, RESELLER, admin, reseller, spawn_app_with_sim};

#[tokio::test]
async fn non_admins_are_refused_every_admin_command_and_nothing_changes() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let before = app.count("select (select count(*) from ledger_txns) + (select count(*) from products) * 1000 + (select count(*) from users where blocked) * 100000").await;
    for text in [
        "/topup 4242 50000",
        "/tarik 4242 5000",
        "/produk s5 1 Gratis",
        "/nonaktif s5",
        "/aktif s5",
        "/pengguna",
        "/blokir 900",
        "/buka 4242",
        "/pending",
        "/selesai 26112400000000000001 gagal",
        "/laporan",
        "/gagalkirim",
        "/kirimulang 1",
        "/audit",
        "/audit csv",
        "/rute s5 utama:s5",
    ] {
        app.ask(&me, text, "khusus admin").await;
    }
    assert_eq!(app.count("select count(*) from product_routes").await, 0);
    let after = app.count("select (select count(*) from ledger_txns) + (select count(*) from products) * 1000 + (select count(*) from users where blocked) * 100000").await;
    assert_eq!(before, after);
    let price: i64 = sqlx::query_scalar("select price from products where code = 's5'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(price, 5_500);
    let help = app.ask(&me, "/help", "Perintah").await;
    assert!(
        !help.plain_text.contains("/topup"),
        "resellers are not shown admin commands"
    );
    app.finish().await;
}

#[tokio::test]
async fn admins_run_the_shop_from_the_chat() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let me = reseller();

    let saved = app
        .ask(
            &boss,
            "/produk TSEL10 10.250 Telkomsel 10rb <promo>",
            "disimpan",
        )
        .await;
    assert!(
        saved.plain_text.contains("Telkomsel 10rb <promo>")
            && saved.plain_text.contains("Rp10.250")
    );
    app.ask(
        &me,
        "/harga tsel",
        "TSEL10 Telkomsel 10rb <promo> — Rp10.250",
    )
    .await;
    app.ask(&boss, "/nonaktif tsel10", "dinonaktifkan").await;
    app.ask(&me, "/beli tsel10 081234567890", "sedang tidak tersedia")
        .await;
    app.ask(&boss, "/aktif TSEL10", "diaktifkan").await;
    app.ask(&boss, "/nonaktif nope", "tidak ada").await;

    let users = app.ask(&boss, "/pengguna", "Reseller").await;
    assert!(
        users.plain_text.contains("4242 Toko Maju @toko — Rp50.000"),
        "{}",
        users.plain_text
    );
    app.ask(&boss, "/blokir 4242", "diblokir").await;
    app.ask(&me, "/beli s5 081234567890", "diblokir").await;
    app.ask(&me, "/saldo", "Rp50.000").await;
    app.ask(&boss, "/buka 4242", "dibuka").await;
    app.ask(&boss, "/blokir 123", "belum terdaftar").await;

    app.ask(&me, "/beli s5 081234567890", "SUKSES").await;
    let report = app.ask(&boss, "/laporan", "Laporan").await;
    assert!(
        report.plain_text.contains("Sukses: 1") && report.plain_text.contains("Penjualan: Rp5.500"),
        "{}",
        report.plain_text
    );
    assert!(
        report.plain_text.contains("Biaya supplier: Rp5.150")
            && report.plain_text.contains("Laba: Rp350")
    );
    app.ask(&boss, "/laporan 2020-01-01", "Sukses: 0").await;
    let help = app.ask(&boss, "/help", "Admin").await;
    assert!(help.plain_text.contains("/topup"));
    let menus = app.tg.command_sets();
    assert!(
        menus
            .iter()
            .any(|m| m.scope.to_string().contains(&ADMIN.to_string())
                && m.commands.to_string().contains("topup")),
        "{menus:?}"
    );
    app.finish().await;
}

#[tokio::test]
async fn a_broken_ledger_stops_purchases_and_nothing_else() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    assert!(app.monitor.check_books().await.unwrap().is_empty());
    sqlx::query("update accounts set balance = balance + 1000 where user_id = $1")
        .bind(RESELLER)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let found = app.monitor.check_books().await.unwrap();
    assert_eq!(found.len(), 1);
    app.ask(&me, "/beli s5 081234567890", "dihentikan sementara")
        .await;
    app.ask(&me, "/saldo", "Saldo Anda").await;
    app.ask(&me, "/riwayat", "Belum ada transaksi").await;
    app.message(ADMIN, "Pemeriksaan pembukuan gagal").await;
    assert_eq!(app.count("select count(*) from orders").await, 0);

    sqlx::query("update accounts set balance = balance - 1000 where user_id = $1")
        .bind(RESELLER)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert!(app.monitor.check_books().await.unwrap().is_empty());
    app.ask(&me, "/beli s5 081234567890", "sedang diproses")
        .await;
    app.finish().await;
}

#[tokio::test]
async fn admins_hear_once_about_orders_waiting_too_long() {
    let (app, _sim) = spawn_app_with_sim().await;
    // HTTP 500 and never a callback: this order stays unknown until someone acts.
    let accepted = app
        .ask(&reseller(), "/beli s5 081234567896", "sedang diproses")
        .await;
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    assert_eq!(
        app.monitor.alert_stuck_orders().await.unwrap(),
        0,
        "young orders are not stuck"
    );

    sqlx::query("update orders set created_at = now() - interval '45 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    // The monitor's own pass (its first runs as the app starts, after the books' check) may
    // take the order at the same moment; either way it is reported once.
    let taken = app.monitor.alert_stuck_orders().await.unwrap();
    assert!(taken <= 1, "{taken}");
    app.wait_count(
        "select count(*) from orders where stuck_alerted_at is not null",
        1,
    )
    .await;
    assert_eq!(
        app.monitor.alert_stuck_orders().await.unwrap(),
        0,
        "each order is reported once"
    );
    let alert = app.message(ADMIN, "masih unknown").await;
    let trxid: String = sqlx::query_scalar("select trxid from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        alert.plain_text.contains(&trxid) && alert.plain_text.contains("45 menit"),
        "{}",
        alert.plain_text
    );
    assert!(accepted.plain_text.contains(&trxid));
    let pending = app.ask(&admin(), "/pending", "Belum selesai").await;
    assert!(pending.plain_text.contains("⏰"), "{}", pending.plain_text);
    app.finish().await;
}
