//! A transfer proof sent while several tickets are open: the reseller says which ticket it is
//! for, and only then does it reach admins, with that ticket.
use loket::domain::Money;

use super::open_ticket;
use crate::helpers::{ADMIN, RESELLER, reseller, spawn_app_with_sim};

const FORWARDED: &str =
    "select count(*) from outbox where chat_id = 900 and dedup_key like 'deposit:%:proof:%'";

#[tokio::test]
async fn a_photo_with_several_open_tickets_asks_which_and_goes_with_the_one_chosen() {
    let (app, _sim) = spawn_app_with_sim().await;
    let first = open_ticket(&app, "30rb").await;
    let second = open_ticket(&app, "60rb").await;
    let mark = app.tg.message_mark();
    app.tg
        .user_sends_photo(&reseller(), Some("sudah kak"))
        .await;
    let asked = app
        .reply_after(mark, RESELLER, "untuk tiket yang mana")
        .await;
    let button = |t: &super::Opened| {
        let label = format!("#{} · {}", t.ticket_id, Money::from_rupiah(t.amount));
        asked.callback_data(&label).expect("a button per ticket")
    };
    let (press_first, press_second) = (button(&first), button(&second));
    assert_eq!(app.count(FORWARDED).await, 0, "nothing forwarded yet");

    // The first ticket is cancelled meanwhile: its button attaches nothing.
    app.ask(
        &reseller(),
        &format!("/batal {}", first.ticket_id),
        "dibatalkan",
    )
    .await;
    app.tg
        .user_presses(&reseller(), asked.message_id, &press_first)
        .await;
    app.notice("sudah dibatalkan. Pilih tiket lain").await;
    assert_eq!(app.count(FORWARDED).await, 0);

    // Someone else pressing the reseller's button gets nothing either.
    let stranger = loket::sandbox::sim::telegram::FakeUser::new(777, "Orang Lain");
    app.tg
        .user_presses(&stranger, asked.message_id, &press_second)
        .await;
    app.notice("tidak ditemukan").await;

    let mark = app.tg.message_mark();
    app.tg
        .user_presses(&reseller(), asked.message_id, &press_second)
        .await;
    let forwarded = app
        .reply_after(
            mark,
            ADMIN,
            &format!("Bukti transfer untuk tiket #{}", second.ticket_id),
        )
        .await;
    assert!(forwarded.is_photo(), "{forwarded:?}");
    assert!(forwarded.callback_data("✅ Terima").is_some());
    let answered = app
        .reply_after(
            mark,
            RESELLER,
            &format!("dilampirkan ke tiket #{}", second.ticket_id),
        )
        .await;
    assert!(
        answered.edit && answered.reply_markup.is_none(),
        "{answered:?}"
    );
    assert_eq!(
        paid_noted(&app).await,
        [(first.ticket_id, false), (second.ticket_id, true)]
    );

    // A second press changes nothing.
    app.tg
        .user_presses(&reseller(), asked.message_id, &press_second)
        .await;
    app.notice("sudah dilampirkan").await;
    assert_eq!(app.count(FORWARDED).await, 1);
    app.finish().await;
}

/// Each ticket, and whether its reseller has said they paid.
async fn paid_noted(app: &crate::helpers::TestApp) -> Vec<(i64, bool)> {
    sqlx::query_as(
        "select ticket_id, paid_noted_at is not null from deposit_tickets order by ticket_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}
