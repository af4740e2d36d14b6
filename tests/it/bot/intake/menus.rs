//! The "/" command menus and the update kinds Telegram is asked for, in either intake mode
//! (R9c).
use std::time::Duration;

use loket::sandbox::sim::telegram::{Call, FakeConfig, FakeTelegram};
use serde_json::{Value, json};
use teloxide_core::prelude::*;
use teloxide_core::types::BotCommand;

use crate::helpers::{ADMIN, Options, RESELLER, TestApp, TestDb, seed, settings, simulator};

const WAIT: Duration = Duration::from_secs(15);
/// An admin in the first start's ADMIN_IDS, taken out of it for the second.
const FORMER_ADMIN: i64 = 901;

/// The commands setMyCommands or deleteMyCommands was called with for this chat's own scope.
fn for_chat(call: &Call, method: &str, chat: i64) -> bool {
    call.method == method && call.body["scope"] == json!({ "type": "chat", "chat_id": chat })
}

/// Starts loket in one mode on a bot an earlier version left with resellers' commands in the
/// default scope, with ADMIN and FORMER_ADMIN as admins.
async fn start(webhook: bool) -> TestApp {
    let db = TestDb::new().await;
    seed(&db.pool).await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let earlier = Bot::new(tg.token()).set_api_url(tg.url().parse().unwrap());
    (earlier.set_my_commands([BotCommand::new("saldo", "Cek saldo")]))
        .await
        .unwrap();
    let supplier = simulator().spawn().await.unwrap();
    let mut opts = Options::with_supplier(supplier);
    opts.webhook = webhook;
    opts.admins = vec![ADMIN, FORMER_ADMIN];
    TestApp::launch(settings(&db.url, &opts, &tg), db, tg).await
}

#[tokio::test]
async fn both_modes_publish_the_menus_ask_for_the_same_updates_and_take_back_a_removed_admins_menu()
{
    for webhook in [true, false] {
        let app = start(webhook).await;
        let last_grant = |c: &Call| for_chat(c, "setmycommands", FORMER_ADMIN);
        assert!(
            app.tg.wait_for_call(last_grant, WAIT).await.is_some(),
            "webhook mode {webhook}: no admin menu published"
        );
        let reseller_menu = app.tg.menu_in_private_chat(RESELLER);
        assert!(
            reseller_menu.len() > 5
                && reseller_menu.contains(&"beli".to_owned())
                && !reseller_menu.contains(&"topup".to_owned()),
            "webhook mode {webhook}: {reseller_menu:?}"
        );
        for admin in [ADMIN, FORMER_ADMIN] {
            let menu = app.tg.menu_in_private_chat(admin);
            assert!(
                menu.contains(&"topup".to_owned()) && menu.contains(&"beli".to_owned()),
                "webhook mode {webhook}: {menu:?}"
            );
        }
        let default = app.tg.command_sets();
        let default = default
            .iter()
            .find(|s| s.scope == json!({ "type": "default" }));
        assert_eq!(default, None, "the earlier default menu is removed");
        app.wait_count("select count(*) from admin_menus", 2).await;

        // Telegram is asked for messages and button presses alone, by either way in.
        let method = if webhook { "setwebhook" } else { "getupdates" };
        // A call is recorded once answered: a long poll when it returns.
        let first = app.tg.wait_for_call(|c| c.method == method, WAIT).await;
        assert!(first.is_some(), "no {method}");
        if webhook {
            let (url, _) = app.tg.webhook().expect("setWebhook was accepted");
            assert_eq!(url, "https://bot.example/telegram/webhook");
        }
        let asked = app.tg.calls_to(method);
        for call in &asked {
            // setWebhook comes as a form (it may carry a certificate), its lists as JSON text.
            let kinds = match &call.body["allowed_updates"] {
                Value::String(text) => serde_json::from_str(text).unwrap(),
                kinds => kinds.clone(),
            };
            assert_eq!(kinds, json!(["message", "callback_query"]), "{call:?}");
        }

        // The operator takes FORMER_ADMIN out of ADMIN_IDS and restarts.
        let app = app.restart_with(|s| s.admin_ids = vec![ADMIN]).await;
        let revoked = |c: &Call| for_chat(c, "deletemycommands", FORMER_ADMIN);
        assert!(app.tg.wait_for_call(revoked, WAIT).await.is_some());
        app.wait_count("select count(*) from admin_menus where chat_id = 901", 0)
            .await;
        let former = app.tg.menu_in_private_chat(FORMER_ADMIN);
        assert_eq!(former, reseller_menu, "webhook mode {webhook}");
        assert!(
            app.tg
                .menu_in_private_chat(ADMIN)
                .contains(&"topup".to_owned())
        );
        assert_eq!(app.count("select count(*) from admin_menus").await, 1);
        app.finish().await;
    }
}
