//! `spawn_app()`: a fresh database and the real application wired by `Application::build_with_pool`.
mod db;
mod instance;

use std::net::SocketAddr;
use std::time::Duration;

use loket::biller::BillerClient;
use loket::config::{BillerSettings, HttpSettings, LogFormat, Settings, TelegramSettings, Tuning};
use loket::domain::{Destination, Money, ProductCode};
use loket::ledger::{self, AdminAction};
use loket::orders::{Orders, Placed, PurchaseRequest};
use loket::sandbox::sim::biller::{SimBiller, SimConfig};
use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram, FakeUser, SentMessage};
use loket::startup::Application;
use reqwest::Url;
use secrecy::SecretString;
use sqlx::PgPool;

pub use db::TestDb;
pub use instance::{Killable, spawn_pair};

pub const PASSWORD: &str = "s3cret-supplier-password";
pub const TOKEN: &str = "cb-token-0123456789abcdefghijklmnopqrstuv";
pub const ADMIN: i64 = 900;
pub const RESELLER: i64 = 4242;
pub const WEBHOOK_SECRET: &str = "webhook-secret-0123456789abcdefghijklmnop";

pub struct TestApp {
    pub addr: SocketAddr,
    /// The Bot API the app talks to.
    pub tg: FakeTelegram,
    pub db: TestDb,
    pub orders: Orders,
    pub http: reqwest::Client,
    pub monitor: loket::monitor::Monitor,
    settings: Settings,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// How the application under test is set up.
pub struct Options {
    pub biller_url: Url,
    pub biller_timeout: Duration,
    pub allow: Vec<ipnet::IpNet>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub duplicate_window: Duration,
    pub webhook: bool,
    pub admins: Vec<i64>,
    pub flood: loket::intake::FloodLimits,
}

impl Options {
    pub fn with_supplier(biller_url: Url) -> Self {
        Self {
            biller_url,
            biller_timeout: Duration::from_secs(2),
            allow: Vec::new(),
            trusted_proxies: Vec::new(),
            duplicate_window: Duration::from_secs(300),
            webhook: false,
            admins: vec![ADMIN],
            flood: loket::intake::FloodLimits::default(),
        }
    }
}

pub fn settings(database_url: &str, opts: &Options, tg: &FakeTelegram) -> Settings {
    Settings {
        database_url: SecretString::from(database_url.to_owned()),
        telegram: TelegramSettings {
            token: SecretString::from(tg.token().to_owned()),
            api_url: Some(Url::parse(&tg.url()).unwrap()),
            webhook_url: opts
                .webhook
                .then(|| Url::parse("https://bot.example/telegram/webhook").unwrap()),
            webhook_secret: opts.webhook.then(|| SecretString::from(WEBHOOK_SECRET)),
        },
        biller: BillerSettings {
            url: opts.biller_url.clone(),
            user: "usertesting".into(),
            password: SecretString::from(PASSWORD),
            timeout: opts.biller_timeout,
        },
        http: HttpSettings {
            addr: "127.0.0.1:0".parse().unwrap(),
            callback_token: SecretString::from(TOKEN),
            callback_allow: opts.allow.clone(),
            metrics_allow: vec!["127.0.0.1/32".parse().unwrap()],
            trusted_proxies: opts.trusted_proxies.clone(),
            public_url: None,
        },
        admin_ids: opts.admins.clone(),
        duplicate_window: opts.duplicate_window,
        stuck_after: Duration::from_secs(1800),
        flood: opts.flood,
        log_format: LogFormat::Text,
        tuning: Tuning {
            poll_timeout_secs: 1,
            ..Tuning::default()
        },
    }
}

/// A simulator whose callbacks reach nowhere until `spawn_app_with_sim` points them at the app.
pub fn simulator() -> SimBiller {
    SimBiller::new(SimConfig {
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        callback_url: None,
        callback_delay: Duration::from_millis(20),
        hang: Duration::from_secs(3),
    })
}

/// The app against the built-in supplier simulator, with callbacks wired back to the app.
pub async fn spawn_app_with_sim() -> (TestApp, SimBiller) {
    spawn_app_with_sim_and_admins(&[ADMIN]).await
}

/// As [`spawn_app_with_sim`], with these `ADMIN_IDS`.
pub async fn spawn_app_with_sim_and_admins(admins: &[i64]) -> (TestApp, SimBiller) {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    opts.admins = admins.to_vec();
    let app = spawn_app(opts).await;
    sim.set_callback_url(app.callback_url());
    (app, sim)
}

/// `TEST_LOG=1 cargo test …` shows the application's logs (RUST_LOG picks the levels).
fn init_test_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("TEST_LOG").is_some() {
        ONCE.call_once(|| loket::telemetry::init(LogFormat::Text));
    }
}

pub async fn spawn_app(opts: Options) -> TestApp {
    init_test_log();
    let db = TestDb::new().await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let settings = settings(&db.url, &opts, &tg);
    let test_app = TestApp::launch(settings, db, tg).await;
    seed(&test_app.db.pool).await;
    test_app
}

