//! The database side of start-up: the pool and the migrations.
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::schema::MIGRATOR;

/// Connections in loket's pool (`loket bench` gives pgbench as many).
pub const POOL_SIZE: u32 = 20;

/// A pool for the application. Connections are made lazily so that an unreachable database
/// shows up as 503s and failed health checks, not as a crash loop.
pub async fn connect(database_url: &SecretString) -> anyhow::Result<PgPool> {
    let options: sqlx::postgres::PgConnectOptions = database_url
        .expose_secret()
        .parse()
        .context("DATABASE_URL is not a valid PostgreSQL URL")?;
    Ok(PgPoolOptions::new()
        .max_connections(POOL_SIZE)
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
