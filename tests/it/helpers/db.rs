//! A fresh database per test, cloned from a migrated template. The server is `DATABASE_URL`
//! when set, otherwise a throwaway cluster started once for this test binary.
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use loket::sandbox::throwaway_pg::ThrowawayPostgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};

pub struct TestDb {
    pub pool: PgPool,
    pub url: String,
    name: String,
}

struct Server {
    admin: PgConnectOptions,
    /// Kept for the life of the process; its watcher removes it after we exit.
    _throwaway: Option<ThrowawayPostgres>,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static TEMPLATE_READY: tokio::sync::Mutex<bool> = tokio::sync::Mutex::const_new(false);
static NEXT: AtomicU32 = AtomicU32::new(0);

fn server() -> &'static Server {
    SERVER.get_or_init(
        || match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(url) => Server {
                admin: url.parse().expect("DATABASE_URL is a PostgreSQL URL"),
                _throwaway: None,
            },
            None => {
                let pg = ThrowawayPostgres::start(false).unwrap_or_else(|e| panic!("{e}"));
                Server {
                    admin: pg.url().parse().expect("throwaway URL parses"),
                    _throwaway: Some(pg),
                }
            }
        },
    )
}

fn template_name() -> String {
    format!("loket_tpl_{}", std::process::id())
}

impl TestDb {
    pub async fn new() -> Self {
        let server = server();
        let options = server.admin.clone().log_statements(log::LevelFilter::Off);
        {
            let mut ready = TEMPLATE_READY.lock().await;
            if !*ready {
                prepare_template(&options).await;
                *ready = true;
            }
        }
        let name = format!(
            "loket_t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = PgConnection::connect_with(&options).await.unwrap();
        let sql = format!("create database {name} template {}", template_name());
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        let db_options = options.clone().database(&name);
        let pool = PgPoolOptions::new()
            .max_connections(20)
            .connect_with(db_options.clone())
            .await
            .unwrap();
        Self {
            pool,
            url: db_options.to_url_lossy().to_string(),
            name,
        }
    }

    /// Asserts the ledger invariants, then drops the database.
    pub async fn finish(self) {
        // Its own connection: the application closes the shared pool when it stops.
        let mut conn = PgConnection::connect(&self.url).await.unwrap();
        let violations = loket::ledger::check_invariants(&mut conn).await.unwrap();
        assert!(
            violations.is_empty(),
            "ledger invariants violated: {violations:#?}"
        );
        conn.close().await.unwrap();
        self.pool.close().await;
        let server = server();
        let mut admin = PgConnection::connect_with(&server.admin).await.unwrap();
        let sql = format!("drop database if exists {} with (force)", self.name);
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .unwrap();
    }
}

/// Migrates a template once per test binary, and drops what earlier, crashed runs left.
async fn prepare_template(options: &PgConnectOptions) {
    let mut admin = PgConnection::connect_with(options).await.unwrap();
    let stale: Vec<(String,)> = sqlx::query_as(
        "select datname from pg_database where datname like 'loket\\_t%' or datname like 'loket\\_tpl\\_%'",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    for (name,) in stale {
        let pid = name
            .trim_start_matches("loket_tpl_")
            .trim_start_matches("loket_t")
            .split('_')
            .next()
            .and_then(|p| p.parse::<i32>().ok());
        let alive = pid.is_some_and(|p| unsafe { libc::kill(p, 0) } == 0);
        if !alive {
            let sql = format!("drop database if exists {name} with (force)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut admin)
                .await;
        }
    }
    let sql = format!("create database {}", template_name());
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    let mut tpl = PgConnection::connect_with(&options.clone().database(&template_name()))
        .await
        .unwrap();
    loket::startup::MIGRATOR.run(&mut tpl).await.unwrap();
    // PLN closes 23:30–00:30 WIB from the start (0017). A test about closed hours sets its own;
    // every other one buys PLN whatever the hour it runs at.
    sqlx::query("update categories set closes_at = null, opens_at = null where name = 'PLN'")
        .execute(&mut tpl)
        .await
        .unwrap();
    tpl.close().await.unwrap();
}
