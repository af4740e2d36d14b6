//! The people in the chat, and talking to the bot as they would.
use std::time::Duration;

use loket::sandbox::sim::telegram::{FakeUser, SentMessage};

use super::*;

pub fn reseller() -> FakeUser {
    FakeUser::new(RESELLER, "Toko Maju").with_username("toko")
}

pub fn admin() -> FakeUser {
    FakeUser::new(ADMIN, "Admin").with_username("boss")
}

const WAIT: Duration = Duration::from_secs(15);

impl TestApp {
    /// Types `text` as `user` and waits for the first message to that chat, after this one,
    /// whose visible text contains `expect`.
    pub async fn ask(&self, user: &FakeUser, text: &str, expect: &str) -> SentMessage {
        let mark = self.tg.message_mark();
        self.tg.user_sends(user, text).await;
        self.reply_after(mark, user.id, expect).await
    }

    pub async fn reply_after(&self, mark: usize, chat: i64, expect: &str) -> SentMessage {
        let found = self
            .tg
            .wait_for_message_after(mark, chat, |m| m.plain_text.contains(expect), WAIT)
            .await;
        found.unwrap_or_else(|| {
            let seen: Vec<String> = self
                .tg
                .messages_to(chat)
                .into_iter()
                .map(|m| m.plain_text)
                .collect();
            panic!("no message containing {expect:?} to {chat}; saw {seen:#?}")
        })
    }

    /// Waits for any message to `chat` containing `expect`, sent at any time.
    pub async fn message(&self, chat: i64, expect: &str) -> SentMessage {
        self.reply_after(0, chat, expect).await
    }

    /// Waits until a button press was answered with a notice (the pop-up) containing `text`.
    pub async fn notice(&self, text: &str) {
        let found = self
            .tg
            .wait_for_call(
                |c| c.method == "answercallbackquery" && c.body.to_string().contains(text),
                WAIT,
            )
            .await;
        assert!(found.is_some(), "no button notice containing {text:?}");
    }
}
