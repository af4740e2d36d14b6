//! Updates end to end: long polling, confirmation, redelivery, buttons and edits.
use std::time::{Duration, Instant};

use serde_json::json;
use teloxide_core::prelude::*;
use teloxide_core::types::{
    AllowedUpdate, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, UpdateKind,
};
use teloxide_core::{ApiError, RequestError};

use super::FakeConfig;
use super::tests::{WAIT, sari, start, start_with};

#[tokio::test]
async fn a_polling_client_gets_what_a_person_types_and_confirms_it() {
    let (fake, bot) = start().await;
    let sent = fake.user_sends(&sari(), "/start halo").await;
    let updates = bot
        .get_updates()
        .allowed_updates([AllowedUpdate::Message])
        .await
        .unwrap();
    let [update] = &updates[..] else {
        panic!("one update: {updates:?}")
    };
    let UpdateKind::Message(message) = &update.kind else {
        panic!("a message")
    };
    let echo = format!("echo: {}", message.text().unwrap_or_default());
    bot.send_message(message.chat.id, echo).await.unwrap();
    let reply = fake
        .wait_for_message(sari().id, |m| m.text == "echo: /start halo", WAIT)
        .await
        .expect("the bot echoes");
    assert!(reply.message_id > sent.message_id);

    // The next poll's offset confirms what the last one returned, as Telegram's does.
    let next = i32::try_from(sent.update_id + 1).unwrap();
    assert!(bot.get_updates().offset(next).await.unwrap().is_empty());
    assert!(fake.is_confirmed(sent.update_id));
    assert!(fake.confirmed_offset() > sent.update_id);
    assert_eq!(fake.pending_updates(), 0);
    let polls = fake.calls_to("getUpdates");
    assert!(polls.iter().all(|c| c.status == 200));
    assert_eq!(polls[0].body["allowed_updates"], json!(["message"]));
}

#[tokio::test]
async fn a_confirmed_update_can_be_delivered_again() {
    let (fake, bot) = start().await;
    let first = fake.user_sends(&sari(), "beli s5 0812").await;
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 1);
    assert_eq!(i64::from(updates[0].id.0), first.update_id);
    let next = i32::try_from(first.update_id + 1).unwrap();
    assert!(bot.get_updates().offset(next).await.unwrap().is_empty());
    assert!(fake.is_confirmed(first.update_id));

    assert!(fake.redeliver(first.update_id).await);
    let again = bot.get_updates().offset(next).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, updates[0].id);
    assert_eq!(again[0].kind, updates[0].kind);
    assert!(bot.get_updates().offset(next).await.unwrap().is_empty());
    assert!(!fake.redeliver(9999).await);
}

#[tokio::test]
async fn an_update_can_come_twice_in_one_batch() {
    let (fake, bot) = start().await;
    let sent = fake.user_sends(&sari(), "/saldo").await;
    assert!(fake.deliver_twice(sent.update_id).await);
    let batch = bot.get_updates().await.unwrap();
    let ids: Vec<i64> = batch.iter().map(|u| i64::from(u.id.0)).collect();
    assert_eq!(ids, [sent.update_id, sent.update_id]);
    let UpdateKind::Message(message) = &batch[0].kind else {
        panic!("a message")
    };
    let entity = &message.entities().unwrap()[0];
    assert_eq!(
        (entity.offset, entity.length),
        (0, 6),
        "a bot_command entity"
    );
}

#[tokio::test]
async fn a_long_poll_wakes_when_a_person_types() {
    let config = FakeConfig {
        max_poll_wait: Duration::from_secs(30),
        ..FakeConfig::default()
    };
    let (fake, bot) = start_with(config).await;
    let poll = tokio::spawn(async move { bot.get_updates().timeout(30).await });
    assert!(fake.wait_until_polling(WAIT).await);
    let typed = Instant::now();
    fake.user_sends(&sari(), "halo").await;
    let updates = poll.await.unwrap().unwrap();
    assert_eq!(updates.len(), 1);
    assert!(
        typed.elapsed() < Duration::from_secs(5),
        "took {:?}",
        typed.elapsed()
    );
}

