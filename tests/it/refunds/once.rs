//! One refund per order: two admins at the same moment, a command delivered again.
use loket::domain::TrxId;
use loket::domain::refund::{RefundAmount, RefundSource};
use loket::orders::{RefundError, RefundRequest, Refused};

use super::{SECOND_ADMIN, app_with_sukses, books, refund_answer, second_admin};
use crate::helpers::{ADMIN, RESELLER, TestApp, admin, reseller};

/// Both admins send `command` without waiting; one refunds, the other is told who did.
async fn two_admins_at_once(app: &TestApp, command: &str) -> (String, String) {
    let mark = app.tg.message_mark();
    app.tg.user_sends(&admin(), command).await;
    app.tg.user_sends(&second_admin(), command).await;
    let first = refund_answer(app, mark, ADMIN).await.plain_text;
    let second = refund_answer(app, mark, SECOND_ADMIN).await.plain_text;
    let done = [&first, &second]
        .iter()
        .filter(|t| t.contains("Saldo pengguna sekarang"))
        .count();
    assert_eq!(done, 1, "exactly one refunds: {first:?} / {second:?}");
    let (winner, done, refused) = if first.contains("Saldo pengguna sekarang") {
        (ADMIN, first, second)
    } else {
        (SECOND_ADMIN, second, first)
    };
    assert!(
        refused.contains(&format!("oleh admin {winner} pada")),
        "the other is told who: {refused}"
    );
    (done, refused)
}

/// The same `/refund` message delivered again by Telegram, and the same decision carried out
/// again in the domain with the same key (a handling repeated after a crash): nothing more.
async fn again(app: &TestApp, trxid: &str, update_id: i64) {
    assert!(app.tg.redeliver(update_id).await);
    // A chat's updates are handled in order: once this is answered, the copy was too.
    app.ask(&admin(), "/saldo", "Saldo").await;
    let request = RefundRequest {
        trxid: TrxId::parse(trxid).unwrap(),
        admin_id: ADMIN,
        amount: RefundAmount::Full,
        source: RefundSource::Shop,
        reason: "diulang".into(),
        idempotency_key: "tg:900:1".into(),
        complaint_id: Some(7),
    };
    match app.orders.refund(&request).await {
        Err(RefundError::Refused(refused))
            if matches!(*refused, Refused::AlreadyRefunded { .. }) => {}
        other => panic!("a second refund: {other:?}"),
    }
}

#[tokio::test]
async fn a_sukses_is_refunded_in_full_once_under_two_admins_and_a_redelivery() {
    let (app, trxid) = app_with_sukses().await;
    assert_eq!(books(&app, &trxid).await, (44_500, 0, None, None, 0, 0));
    let (done, refused) =
        two_admins_at_once(&app, &format!("/refund {trxid} penuh salah kirim")).await;
    assert!(done.contains("DIREFUND Rp5.500"), "{done}");
    assert!(refused.contains("sudah direfund Rp5.500"), "{refused}");
    let told = app.message(RESELLER, "DIREFUND Rp5.500").await;
    assert!(
        told.plain_text.contains("salah kirim"),
        "{}",
        told.plain_text
    );
    assert!(told.plain_text.contains("Saldo sekarang: Rp50.000"));
    let expected = (50_000, 1, Some(5_500), Some("shop".into()), 1, 1);
    assert_eq!(books(&app, &trxid).await, expected);
    let sent = app
        .tg
        .user_sends(&admin(), &format!("/refund {trxid} penuh lagi"))
        .await;
    app.ask(&admin(), "/saldo", "Saldo").await;
    again(&app, &trxid, sent.update_id).await;
    assert_eq!(books(&app, &trxid).await, expected);
    assert_eq!(app.status(&trxid).await, "success");
    // The reseller sees it on the order and on the statement.
    let me = reseller();
    let shown = app.ask(&me, &format!("/cek {trxid}"), "Transaksi").await;
    assert!(
        shown.plain_text.contains("DIREFUND Rp5.500"),
        "{}",
        shown.plain_text
    );
    let shown = app.ask(&me, "/riwayat", "Transaksi terakhir").await;
    assert!(
        shown.plain_text.contains("DIREFUND Rp5.500"),
        "{}",
        shown.plain_text
    );
    let shown = app.ask(&me, "/mutasi", "Mutasi saldo").await;
    assert!(
        shown.plain_text.contains("DIREFUND Rp5.500"),
        "{}",
        shown.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn a_sukses_is_refunded_in_part_once_under_two_admins_and_a_redelivery() {
    let (app, trxid) = app_with_sukses().await;
    let command = format!("/refund {trxid} 2.000 supplier nominal kurang");
    let (_, loser) = two_admins_at_once(&app, &command).await;
    assert!(loser.contains("sudah direfund Rp2.000"), "{loser}");
    assert!(loser.contains("dikembalikan supplier"), "{loser}");
    app.message(RESELLER, "DIREFUND Rp2.000").await;
    let expected = (46_500, 1, Some(2_000), Some("supplier".into()), 1, 1);
    assert_eq!(books(&app, &trxid).await, expected);
    assert_eq!(
        app.count("select count(*) from supplier_reports where source = 'refund' and charge = 0")
            .await,
        1
    );
    let sent = app.tg.user_sends(&admin(), &command).await;
    app.ask(&admin(), "/saldo", "Saldo").await;
    again(&app, &trxid, sent.update_id).await;
    assert_eq!(books(&app, &trxid).await, expected);
    // The audit row says what it was and what went back.
    let (before, after): (String, String) =
        sqlx::query_as("select before, after from admin_actions where action = 'refund'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(before.contains("Rp5.500"), "{before}");
    assert!(
        after.contains("DIREFUND Rp2.000") && after.contains("nominal kurang"),
        "{after}"
    );
    app.finish().await;
}
