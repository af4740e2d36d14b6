//! An admin's ✅ and ❌: credited exactly once, whoever presses, however often.

use super::{admin_notice, books, books_balance, open_ticket};
use crate::helpers::{
    ADMIN, RESELLER, admin, reseller, spawn_app_with_sim_and_admins, spawn_app_with_sim_set,
};
use loket::domain::SupportContact;

const SECOND_ADMIN: i64 = 901;

#[tokio::test]
async fn approval_credits_the_whole_amount_and_tells_the_reseller() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN]).await;
    let ticket = open_ticket(&app, "100rb").await;
    // The reseller says they paid: admins hear it once, with the buttons.
    let paid = ticket.message.callback_data("💸 Sudah transfer").unwrap();
    app.tg
        .user_presses(&reseller(), ticket.message.message_id, &paid)
        .await;
    app.tg
        .user_presses(&reseller(), ticket.message.message_id, &paid)
        .await;
    let heard = app.message(ADMIN, "bilang sudah transfer").await;
    assert!(heard.callback_data("✅ Terima").is_some());

    let notice = admin_notice(&app, ticket.ticket_id).await;
    let mark = app.tg.message_mark();
    let approve = notice.callback_data("✅ Terima").unwrap();
    app.tg
        .user_presses(&admin(), notice.message_id, &approve)
        .await;
    let edited = app.reply_after(mark, ADMIN, "dikreditkan oleh admin").await;
    assert!(edited.edit && edited.reply_markup.is_none(), "{edited:?}");
    let told = app.message(RESELLER, "Deposit tiket").await;
    let shown = loket::domain::Money::from_rupiah(ticket.amount).to_string();
    let balance = loket::domain::Money::from_rupiah(50_000 + ticket.amount).to_string();
    assert!(told.plain_text.contains(&shown), "{}", told.plain_text);
    assert!(told.plain_text.contains(&balance), "{}", told.plain_text);
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("credited".into(), 1, 50_000 + ticket.amount)
    );
    let (how, by): (String, i64) =
        sqlx::query_as("select closed_how, closed_by from deposit_tickets where ticket_id = $1")
            .bind(ticket.ticket_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((how.as_str(), by), ("admin", ADMIN));

    // The same press delivered again by Telegram credits nothing more.
    let again = app
        .tg
        .user_presses(&admin(), notice.message_id, &approve)
        .await;
    assert!(app.tg.redeliver(again.update_id).await);
    app.notice("sudah masuk").await;
    app.ask(&reseller(), "/saldo", "Saldo").await;
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("credited".into(), 1, 50_000 + ticket.amount)
    );
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn two_admins_approving_at_the_same_moment_credit_once() {
    let (app, _sim) = super::spawn_allowing_many_tickets(&[ADMIN, SECOND_ADMIN]).await;
    let second = loket::sandbox::sim::telegram::FakeUser::new(SECOND_ADMIN, "Admin Dua");
    let mut tickets = Vec::new();
    for _ in 0..10 {
        tickets.push(open_ticket(&app, "25rb").await);
    }
    // Both admins press ✅ on every ticket, interleaved, without waiting for answers.
    for t in &tickets {
        let data = format!("deposit:{}:ya", t.ticket_id);
        app.tg.user_presses(&admin(), 1, &data).await;
        app.tg.user_presses(&second, 1, &data).await;
    }
    app.wait_count(
        "select count(*) from deposit_tickets where status = 'credited'",
        10,
    )
    .await;
    super::wait_answers(&app, 20).await;
    let credits = app
        .count("select count(*) from ledger_txns where kind = 'deposit'")
        .await;
    let total: i64 = tickets.iter().map(|t| t.amount).sum();
    assert_eq!(credits, 10);
    assert_eq!(app.balance(RESELLER).await, 50_000 + total);
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn rejection_asks_for_a_reason_which_the_reseller_reads() {
    let (app, _sim) = spawn_app_with_sim_set(|o| {
        o.support_contact = Some(SupportContact::parse("https://wa.me/6281234567890").unwrap());
    })
    .await;
    let ticket = open_ticket(&app, "40rb").await;
    let notice = admin_notice(&app, ticket.ticket_id).await;
    let mark = app.tg.message_mark();
    let reject = notice.callback_data("❌ Tolak").unwrap();
    app.tg
        .user_presses(&admin(), notice.message_id, &reject)
        .await;
    let asked = app.reply_after(mark, ADMIN, "Kirim alasannya").await;
    assert!(
        asked
            .plain_text
            .contains(&format!("/tolak {} alasan", ticket.ticket_id))
    );
    assert_eq!(
        books(&app, ticket.ticket_id).await.0,
        "open",
        "a ❌ alone changes nothing"
    );

    app.ask(
        &admin(),
        &format!("/tolak {}", ticket.ticket_id),
        "tulis alasannya",
    )
    .await;
    app.tg
        .user_sends(
            &admin(),
            &format!("/tolak {} dana tidak masuk ke BCA", ticket.ticket_id),
        )
        .await;
    let told = app.message(RESELLER, "ditolak admin").await;
    assert!(
        told.plain_text.contains("Alasan: dana tidak masuk ke BCA")
            && told
                .plain_text
                .contains("hubungi admin (https://wa.me/6281234567890)"),
        "{}",
        told.plain_text
    );
    app.message(ADMIN, "ditolak oleh admin").await;
    app.ask(
        &admin(),
        &format!("/tolak {} lagi", ticket.ticket_id),
        "sudah ditolak",
    )
    .await;
    // ✅ after the rejection is refused.
    app.tg
        .user_presses(
            &admin(),
            notice.message_id,
            &notice.callback_data("✅ Terima").unwrap(),
        )
        .await;
    app.notice("ditolak").await;
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("rejected".into(), 0, 50_000)
    );
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn a_reseller_cannot_approve_their_own_ticket() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN]).await;
    let ticket = open_ticket(&app, "15rb").await;
    app.tg
        .user_presses(
            &reseller(),
            ticket.message.message_id,
            &format!("deposit:{}:ya", ticket.ticket_id),
        )
        .await;
    app.notice("khusus admin").await;
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("open".into(), 0, 50_000)
    );
    app.finish().await;
}

/// The database's own guard, below the guarded update: a second credit for a ticket is refused
/// by the ledger's index even when the code asks for it directly.
#[tokio::test]
async fn the_ledger_refuses_a_second_credit_for_one_ticket() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN]).await;
    let ticket = open_ticket(&app, "20rb").await;
    let amount = loket::domain::Money::from_rupiah(ticket.amount);
    let mut tx = app.db.pool.begin().await.unwrap();
    loket::ledger::deposit(&mut tx, RESELLER, ticket.ticket_id, amount)
        .await
        .unwrap();
    let again = loket::ledger::deposit(&mut tx, RESELLER, ticket.ticket_id, amount).await;
    assert!(
        matches!(again, Err(loket::ledger::LedgerError::AlreadyRecorded)),
        "{again:?}"
    );
    drop(tx);
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("open".into(), 0, 50_000)
    );
    app.finish().await;
}
