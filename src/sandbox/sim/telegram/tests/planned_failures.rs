//! Failures a test plans for a chat: blocked, bad request, server errors, 429.
use std::time::{Duration, Instant};

use teloxide_core::prelude::*;
use teloxide_core::{ApiError, RequestError};

use super::super::Failure;
use super::*;

#[tokio::test]
async fn failures_can_be_planned() {
    let (fake, bot) = start().await;
    fake.block_chat(9);
    let blocked = bot.send_message(ChatId(9), "x").await;
    assert!(
        matches!(blocked, Err(RequestError::Api(ApiError::BotBlocked))),
        "{blocked:?}"
    );
    fake.unblock_chat(9);

    fake.fail_next_sends(1, Some(8), Failure::BadRequest("chat not found".into()));
    bot.send_message(ChatId(9), "other chats are spared")
        .await
        .expect("send");
    let failed = bot.send_message(ChatId(8), "x").await;
    assert!(
        matches!(failed, Err(RequestError::Api(ApiError::ChatNotFound))),
        "{failed:?}"
    );

    fake.retry_after_next(3);
    match bot.get_me().await {
        Err(RequestError::RetryAfter(after)) => assert_eq!(after.seconds(), 3),
        other => panic!("expected 429, got {other:?}"),
    }

    // teloxide sleeps 10 s after a 5xx, so these are checked below it.
    fake.fail_next_sends(1, None, Failure::ServerError);
    fake.fail_next_sends(1, None, Failure::BadGateway);
    let (status, body) = raw(
        &fake,
        "sendMessage",
        "application/json",
        r#"{"chat_id":1,"text":"a"}"#,
    )
    .await;
    assert_eq!((status, body.contains("\"error_code\":500")), (500, true));
    let (status, body) = raw(
        &fake,
        "sendMessage",
        "application/json",
        r#"{"chat_id":1,"text":"a"}"#,
    )
    .await;
    assert_eq!((status, body.contains("502 Bad Gateway")), (502, true));

    fake.set_latency(Duration::from_millis(150));
    let asked = Instant::now();
    bot.get_me().await.unwrap();
    assert!(asked.elapsed() >= Duration::from_millis(150));
}