#[tokio::test]
async fn shutdown_ends_a_pending_long_poll() {
    let config = FakeConfig {
        max_poll_wait: Duration::from_secs(30),
        ..FakeConfig::default()
    };
    let (fake, bot) = start_with(config).await;
    let poll = tokio::spawn(async move { bot.get_updates().timeout(30).await });
    assert!(fake.wait_until_polling(WAIT).await);
    let asked = Instant::now();
    fake.shutdown().await;
    let answer = poll.await.unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "took {:?}",
        asked.elapsed()
    );
    assert!(answer.is_ok_and(|updates| updates.is_empty()));
}

#[tokio::test]
async fn pressing_a_button_and_editing_the_message() {
    let (fake, bot) = start().await;
    let keyboard = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback("Ya", "confirm:1"),
        InlineKeyboardButton::callback("Batal", "cancel:1"),
    ]]);
    let message = bot
        .send_message(ChatId(sari().id), "Beli s5?")
        .reply_markup(keyboard)
        .await
        .unwrap();
    assert!(message.reply_markup().is_some(), "the keyboard is echoed");
    let sent = fake.messages_to(sari().id).remove(0);
    assert_eq!(sent.callback_data("Ya").as_deref(), Some("confirm:1"));

    let pressed = fake
        .user_presses(&sari(), message.id.0.into(), "confirm:1")
        .await;
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::CallbackQuery(query) = &updates[0].kind else {
        panic!("a callback query")
    };
    assert_eq!(query.data.as_deref(), Some("confirm:1"));
    assert_eq!(query.regular_message().map(|m| m.id), Some(message.id));
    assert_eq!(Some(query.id.0.clone()), pressed.callback_id);
    bot.answer_callback_query(query.id.clone())
        .await
        .expect("first answer");
    let again = bot.answer_callback_query(query.id.clone()).await;
    assert!(
        matches!(again, Err(RequestError::Api(ApiError::InvalidQueryId))),
        "{again:?}"
    );

    let edited = bot
        .edit_message_text(message.chat.id, message.id, "Diproses")
        .await
        .unwrap();
    assert!(edited.edit_date().is_some() && edited.reply_markup().is_none());
    let same = bot
        .edit_message_text(message.chat.id, message.id, "Diproses")
        .await;
    assert!(
        matches!(same, Err(RequestError::Api(ApiError::MessageNotModified))),
        "{same:?}"
    );
    let missing = bot
        .edit_message_text(message.chat.id, teloxide_core::types::MessageId(999), "x")
        .await;
    assert!(
        matches!(
            missing,
            Err(RequestError::Api(ApiError::MessageToEditNotFound))
        ),
        "{missing:?}"
    );
    let flood = bot
        .edit_message_text(message.chat.id, message.id, "Sukses")
        .await;
    assert!(
        matches!(flood, Err(RequestError::RetryAfter(_))),
        "edits have a clock of their own"
    );
    bot.delete_message(message.chat.id, message.id)
        .await
        .expect("delete");
    let gone = bot.delete_message(message.chat.id, message.id).await;
    assert!(
        matches!(
            gone,
            Err(RequestError::Api(ApiError::MessageToDeleteNotFound))
        ),
        "{gone:?}"
    );
    let last = fake.messages_to(sari().id).pop().unwrap();
    assert!(last.edit && last.text == "Diproses");
}

#[tokio::test]
async fn a_person_can_edit_what_they_sent() {
    let (fake, bot) = start().await;
    let sent = fake.user_sends(&sari(), "beli s5 0812").await;
    let edit = fake
        .user_edits(&sari(), sent.message_id, "beli s10 0812")
        .await;
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(i64::from(updates[1].id.0), edit.update_id);
    let UpdateKind::EditedMessage(edited) = &updates[1].kind else {
        panic!("an edit")
    };
    assert_eq!(
        (edited.text(), i64::from(edited.id.0)),
        (Some("beli s10 0812"), sent.message_id)
    );
    assert!(edited.edit_date().is_some());
}

#[tokio::test]
async fn updates_the_bot_did_not_ask_for_are_not_delivered() {
    let (fake, bot) = start().await;
    let first = bot
        .get_updates()
        .allowed_updates([AllowedUpdate::Message])
        .await
        .unwrap();
    assert!(first.is_empty());
    fake.user_presses(&sari(), 1, "stale").await;
    let typed = fake.user_sends(&sari(), "halo").await;
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(
        updates
            .iter()
            .map(|u| i64::from(u.id.0))
            .collect::<Vec<_>>(),
        [typed.update_id]
    );
}
