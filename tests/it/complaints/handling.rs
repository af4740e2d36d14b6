//! Admins' steps on a complaint: each once, the reseller told, the audit row written with it.
use loket::text::complaints as say;

use super::{ADMIN2, app, complain, first_admin, press, second_admin, sold, state_of};
use crate::helpers::{ADMIN, RESELLER, reseller};

async fn audit_rows(app: &crate::helpers::TestApp) -> Vec<(i64, String, String, String)> {
    sqlx::query_as(
        "select admin_id, subject, before, after from admin_actions
          where action = 'komplain' order by action_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn two_admins_pressing_kirim_ulang_together_send_the_result_once() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    let to_first = complain(&app, &trxid, "belum masuk").await;
    let to_second = app.message(ADMIN2, "Komplain #1").await;
    let mark = app.tg.message_mark();
    let (one, two) = (first_admin(), second_admin());
    tokio::join!(
        press(&app, &one, &to_first, say::RESEND_BUTTON),
        press(&app, &two, &to_second, say::RESEND_BUTTON),
    );
    let again = app.reply_after(mark, RESELLER, "dikirim ulang").await;
    assert!(
        again.plain_text.contains("0041-2233/AB CD"),
        "{}",
        again.plain_text
    );
    app.notice("sudah selesai").await;
    assert_eq!(state_of(&app, 1).await, "resent");
    // Both admins hear who handled it.
    app.reply_after(mark, ADMIN, "ditangani admin").await;
    app.reply_after(mark, ADMIN2, "ditangani admin").await;
    let resent = app
        .tg
        .messages_to(RESELLER)
        .into_iter()
        .filter(|m| m.plain_text.contains("dikirim ulang"))
        .count();
    assert_eq!(resent, 1);
    let rows = audit_rows(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].1, "komplain #1");
    assert_eq!((rows[0].2.as_str(), rows[0].3.as_str()), ("open", "resent"));
    app.finish().await;
}

#[tokio::test]
async fn a_reply_keeps_it_open_a_rejection_closes_it_and_each_is_told() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    let to_admin = complain(&app, &trxid, "belum masuk").await;
    let mark = app.tg.message_mark();
    press(&app, &first_admin(), &to_admin, say::REPLY_BUTTON).await;
    app.reply_after(mark, ADMIN, "/balas 1").await;
    press(&app, &first_admin(), &to_admin, say::REJECT_BUTTON).await;
    app.reply_after(mark, ADMIN, "/tolakkomplain 1").await;
    press(&app, &first_admin(), &to_admin, say::REFUND_PART_BUTTON).await;
    let asked = app.reply_after(mark, ADMIN, "/refund").await;
    assert!(asked.plain_text.contains(&trxid), "{}", asked.plain_text);
    assert_eq!(state_of(&app, 1).await, "open", "prompts change nothing");

    // A reseller cannot answer complaints.
    app.ask(&reseller(), "/balas 1 halo", "khusus admin").await;
    app.ask(
        &first_admin(),
        "/balas 1 sedang kami cek ke supplier",
        "dibalas",
    )
    .await;
    app.message(RESELLER, "sedang kami cek ke supplier").await;
    assert_eq!(state_of(&app, 1).await, "answered");
    app.ask(&first_admin(), "/tolakkomplain 1 SN sudah valid", "ditolak")
        .await;
    app.message(RESELLER, "SN sudah valid").await;
    assert_eq!(state_of(&app, 1).await, "rejected");
    // Closed: another step is told who closed it, and changes nothing.
    app.ask(
        &second_admin(),
        "/balas 1 lagi",
        &format!("oleh admin {ADMIN}"),
    )
    .await;
    app.ask(
        &first_admin(),
        "/tolakkomplain 9 x",
        "Tidak ada komplain #9",
    )
    .await;
    app.ask(&reseller(), "/komplain", "ditolak: SN sudah valid")
        .await;
    let rows = audit_rows(&app).await;
    let changes: Vec<(&str, &str)> = rows.iter().map(|r| (r.2.as_str(), r.3.as_str())).collect();
    assert_eq!(
        changes,
        [
            ("open", "answered: sedang kami cek ke supplier"),
            ("answered", "rejected: SN sudah valid")
        ]
    );
    assert!(rows.iter().all(|r| r.0 == ADMIN));
    app.finish().await;
}

