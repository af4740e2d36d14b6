//! Photos leave through the same pace as messages, against the fake Telegram.
use std::time::Duration;

use teloxide_core::prelude::*;
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::TgBot;
use super::pace::PaceLimits;
use crate::deposits::qr_image;
use crate::sandbox::sim::telegram::{FakeConfig, FakeTelegram, FakeUser};

async fn start() -> (FakeTelegram, TgBot) {
    let fake = FakeTelegram::start(FakeConfig::default())
        .await
        .expect("bind loopback");
    let api = Bot::new(fake.token()).set_api_url(fake.url().parse().expect("a URL"));
    (fake, TgBot::new(api, PaceLimits::TELEGRAM))
}

fn qris_png() -> Vec<u8> {
    qr_image::png("00020101021253033605802ID6304ABCD").expect("a QR image")
}

#[tokio::test]
async fn a_png_goes_out_as_a_photo_with_its_html_caption_and_keyboard() {
    let (fake, tg) = start().await;
    let png = qris_png();
    let keyboard =
        InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Batal", "dep:cancel:9")]]);
    let message = tg
        .send_photo_png(
            7001,
            png.clone(),
            "Transfer tepat <b>Rp100.123</b>".to_owned(),
            Some(keyboard),
        )
        .await
        .expect("sendPhoto");
    assert!(message.photo().is_some());

    let sent = &fake.messages_to(7001)[0];
    let file = sent.file.as_ref().expect("a photo");
    assert_eq!(file.file_name.as_deref(), Some("qris.png"));
    assert_eq!(sent.file_bytes(), Some(png.as_slice()));
    assert_eq!(sent.plain_text, "Transfer tepat Rp100.123");
    assert_eq!(sent.parse_mode.as_deref(), Some("HTML"));
    assert_eq!(sent.callback_data("Batal").as_deref(), Some("dep:cancel:9"));
}

#[tokio::test]
async fn a_persons_photo_is_passed_on_by_its_file_id() {
    let (fake, tg) = start().await;
    let receipt = fake
        .user_sends_photo(&FakeUser::new(7001, "Sari"), None)
        .await;
    let file_id = receipt.file_id.expect("a photo has an id");
    tg.send_photo_id(
        42,
        file_id.clone(),
        "Bukti transfer dari <i>Sari</i>".to_owned(),
        None,
    )
    .await
    .expect("a photo Telegram holds");
    let sent = &fake.messages_to(42)[0];
    assert_eq!(
        sent.file.as_ref().map(|f| f.file_id.as_str()),
        Some(file_id.as_str())
    );
    assert_eq!(sent.plain_text, "Bukti transfer dari Sari");
}

#[tokio::test]
async fn a_429_on_a_photo_holds_the_next_message_whatever_its_chat() {
    let (fake, tg) = start().await;
    fake.retry_after_next(1);
    let refused = tg
        .send_photo_png(7001, qris_png(), String::new(), None)
        .await;
    assert!(
        matches!(refused, Err(teloxide_core::RequestError::RetryAfter(_))),
        "{refused:?}"
    );
    tg.send_html(7002, "halo".to_owned(), None)
        .await
        .expect("sent once the freeze is over");
    let photo = &fake.calls_to("sendPhoto")[0];
    let message = &fake.calls_to("sendMessage")[0];
    assert!(
        message.at.duration_since(photo.at) >= Duration::from_secs(1),
        "{:?}",
        message.at.duration_since(photo.at)
    );
}
