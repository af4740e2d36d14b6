//! How a message reaches its reader: with or without a sound, and under which of their
//! messages (R47).
use sqlx::PgConnection;

/// How a queued message is sent. The default is a message on its own that notifies, as every
/// message was before replies and quiet messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Manner {
    /// Sent with `disable_notification`: news that needs no sound, such as "sedang diproses".
    pub quiet: bool,
    /// The chat's message this one replies to: always an id Telegram gave (see [`Manner::under`]).
    pub reply_to: Option<i64>,
}

impl Manner {
    /// Under the message `message_id`, when Telegram gave that id; on its own otherwise.
    /// Telegram's message ids are positive and fit an i32. What has no message of its own is
    /// keyed otherwise: a button press above every such id (`bot::start`), 0 for none; a reply
    /// to those would be refused, or land under another message of the chat.
    pub fn under(message_id: Option<i64>) -> Self {
        let reply_to = message_id.filter(|id| (1..=i64::from(i32::MAX)).contains(id));
        Self {
            quiet: false,
            reply_to,
        }
    }

    /// The same, without a sound.
    pub fn quietly(self) -> Self {
        Self {
            quiet: true,
            ..self
        }
    }
}

/// As [`super::enqueue`], sent in `manner`.
pub async fn enqueue_in(
    conn: &mut PgConnection,
    dedup_key: &str,
    chat_id: i64,
    text: String,
    manner: Manner,
) -> Result<bool, sqlx::Error> {
    super::queue_text(conn, dedup_key, chat_id, &text, None, None, manner).await
}

#[cfg(test)]
mod tests {
    use super::Manner;

    #[test]
    fn replies_only_under_ids_telegram_gives() {
        assert_eq!(Manner::under(Some(42)).reply_to, Some(42));
        assert_eq!(
            Manner::under(Some(i64::from(i32::MAX))).reply_to,
            Some(2147483647)
        );
        for made_up in [None, Some(0), Some(-5), Some((1 << 32) + 7)] {
            assert_eq!(Manner::under(made_up).reply_to, None, "{made_up:?}");
        }
        assert!(Manner::under(Some(1)).quietly().quiet);
    }
}
