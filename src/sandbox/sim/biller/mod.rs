//! `loket sim-biller`: a supplier that speaks docs/supplier-api.md exactly, with outcomes chosen
//! by the destination's last digit so every path can be rehearsed on purpose.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use reqwest::Url;
use secrecy::SecretString;
use serde_json::Value;

mod delivery;
mod outcome;
mod purchase;
mod record;

pub use delivery::CallbackTry;
pub use outcome::{Outcome, outcome_for, supplier_query};
pub use record::{Answer, CallbackSent, Decided, PurchaseSeen, SentBy, TrxRecord};

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub user: String,
    pub password: SecretString,
    /// Where to send callbacks; without one the simulator only answers synchronously.
    pub callback_url: Option<Url>,
    pub callback_delay: Duration,
    /// How long a "no answer" request is held before the simulator gives up on it.
    pub hang: Duration,
    /// How long after a SUKSES the supplier sends the GAGAL that reverses it (destinations
    /// ending in 9); a real supplier's reversal can come much later.
    pub reversal_delay: Duration,
}

/// What the simulator saw and did, for tests to assert on.
#[derive(Debug, Default)]
pub struct Journal {
    pub requests: Vec<ReceivedRequest>,
    /// Callback queries sent, with the HTTP status our side answered (0: no answer).
    pub callbacks: Vec<(String, u16)>,
    /// Every attempt at sending a callback, as it happens (a callback still being retried is
    /// here before it is in `callbacks`).
    pub tries: Vec<CallbackTry>,
    /// What the simulator was asked and decided, by trxid (see [`TrxRecord`]).
    pub by_trxid: BTreeMap<String, TrxRecord>,
    /// Bodies that were not a purchase request at all, so named no trxid.
    pub unreadable: Vec<String>,
    /// Purchase requests and callback requests open right now.
    pub requests_open: usize,
    pub callbacks_open: usize,
}

#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    pub trxid: String,
    pub produk: String,
    pub idpel: String,
    pub sign_ok: bool,
}

#[derive(Clone)]
pub struct SimBiller {
    inner: Arc<Inner>,
}

struct Inner {
    config: SimConfig,
    http: reqwest::Client,
    journal: Mutex<Journal>,
    /// Answers already given, by trxid: a repeated trxid gets the same answer and no new
    /// callback, as a deduplicating supplier would.
    answered: Mutex<HashMap<String, Value>>,
    /// Settable after start: the party being called back often binds its port after us.
    callback_url: Mutex<Option<Url>>,
    deposit: Mutex<i64>,
    /// Taken from the deposit with the next charge, without a word in the answer: a supplier
    /// that charges more than it says, for the reconciliation to catch.
    skim: Mutex<i64>,
    /// Product codes answered ROUTE whatever the destination (see [`SimBiller::without_route`]).
    without_route: Mutex<BTreeSet<String>>,
    changed: tokio::sync::Notify,
}

impl SimBiller {
    pub fn new(config: SimConfig) -> Self {
        let callback_url = Mutex::new(config.callback_url.clone());
        Self {
            inner: Arc::new(Inner {
                config,
                http: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .expect("a TLS backend is compiled in"),
                journal: Mutex::default(),
                answered: Mutex::default(),
                callback_url,
                deposit: Mutex::new(10_000_000),
                skim: Mutex::new(0),
                without_route: Mutex::default(),
                changed: tokio::sync::Notify::new(),
            }),
        }
    }

    /// Our deposit at the simulated supplier, as its next answer will report it.
    pub fn deposit(&self) -> i64 {
        *self.inner.deposit.lock().expect("deposit lock")
    }

    /// Money we sent to the supplier (what `/depositserver` announces).
    pub fn top_up(&self, amount: i64) {
        *self.inner.deposit.lock().expect("deposit lock") += amount;
    }

    /// The next purchase takes `amount` more than its `total` says.
    pub fn skim_next(&self, amount: i64) {
        *self.inner.skim.lock().expect("skim lock") = amount;
    }

    /// Every purchase of `product` is refused at once with `Produk tidak tersedia (ROUTE)`,
    /// whatever the destination's last digit says: the supplier has no route for it today, the
    /// refusal a route's next supplier is there for.
    pub fn without_route(&self, product: &str) {
        let mut codes = self.inner.without_route.lock().expect("route lock");
        codes.insert(product.to_ascii_lowercase());
    }

    fn has_no_route(&self, product: &str) -> bool {
        let codes = self.inner.without_route.lock().expect("route lock");
        codes.contains(&product.to_ascii_lowercase())
    }

    pub fn set_callback_url(&self, url: Url) {
        *self.inner.callback_url.lock().expect("callback url lock") = Some(url);
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/service/in/json", post(purchase::purchase))
            .with_state(self.clone())
    }

    /// Serves on `listener` until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Binds 127.0.0.1 on a free port and serves in the background; returns its base URL.
    pub async fn spawn(self) -> std::io::Result<Url> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        tokio::spawn(self.serve(listener, std::future::pending()));
        Ok(Url::parse(&format!("http://{addr}")).expect("a socket address makes a URL"))
    }

    /// What the simulator was asked and decided about each trxid, as it stands now.
    pub fn records(&self) -> BTreeMap<String, TrxRecord> {
        self.journal(|j| j.by_trxid.clone())
    }

    pub fn journal<T>(&self, read: impl FnOnce(&Journal) -> T) -> T {
        read(&self.inner.journal.lock().expect("journal lock"))
    }

    /// Waits until `done` holds for the journal (checked on every change), or the deadline.
    pub async fn wait_for(&self, deadline: Duration, done: impl Fn(&Journal) -> bool) -> bool {
        let until = tokio::time::Instant::now() + deadline;
        loop {
            let notified = self.inner.changed.notified();
            if self.journal(&done) {
                return true;
            }
            if tokio::time::timeout_at(until, notified).await.is_err() {
                return self.journal(&done);
            }
        }
    }
}
