//! One wiring function, used by `main` and by the tests alike.
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

use crate::biller::BillerClient;
use crate::config::Settings;
use crate::http::{self, AppState};
use crate::orders::Orders;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How often interrupted orders are looked for after start-up.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(30);

pub struct Application {
    listener: tokio::net::TcpListener,
    local_addr: SocketAddr,
    pool: PgPool,
    orders: Orders,
    state: AppState,
    /// `sending` orders older than this cannot have a live request behind them.
    interrupted_after: Duration,
}

/// A pool for the application. Connections are made lazily so that an unreachable database
/// shows up as 503s and failed health checks, not as a crash loop.
pub async fn connect(database_url: &SecretString) -> anyhow::Result<PgPool> {
    let options: sqlx::postgres::PgConnectOptions = database_url
        .expose_secret()
        .parse()
        .context("DATABASE_URL is not a valid PostgreSQL URL")?;
    Ok(PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(options))
}

/// Applies the embedded migrations (idempotent; `loket migrate` and every start call it).
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR
        .run(pool)
        .await
        .context("could not apply database migrations")
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = connect(&settings.database_url).await?;
        migrate(&pool).await?;
        Self::build_with_pool(settings, pool).await
    }

    /// As [`Application::build`], on a pool the caller made (tests pick their own database).
    pub async fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Self> {
        let biller = BillerClient::new(&settings.biller);
        let orders = Orders::new(pool.clone(), biller, &settings.admin_ids);
        let state = AppState {
            pool: pool.clone(),
            orders: orders.clone(),
            callback_token: settings.http.callback_token.clone(),
            callback_allow: settings.http.callback_allow.clone().into(),
        };
        let listener = tokio::net::TcpListener::bind(settings.http.addr)
            .await
            .with_context(|| format!("cannot listen on HTTP_ADDR {}", settings.http.addr))?;
        let local_addr = listener.local_addr()?;
        let interrupted_after = settings.biller.timeout + Duration::from_secs(30);
        Ok(Self {
            listener,
            local_addr,
            pool,
            orders,
            state,
            interrupted_after,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn orders(&self) -> &Orders {
        &self.orders
    }

    /// Serves callbacks and keeps recovering interrupted orders until `shutdown` resolves.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(addr = %self.local_addr, "loket is serving");
        // Recovery runs at start-up (the first tick is immediate) and then periodically. It
        // never holds up serving: with the database down, callbacks must still get their 503.
        let orders = self.orders.clone();
        let after = self.interrupted_after;
        let sweeper = tokio::spawn(async move {
            let mut tick = tokio::time::interval(RECOVERY_INTERVAL);
            loop {
                tick.tick().await;
                match orders.recover_interrupted(after).await {
                    Ok(0) => {}
                    Ok(recovered) => tracing::warn!(recovered, "interrupted orders marked unknown"),
                    Err(e) => tracing::warn!(error = %e, "recovery sweep failed; will retry"),
                }
            }
        });
        let served = http::serve(self.listener, http::router(self.state), shutdown).await;
        sweeper.abort();
        self.pool.close().await;
        served.context("HTTP server failed")
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (docker stop, systemd).
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
