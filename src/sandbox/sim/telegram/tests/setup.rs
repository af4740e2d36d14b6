//! The bot's own setup: a webhook instead of polling, and its command lists per scope.

use serde_json::json;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::BotCommand;

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
