//! Sends recorded as Telegram would take them, HTML checked, and subscribers told.

use serde_json::json;
use teloxide_core::prelude::*;
use teloxide_core::types::ParseMode;
use teloxide_core::{ApiError, RequestError};

use super::*;

#[tokio::test]
async fn teloxide_gets_me_and_its_sends_are_recorded() {
    let (fake, bot) = start().await;
    let me = bot.get_me().await.expect("getMe");
    assert_eq!(me.username(), "loket_bot");
    assert!(me.is_bot);

    let message = bot
        .send_message(ChatId(5), "hi")
        .await
        .expect("sendMessage");
    assert_eq!(message.text(), Some("hi"));
    assert_eq!(message.chat.id, ChatId(5));
    assert!(message.from.as_ref().is_some_and(|from| from.is_bot));

    let sent = fake.messages_to(5);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].text.as_str(), sent[0].message_id),
        ("hi", message.id.0.into())
    );
    let calls = fake.calls_to("sendMessage");
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0].status, &calls[0].body["chat_id"]),
        (200, &json!(5))
    );
    assert_eq!(fake.calls_to("getme")[0].status, 200);
}

#[tokio::test]
async fn html_is_checked_like_telegram_does() {
    let (fake, bot) = start().await;
    let bad = bot
        .send_message(ChatId(5), "a < b")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(
        matches!(bad, Err(RequestError::Api(ApiError::CantParseEntities(_)))),
        "{bad:?}"
    );

    bot.send_message(ChatId(6), "<b>x</b> &amp;")
        .parse_mode(ParseMode::Html)
        .await
        .expect("valid HTML is accepted");
    let sent = &fake.messages_to(6)[0];
    assert_eq!(
        (sent.text.as_str(), sent.plain_text.as_str()),
        ("<b>x</b> &amp;", "x &")
    );

    let too_long = bot.send_message(ChatId(7), "😀".repeat(2049)).await;
    assert!(
        matches!(too_long, Err(RequestError::Api(ApiError::MessageIsTooLong))),
        "{too_long:?}"
    );
    let empty = bot.send_message(ChatId(7), " ").await;
    assert!(
        matches!(empty, Err(RequestError::Api(ApiError::MessageTextIsEmpty))),
        "{empty:?}"
    );
    assert!(fake.messages_to(5).is_empty() && fake.messages_to(7).is_empty());
}

#[tokio::test]
async fn subscribers_see_messages_as_they_are_sent() {
    let (fake, bot) = start().await;
    let mut messages = fake.subscribe();
    bot.send_message(ChatId(5), "<i>hai</i>")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    let seen = messages.recv().await.unwrap();
    assert_eq!(
        (
            seen.chat_id,
            seen.plain_text.as_str(),
            seen.parse_mode.as_deref()
        ),
        (5, "hai", Some("HTML"))
    );
}
