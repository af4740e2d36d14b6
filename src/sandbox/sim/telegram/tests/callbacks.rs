//! Menus as loket draws them: a message whose buttons change with each edit, presses on the
//! edited message, and the notices presses are answered with.
use teloxide_core::prelude::*;
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup, UpdateKind};
use teloxide_core::{ApiError, RequestError};

use super::*;
use crate::sandbox::sim::telegram::Limits;

fn keyboard(buttons: &[(&str, &str)]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([buttons
        .iter()
        .map(|(label, data)| InlineKeyboardButton::callback(*label, *data))
        .collect::<Vec<_>>()])
}

async fn pressed(bot: &Bot) -> teloxide_core::types::CallbackQuery {
    let updates = bot.get_updates().await.unwrap();
    match updates.into_iter().last().map(|u| u.kind) {
        Some(UpdateKind::CallbackQuery(query)) => query,
        other => panic!("a callback query, got {other:?}"),
    }
}

#[tokio::test]
async fn a_press_on_an_edited_message_carries_its_new_text_and_buttons() {
    let (fake, bot) = start_with(FakeConfig {
        limits: Limits::off(),
        ..FakeConfig::default()
    })
    .await;
    let chat = ChatId(sari().id);
    let menu = bot
        .send_message(chat, "Pilih kategori")
        .reply_markup(keyboard(&[("Pulsa (2)", "mn:1:0:c1")]))
        .await
        .unwrap();
    let edited = bot
        .edit_message_text(chat, menu.id, "Pilih brand")
        .reply_markup(keyboard(&[
            ("Telkomsel (2)", "mn:1:1:b1"),
            ("« Kembali", "mn:1:1:k"),
        ]))
        .await
        .unwrap();
    assert_eq!(edited.id, menu.id);
    let journal = fake.messages_to(sari().id);
    let last = journal.last().unwrap();
    assert!(last.edit && last.message_id == i64::from(menu.id.0));
    assert_eq!(last.callback_data("« Kembali").as_deref(), Some("mn:1:1:k"));
    assert_eq!(
        last.callback_data("Pulsa (2)"),
        None,
        "the old buttons are gone"
    );

    fake.user_presses(&sari(), menu.id.0.into(), "mn:1:1:b1")
        .await;
    let query = pressed(&bot).await;
    let message = query.regular_message().expect("the message is accessible");
    assert_eq!(message.text(), Some("Pilih brand"));
    let buttons = message.reply_markup().expect("its buttons now");
    assert_eq!(buttons.inline_keyboard[0].len(), 2);

    // An edit that takes the buttons away leaves a message whose presses carry none.
    bot.edit_message_text(chat, menu.id, "Menu ditutup")
        .await
        .unwrap();
    fake.user_presses(&sari(), menu.id.0.into(), "mn:1:1:b1")
        .await;
    let query = pressed(&bot).await;
    let message = query.regular_message().unwrap();
    assert_eq!(message.text(), Some("Menu ditutup"));
    assert!(message.reply_markup().is_none());
}

#[tokio::test]
async fn answers_to_presses_are_kept_with_their_notice() {
    let (fake, bot) = start().await;
    let menu = bot
        .send_message(ChatId(sari().id), "Menu")
        .reply_markup(keyboard(&[("Tutup", "mn:1:0:x")]))
        .await
        .unwrap();
    let mut answers = fake.subscribe_answers();
    let first = fake
        .user_presses(&sari(), menu.id.0.into(), "mn:1:0:x")
        .await;
    let second = fake
        .user_presses(&sari(), menu.id.0.into(), "mn:1:0:x")
        .await;
    let updates = bot.get_updates().await.unwrap();
    let ids: Vec<_> = updates
        .iter()
        .filter_map(|u| match &u.kind {
            UpdateKind::CallbackQuery(q) => Some(q.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 2);

    let too_long = bot
        .answer_callback_query(ids[0].clone())
        .text("x".repeat(201))
        .await;
    // Telegram's own words, "MESSAGE_TOO_LONG", which teloxide reads as an edit's.
    assert!(
        matches!(
            too_long,
            Err(RequestError::Api(ApiError::EditedMessageIsTooLong))
        ),
        "{too_long:?}"
    );
    bot.answer_callback_query(ids[0].clone())
        .text("Menu ini sudah usang")
        .await
        .unwrap();
    bot.answer_callback_query(ids[1].clone()).await.unwrap();

    let first_id = first.callback_id.unwrap();
    let answer = fake
        .wait_for_callback_answer(&first_id, WAIT)
        .await
        .unwrap();
    assert_eq!(answer.text.as_deref(), Some("Menu ini sudah usang"));
    assert_eq!(answer.chat_id, Some(sari().id));
    assert!(!answer.show_alert);
    let streamed = answers.recv().await.unwrap();
    assert_eq!(streamed, answer);
    let quiet = fake
        .wait_for_callback_answer(&second.callback_id.unwrap(), WAIT)
        .await
        .unwrap();
    assert_eq!(quiet.text, None, "only the spinner stopped");
    assert_eq!(
        fake.callback_answers().len(),
        2,
        "the refused answer is not kept"
    );
}
