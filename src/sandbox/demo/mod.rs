//! `loket demo`: the real `serve` path in a sandbox on this machine. A throwaway PostgreSQL
//! (unless `DATABASE_URL` is set), the two supplier simulators (`utama`'s API and Digiflazz,
//! configured as `DIGIFLAZZ_*` would configure it, its webhook aimed at the sandbox's loket) and
//! the fake Telegram Bot API run in-process; the terminal is the reseller's chat.
mod bank;
mod banner;
mod catalogue;
mod chat;
mod seed;

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use secrecy::SecretString;

use crate::config::{Settings, Source};
use crate::sandbox::sim::bank::SimBank;
use crate::sandbox::sim::biller::{SimBiller, SimConfig};
use crate::sandbox::sim::digiflazz::{self, SimDigiflazz};
use crate::sandbox::sim::telegram::{FakeConfig, FakeTelegram, FakeUser};
use crate::sandbox::throwaway_pg::ThrowawayPostgres;
use crate::startup::{self, Application};

pub use seed::{DEMO_USER, STARTING_BALANCE};

/// Short enough that a supplier that never answers (destination ending in 5) turns `unknown`
/// while the person is still watching.
const SUPPLIER_TIMEOUT_SECS: &str = "5";
/// The product `utama` has no route for (it answers ROUTE whatever the number): routed on to
/// Digiflazz with `/rute`, its purchase fails over there.
const NO_ROUTE_AT_UTAMA: &str = "s10";
/// Who the sandbox is to the simulated Digiflazz.
const DIGIFLAZZ_USERNAME: &str = "demo";
/// Long enough to see "diproses" before the result.
const CALLBACK_DELAY: Duration = Duration::from_secs(2);
const HANG: Duration = Duration::from_secs(12);

pub async fn run(database_url: Option<String>) -> anyhow::Result<()> {
    let log_path = std::env::temp_dir().join("loket-demo.log");
    crate::telemetry::init_to_file(&log_path)
        .with_context(|| format!("cannot write the log file {}", log_path.display()))?;
    println!("Menyiapkan sandbox loket…");

    // Declared first so it is dropped (server stopped, directory removed) last.
    let mut throwaway = None;
    let database_url = match database_url {
        Some(url) => url,
        None => {
            let pg = tokio::task::spawn_blocking(|| ThrowawayPostgres::start(false))
                .await?
                .context("cannot start a throwaway PostgreSQL (or set DATABASE_URL)")?;
            let url = pg.url().to_owned();
            throwaway = Some(pg);
            url
        }
    };
    let tg = FakeTelegram::start(FakeConfig::default()).await?;
    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let sim_addr = sim_listener.local_addr()?;
    let secrets = Secrets::new();
    let (digiflazz, digiflazz_url) = start_digiflazz(&secrets).await?;
    let settings = settings(&database_url, &tg, (sim_addr, &digiflazz_url), &secrets)?;
    let Secrets {
        password,
        callback_token,
        mutation_token,
        mutation_secret,
        ..
    } = secrets;

    let pool = startup::connect(&SecretString::from(database_url)).await?;
    startup::migrate(&pool).await?;
    seed::seed(&pool).await.context("cannot seed the sandbox")?;
    let bank_pool = pool.clone();
    let app = Application::build_with_pool(settings, pool).await?;
    let app_addr = app.local_addr();
    let webhook = format!("http://{app_addr}/supplier/digiflazz/{callback_token}");
    digiflazz.set_webhook_url(webhook.parse()?);

    let callback_url = format!(
        "http://{}/biller/callback/{callback_token}",
        app.local_addr()
    );
    let sim = SimBiller::new(SimConfig {
        user: "demo".into(),
        password: SecretString::from(password),
        callback_url: Some(callback_url.parse()?),
        callback_delay: CALLBACK_DELAY,
        hang: HANG,
        reversal_delay: Duration::ZERO,
    });
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    sim.without_route(NO_ROUTE_AT_UTAMA);
    let sim_task = tokio::spawn(sim.serve(sim_listener, stopped(stop_rx.clone())));
    let server = tokio::spawn(app.run_until_stopped(stopped(stop_rx)));
    if !tg.wait_until_polling(Duration::from_secs(30)).await {
        anyhow::bail!("the bot did not start; see {}", log_path.display());
    }

    let webhook = format!("http://{}/deposit/mutasi/{mutation_token}", app_addr);
    let bank = bank::DemoBank {
        pool: bank_pool,
        bank: SimBank::new(webhook.parse()?, Some(mutation_secret)),
    };
    print!("{}", banner::banner(&log_path, throwaway.is_some()));
    let user = FakeUser::new(DEMO_USER, seed::DEMO_NAME);
    chat::run(&tg, &user, &bank).await;

    println!("Menghentikan sandbox…");
    let _ = stop_tx.send(true);
    let served = server.await.context("loket task failed")?;
    let _ = sim_task.await;
    tg.shutdown().await;
    if let Some(mut pg) = throwaway {
        tokio::task::spawn_blocking(move || pg.stop()).await?;
        println!("PostgreSQL sementara dihentikan dan dihapus.");
    }
    served
}

