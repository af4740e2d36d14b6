//! A Digiflazz that speaks its buyer API (docs/supplier-api.md, "Digiflazz") on 127.0.0.1, with
//! outcomes chosen by the last digit of `customer_no`, so every path can be rehearsed on
//! purpose:
//!
//! | last digit | answer | afterwards |
//! |---|---|---|
//! | 0–4 | `Sukses`, rc `00`, with an SN | — |
//! | 5 | `Pending`, rc `03` | a webhook `Sukses` with an SN |
//! | 6 | `Pending`, rc `03` | a webhook `Gagal`, rc `55` (product disrupted), refunded |
//! | 7 | `Gagal`, rc `54` (wrong number: the customer's) | — |
//! | 8 | `Gagal`, rc `53` (product unavailable) | — |
//! | 9 | `Pending`, rc `03` | nothing: only a status check, after [`SimDigiflazz::settle`] or [`SimDigiflazz::settle_gagal`] |
//!
//! Before the digit: a wrong sign is rc `41`, an unknown SKU rc `43`, a price above
//! `max_price` rc `69`, a balance too small rc `44`. A repeated ref_id is the status check: it
//! answers that transaction's current state and charges nothing. Knobs: [`Failure`] (no answer,
//! HTTP 500, garbage), an IP refusal (rc `45`), the limit on PLN checks reached (rc `86`), the
//! price list limited (rc `83`), a SKU's price and its seller's status changed,
//! duplicate webhooks, forged webhook signatures.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use reqwest::Url;
use secrecy::SecretString;

use crate::digiflazz::wire::TransactionData;

mod catalogue;
mod outcome;
mod transaction;
mod webhooks;

pub use catalogue::CATALOGUE;
pub use outcome::{Outcome, outcome_for};
pub use webhooks::WebhookSent;

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub username: String,
    pub api_key: SecretString,
    pub webhook_secret: SecretString,
    /// Where webhooks go; without one, pending transactions still settle, silently.
    pub webhook_url: Option<Url>,
    pub webhook_delay: Duration,
    /// How long [`Failure::Hang`] holds an answer back.
    pub hang: Duration,
}

/// How the next answers fail, after the simulator has done what was asked: the transaction
/// happened, only its answer is lost, which is what the status check is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Failure {
    #[default]
    None,
    /// Answers only after `hang`, past any sensible timeout.
    Hang,
    /// HTTP 500 with an HTML page.
    ServerError,
    /// HTTP 200 with a body that is not JSON.
    Garbage,
}

/// What the simulator saw and did, for tests to assert on.
#[derive(Debug, Default)]
pub struct Journal {
    /// Every `/transaction` request read, in order.
    pub transactions: Vec<TransactionSeen>,
    /// Every webhook delivery attempt.
    pub webhooks: Vec<WebhookSent>,
    /// How many times a transaction was charged.
    pub charges: usize,
    /// How many `price-list` requests were read (refused ones too).
    pub price_lists: usize,
}

#[derive(Debug, Clone)]
pub struct TransactionSeen {
    pub ref_id: String,
    pub customer_no: String,
    pub sku: String,
    /// The most the buyer said it would pay.
    pub max_price: Option<i64>,
    pub sign_ok: bool,
    /// A ref_id seen before: a status check.
    pub repeat: bool,
    /// When it was read.
    pub at: std::time::Instant,
}

/// A change to one SKU of the fixed catalogue.
#[derive(Debug, Clone, Default)]
struct Listed {
    price: Option<i64>,
    selling: Option<bool>,
}

#[derive(Clone)]
pub struct SimDigiflazz {
    inner: Arc<Inner>,
}

struct Inner {
    config: SimConfig,
    http: reqwest::Client,
    journal: Mutex<Journal>,
    /// Each transaction's current state, by ref_id.
    refs: Mutex<HashMap<String, TransactionData>>,
    balance: Mutex<i64>,
    failure: Mutex<Failure>,
    refuse_ip: AtomicBool,
    limit_pln_checks: AtomicBool,
    limit_price_list: AtomicBool,
    /// Changes to the fixed catalogue: a SKU's price, whether its seller sells it.
    listed: Mutex<HashMap<String, Listed>>,
    duplicate_webhooks: AtomicBool,
    forge_webhooks: AtomicBool,
    webhook_url: Mutex<Option<Url>>,
    changed: tokio::sync::Notify,
}

