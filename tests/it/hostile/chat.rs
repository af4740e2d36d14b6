//! Hostile arguments from admins and resellers, and orders that belong to someone else.
use crate::helpers::{admin, reseller, spawn_app_with_sim, top_up};

use super::*;

#[tokio::test]
async fn hostile_admin_arguments_get_clear_answers_and_move_no_money() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let trxid = "26112409301500000042";
    let long = "x".repeat(4000);
    let before = snapshot(&app).await;
    for (text, expect) in [
        (
            "/topup 4242 99999999999999999999".to_owned(),
            "jumlah terlalu besar (maksimal Rp1.000.000.000.000)",
        ),
        (
            "/topup 4242 1.000.000.000.001".to_owned(),
            "jumlah terlalu besar",
        ),
        ("/topup 4242 9999999jt".to_owned(), "jumlah terlalu besar"),
        (
            "/topup 99999999999999999999 5000".to_owned(),
            "user_id harus angka",
        ),
        (
            "/topup 4242 -5000".to_owned(),
            "jumlah harus lebih dari nol",
        ),
        (
            "/tarik 4242 -5.000".to_owned(),
            "jumlah harus lebih dari nol",
        ),
        ("/topup 4242 0".to_owned(), "jumlah harus lebih dari nol"),
        ("/tarik 4242 0rb".to_owned(), "jumlah harus lebih dari nol"),
        (
            "/produk s5 0 Gratis".to_owned(),
            "jumlah harus lebih dari nol",
        ),
        (
            "/topup 4242 ٥٠٠٠".to_owned(),
            "jumlah harus berupa angka 0-9",
        ),
        (
            "/topup 4242 ５０００".to_owned(),
            "jumlah harus berupa angka 0-9",
        ),
        ("/topup 4242 💸".to_owned(), "jumlah harus berupa angka 0-9"),
        ("/topup ٤٢٤٢ 5000".to_owned(), "user_id harus angka"),
        (format!("/topup 4242 5000 {long}"), "maksimal 512 karakter"),
        (format!("/produk s5 5000 {long}"), "maksimal 512 karakter"),
        (
            format!("/selesai {trxid} sukses {long}"),
            "maksimal 512 karakter",
        ),
        (format!("/nonaktif {long}"), "maksimal 512 karakter"),
        ("/laporan +200000-01-01".to_owned(), "bukan tanggal"),
        ("/laporan 0-1-1".to_owned(), "bukan tanggal"),
        ("/laporan ２０２４-０１-０１".to_owned(), "bukan tanggal"),
    ] {
        app.ask(&boss, &text, expect).await;
    }
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn hostile_reseller_arguments_get_clear_answers_and_place_nothing() {
    let (app, sim) = spawn_app_with_sim().await;
    let me = reseller();
    let long = "😀".repeat(4000);
    let before = snapshot(&app).await;
    for (text, expect) in [
        (
            "/beli s5 ０８１２３４５６７８９０".to_owned(),
            "nomor tujuan hanya boleh berisi angka 0-9",
        ),
        (
            "/beli s5 ٠٨١٢٣٤٥٦٧٨٩٠".to_owned(),
            "nomor tujuan hanya boleh berisi angka 0-9",
        ),
        (
            "/beli s5 0812😀34567890".to_owned(),
            "nomor tujuan hanya boleh berisi angka 0-9",
        ),
        (
            "/beli s5 99999999999999999999999".to_owned(),
            "maksimal 20 angka",
        ),
        (format!("/beli s5 {}", "9".repeat(60)), "maksimal 20 angka"),
        (
            "/beli s5' 081234567890".to_owned(),
            "kode produk hanya boleh",
        ),
        (
            "/beli <b>s5</b> 081234567890".to_owned(),
            "kode produk hanya boleh",
        ),
        (
            format!("/beli {long} 081234567890"),
            "maksimal 512 karakter",
        ),
        (format!("/harga {long}"), "maksimal 512 karakter"),
        (
            "/cek ٢٦١١٢٤٠٩٣٠١٥٠٠٠٠٠٠٤٢".to_owned(),
            "trxid harus 20 angka 0-9",
        ),
        ("/cek 😀".to_owned(), "trxid harus 20 angka 0-9"),
        (
            "/cek 26112409301500000042' or '1'='1".to_owned(),
            "Format: /cek",
        ),
        (
            "/cek 99999999999999999999".to_owned(),
            "Transaksi tidak ditemukan",
        ),
        (
            "/topup 4242 99999999999999999999".to_owned(),
            "khusus admin",
        ),
    ] {
        app.ask(&me, &text, expect).await;
    }
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(sim.journal(|j| j.requests.len()), 0);
    app.finish().await;
}

#[tokio::test]
async fn cek_never_shows_another_resellers_order() {
    let (app, _sim) = spawn_app_with_sim().await;
    let other = loket::sandbox::sim::telegram::FakeUser::new(5151, "Toko Lain");
    app.ask(&other, "/start", "Selamat datang").await;
    top_up(&app.db.pool, 5151, 30_000).await;
    app.ask(&other, "/beli pln20 532100012340", "sedang diproses")
        .await;
    app.message(5151, "SUKSES").await;
    let trxid: String = sqlx::query_scalar("select trxid from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let sn: String = sqlx::query_scalar("select sn from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    // /cek lays a PLN token out in its parts: the token in groups of four.
    let token = loket::domain::PlnToken::parse(&sn).unwrap().token();

    let before = snapshot(&app).await;
    let answer = app
        .ask(
            &reseller(),
            &format!("/cek {trxid}"),
            "Transaksi tidak ditemukan",
        )
        .await;
    for secret in [
        "532100012340",
        sn.as_str(),
        token.as_str(),
        "Token PLN",
        "Toko Lain",
        "20.500",
    ] {
        assert!(
            !answer.plain_text.contains(secret),
            "{secret:?} leaked: {}",
            answer.plain_text
        );
    }
    assert_eq!(snapshot(&app).await, before);
    // The owner and the admins still see it.
    app.ask(&other, &format!("/cek {trxid}"), &token).await;
    app.ask(&admin(), &format!("/cek {trxid}"), &token).await;
    app.finish().await;
}