/// The second supplier, beside the first: a product routed to both fails over to it. Returns
/// the simulator and the URL to configure as `DIGIFLAZZ_URL`.
async fn start_digiflazz(secrets: &Secrets) -> anyhow::Result<(SimDigiflazz, reqwest::Url)> {
    let digiflazz = SimDigiflazz::new(digiflazz::SimConfig {
        username: DIGIFLAZZ_USERNAME.into(),
        api_key: SecretString::from(secrets.digiflazz_key.clone()),
        webhook_secret: SecretString::from(secrets.digiflazz_webhook.clone()),
        webhook_url: None,
        webhook_delay: CALLBACK_DELAY,
        hang: HANG,
    });
    let url = digiflazz.clone().spawn().await?;
    Ok((digiflazz, url))
}

/// The secrets of one sandbox run, fresh each time.
struct Secrets {
    password: String,
    callback_token: String,
    mutation_token: String,
    mutation_secret: String,
    digiflazz_key: String,
    digiflazz_webhook: String,
}

impl Secrets {
    fn new() -> Self {
        Self {
            password: random_hex(16),
            callback_token: random_hex(24),
            mutation_token: random_hex(24),
            mutation_secret: random_hex(16),
            digiflazz_key: random_hex(16),
            digiflazz_webhook: random_hex(16),
        }
    }
}

/// The settings loket runs with in the sandbox, as its environment would give them.
fn settings(
    database_url: &str,
    tg: &FakeTelegram,
    (sim_addr, digiflazz_url): (std::net::SocketAddr, &reqwest::Url),
    s: &Secrets,
) -> anyhow::Result<Settings> {
    let vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", database_url.to_owned()),
        ("TELOXIDE_TOKEN", tg.token().to_owned()),
        ("TELOXIDE_API_URL", tg.url()),
        ("BILLER_URL", format!("http://{sim_addr}")),
        ("BILLER_USER", "demo".to_owned()),
        ("BILLER_PASSWORD", s.password.clone()),
        ("BILLER_TIMEOUT_SECS", SUPPLIER_TIMEOUT_SECS.to_owned()),
        ("HTTP_ADDR", "127.0.0.1:0".to_owned()),
        ("CALLBACK_TOKEN", s.callback_token.clone()),
        ("CALLBACK_ALLOW_IPS", "127.0.0.1".to_owned()),
        ("ADMIN_IDS", DEMO_USER.to_string()),
        ("QRIS_STATIC", seed::DEMO_QRIS.to_owned()),
        ("DEPOSIT_WEBHOOK_TOKEN", s.mutation_token.clone()),
        ("DEPOSIT_WEBHOOK_SECRET", s.mutation_secret.clone()),
        ("DIGIFLAZZ_USERNAME", DIGIFLAZZ_USERNAME.to_owned()),
        ("DIGIFLAZZ_API_KEY", s.digiflazz_key.clone()),
        ("DIGIFLAZZ_WEBHOOK_SECRET", s.digiflazz_webhook.clone()),
        ("DIGIFLAZZ_URL", digiflazz_url.to_string()),
    ]);
    Ok(Settings::from_source(&Source(|k| vars.get(k).cloned()))?)
}

fn random_hex(bytes: usize) -> String {
    use rand::Rng;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}
