//! The stack under measurement: a durable throwaway PostgreSQL, the supplier simulator and the
//! fake Telegram in this process, and loket itself as a child process (`loket serve`), so that
//! its peak memory is its own.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::Context;
use reqwest::Url;
use secrecy::SecretString;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use tokio::process::{Child, Command};

use crate::sandbox::sim::biller::{SimBiller, SimConfig};
use crate::sandbox::sim::telegram::{FakeConfig, FakeTelegram, Limits};
use crate::sandbox::throwaway_pg::ThrowawayPostgres;

pub const DATABASE: &str = "loket";
/// Run d's own database, so that its backlog and the other runs' messages never mix.
pub const DRAIN_DATABASE: &str = "loket_drain";
pub const ADMIN: i64 = 1;
const BILLER_USER: &str = "usertesting";
const BILLER_PASSWORD: &str = "passwordtesting";
const CALLBACK_TOKEN: &str = "bench-callback-token-0123456789abcdef";

pub struct Stack {
    pub pg: ThrowawayPostgres,
    /// The bench's own connections, for seeding and checking; never during a measurement.
    pub pool: PgPool,
    pub drain_pool: PgPool,
    /// Enforces no limits (runs a–c).
    pub telegram: FakeTelegram,
    /// Enforces Telegram's limits (run d).
    pub drain_telegram: FakeTelegram,
    pub sim_url: Url,
    sim: SimBiller,
    /// Where loket's output goes: a file, so that logging costs what it costs in production.
    pub log: PathBuf,
}

/// Which of the two `loket serve` a run measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// a–c: no pace, against a Telegram without limits.
    Unpaced,
    /// d: Telegram's pace against a Telegram that enforces it, on its own database.
    Drain,
    /// g and h: as d, after it, with the supplier's callbacks pointed at it.
    Flood,
}

/// A running `loket serve`.
pub struct Loket {
    child: Child,
    pub addr: SocketAddr,
}

impl Stack {
    /// `statements`: load `pg_stat_statements` (see [`super::statements`]).
    pub async fn start(statements: bool) -> anyhow::Result<Self> {
        let settings = if statements {
            super::statements::SETTINGS
        } else {
            ""
        };
        let pg = tokio::task::spawn_blocking(move || ThrowawayPostgres::start_with(true, settings))
            .await?
            .context("cannot start PostgreSQL")?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect(pg.url())
            .await?;
        for db in [DATABASE, DRAIN_DATABASE, super::pgbench::DATABASE] {
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {db}")))
                .execute(&admin)
                .await?;
        }
        admin.close().await;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(&pg.url_for(DATABASE))
            .await?;
        crate::startup::migrate(&pool).await?;
        if statements {
            super::statements::install(&pool).await?;
        }
        let drain_pool = PgPoolOptions::new()
            .max_connections(2)
            .connect(&pg.url_for(DRAIN_DATABASE))
            .await?;
        crate::startup::migrate(&drain_pool).await?;
        let telegram = FakeTelegram::start(FakeConfig {
            limits: Limits::off(),
            ..FakeConfig::default()
        })
        .await?;
        let drain_telegram = FakeTelegram::start(FakeConfig {
            limits: Limits::default(),
            ..FakeConfig::default()
        })
        .await?;
        let sim = SimBiller::new(SimConfig {
            user: BILLER_USER.into(),
            password: SecretString::from(BILLER_PASSWORD),
            callback_url: None,
            callback_delay: Duration::ZERO,
            hang: Duration::from_secs(1),
            reversal_delay: Duration::ZERO,
        });
        let sim_url = sim.clone().spawn().await?;
        let log = std::env::temp_dir().join(format!("loket-bench-{}.log", std::process::id()));
        Ok(Self {
            pg,
            pool,
            drain_pool,
            telegram,
            drain_telegram,
            sim_url,
            sim,
            log,
        })
    }

