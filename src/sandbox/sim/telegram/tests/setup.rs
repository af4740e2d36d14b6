//! The bot's own setup: a webhook instead of polling, and its command lists per scope.

use std::time::Duration;

use serde_json::json;
use teloxide_core::prelude::*;
use teloxide_core::types::{AllowedUpdate, BotCommand};
use teloxide_core::{ApiError, RequestError};

use super::*;

#[tokio::test]
async fn a_webhook_rules_out_polling() {
    let (fake, bot) = start().await;
    bot.set_webhook("https://loket.example/tg".parse().unwrap())
        .secret_token("s3cret".to_owned())
        .await
        .unwrap();
    let webhook = Some((
        "https://loket.example/tg".to_owned(),
        Some("s3cret".to_owned()),
    ));
    assert_eq!(fake.webhook(), webhook);
    assert_eq!(
        bot.get_webhook_info()
            .await
            .unwrap()
            .url
            .map(String::from)
            .as_deref(),
        Some("https://loket.example/tg")
    );
    assert!(matches!(bot.get_updates().await, Err(RequestError::Api(_))));
    assert_eq!(fake.calls_to("getUpdates")[0].status, 409);
    bot.delete_webhook().await.unwrap();
    assert!(bot.get_updates().await.unwrap().is_empty());
}

#[tokio::test]
async fn webhook_info_tells_what_was_set_and_how_delivery_went() {
    let (fake, bot) = start().await;
    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!((info.url, info.max_connections), (None, None));
    assert_eq!(info.allowed_updates, None);
    bot.set_webhook("https://loket.example/telegram/webhook".parse().unwrap())
        .allowed_updates([AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
        .await
        .unwrap();
    assert_eq!(
        fake.allowed_updates(),
        Some(vec!["message".to_owned(), "callback_query".to_owned()])
    );
    fake.user_sends(&sari(), "/saldo").await;
    fake.webhook_failed(
        "Wrong response from the webhook: 502 Bad Gateway",
        Duration::from_secs(300),
    );
    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!(
        info.url.map(String::from).as_deref(),
        Some("https://loket.example/telegram/webhook")
    );
    assert_eq!(info.pending_update_count, 1);
    assert_eq!(info.max_connections, Some(40));
    assert_eq!(
        info.allowed_updates,
        Some(vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
    );
    assert_eq!(
        info.last_error_message.as_deref(),
        Some("Wrong response from the webhook: 502 Bad Gateway")
    );
    let age = chrono::Utc::now() - info.last_error_date.unwrap();
    assert!((299..=301).contains(&age.num_seconds()), "{age}");
    let http = bot.set_webhook("http://loket.example/hook".parse().unwrap());
    let port = bot.set_webhook("https://loket.example:8080/hook".parse().unwrap());
    assert!(matches!(
        http.await,
        Err(RequestError::Api(ApiError::WebhookRequireHttps))
    ));
    assert!(matches!(
        port.await,
        Err(RequestError::Api(ApiError::BadWebhookPort))
    ));
    bot.delete_webhook().await.unwrap();
    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!((info.url, info.last_error_message), (None, None));
}

#[tokio::test]
async fn commands_are_kept_per_scope() {
    let (fake, bot) = start().await;
    bot.set_my_commands([
        BotCommand::new("start", "Mulai"),
        BotCommand::new("saldo", "Cek saldo"),
    ])
    .await
    .unwrap();
    let commands = bot.get_my_commands().await.unwrap();
    assert_eq!(
        commands
            .iter()
            .map(|c| c.command.as_str())
            .collect::<Vec<_>>(),
        ["start", "saldo"]
    );
    assert_eq!(fake.command_sets()[0].scope, json!({ "type": "default" }));
    assert!(
        bot.set_my_commands([BotCommand::new("Start", "x")])
            .await
            .is_err()
    );
    bot.delete_my_commands().await.unwrap();
    assert!(bot.get_my_commands().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_private_chat_shows_its_own_commands_then_all_private_chats_then_the_default() {
    use teloxide_core::types::{BotCommandScope, Recipient};
    let (fake, bot) = start().await;
    assert!(fake.menu_in_private_chat(7).is_empty());
    bot.set_my_commands([BotCommand::new("start", "Mulai")])
        .await
        .unwrap();
    assert_eq!(fake.menu_in_private_chat(7), ["start"]);
    bot.set_my_commands([BotCommand::new("saldo", "Cek saldo")])
        .scope(BotCommandScope::AllPrivateChats)
        .await
        .unwrap();
    assert_eq!(fake.menu_in_private_chat(7), ["saldo"]);
    let own = BotCommandScope::Chat {
        chat_id: Recipient::Id(ChatId(7)),
    };
    bot.set_my_commands([BotCommand::new("topup", "Isi saldo")])
        .scope(own.clone())
        .await
        .unwrap();
    assert_eq!(fake.menu_in_private_chat(7), ["topup"]);
    assert_eq!(fake.menu_in_private_chat(8), ["saldo"]);
    bot.delete_my_commands().scope(own).await.unwrap();
    assert_eq!(fake.menu_in_private_chat(7), ["saldo"]);
}