impl SimDigiflazz {
    pub fn new(config: SimConfig) -> Self {
        let webhook_url = Mutex::new(config.webhook_url.clone());
        Self {
            inner: Arc::new(Inner {
                config,
                http: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .expect("a TLS backend is compiled in"),
                journal: Mutex::default(),
                refs: Mutex::default(),
                balance: Mutex::new(10_000_000),
                failure: Mutex::default(),
                refuse_ip: AtomicBool::new(false),
                limit_pln_checks: AtomicBool::new(false),
                limit_price_list: AtomicBool::new(false),
                listed: Mutex::default(),
                duplicate_webhooks: AtomicBool::new(false),
                forge_webhooks: AtomicBool::new(false),
                webhook_url,
                changed: tokio::sync::Notify::new(),
            }),
        }
    }

    /// Our deposit at the simulated Digiflazz.
    pub fn balance(&self) -> i64 {
        *self.inner.balance.lock().expect("balance lock")
    }

    pub fn set_balance(&self, rupiah: i64) {
        *self.inner.balance.lock().expect("balance lock") = rupiah;
    }

    pub fn set_failure(&self, failure: Failure) {
        *self.inner.failure.lock().expect("failure lock") = failure;
    }

    /// Every request refused with rc 45, as from a server whose IP is not whitelisted.
    pub fn refuse_ip(&self, on: bool) {
        self.inner.refuse_ip.store(on, Ordering::SeqCst);
    }

    /// Every `inquiry-pln` answered `Gagal`, rc 86, as when Digiflazz's limit on PLN checks
    /// is reached.
    pub fn limit_pln_checks(&self, on: bool) {
        self.inner.limit_pln_checks.store(on, Ordering::SeqCst);
    }

    /// Every `price-list` answered rc 83, as when it was asked for too often.
    pub fn limit_price_list(&self, on: bool) {
        self.inner.limit_price_list.store(on, Ordering::SeqCst);
    }

    /// `sku` listed (and charged) at `price` from now on.
    pub fn set_price(&self, sku: &str, price: i64) {
        self.listing(sku, |l| l.price = Some(price));
    }

    /// `sku` listed as its seller selling it (`true`) or not.
    pub fn set_status(&self, sku: &str, selling: bool) {
        self.listing(sku, |l| l.selling = Some(selling));
    }

    fn listing(&self, sku: &str, change: impl FnOnce(&mut Listed)) {
        let mut listed = self.inner.listed.lock().expect("listed lock");
        change(listed.entry(sku.to_owned()).or_default());
    }

    /// `sku`'s price and whether its seller sells it, knobs applied; `None`: not listed.
    fn listed(&self, sku: &str) -> Option<(i64, bool)> {
        let p = CATALOGUE.iter().find(|p| p.sku == sku)?;
        let listed = self.inner.listed.lock().expect("listed lock");
        let l = listed.get(sku).cloned().unwrap_or_default();
        Some((
            l.price.unwrap_or(p.price),
            l.selling.unwrap_or(p.seller_active),
        ))
    }

    /// Each webhook sent twice.
    pub fn duplicate_webhooks(&self, on: bool) {
        self.inner.duplicate_webhooks.store(on, Ordering::SeqCst);
    }

    /// Webhooks signed with a secret that is not the configured one.
    pub fn forge_webhooks(&self, on: bool) {
        self.inner.forge_webhooks.store(on, Ordering::SeqCst);
    }

    pub fn set_webhook_url(&self, url: Url) {
        *self.inner.webhook_url.lock().expect("webhook url lock") = Some(url);
    }

    /// The current state of `ref_id`, as a status check would answer it.
    pub fn state(&self, ref_id: &str) -> Option<TransactionData> {
        self.inner
            .refs
            .lock()
            .expect("refs lock")
            .get(ref_id)
            .cloned()
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/v1/transaction", post(transaction::transaction))
            .route("/v1/cek-saldo", post(catalogue::cek_saldo))
            .route("/v1/price-list", post(catalogue::price_list))
            .route("/v1/inquiry-pln", post(catalogue::inquiry_pln))
            .with_state(self.clone())
    }

    /// Binds 127.0.0.1 on a free port and serves in the background; returns the base URL to
    /// configure as `DIGIFLAZZ_URL` (it ends in `/v1`).
    pub async fn spawn(self) -> std::io::Result<Url> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        let router = self.router();
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Url::parse(&format!("http://{addr}/v1")).expect("a socket address makes a URL"))
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

    fn record(&self, write: impl FnOnce(&mut Journal)) {
        write(&mut self.inner.journal.lock().expect("journal lock"));
        self.inner.changed.notify_waiters();
    }
}
