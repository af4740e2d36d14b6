//! The application under test: started on a fresh database, restarted, stopped, and called.
use std::net::SocketAddr;

use loket::config::{LogFormat, Settings};
use loket::orders::{Orders, Placed};
use loket::sandbox::sim::biller::SimBiller;
use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};
use loket::startup::Application;
use reqwest::Url;

use super::relay::DbRelay;
use super::*;

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

/// The app against the built-in supplier simulator, with callbacks wired back to the app.
pub async fn spawn_app_with_sim() -> (TestApp, SimBiller) {
    spawn_app_with_sim_and_admins(&[ADMIN]).await
}

/// As [`spawn_app_with_sim`], with these `ADMIN_IDS`.
pub async fn spawn_app_with_sim_and_admins(admins: &[i64]) -> (TestApp, SimBiller) {
    spawn_app_with_sim_set(|opts| opts.admins = admins.to_vec()).await
}

/// As [`spawn_app_with_sim`], with the options `set` changes.
pub async fn spawn_app_with_sim_set(set: impl FnOnce(&mut Options)) -> (TestApp, SimBiller) {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    set(&mut opts);
    let app = spawn_app(opts).await;
    sim.set_callback_url(app.callback_url());
    (app, sim)
}

/// `TEST_LOG=1 cargo test …` shows the application's logs (RUST_LOG picks the levels).
pub(super) fn init_test_log() {
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

/// As [`spawn_app`], with the application reaching PostgreSQL through a relay the test can cut,
/// on a pool made as `loket serve` makes its own; the test's reads go to the server directly.
pub async fn spawn_app_through_relay(opts: Options) -> (TestApp, DbRelay) {
    init_test_log();
    let db = TestDb::new().await;
    let relay = DbRelay::start(&db.url).await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let settings = settings(&relay.url, &opts, &tg);
    let pool = loket::startup::connect(&settings.database_url)
        .await
        .unwrap();
    let test_app = TestApp::launch_on(settings, db, tg, pool).await;
    seed(&test_app.db.pool).await;
    (test_app, relay)
}

impl TestApp {
    /// Builds the app with `settings` on `db` and `tg`, and runs it.
    pub async fn launch(settings: Settings, db: TestDb, tg: FakeTelegram) -> Self {
        let pool = db.pool.clone();
        Self::launch_on(settings, db, tg, pool).await
    }

    /// As [`TestApp::launch`], the application on `pool` (the test still reads through `db`).
    pub async fn launch_on(
        settings: Settings,
        db: TestDb,
        tg: FakeTelegram,
        pool: sqlx::PgPool,
    ) -> Self {
        let app = Application::build_with_pool(settings.clone(), pool)
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
    pub async fn restart(self) -> Self {
        self.restart_with(|_| {}).await
    }

    /// As [`Self::restart`], with settings changed by `change` (an operator editing `.env`).
    pub async fn restart_with(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        change(&mut self.settings);
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