impl TestApp {
    /// Builds the app with `settings` on `db` and `tg`, and runs it.
    pub async fn launch(settings: Settings, db: TestDb, tg: FakeTelegram) -> Self {
        let app = Application::build_with_pool(settings.clone(), db.pool.clone())
            .await
            .unwrap();
        TestApp {
            addr: app.local_addr(),
            tg,
            orders: app.orders().clone(),
            monitor: app.monitor().clone(),
            db,
            http: reqwest::Client::new(),
            settings,
            shutdown: None,
            server: None,
        }
        .running(app)
    }
}

/// A reseller with Rp50.000, an admin, and three products.
pub async fn seed(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    loket::users::register(&mut conn, ADMIN, ADMIN, Some("boss"), "Admin")
        .await
        .unwrap();
    loket::users::register(&mut conn, RESELLER, RESELLER, Some("toko"), "Toko Maju")
        .await
        .unwrap();
    for (code, price, name) in [
        ("s5", 5_500, "Pulsa Telkomsel 5.000"),
        ("pln20", 20_500, "Token PLN 20.000"),
        ("x10", 10_300, "XL <10> & Co"),
    ] {
        loket::products::upsert(
            &mut conn,
            &ProductCode::parse(code).unwrap(),
            Money::from_rupiah(price),
            name,
        )
        .await
        .unwrap();
    }
    top_up(pool, RESELLER, 50_000).await;
}

pub async fn top_up(pool: &PgPool, user: i64, amount: i64) -> Money {
    let mut tx = pool.begin().await.unwrap();
    let action = AdminAction {
        admin_id: ADMIN,
        note: "test".into(),
        idempotency_key: None,
    };
    let balance = ledger::top_up(&mut tx, user, Money::from_rupiah(amount), &action)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    balance
}

pub fn purchase(user: i64, product: &str, dest: &str) -> PurchaseRequest {
    PurchaseRequest {
        user_id: user,
        product: ProductCode::parse(product).unwrap(),
        destination: Destination::parse(dest).unwrap(),
        source: None,
    }
}

impl TestApp {
    pub fn callback_url(&self) -> Url {
        Url::parse(&format!("http://{}/biller/callback/{TOKEN}", self.addr)).unwrap()
    }

    pub async fn buy(&self, product: &str, dest: &str) -> Placed {
        self.orders
            .place(&purchase(RESELLER, product, dest))
            .await
            .unwrap()
    }

    /// Sends a callback as the supplier would; returns the HTTP status and body.
    pub async fn callback(&self, query: &str) -> (u16, String) {
        let url = format!("http://{}/biller/callback/{TOKEN}?{query}", self.addr);
        let r = self.http.get(url).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn balance(&self, user: i64) -> i64 {
        let mut conn = self.db.pool.acquire().await.unwrap();
        ledger::balance(&mut conn, user)
            .await
            .unwrap()
            .unwrap()
            .rupiah()
    }

    pub async fn status(&self, trxid: &str) -> String {
        self.orders
            .find(trxid)
            .await
            .unwrap()
            .unwrap()
            .status()
            .to_string()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// Waits until `sql` (a count) reaches `n`, re-checking as the database changes.
    pub async fn wait_count(&self, sql: &'static str, n: i64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let got = self.count(sql).await;
            if got == n {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "waited 60s for `{sql}` = {n}, have {got}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn running(mut self, app: Application) -> Self {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.addr = app.local_addr();
        self.server = Some(tokio::spawn(app.run_until_stopped(async {
            let _ = rx.await;
        })));
        self.shutdown = Some(tx);
        self
    }

    /// Stops the application and starts a new one on the same database and fake Telegram:
    /// what a crash and restart look like, minus the crash.
    pub async fn restart(mut self) -> Self {
        self.stop_server().await;
        // The old pool was closed by the stopping application.
        self.db.pool = sqlx::PgPool::connect(&self.db.url).await.unwrap();
        let app = Application::build_with_pool(self.settings.clone(), self.db.pool.clone())
            .await
            .unwrap();
        self.orders = app.orders().clone();
        self.running(app)
    }

    /// Stops the application the way SIGTERM does, and waits until it has.
    pub async fn stop_server(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }

    /// Stops the server, checks the ledger invariants, and drops the database.
    pub async fn finish(mut self) {
        self.stop_server().await;
        self.db.finish().await;
    }
}

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
}

/// A callback query for `trxid` in the shape of the supplier document's examples
/// (`product=banktrf`; the product code is only in the message).
pub fn callback_query(status: u8, trxid: &str, dest: &str, message: &str) -> String {
    loket::sandbox::sim::biller::supplier_query(status, trxid, dest, message)
}

pub fn new_biller(url: Url, timeout: Duration) -> BillerClient {
    BillerClient::new(&BillerSettings {
        url,
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        timeout,
    })
}
