//! What a complaint must be to be taken; each refusal stores nothing.
use loket::sandbox::sim::telegram::FakeUser;
use loket::text::complaints as say;

use super::{app, complain, sold};
use crate::helpers::{ADMIN, RESELLER, reseller};

async fn complaints(app: &crate::helpers::TestApp) -> i64 {
    app.count("select count(*) from complaints").await
}

#[tokio::test]
async fn an_admin_sees_the_order_and_the_supplier_side_with_five_buttons() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    let to_admin = complain(&app, &trxid, "pulsa belum masuk <b>").await;
    let text = &to_admin.plain_text;
    for part in [
        "Komplain #1",
        "Toko Maju",
        "@toko",
        "pulsa belum masuk <b>",
        trxid.as_str(),
        "0041-2233/AB CD",
        "SUKSES",
        "Harga jual: Rp5.500",
        "Ditagih supplier: Rp5.150",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    for label in [
        say::RESEND_BUTTON,
        say::REFUND_FULL_BUTTON,
        say::REFUND_PART_BUTTON,
        say::REJECT_BUTTON,
        say::REPLY_BUTTON,
    ] {
        assert!(to_admin.callback_data(label).is_some(), "{label}");
    }
    // The second admin got it too, and the reseller sees it in their list.
    app.message(super::ADMIN2, "Komplain #1").await;
    app.ask(&reseller(), "/komplain", "menunggu admin").await;
    app.finish().await;
}

#[tokio::test]
async fn unknown_foreign_failed_young_and_empty_complaints_are_refused_and_store_nothing() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    let other = FakeUser::new(5151, "Lain");
    app.ask(&other, "/start", "").await;
    let unknown = app
        .ask(
            &reseller(),
            "/komplain 99999999999999999999 belum masuk",
            "tidak ditemukan",
        )
        .await;
    let foreign = app
        .ask(
            &other,
            &format!("/komplain {trxid} belum masuk"),
            "tidak ditemukan",
        )
        .await;
    assert_eq!(
        unknown.plain_text, foreign.plain_text,
        "the same answer for both"
    );
    app.ask(
        &reseller(),
        &format!("/komplain {trxid}"),
        "Tulis keterangannya",
    )
    .await;
    app.ask(&reseller(), "/komplain 12ab belum", "trxid harus")
        .await;

    // Still being processed: a young pending order.
    let pending = app.buy("s5", "081234567891").await.order.trxid.to_string();
    app.ask(
        &reseller(),
        &format!("/komplain {pending} lama"),
        "masih diproses",
    )
    .await;
    // Failed: its refund is named.
    let failed = app.buy("s5", "081234567892").await.order.trxid.to_string();
    let said = "Transaksi s5.081234567892 GAGAL, Saldo: Rp99,999,999, Tgl: 01/01 10:36:38";
    let gagal = crate::helpers::callback_query(1, &failed, "081234567892", said);
    assert_eq!(app.callback(&gagal).await.0, 200);
    app.ask(&reseller(), &format!("/komplain {failed} x"), "sudah GAGAL")
        .await;
    // Too old.
    sqlx::query("update orders set created_at = now() - interval '8 days' where trxid = $1")
        .bind(&trxid)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.ask(
        &reseller(),
        &format!("/komplain {trxid} x"),
        "paling lama 7 hari",
    )
    .await;
    assert_eq!(complaints(&app).await, 0);
    app.finish().await;
}

#[tokio::test]
async fn one_open_complaint_per_order_five_per_reseller_and_long_text_is_cut() {
    let app = app().await;
    let mut trxids = Vec::new();
    for i in 0..6 {
        trxids.push(sold(&app, &format!("08123456780{i}")).await);
    }
    complain(&app, &trxids[0], "belum masuk").await;
    app.ask(&reseller(), &format!("/komplain {} lagi", trxids[0]), "#1")
        .await;
    for trxid in &trxids[1..5] {
        complain(&app, trxid, "belum masuk").await;
    }
    app.ask(
        &reseller(),
        &format!("/komplain {} x", trxids[5]),
        "paling banyak 5",
    )
    .await;
    assert_eq!(complaints(&app).await, 5);

    // Once one is closed, the sixth order's complaint is taken, cut to 500 characters.
    app.ask(
        &crate::helpers::admin(),
        "/tolakkomplain 1 sudah masuk",
        "ditolak",
    )
    .await;
    let long = "kata ".repeat(140);
    let receipt = app
        .ask(
            &reseller(),
            &format!("/komplain {} {long}", trxids[5]),
            "diterima",
        )
        .await;
    assert!(
        receipt.plain_text.contains("dipotong"),
        "{}",
        receipt.plain_text
    );
    let body: String = sqlx::query_scalar("select body from complaints where complaint_id = 6")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(body.chars().count(), 500);
    app.finish().await;
}

#[tokio::test]
async fn a_photo_captioned_with_the_command_reaches_admins_as_that_photo() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    let mark = app.tg.message_mark();
    let sent = app
        .tg
        .user_sends_photo(&reseller(), Some(&format!("/komplain {trxid} lihat layar")))
        .await;
    app.reply_after(mark, RESELLER, "diterima").await;
    let to_admin = app.reply_after(mark, ADMIN, "Komplain #1").await;
    let file = to_admin.file.as_ref().expect("a photo");
    assert_eq!(Some(&file.file_id), sent.file_id.as_ref());
    assert!(to_admin.callback_data(say::REFUND_FULL_BUTTON).is_some());
    let photo: Option<String> = sqlx::query_scalar("select photo_id from complaints")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(photo, sent.file_id);
    // Not a transfer proof.
    assert_eq!(app.count("select count(*) from deposit_proofs").await, 0);
    app.finish().await;
}
