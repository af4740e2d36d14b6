//! What Telegram counts against the 4096 limit, and what it refuses outright: the mistakes a
//! blind cut of a long message makes.
use teloxide_core::prelude::*;
use teloxide_core::types::ParseMode;
use teloxide_core::{ApiError, RequestError};

use super::tests::start;

#[tokio::test]
async fn the_limit_counts_utf16_units_of_the_text_after_entities() {
    let (fake, bot) = start().await;
    // Each to its own chat, clear of the one-message-a-second limit per chat.
    let chat = std::sync::atomic::AtomicI64::new(100);
    let send = |text: String| {
        let bot = bot.clone();
        let to = ChatId(chat.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        async move { bot.send_message(to, text).parse_mode(ParseMode::Html).await }
    };
    // Tags are not text, and an entity is one character.
    let tagged = format!("<pre>{}</pre>", "&amp;".repeat(4096));
    send(tagged).await.expect("4096 characters once parsed");
    let emoji = format!("<b>{}</b>", "🙂".repeat(2048));
    send(emoji).await.expect("4096 UTF-16 units");

    for too_long in ["&lt;".repeat(4097), format!("a{}", "🙂".repeat(2048))] {
        let refused = send(too_long).await;
        assert!(
            matches!(refused, Err(RequestError::Api(ApiError::MessageIsTooLong))),
            "{refused:?}"
        );
    }
    // What cutting a long message at a character count leaves behind.
    for cut in [
        "<pre>ledger",
        "<code>0812</code> <b",
        "Saldo &am",
        "<b>x</b",
    ] {
        let refused = send(cut.to_owned()).await;
        assert!(
            matches!(
                refused,
                Err(RequestError::Api(ApiError::CantParseEntities(_)))
            ),
            "{cut}: {refused:?}"
        );
    }
    assert_eq!(
        (fake.messages_to(100).len(), fake.messages_to(101).len()),
        (1, 1)
    );
    assert!((102..110).all(|chat| fake.messages_to(chat).is_empty()));
}
