//! How the fake is set up: its token and address, the bot it plays, and the people who talk to it.
use std::net::SocketAddr;
use std::time::Duration;

use super::Limits;

#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// The only token accepted in URLs; any other gets 401.
    pub token: String,
    /// Where to listen; port 0 takes a free one.
    pub addr: SocketAddr,
    pub bot: BotIdentity,
    pub limits: Limits,
    /// Longest a getUpdates call is held whatever timeout the bot asks for, so a bot that is
    /// stopping is not kept waiting on its last long poll.
    pub max_poll_wait: Duration,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            // Telegram's own example token; its prefix is the bot's user id, as in real tokens.
            token: "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11".to_owned(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            bot: BotIdentity {
                id: 123_456,
                first_name: "Loket".to_owned(),
                username: "loket_bot".to_owned(),
            },
            limits: Limits::default(),
            max_poll_wait: Duration::from_secs(2),
        }
    }
}

/// Who the bot is, as getMe and every sent message tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotIdentity {
    pub id: i64,
    pub first_name: String,
    pub username: String,
}

/// A person talking to the bot in a private chat; the chat's id is the person's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
}

impl FakeUser {
    pub fn new(id: i64, first_name: &str) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            username: None,
        }
    }

    pub fn with_username(mut self, username: &str) -> Self {
        self.username = Some(username.to_owned());
        self
    }
}
