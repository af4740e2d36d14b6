//! Every `/refund` that cannot be carried out says why and changes nothing.
use super::{app_with_pending, app_with_sukses, books};
use crate::callbacks::sukses;
use crate::helpers::{RESELLER, admin, reseller};

#[tokio::test]
async fn refusals_each_say_why_and_change_nothing() {
    let (app, trxid) = app_with_pending().await;
    let boss = admin();
    let untouched = (44_500, 0, None, None, 0, 0);
    let cases = [
        // Not a SUKSES (yet).
        (format!("/refund {trxid} penuh komplain"), "berstatus"),
        // Our shape of trxid, but no such order.
        (
            "/refund 26120599999999999999 penuh komplain".to_owned(),
            "tidak ditemukan",
        ),
        (format!("/refund {trxid} 0 komplain"), "lebih dari nol"),
        (format!("/refund {trxid} -500 komplain"), "jumlah"),
        (format!("/refund {trxid} limaribu komplain"), "angka 0-9"),
        (format!("/refund {trxid} penuh"), "tulis alasannya"),
        (format!("/refund {trxid} penuh supplier"), "tulis alasannya"),
        (
            "/refund 12345 penuh komplain".to_owned(),
            "trxid harus 20 angka",
        ),
        ("/refund".to_owned(), "/refund <trxid>"),
    ];
    for (command, expect) in &cases {
        app.ask(&boss, command, expect).await;
        assert_eq!(books(&app, &trxid).await, untouched, "{command}");
    }
    // More than the reseller paid, once it is a SUKSES.
    assert_eq!(app.callback(&sukses(&trxid)).await, (200, "OK".into()));
    let refused = app
        .ask(
            &boss,
            &format!("/refund {trxid} 5.501 komplain"),
            "melebihi",
        )
        .await;
    assert!(
        refused.plain_text.contains("Rp5.500"),
        "{}",
        refused.plain_text
    );
    assert_eq!(books(&app, &trxid).await, untouched);
    // A reseller cannot refund anything.
    app.ask(
        &reseller(),
        &format!("/refund {trxid} penuh coba"),
        "khusus admin",
    )
    .await;
    assert_eq!(app.balance(RESELLER).await, 44_500);
    app.finish().await;
}

#[tokio::test]
async fn the_whole_price_is_the_most_a_part_refund_gives() {
    let (app, trxid) = app_with_sukses().await;
    app.ask(
        &admin(),
        &format!("/refund {trxid} 5.500 salah produk"),
        "Saldo pengguna sekarang",
    )
    .await;
    assert_eq!(
        books(&app, &trxid).await,
        (50_000, 1, Some(5_500), Some("shop".into()), 1, 1)
    );
    app.finish().await;
}
