//! Habits resellers bring from other servers: /start greets as the shop with quick buttons
//! that run their commands, a PIN at the end of a purchase line is answered and buys nothing,
//! and `saldo`, `harga`, `deposit` work without their slash.
use loket::sandbox::sim::telegram::{BotIdentity, FakeConfig, FakeTelegram, SentMessage};
use serde_json::Value;

use crate::helpers::{
    Options, RESELLER, TestApp, TestDb, admin, reseller, seed, settings, simulator,
    spawn_app_with_sim, spawn_app_with_sim_set,
};

/// Each button under a message as (label, callback data), row by row.
fn buttons(message: &SentMessage) -> Vec<(String, String)> {
    let rows = message.reply_markup.as_ref().expect("buttons")["inline_keyboard"].clone();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    rows.as_array()
        .expect("rows of buttons")
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| (text(&b["text"]), text(&b["callback_data"])))
        .collect()
}

/// Presses the button whose label contains `label` under `message`, and waits for the answer
/// to the chat containing `expect`.
async fn press(app: &TestApp, message: &SentMessage, label: &str, expect: &str) -> SentMessage {
    let (_, data) = buttons(message)
        .into_iter()
        .find(|(l, _)| l.contains(label))
        .unwrap_or_else(|| panic!("no button {label:?}"));
    let mark = app.tg.message_mark();
    app.tg
        .user_presses(&reseller(), message.message_id, &data)
        .await;
    app.reply_after(mark, RESELLER, expect).await
}

#[tokio::test]
async fn start_greets_as_the_shop_with_the_balance_and_buttons_that_run_their_commands() {
    let (app, _sim) =
        spawn_app_with_sim_set(|o| o.shop_name = Some("Toko Pulsa Maju".into())).await;
    let me = reseller();
    let welcome = app
        .ask(
            &me,
            "/start",
            "Selamat datang di Toko Pulsa Maju, Toko Maju!",
        )
        .await;
    for part in ["Saldo: Rp50.000", "/deposit 100rb", &RESELLER.to_string()] {
        assert!(
            welcome.plain_text.contains(part),
            "{part}: {}",
            welcome.plain_text
        );
    }
    assert!(
        !welcome.plain_text.contains("loket") && !welcome.plain_text.contains("Kirim ID ini"),
        "{}",
        welcome.plain_text
    );
    let labels: Vec<String> = buttons(&welcome).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels.len(), 4, "{labels:?}");
    for (label, word) in labels.iter().zip(["Beli", "Saldo", "Harga", "Deposit"]) {
        assert!(label.contains(word), "{labels:?}");
    }

    // Each press answers as its command typed does.
    let typed = app.ask(&me, "/saldo", "Saldo Anda").await;
    let pressed = press(&app, &welcome, "Saldo", "Saldo Anda").await;
    assert_eq!(pressed.plain_text, typed.plain_text);
    assert!(
        pressed.plain_text.contains("Rp50.000"),
        "{}",
        pressed.plain_text
    );
    press(&app, &welcome, "Harga", "Daftar harga").await;
    press(&app, &welcome, "Deposit", "/deposit 100rb").await;
    // Two presses of Beli on one greeting open two menus, never one under the other's key.
    press(&app, &welcome, "Beli", "Pilih kategori").await;
    press(&app, &welcome, "Beli", "Pilih kategori").await;
    assert_eq!(app.count("select count(*) from menus").await, 2);
    app.finish().await;
}

#[tokio::test]
async fn without_a_shop_name_start_greets_with_the_bots_own_name() {
    let db = TestDb::new().await;
    seed(&db.pool).await;
    let mut config = FakeConfig::default();
    config.bot = BotIdentity {
        first_name: "Pulsa Kilat".into(),
        ..config.bot
    };
    let tg = FakeTelegram::start(config).await.unwrap();
    let supplier = simulator().spawn().await.unwrap();
    let opts = Options::with_supplier(supplier);
    let app = TestApp::launch(settings(&db.url, &opts, &tg), db, tg).await;
    let welcome = app
        .ask(
            &reseller(),
            "/start",
            "Selamat datang di Pulsa Kilat, Toko Maju!",
        )
        .await;
    assert_eq!(buttons(&welcome).len(), 4);
    app.finish().await;
}

#[tokio::test]
async fn a_pin_at_the_end_of_a_line_is_answered_and_buys_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let answer = app.ask(&me, "S5.081234567890.1234", "tanpa PIN").await;
    assert!(
        answer
            .plain_text
            .contains("di sini tanpa PIN: S5.081234567890.")
            && !answer.plain_text.contains("penghitung"),
        "{}",
        answer.plain_text
    );
    app.ask(
        &me,
        "s5.2.081234567890.123456",
        "tanpa PIN: s5.2.081234567890.",
    )
    .await;
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.ask(&me, "/saldo", "Rp50.000").await;
    app.finish().await;
}

#[tokio::test]
async fn saldo_harga_and_deposit_work_without_the_slash_and_a_product_named_saldo_still_sells() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let balance = app.ask(&me, "saldo", "Saldo Anda").await;
    assert!(
        balance.plain_text.contains("Rp50.000"),
        "{}",
        balance.plain_text
    );
    app.ask(&me, "Harga pln", "pln20 Token PLN 20.000").await;
    app.ask(&me, "deposit 100rb", "Tiket deposit #").await;
    assert_eq!(app.count("select count(*) from deposit_tickets").await, 1);

    app.ask(&admin(), "/produk saldo 5.000 Saldo DANA 5.000", "disimpan")
        .await;
    app.ask(&me, "saldo", "Saldo Anda").await;
    app.tg.user_sends(&me, "saldo.081234567890").await;
    app.wait_count(
        "select count(*) from orders where product_code = 'saldo'",
        1,
    )
    .await;
    app.finish().await;
}
