//! An instance of the application in a runtime of its own, so that it can die all at once the
//! way a killed process does: every task stops wherever it is, every socket and database
//! connection is dropped, and nothing shuts down gracefully.
use std::net::SocketAddr;
use std::time::Duration;

use loket::config::Settings;
use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};
use loket::startup::Application;
use reqwest::Url;

use super::{Options, TestApp, TestDb, init_test_log, seed, settings};

pub struct Killable {
    pub addr: SocketAddr,
    /// `Some(true)` kills; `Some(false)` stops gracefully, as SIGTERM does.
    stop: Option<std::sync::mpsc::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Killable {
    pub async fn start(settings: Settings, database_url: String) -> Self {
        let (ready_tx, ready) = tokio::sync::oneshot::channel();
        let (stop, stop_rx) = std::sync::mpsc::channel::<bool>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            let (graceful_tx, graceful) = tokio::sync::oneshot::channel::<()>();
            let app = rt.block_on(async {
                let pool = sqlx::PgPool::connect(&database_url).await.unwrap();
                Application::build_with_pool(settings, pool).await.unwrap()
            });
            let _ = ready_tx.send(app.local_addr());
            let server = rt.spawn(app.run_until_stopped(async {
                let _ = graceful.await;
            }));
            // A dropped sender (the test ended or panicked) kills too.
            if stop_rx.recv() == Ok(false) {
                let _ = graceful_tx.send(());
                rt.block_on(server).unwrap().unwrap();
            }
            rt.shutdown_background();
        });
        let addr = ready.await.expect("the instance starts");
        Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Kills the instance: its runtime is dropped with everything on it.
    pub async fn kill(&mut self) {
        self.end(true).await;
    }

    /// Stops the instance the way SIGTERM does, and waits until it has.
    pub async fn stop(&mut self) {
        self.end(false).await;
    }

    async fn end(&mut self, kill: bool) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(kill);
        }
        if let Some(thread) = self.thread.take() {
            tokio::task::spawn_blocking(move || thread.join().unwrap())
                .await
                .unwrap();
        }
    }
}

/// Two instances on one database, one fake Telegram and one supplier. The first starts alone,
/// becomes the poller, and runs in a runtime of its own so that it can be killed; the second
/// is the returned `TestApp`. Each reaches the fake Telegram under its own base path (`/a/`,
/// `/b/`), so calls can be told apart.
pub async fn spawn_pair(opts: Options) -> (TestApp, Killable) {
    init_test_log();
    let db = TestDb::new().await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    seed(&db.pool).await;
    let with_base = |base: &str| {
        let mut s = settings(&db.url, &opts, &tg);
        s.telegram.api_url = Some(Url::parse(&format!("{}{base}/", tg.url())).unwrap());
        s
    };
    let first = Killable::start(with_base("a"), db.url.clone()).await;
    assert!(tg.wait_until_polling(Duration::from_secs(10)).await);
    let second = TestApp::launch(with_base("b"), db, tg).await;
    (second, first)
}
