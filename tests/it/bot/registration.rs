//! A new reseller: admins hear of them once, at their first /start; with
//! `REGISTRATION=approval` they buy nothing and open no ticket until an admin's ✅ (R39).
use loket::domain::{Registration, SupportContact};
use loket::sandbox::sim::telegram::FakeUser;

use crate::helpers::{ADMIN, admin, spawn_app_with_sim_set, top_up};

const NEW: i64 = 5151;

fn newcomer() -> FakeUser {
    FakeUser::new(NEW, "Budi").with_username("budi_pulsa")
}

/// The admins' notices about `NEW`, once nothing waits to be sent.
async fn notices(app: &crate::helpers::TestApp) -> usize {
    app.wait_count(
        "select count(*) from outbox where sent_at is null and dead_reason is null",
        0,
    )
    .await;
    app.tg
        .messages_to(ADMIN)
        .iter()
        .filter(|m| !m.edit && m.plain_text.contains("Reseller baru: Budi"))
        .count()
}

#[tokio::test]
async fn admins_hear_of_a_new_reseller_once_and_start_names_the_support_contact() {
    let (app, _sim) = spawn_app_with_sim_set(|o| {
        o.support_contact = Some(SupportContact::parse("@toko_cs").unwrap());
    })
    .await;
    let budi = newcomer();
    // Known before their /start (any command registers), yet announced at their first /start.
    app.ask(&budi, "/saldo", "Saldo").await;
    assert_eq!(notices(&app).await, 0);
    let mark = app.tg.message_mark();
    let start = app.tg.user_sends(&budi, "/start").await;
    let welcome = app.reply_after(mark, NEW, "Selamat datang").await;
    assert!(
        welcome.plain_text.contains("Bantuan: @toko_cs"),
        "{}",
        welcome.plain_text
    );
    assert!(
        !welcome.plain_text.contains("menunggu"),
        "{}",
        welcome.plain_text
    );
    app.tg.redeliver(start.update_id).await;
    app.ask(&budi, "/start", "Selamat datang").await;

    let notice = app.message(ADMIN, "Reseller baru: Budi").await;
    assert!(
        notice
            .plain_text
            .contains("(@budi_pulsa, 5151) — /topup 5151"),
        "{}",
        notice.plain_text
    );
    assert!(
        notice.reply_markup.is_none(),
        "open registration asks nothing"
    );
    assert_eq!(notices(&app).await, 1);
    let blocked = app.ask(&admin(), "/blokir 5151", "5151").await;
    drop(blocked);
    let refused = app.ask(&budi, "/beli s5 081234567890", "diblokir").await;
    assert!(
        refused.plain_text.contains("Hubungi admin (@toko_cs)"),
        "{}",
        refused.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn approval_mode_holds_a_new_reseller_until_an_admin_approves_once() {
    let (app, _sim) = spawn_app_with_sim_set(|o| o.registration = Registration::Approval).await;
    let budi = newcomer();
    let welcome = app.ask(&budi, "/start", "Selamat datang").await;
    assert!(
        welcome.plain_text.contains("menunggu persetujuan"),
        "{}",
        welcome.plain_text
    );
    let notice = app.message(ADMIN, "Reseller baru: Budi").await;
    assert!(
        notice.plain_text.contains("Menunggu persetujuan"),
        "{}",
        notice.plain_text
    );
    top_up(&app.db.pool, NEW, 50_000).await;

    app.ask(&budi, "/beli s5 081234567890", "menunggu persetujuan")
        .await;
    app.ask(&budi, "/deposit 100000", "menunggu persetujuan")
        .await;
    let orders_of_budi = "select count(*) from orders where user_id = 5151";
    assert_eq!(app.count(orders_of_budi).await, 0);
    assert_eq!(
        app.count("select count(*) from deposit_tickets where user_id = 5151")
            .await,
        0
    );
    // Registered before approval was asked for: buys as before.
    app.buy("s5", "081234567891").await;
    assert_eq!(
        app.count("select count(*) from orders where user_id = 4242")
            .await,
        1
    );

    let approve = format!("daftar:{NEW}:ya");
    app.tg
        .user_presses(&admin(), notice.message_id, &approve)
        .await;
    let approved = app.message(NEW, "sudah disetujui").await;
    // /start's quick buttons come with it; a press runs its command as typed.
    let data: Vec<String> = approved
        .buttons()
        .into_iter()
        .flatten()
        .filter_map(|b| b.callback_data)
        .collect();
    assert_eq!(data, ["cmd:beli", "cmd:saldo", "cmd:harga", "cmd:deposit"]);
    let mark = app.tg.message_mark();
    app.tg
        .user_presses(&budi, approved.message_id, "cmd:saldo")
        .await;
    app.reply_after(mark, NEW, "Saldo").await;
    let edited = app
        .tg
        .wait_for_message(
            ADMIN,
            |m| m.edit && m.plain_text.contains("Disetujui oleh admin"),
            std::time::Duration::from_secs(15),
        )
        .await;
    assert!(edited.is_some(), "the notice shows who approved");
    app.tg
        .user_presses(&admin(), notice.message_id, &approve)
        .await;
    app.notice("sudah disetujui").await;
    app.tg
        .user_presses(&admin(), notice.message_id, &format!("daftar:{NEW}:batal"))
        .await;
    app.notice("sudah disetujui").await;
    assert_eq!(
        app.count("select count(*) from admin_actions where action = 'pendaftaran' and after = 'disetujui'")
            .await,
        1
    );
    assert_eq!(app.count("select count(*) from admin_actions").await, 1);
    let approvals = app
        .tg
        .messages_to(NEW)
        .iter()
        .filter(|m| m.plain_text.contains("sudah disetujui"))
        .count();
    assert_eq!(approvals, 1);

    app.ask(&budi, "/beli s5 081234567890", "SUKSES").await;
    assert_eq!(app.count(orders_of_budi).await, 1);
    assert_eq!(notices(&app).await, 1);
    app.finish().await;
}
