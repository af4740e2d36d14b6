//! Sending, flood limits and planned failures, through a real teloxide client: if teloxide can
//! talk to the fake, so can the bot.
use std::time::{Duration, Instant};

use crate::telegram::TgBot;
use crate::telegram::pace::PaceLimits;
use serde_json::{Value, json};
use teloxide::prelude::*;
use teloxide::types::{BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, ParseMode};
use teloxide::{ApiError, RequestError};

use super::{EditLimit, Failure, FakeConfig, FakeTelegram, FakeUser, Limits};

pub(super) const WAIT: Duration = Duration::from_secs(10);

pub(super) async fn start_with(config: FakeConfig) -> (FakeTelegram, Bot) {
    let fake = FakeTelegram::start(config).await.expect("bind loopback");
    let url = fake.url().parse().expect("the fake's URL parses");
    let bot = Bot::new(fake.token()).set_api_url(url);
    (fake, bot)
}

pub(super) async fn start() -> (FakeTelegram, Bot) {
    start_with(FakeConfig::default()).await
}

pub(super) fn sari() -> FakeUser {
    FakeUser::new(7001, "Sari").with_username("sari")
}

/// A raw call, for what teloxide would never send.
pub(super) async fn raw(
    fake: &FakeTelegram,
    method: &str,
    content_type: &str,
    body: &str,
) -> (u16, String) {
    let url = format!("{}bot{}/{method}", fake.url(), fake.token());
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("the fake answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

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
async fn a_wrong_token_is_unauthorized() {
    let (fake, _) = start().await;
    let stranger = Bot::new("999:wrong").set_api_url(fake.url().parse().unwrap());
    let answer = stranger.get_me().await;
    assert!(
        matches!(answer, Err(RequestError::Api(ApiError::InvalidToken))),
        "{answer:?}"
    );
    assert_eq!(fake.calls_to("getMe")[0].status, 401);
}

#[tokio::test]
async fn bodies_of_any_kind_are_answered_without_panicking() {
    let (fake, _) = start().await;
    let (status, body) = raw(&fake, "sendMessage", "application/json", "{not json").await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (&body["ok"], &body["error_code"]),
        (&json!(false), &json!(400))
    );
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .starts_with("Bad Request: ")
    );

    let form = "chat_id=42&text=halo+dunia%21";
    let (status, _) = raw(
        &fake,
        "sendMessage",
        "application/x-www-form-urlencoded",
        form,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(fake.messages_to(42)[0].text, "halo dunia!");

    assert_eq!(raw(&fake, "getMe", "", "").await.0, 200);
    assert_eq!(raw(&fake, "GETME", "application/json", "[1]").await.0, 400);
    assert_eq!(
        raw(
            &fake,
            "sendMessage",
            "application/json",
            r#"{"chat_id":"@x","text":"a"}"#
        )
        .await
        .0,
        400
    );
    assert_eq!(
        raw(&fake, "sendMessage", "application/json", r#"{"text":"a"}"#)
            .await
            .0,
        400
    );
    assert_eq!(
        raw(&fake, "setChatMenuButton", "application/json", "{}")
            .await
            .0,
        200
    );
    assert_eq!(fake.calls_to("setchatmenubutton").len(), 1);

    let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n\
                     --XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.txt\"\r\n\
                     Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
    let content_type = "multipart/form-data; boundary=XyZ";
    assert_eq!(
        raw(&fake, "sendDocument", content_type, multipart).await.0,
        200
    );
    let upload = &fake.calls_to("senddocument")[0].body;
    assert_eq!(upload["chat_id"], json!("42"));
    assert_eq!(
        upload["document"],
        json!({ "file_name": "a.txt", "size": 5 })
    );
}

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
