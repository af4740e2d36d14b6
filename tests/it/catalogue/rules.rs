//! Gangguan, a category's closed hours, a number of another operator, and the admin verbs that
//! set them.
use chrono::{Duration, Timelike, Utc};

use crate::helpers::{RESELLER, admin, reseller, spawn_app_with_sim};

#[tokio::test]
async fn gangguan_and_closed_hours_refuse_with_the_reason_until_lifted() {
    let (app, _sim) = spawn_app_with_sim().await;
    let (boss, me) = (admin(), reseller());
    app.ask(&me, "/gangguan s5", "khusus admin").await;
    app.ask(
        &boss,
        "/gangguan s5 server operator sibuk",
        "ditandai gangguan",
    )
    .await;
    let refused = app
        .ask(&me, "/beli s5 081234567890", "sedang gangguan")
        .await;
    assert!(
        refused.plain_text.contains("server operator sibuk"),
        "{}",
        refused.plain_text
    );
    app.ask(&me, "s5.081234567890", "sedang gangguan").await;
    let prices = app.ask(&me, "/harga", "Daftar harga").await;
    assert!(
        prices
            .plain_text
            .contains("Pulsa Telkomsel 5.000 — Rp5.500 ⚠️ gangguan"),
        "{}",
        prices.plain_text
    );
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.ask(&boss, "/normal s5", "kembali normal").await;
    app.ask(&me, "/beli s5 081234567890", "sedang diproses")
        .await;

    // PLN closes around now, WIB.
    app.ask(&boss, "/kelompok pln20 PLN PLN", "kategori PLN")
        .await;
    let now = Utc::now() + Duration::hours(7);
    let at = |t: chrono::DateTime<Utc>| format!("{:02}:{:02}", t.hour(), t.minute());
    let (closes, opens) = (
        at(now - Duration::minutes(1)),
        at(now + Duration::minutes(2)),
    );
    app.ask(
        &boss,
        &format!("/kategori jam PLN {closes}-{opens}"),
        "jam tutupnya kini",
    )
    .await;
    let closed = app
        .ask(&me, "/beli pln20 12345678900", "sedang tutup")
        .await;
    assert!(
        closed
            .plain_text
            .contains(&format!("Buka lagi pukul {opens} WIB")),
        "{}",
        closed.plain_text
    );
    app.ask(&me, "/beli s5 081234567800", "sedang diproses")
        .await;
    let listed = app.ask(&boss, "/kategori", "Kategori").await;
    assert!(
        listed
            .plain_text
            .contains(&format!("PLN: 1 produk aktif, tutup {closes}–{opens} WIB")),
        "{}",
        listed.plain_text
    );
    app.ask(&boss, "/kategori jam PLN hapus", "buka sepanjang hari")
        .await;
    app.ask(&me, "/beli pln20 12345678900", "sedang diproses")
        .await;
    assert_eq!(app.count("select count(*) from orders").await, 3);
    app.finish().await;
}

#[tokio::test]
async fn a_number_of_another_operator_asks_before_buying() {
    let (app, _sim) = spawn_app_with_sim().await;
    let (boss, me) = (admin(), reseller());
    app.ask(&boss, "/kelompok s5 Pulsa Telkomsel", "brand Telkomsel")
        .await;
    app.ask(&boss, "/produk byu5 5.400 by.U 5.000", "disimpan")
        .await;
    app.ask(&boss, "/kelompok byu5 Pulsa by.U", "brand by.U")
        .await;

    // Telkomsel's own number, and by.U (Telkomsel's) for an 0851 number: no question.
    app.ask(&me, "/beli s5 081234567890", "sedang diproses")
        .await;
    app.ask(&me, "/beli byu5 085112345670", "sedang diproses")
        .await;

    // An Indosat number, written the international way.
    let asked = app
        .ask(&me, "/beli s5 +6285612345670", "adalah nomor Indosat")
        .await;
    assert!(
        asked.plain_text.contains("Tetap beli?"),
        "{}",
        asked.plain_text
    );
    assert_eq!(app.count("select count(*) from orders").await, 2);
    let no = asked.callback_data("Batal").expect("the button");
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, asked.message_id, &no).await;
    app.reply_after(mark, RESELLER, "Dibatalkan").await;
    assert_eq!(app.count("select count(*) from orders").await, 2);

    let asked = app
        .ask(&me, "s5.6285612345670", "adalah nomor Indosat")
        .await;
    let yes = asked.callback_data("Ya, beli").expect("the button");
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, asked.message_id, &yes).await;
    app.reply_after(mark, RESELLER, "ke 6285612345670 sedang diproses")
        .await;
    assert_eq!(app.count("select count(*) from orders").await, 3);

    // Among several lines there are no buttons: the line says how to confirm it.
    let mark = app.tg.message_mark();
    app.tg
        .user_sends(&me, "s5.085612345671\ns5.081234567800")
        .await;
    let line = app.reply_after(mark, RESELLER, "Baris 1").await;
    assert!(
        line.plain_text.contains("kirim baris ini sendiri"),
        "{}",
        line.plain_text
    );
    // The same one answer lists the line that was bought.
    assert!(
        line.plain_text.contains("Baris 2 (s5): ⏳ diproses"),
        "{}",
        line.plain_text
    );
    assert_eq!(app.count("select count(*) from orders").await, 4);

    // Without an operator, a brand's numbers are not checked.
    app.ask(&boss, "/brand operator Telkomsel -", "tanpa operator")
        .await;
    app.ask(&me, "/beli s5 085612345680", "sedang diproses")
        .await;
    app.finish().await;
}

#[tokio::test]
async fn catalogue_verbs_say_why_they_change_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    app.ask(&boss, "/kategori tambah game", "sudah dipakai")
        .await;
    app.ask(&boss, "/kategori tambah Pulsa/Data", "satu kata")
        .await;
    app.ask(&boss, "/kelompok s5 Pulsa Telkomsel", "kini di kategori")
        .await;
    app.ask(&boss, "/kategori hapus Pulsa", "masih dipakai 1 produk")
        .await;
    app.ask(&boss, "/kategori hapus Voucher", "dihapus").await;
    app.ask(&boss, "/kategori ganti Game Games", "kini bernama Games")
        .await;
    app.ask(
        &boss,
        "/kelompok s5 Nope Telkomsel",
        "Kategori Nope tidak ada",
    )
    .await;
    app.ask(&boss, "/kelompok s5 Pulsa Nope", "Brand Nope tidak ada")
        .await;
    app.ask(&boss, "/kelompok zz Pulsa Telkomsel", "Produk zz tidak ada")
        .await;
    app.ask(&boss, "/kategori jam PLN 23:30", "JAM:MENIT-JAM:MENIT")
        .await;
    app.ask(&boss, "/gangguan zz", "tidak ada").await;
    app.ask(
        &boss,
        "/brand tambah Im3 Indosat",
        "kini untuk nomor Indosat",
    )
    .await;
    let brands = app.ask(&boss, "/brand", "Operator per awalan nomor").await;
    assert!(
        brands
            .plain_text
            .contains("Indosat: 0814, 0815, 0816, 0855, 0856, 0857, 0858"),
        "{}",
        brands.plain_text
    );
    assert!(
        brands
            .plain_text
            .contains("Im3: 0 produk aktif, nomor Indosat")
    );
    let categories: Vec<String> =
        sqlx::query_scalar("select name from categories order by position")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(categories, ["Pulsa", "Data", "PLN", "E-Money", "Games"]);
    app.finish().await;
}
