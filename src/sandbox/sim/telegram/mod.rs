//! A stand-in for the Telegram Bot API: a real HTTP server on loopback that answers the calls a
//! teloxide bot makes the way Telegram does (long polling, flood limits, HTML checks), with a
//! handle to play the people on the other side and to watch what the bot says. End-to-end tests
//! and `loket demo` both use it.
//!
//! ```text
//! let fake = FakeTelegram::start(FakeConfig::default()).await?;
//! let bot = Bot::new(fake.token()).set_api_url(fake.url().parse()?);
//! fake.user_sends(&FakeUser::new(7, "Sari"), "/start").await;
//! let reply = fake.wait_for_message(7, |_| true, Duration::from_secs(5)).await;
//! ```
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;

mod html;
mod inject;
mod limits;
mod messages;
mod observe;
mod server;
mod store;
mod wire;

#[cfg(test)]
mod length_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod update_tests;

pub use html::{HtmlError, validate_html};
pub use limits::{EditLimit, Limits};
pub use store::CommandSet;

use store::Inner;
use wire::Reject;

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

/// One HTTP call the bot made, whatever the answer.
#[derive(Debug, Clone)]
pub struct Call {
    /// Lowercased, as Telegram matches it: `sendmessage`, `getupdates`.
    pub method: String,
    /// The parameters, from a JSON body, multipart, a form or the query string; `Null` if
    /// unreadable.
    pub body: Value,
    /// When the call arrived.
    pub at: Instant,
    pub status: u16,
    /// The request path. Clients given different base URLs (`…/a/`, `…/b/`) can be told apart
    /// by it, as tests with several instances on one fake do.
    pub path: String,
}

/// A message the bot sent, or an edit of one, that Telegram accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    /// As the bot sent it, markup included.
    pub text: String,
    /// What a reader sees: tags gone, entities decoded.
    pub plain_text: String,
    pub parse_mode: Option<String>,
    /// Any keyboard the bot attached, inline or reply, as sent.
    pub reply_markup: Option<Value>,
    pub reply_to: Option<i64>,
    /// `true` for `editMessageText` and `editMessageReplyMarkup`.
    pub edit: bool,
    pub at: Instant,
}

/// A keyboard button as a person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

impl SentMessage {
    /// The keyboard's rows, inline or reply; empty when there is none.
    pub fn buttons(&self) -> Vec<Vec<Button>> {
        let Some(markup) = &self.reply_markup else {
            return Vec::new();
        };
        let rows = markup
            .get("inline_keyboard")
            .or_else(|| markup.get("keyboard"))
            .and_then(Value::as_array);
        let button = |b: &Value| Button {
            text: b
                .as_str()
                .or_else(|| b.get("text")?.as_str())
                .unwrap_or_default()
                .to_owned(),
            callback_data: b
                .get("callback_data")
                .and_then(Value::as_str)
                .map(str::to_owned),
            url: b.get("url").and_then(Value::as_str).map(str::to_owned),
        };
        rows.into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .map(|row| row.iter().map(button).collect())
            .collect()
    }

    /// The callback data of the inline button labelled `label`.
    pub fn callback_data(&self, label: &str) -> Option<String> {
        self.buttons()
            .into_iter()
            .flatten()
            .find(|b| b.text == label)?
            .callback_data
    }
}

/// What an injection created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub update_id: i64,
    /// The person's message, or for a button press the bot's message the button is on.
    pub message_id: i64,
    /// For a button press: the id the bot answers with answerCallbackQuery.
    pub callback_id: Option<String>,
}

/// A failure to answer a send with, in place of accepting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 403: the person blocked the bot.
    Blocked,
    /// 400 with this description after "Bad Request: ".
    BadRequest(String),
    /// 500, JSON body. teloxide waits 10 s after any 5xx before it reports the error.
    ServerError,
    /// 502 with an HTML page, as a proxy in front of a dead backend answers.
    BadGateway,
    /// 429 with this `retry_after`.
    RetryAfter(u32),
}

impl From<Failure> for Reject {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Blocked => Self::Blocked,
            Failure::BadRequest(description) => Self::BadRequest(description),
            Failure::ServerError => Self::ServerError,
            Failure::BadGateway => Self::BadGateway,
            Failure::RetryAfter(seconds) => Self::TooManyRequests(seconds),
        }
    }
}

/// The running fake. Clones share it; the server stops when the last clone is dropped or on
/// [`FakeTelegram::shutdown`].
#[derive(Clone)]
pub struct FakeTelegram {
    inner: Arc<Inner>,
    server: Arc<Server>,
}

struct Server {
    inner: Arc<Inner>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.inner.begin_stop();
        self.stop.send_replace(true);
    }
}

impl FakeTelegram {
    /// Binds `config.addr` and serves on the current tokio runtime.
    pub async fn start(config: FakeConfig) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner::new(config));
        let (stop, mut stopped) = watch::channel(false);
        let app = server::router(inner.clone());
        let task = tokio::spawn(async move {
            let signal = async move {
                // A dropped sender means every handle is gone: stop as well.
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .await
            {
                tracing::warn!(%error, "fake Telegram server failed");
            }
        });
        tracing::debug!(%addr, "fake Telegram listening");
        let server = Server {
            inner: inner.clone(),
            addr,
            stop,
            task: Mutex::new(Some(task)),
        };
        Ok(Self {
            inner,
            server: Arc::new(server),
        })
    }

    /// The base URL for teloxide's `set_api_url`, with a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}/", self.server.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr
    }

    pub fn token(&self) -> &str {
        &self.inner.config.token
    }

    pub fn bot(&self) -> &BotIdentity {
        &self.inner.config.bot
    }

    /// Stops accepting calls, ends pending long polls at once and waits (at most 5 s) for the
    /// server to close its connections.
    pub async fn shutdown(&self) {
        self.inner.begin_stop();
        self.server.stop.send_replace(true);
        let task = store::lock(&self.server.task).take();
        if let Some(mut task) = task
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}
