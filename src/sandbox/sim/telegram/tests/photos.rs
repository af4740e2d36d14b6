//! Photos: uploads kept with their bytes, file ids honoured only when issued, captions checked
//! like text.

use teloxide_core::prelude::*;
use teloxide_core::types::{
    FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ParseMode, UpdateKind,
};
use teloxide_core::{ApiError, RequestError};

use super::*;
use crate::deposits::qr_image;
use crate::sandbox::sim::telegram::{Failure, FileKind};

pub(super) fn qris_png() -> Vec<u8> {
    qr_image::png("00020101021253033605802ID6304ABCD").expect("a QR image")
}

fn keyboard() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Batal", "dep:cancel:1")]])
}

pub(super) fn description(error: &RequestError) -> String {
    match error {
        RequestError::Api(ApiError::Unknown(description)) => description.clone(),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn an_uploaded_photo_is_recorded_with_its_bytes_and_can_be_sent_again_by_id() {
    let (fake, bot) = start().await;
    let png = qris_png();
    let message = bot
        .send_photo(
            ChatId(5),
            InputFile::memory(png.clone()).file_name("qris.png"),
        )
        .caption("Transfer <b>Rp100.123</b>")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard())
        .await
        .expect("sendPhoto");
    let sizes = message.photo().expect("a photo message");
    let largest = sizes.last().unwrap();
    assert!(largest.width >= 300 && largest.width == largest.height);
    assert!(sizes.windows(2).all(|w| w[0].width < w[1].width));
    assert_eq!(largest.file.size as usize, png.len());
    assert_eq!(message.caption(), Some("Transfer Rp100.123"));

    let sent = &fake.messages_to(5)[0];
    assert!(sent.is_photo());
    assert_eq!(sent.file_bytes(), Some(png.as_slice()));
    let file = sent.file.as_ref().unwrap();
    assert_eq!(file.file_name.as_deref(), Some("qris.png"));
    assert_eq!(file.file_id, largest.file.id.0);
    assert_eq!(
        (sent.text.as_str(), sent.plain_text.as_str()),
        ("Transfer <b>Rp100.123</b>", "Transfer Rp100.123")
    );
    assert_eq!(sent.callback_data("Batal").as_deref(), Some("dep:cancel:1"));

    let again = bot
        .send_photo(ChatId(6), InputFile::file_id(largest.file.id.clone()))
        .await
        .expect("a photo Telegram holds is sent by its id");
    assert_eq!(
        again.photo().unwrap().last().unwrap().file.id,
        largest.file.id
    );
    let resent = &fake.messages_to(6)[0];
    assert_eq!(resent.file_bytes(), Some(png.as_slice()));
    assert_eq!(
        (resent.text.as_str(), resent.reply_markup.as_ref()),
        ("", None)
    );
}

#[tokio::test]
async fn a_photo_by_file_id_is_accepted_only_when_telegram_issued_it() {
    let (fake, bot) = start().await;
    let made_up = bot
        .send_photo(
            ChatId(5),
            InputFile::file_id(FileId("AgACAgUAAxkBAAIC_made_up".to_owned())),
        )
        .await;
    assert!(
        matches!(made_up, Err(RequestError::Api(ApiError::WrongFileIdOrUrl))),
        "{made_up:?}"
    );
    assert!(fake.sent_messages().is_empty());

    let receipt = fake.user_sends_photo(&sari(), Some("/bukti 7")).await;
    let file_id = receipt.file_id.clone().expect("a photo has a file id");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(message) = &updates[0].kind else {
        panic!("a message update: {updates:?}");
    };
    let sizes = message.photo().expect("the person's message is a photo");
    assert_eq!(sizes.last().unwrap().file.id.0, file_id);
    assert!(sizes.len() > 1 && sizes[0].width < sizes[sizes.len() - 1].width);
    assert_eq!(message.caption(), Some("/bukti 7"));
    assert_eq!(i64::from(message.id.0), receipt.message_id);

    // Any size of the photo names it, as each of Telegram's ids does (one admin each, as a
    // chat takes one message a second).
    for (admin, size) in (100..).zip(sizes) {
        bot.send_photo(ChatId(admin), InputFile::file_id(size.file.id.clone()))
            .caption("Bukti transfer dari Sari")
            .await
            .expect("a photo the fake issued is accepted");
    }
    let forwarded = &fake.messages_to(100)[0];
    let file = forwarded.file.as_ref().unwrap();
    assert_eq!(
        (file.kind, file.file_id.as_str()),
        (FileKind::Photo, file_id.as_str())
    );
    assert_eq!((file.bytes.as_ref(), file.file_name.as_ref()), (None, None));
    assert_eq!(forwarded.plain_text, "Bukti transfer dari Sari");
}

#[tokio::test]
async fn a_caption_is_checked_like_text_but_may_be_empty() {
    let (fake, bot) = start().await;
    let photo = || InputFile::memory(qris_png()).file_name("qris.png");
    let too_long = bot
        .send_photo(ChatId(5), photo())
        .caption("a".repeat(1025))
        .await
        .expect_err("1025 characters");
    assert_eq!(
        description(&too_long),
        "Bad Request: message caption is too long"
    );
    // Counted as a reader sees it: tags do not count.
    bot.send_photo(ChatId(6), photo())
        .caption(format!("<b>{}</b>", "a".repeat(1024)))
        .parse_mode(ParseMode::Html)
        .await
        .expect("1024 characters a reader sees");
    let bad_html = bot
        .send_photo(ChatId(5), photo())
        .caption("a < b")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(
        matches!(
            bad_html,
            Err(RequestError::Api(ApiError::CantParseEntities(_)))
        ),
        "{bad_html:?}"
    );
    assert!(fake.messages_to(5).is_empty());

    bot.send_photo(ChatId(7), photo())
        .await
        .expect("no caption");
    assert_eq!(fake.messages_to(7)[0].text, "");

    let not_an_image = bot
        .send_photo(
            ChatId(5),
            InputFile::memory(&b"hello"[..]).file_name("a.png"),
        )
        .await;
    assert!(
        matches!(
            not_an_image,
            Err(RequestError::Api(ApiError::ImageProcessFailed))
        ),
        "{not_an_image:?}"
    );
    let (status, body) = raw(&fake, "sendPhoto", "application/json", r#"{"chat_id":5}"#).await;
    assert_eq!(status, 400);
    assert!(body.contains("there is no photo in the request"), "{body}");

    fake.block_chat(8);
    let blocked = bot.send_photo(ChatId(8), photo()).await;
    assert!(
        matches!(blocked, Err(RequestError::Api(ApiError::BotBlocked))),
        "{blocked:?}"
    );
    fake.fail_next_sends(1, Some(9), Failure::BadRequest("chat not found".to_owned()));
    assert!(bot.send_photo(ChatId(9), photo()).await.is_err());
    assert!(fake.messages_to(5).is_empty() && fake.messages_to(9).is_empty());
}

#[tokio::test]
async fn a_photo_has_no_text_to_edit_but_its_keyboard_can_change() {
    let (fake, bot) = start().await;
    let message = bot
        .send_photo(
            ChatId(5),
            InputFile::memory(qris_png()).file_name("qris.png"),
        )
        .caption("Tiket deposit")
        .reply_markup(keyboard())
        .await
        .unwrap();
    let text_edit = bot
        .edit_message_text(ChatId(5), message.id, "lain")
        .await
        .expect_err("no text");
    assert_eq!(
        description(&text_edit),
        "Bad Request: there is no text in the message to edit"
    );
    let edited = bot
        .edit_message_reply_markup(ChatId(5), message.id)
        .await
        .expect("the keyboard can go");
    assert_eq!(edited.caption(), Some("Tiket deposit"));
    assert!(edited.photo().is_some() && edited.text().is_none());
    let edit = fake.messages_to(5).pop().unwrap();
    assert_eq!(
        (edit.edit, edit.plain_text.as_str()),
        (true, "Tiket deposit")
    );
}
