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
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

mod chats_and_commands;
mod checks;
mod config;
mod html;
mod inject;
mod limits;
mod media;
mod messages;
mod observe;
mod parts;
mod sent;
mod server;
mod store;
mod webhook;
mod wire;

#[cfg(test)]
mod length_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod update_tests;

pub use config::{BotIdentity, FakeConfig, FakeUser};
pub use html::{HtmlError, validate_html};
pub use limits::{EditLimit, Limits};
pub use sent::{Button, Call, CallbackAnswer, FileKind, SentFile, SentMessage};
pub use store::CommandSet;

use store::Inner;
use wire::Reject;

/// What an injection created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub update_id: i64,
    /// The person's message, or for a button press the bot's message the button is on.
    pub message_id: i64,
    /// For a button press: the id the bot answers with answerCallbackQuery.
    pub callback_id: Option<String>,
    /// For a photo: the id of its largest size, which the bot can send it again by.
    pub file_id: Option<String>,
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