#[tokio::test]
async fn an_admins_komplain_lists_the_open_ones_oldest_first() {
    let app = app().await;
    let first = sold(&app, "081234567890").await;
    let second = sold(&app, "081234567891").await;
    complain(&app, &first, "satu").await;
    complain(&app, &second, "dua").await;
    let list = app
        .ask(&first_admin(), "/komplain", "Komplain terbuka")
        .await;
    let (one, two) = (
        list.plain_text.find("#1").unwrap(),
        list.plain_text.find("#2").unwrap(),
    );
    assert!(one < two, "{}", list.plain_text);
    app.finish().await;
}

async fn refunds(app: &crate::helpers::TestApp) -> i64 {
    app.count("select count(*) from ledger_txns where kind = 'refund'")
        .await
}

#[tokio::test]
async fn refund_penuh_pressed_by_two_admins_at_once_refunds_once_and_closes_the_complaint() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    assert_eq!(app.balance(RESELLER).await, 44_500);
    let to_first = complain(&app, &trxid, "belum masuk").await;
    let to_second = app.message(ADMIN2, "Komplain #1").await;
    let mark = app.tg.message_mark();
    let (one, two) = (first_admin(), second_admin());
    tokio::join!(
        press(&app, &one, &to_first, say::REFUND_FULL_BUTTON),
        press(&app, &two, &to_second, say::REFUND_FULL_BUTTON),
    );
    app.reply_after(mark, RESELLER, "Komplain #1 selesai").await;
    let answers: Vec<String> = [ADMIN, ADMIN2]
        .into_iter()
        .map(|id| {
            let app = &app;
            async move {
                let done = app.reply_after(mark, id, "Transaksi").await;
                done.plain_text
            }
        })
        .collect::<futures::future::JoinAll<_>>()
        .await;
    assert_eq!(
        answers
            .iter()
            .filter(|a| a.contains("sudah direfund"))
            .count(),
        1,
        "{answers:?}"
    );
    assert_eq!(refunds(&app).await, 1);
    assert_eq!(app.balance(RESELLER).await, 50_000);
    assert_eq!(state_of(&app, 1).await, "refunded");
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn a_part_refund_typed_by_two_admins_at_once_refunds_once_and_closes_the_complaint() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    complain(&app, &trxid, "nominal kurang").await;
    let mark = app.tg.message_mark();
    let command = format!("/refund {trxid} 2rb nominal kurang");
    let (one, two) = (first_admin(), second_admin());
    tokio::join!(
        app.tg.user_sends(&one, &command),
        app.tg.user_sends(&two, &command),
    );
    app.reply_after(mark, RESELLER, "Komplain #1 selesai").await;
    app.reply_after(mark, ADMIN, "Transaksi").await;
    app.reply_after(mark, ADMIN2, "Transaksi").await;
    assert_eq!(refunds(&app).await, 1);
    assert_eq!(app.balance(RESELLER).await, 46_500);
    assert_eq!(state_of(&app, 1).await, "refunded");
    let note: String = sqlx::query_scalar("select closing_note from complaints")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(note, "direfund Rp2.000");
    // Refunded, the complaint's buttons find it closed.
    app.ask(&first_admin(), "/balas 1 halo", "sudah selesai")
        .await;
    app.finish().await;
}

#[tokio::test]
async fn refund_penuh_under_a_closed_complaint_refunds_nothing_and_says_who_closed_it() {
    let app = app().await;
    let trxid = sold(&app, "081234567890").await;
    let to_admin = complain(&app, &trxid, "belum masuk").await;
    app.ask(&first_admin(), "/tolakkomplain 1 SN sudah valid", "ditolak")
        .await;
    let mark = app.tg.message_mark();
    press(&app, &second_admin(), &to_admin, say::REFUND_FULL_BUTTON).await;
    let told = app.reply_after(mark, ADMIN2, "sudah selesai").await;
    assert!(
        told.plain_text
            .contains(&format!("ditolak) oleh admin {ADMIN}")),
        "{}",
        told.plain_text
    );
    assert_eq!(refunds(&app).await, 0);
    assert_eq!(app.balance(RESELLER).await, 44_500);
    assert_eq!(state_of(&app, 1).await, "rejected");
    app.finish().await;
}