    /// Starts `loket serve` against this stack and waits until it is ready and polling.
    pub async fn start_loket(&self, run: Run) -> anyhow::Result<Loket> {
        // A free port, released for loket to bind; nothing else on loopback races for it here.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let (database, telegram, pace) = match run {
            Run::Unpaced => (DATABASE, &self.telegram, "bench"),
            Run::Drain | Run::Flood => (DRAIN_DATABASE, &self.drain_telegram, "telegram"),
        };
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.arg("serve")
            // No `.env` from the caller's directory may change what is measured.
            .current_dir(std::env::temp_dir())
            .env("DATABASE_URL", self.pg.url_for(database))
            .env("TELOXIDE_TOKEN", telegram.token())
            .env("TELOXIDE_API_URL", telegram.url())
            .env("BILLER_URL", self.sim_url.as_str())
            .env("BILLER_USER", BILLER_USER)
            .env("BILLER_PASSWORD", BILLER_PASSWORD)
            .env("HTTP_ADDR", addr.to_string())
            .env("CALLBACK_TOKEN", CALLBACK_TOKEN)
            .env("ADMIN_IDS", ADMIN.to_string())
            .env("TELEGRAM_PACE", pace);
        for var in [
            "TELEGRAM_WEBHOOK_URL",
            "TELEGRAM_WEBHOOK_SECRET",
            "CALLBACK_ALLOW_IPS",
            "DUPLICATE_WINDOW_SECS",
            "BILLER_TIMEOUT_SECS",
            "STUCK_ORDER_ALERT_MINS",
            "LOG_FORMAT",
        ] {
            cmd.env_remove(var);
        }
        cmd.stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        let child = cmd.spawn().context("cannot start loket serve")?;
        let loket = Loket { child, addr };
        if matches!(run, Run::Unpaced | Run::Flood) {
            self.sim.set_callback_url(loket.callback_url());
        }
        loket.wait_ready(telegram).await?;
        Ok(loket)
    }

    /// Waits until every queued message was sent (or given up on).
    pub async fn wait_outbox_empty(&self, within: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + within;
        loop {
            let (left,): (i64,) = sqlx::query_as(
                "select count(*) from outbox where sent_at is null and dead_reason is null",
            )
            .fetch_one(&self.pool)
            .await?;
            if left == 0 {
                return Ok(());
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "{left} messages still queued after {within:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Loket {
    pub fn callback_url(&self) -> Url {
        Url::parse(&format!(
            "http://{}/biller/callback/{CALLBACK_TOKEN}",
            self.addr
        ))
        .expect("a socket address makes a URL")
    }

    async fn wait_ready(&self, telegram: &FakeTelegram) -> anyhow::Result<()> {
        let http = reqwest::Client::new();
        let ready = format!("http://{}/readyz", self.addr);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = http.get(&ready).send().await
                && r.status().is_success()
            {
                break;
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "loket did not become ready within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::ensure!(
            telegram.wait_until_polling(Duration::from_secs(30)).await,
            "loket did not start polling Telegram"
        );
        Ok(())
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Peak resident memory so far (VmHWM), in bytes.
    pub fn peak_rss(&self) -> anyhow::Result<u64> {
        let pid = self.child.id().context("loket has exited")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .context("no VmHWM in /proc/<pid>/status")?;
        Ok(kb * 1024)
    }

    /// SIGTERM, as systemd would; returns the peak RSS read just before.
    pub async fn stop(mut self) -> anyhow::Result<u64> {
        let peak = self.peak_rss()?;
        let pid = self.child.id().context("loket has exited")?;
        let pid = i32::try_from(pid)?;
        // SAFETY: signalling our own child, whose pid we hold and have not reaped.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        match tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await {
            Ok(status) => anyhow::ensure!(status?.success(), "loket exited with an error"),
            Err(_) => {
                self.child.kill().await?;
                anyhow::bail!("loket did not stop within 20 s of SIGTERM");
            }
        }
        Ok(peak)
    }
}
