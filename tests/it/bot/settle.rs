//! `/selesai <trxid> gagal` on an order the supplier accepted asks first; the answer is a button.

use loket::sandbox::sim::telegram::SentMessage;

use crate::callbacks::{app_with_pending_order, sukses};
use crate::helpers::{ADMIN, RESELLER, TestApp, admin, reseller, spawn_app_with_sim};

async fn ask_to_fail(app: &TestApp, trxid: &str) -> SentMessage {
    let question = app
        .ask(
            &admin(),
            &format!("/selesai {trxid} gagal stok habis"),
            "diterima supplier",
        )
        .await;
    assert!(
        question
            .plain_text
            .contains("saldo reseller dikembalikan Rp5.500"),
        "{}",
        question.plain_text
    );
    question
}

/// The order as money sees it: status, the reseller's balance, voids, and admin decisions.
async fn books(app: &TestApp, trxid: &str) -> (String, i64, i64, i64) {
    (
        app.status(trxid).await,
        app.balance(RESELLER).await,
        app.count("select count(*) from ledger_txns where kind = 'void'")
            .await,
        app.count("select count(*) from order_events where source = 'admin'")
            .await,
    )
}

fn state(status: &str, balance: i64, voids: i64, decisions: i64) -> (String, i64, i64, i64) {
    (status.to_owned(), balance, voids, decisions)
}

async fn press(app: &TestApp, question: &SentMessage, label: &str, expect: &str) -> SentMessage {
    let data = question.callback_data(label).expect("the button");
    let mark = app.tg.message_mark();
    app.tg
        .user_presses(&admin(), question.message_id, &data)
        .await;
    let edited = app.reply_after(mark, ADMIN, expect).await;
    assert!(edited.edit, "the question itself shows the outcome");
    edited
}

#[tokio::test]
async fn failing_a_pending_order_waits_for_yes_and_refunds_once() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let question = ask_to_fail(&app, &trxid).await;
    assert!(question.callback_data("Ya, gagalkan").is_some());
    assert!(question.callback_data("Batal").is_some());
    assert_eq!(books(&app, &trxid).await, state("pending", 44_500, 0, 0));

    let done = press(&app, &question, "Ya, gagalkan", "diselesaikan").await;
    assert!(done.plain_text.contains("GAGAL"), "{}", done.plain_text);
    let told = app.message(RESELLER, "GAGAL").await;
    assert!(
        told.plain_text.contains("Saldo Rp5.500 sudah dikembalikan"),
        "{}",
        told.plain_text
    );
    let (actor, note): (i64, String) =
        sqlx::query_as("select actor, note from order_events where source = 'admin'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((actor, note.as_str()), (ADMIN, "stok habis"));

    // The same button again: told it is done, nothing moves.
    let data = question.callback_data("Ya, gagalkan").unwrap();
    app.tg
        .user_presses(&admin(), question.message_id, &data)
        .await;
    app.notice("Sudah diproses").await;
    assert_eq!(books(&app, &trxid).await, state("failed", 50_000, 1, 1));
    // One audit row, written by the press that failed it (R38).
    let trail: Vec<(i64, String, String, String, String)> =
        sqlx::query_as("select admin_id, action, subject, before, after from admin_actions")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let subject = format!("trx {trxid}");
    assert_eq!(
        trail,
        [(
            ADMIN,
            "selesaikan".into(),
            subject,
            "pending".into(),
            "gagal".into()
        )]
    );
    app.finish().await;
}

#[tokio::test]
async fn batal_and_presses_by_others_change_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let before = books(&app, &trxid).await;
    let question = ask_to_fail(&app, &trxid).await;

    // A reseller pressing the admin's button (as a made-up press) is refused.
    let yes = question.callback_data("Ya, gagalkan").unwrap();
    app.tg
        .user_presses(&reseller(), question.message_id, &yes)
        .await;
    app.notice("khusus admin").await;
    assert_eq!(books(&app, &trxid).await, before);

    let cancelled = press(&app, &question, "Batal", "Dibatalkan").await;
    assert!(
        cancelled.plain_text.contains("tidak digagalkan"),
        "{}",
        cancelled.plain_text
    );
    // "Ya" after "Batal" (an old client still shows both): the first answer stands.
    app.tg
        .user_presses(&admin(), question.message_id, &yes)
        .await;
    app.notice("sudah dibatalkan").await;
    assert_eq!(books(&app, &trxid).await, before);
    let trail = app.count("select count(*) from admin_actions").await;
    assert_eq!(
        trail, 0,
        "a question and its Batal change nothing, so leave no audit row"
    );

    // SUKSES on a pending order is settled at once, as before.
    app.ask(
        &admin(),
        &format!("/selesai {trxid} sukses 1234-5678/SN MANUAL"),
        "diselesaikan",
    )
    .await;
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn a_callback_between_question_and_press_wins() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let question = ask_to_fail(&app, &trxid).await;
    assert_eq!(app.callback(&sukses(&trxid)).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "success");

    let moved = press(&app, &question, "Ya, gagalkan", "sejak pertanyaan ini").await;
    assert!(moved.plain_text.contains("SUKSES"), "{}", moved.plain_text);
    assert_eq!(books(&app, &trxid).await, state("success", 44_500, 0, 0));
    assert_eq!(
        app.count("select count(*) from order_conflicts").await,
        0,
        "nothing was decided, so nothing conflicts"
    );
    app.finish().await;
}

#[tokio::test]
async fn failing_an_unknown_order_is_done_at_once() {
    let (app, _sim) = spawn_app_with_sim().await;
    // HTTP 500: the supplier may never have seen it.
    let placed = app.buy("s5", "081234567896").await;
    let trxid = placed.order.trxid.to_string();
    assert_eq!(app.status(&trxid).await, "unknown");
    let done = app
        .ask(&admin(), &format!("/selesai {trxid} gagal"), "diselesaikan")
        .await;
    assert!(done.reply_markup.is_none(), "no question asked");
    assert_eq!(app.status(&trxid).await, "failed");
    assert_eq!(app.balance(RESELLER).await, 50_000);
    app.finish().await;
}
