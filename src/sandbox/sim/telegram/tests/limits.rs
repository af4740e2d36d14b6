//! Telegram's flood limits, and a bot keeping its pace never meeting them.
use std::time::Instant;

use crate::telegram::TgBot;
use crate::telegram::pace::PaceLimits;
use teloxide_core::RequestError;
use teloxide_core::prelude::*;
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::super::{EditLimit, Limits};
use super::*;

#[tokio::test]
async fn a_second_quick_send_to_a_chat_gets_429() {
    let (fake, bot) = start().await;
    bot.send_message(ChatId(5), "one")
        .await
        .expect("first send");
    bot.send_message(ChatId(6), "other chat")
        .await
        .expect("another chat is not limited");
    match bot.send_message(ChatId(5), "two").await {
        Err(RequestError::RetryAfter(after)) => assert!(after.seconds() >= 1),
        other => panic!("expected 429, got {other:?}"),
    }
    assert_eq!(fake.too_many_requests(), 1);
    assert_eq!(fake.messages_to(5).len(), 1);
}

#[tokio::test]
async fn a_bot_keeping_telegrams_pace_never_sees_429() {
    let (fake, bot) = start().await;
    let bot = TgBot::new(bot, PaceLimits::TELEGRAM);
    let started = Instant::now();
    let mut sends = tokio::task::JoinSet::new();
    for n in 0..43_i64 {
        let chat = if n < 40 { 1000 + n } else { 5 };
        let bot = bot.clone();
        sends.spawn(async move { bot.send_html(chat, format!("message {n}"), None).await });
    }
    while let Some(done) = sends.join_next().await {
        done.expect("task").expect("every send is accepted");
    }
    let took = started.elapsed();
    let to_one: Vec<Instant> = fake.messages_to(5).iter().map(|m| m.at).collect();
    let closest = to_one.windows(2).map(|pair| pair[1] - pair[0]).min();
    let all: Vec<Instant> = fake.sent_messages().iter().map(|m| m.at).collect();
    // The pace lets the 31st message go just over a second after the 1st; how much of that
    // second survives the trip to the server shows how much slack the overall window needs.
    let tightest_31 = all.windows(31).map(|w| w[30] - w[0]).min();
    eprintln!(
        "43 paced sends (40 chats + 3 to one chat) took {took:?}; \
         closest two to one chat: {closest:?}; 31 messages spanned at least {tightest_31:?}"
    );
    assert_eq!(fake.too_many_requests(), 0);
    assert_eq!(fake.sent_messages().len(), 43);
    assert_eq!(fake.messages_to(5).len(), 3);
}

#[tokio::test]
async fn edits_can_be_left_unlimited() {
    let limits = Limits {
        edits: EditLimit::Unlimited,
        ..Limits::default()
    };
    let (fake, bot) = start_with(FakeConfig {
        limits,
        ..FakeConfig::default()
    })
    .await;
    let message = bot.send_message(ChatId(5), "0").await.unwrap();
    for n in 1..5 {
        bot.edit_message_text(ChatId(5), message.id, n.to_string())
            .await
            .expect("edit");
    }
    let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Lagi", "again")]]);
    let edited = bot
        .edit_message_reply_markup(ChatId(5), message.id)
        .reply_markup(keyboard)
        .await
        .expect("a keyboard can be added later");
    assert_eq!(edited.text(), Some("4"));
    assert_eq!(fake.too_many_requests(), 0);
    let last = fake.messages_to(5).pop().unwrap();
    assert!(last.edit);
    assert_eq!(last.callback_data("Lagi").as_deref(), Some("again"));
}
