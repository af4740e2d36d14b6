//! `loket check`: tries once everything `serve` needs and prints one line per part; each
//! failure says what to fix. Places no order and changes nothing (migrations are left to
//! `serve`).
use std::fmt::Display;
use std::time::{Duration, Instant};

use secrecy::ExposeSecret;
use sqlx::Connection;

use crate::config::Settings;
use crate::schema::MIGRATOR;

mod digiflazz;
mod telegram;
mod webhook;

use telegram::{check_admins, check_telegram};

const WAIT: Duration = Duration::from_secs(10);

/// Prints the report; returns whether everything passed.
pub async fn run(settings: Result<Settings, crate::config::ConfigError>) -> bool {
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            fail(
                "configuration",
                format!(
                    "{} {}. Fix: set it in .env (see .env.example) or the environment",
                    e.var, e.problem
                ),
            );
            return false;
        }
    };
    pass(
        "configuration",
        format!(
            "{} admin(s), supplier {}, listening on {}",
            settings.admin_ids.len(),
            settings.biller.url,
            settings.http.addr
        ),
    );
    let database = check_database(&settings).await;
    let telegram = check_telegram(&settings).await;
    if telegram {
        webhook::check_webhook(&settings).await;
        check_admins(&settings).await;
    }
    let supplier = check_supplier(&settings).await;
    let digiflazz = digiflazz::check_digiflazz(&settings).await;
    show_callback(&settings);
    database && telegram && supplier && digiflazz
}

fn pass(part: &str, detail: impl Display) {
    println!("ok    {part}: {detail}");
}

fn fail(part: &str, detail: impl Display) {
    println!("FAIL  {part}: {detail}");
}

/// Something that works but needs someone's attention; not a failure.
fn warn(part: &str, detail: impl Display) {
    println!("WARN  {part}: {detail}");
}

fn note(detail: impl Display) {
    println!("  {detail}");
}

async fn check_database(settings: &Settings) -> bool {
    let options: sqlx::postgres::PgConnectOptions = match settings
        .database_url
        .expose_secret()
        .parse()
    {
        Ok(o) => o,
        Err(_) => {
            fail(
                "database",
                "DATABASE_URL is not a PostgreSQL URL. Fix: postgres://USER:PASSWORD@HOST:5432/DB",
            );
            return false;
        }
    };
    let connected = tokio::time::timeout(WAIT, sqlx::PgConnection::connect_with(&options)).await;
    let mut conn = match connected {
        Ok(Ok(conn)) => conn,
        Ok(Err(e)) => {
            fail("database", database_problem(&e));
            return false;
        }
        Err(_) => {
            fail(
                "database",
                "no answer within 10 s. Fix: check the host and port in DATABASE_URL and that PostgreSQL is running",
            );
            return false;
        }
    };
    let version: String = sqlx::query_scalar("show server_version")
        .fetch_one(&mut conn)
        .await
        .unwrap_or_default();
    let applied: i64 = sqlx::query_scalar(
        "select count(*) from _sqlx_migrations where success and version = any($1)",
    )
    .bind(MIGRATOR.iter().map(|m| m.version).collect::<Vec<_>>())
    .fetch_one(&mut conn)
    .await
    .unwrap_or(0);
    let total = MIGRATOR.iter().count() as i64;
    let _ = conn.close().await;
    let migrations = if applied == total {
        format!("all {total} migrations applied")
    } else {
        format!(
            "{} of {total} migrations to apply (`loket serve` applies them at start)",
            total - applied
        )
    };
    pass("database", format!("PostgreSQL {version}, {migrations}"));
    true
}

fn database_problem(e: &sqlx::Error) -> String {
    let code = e
        .as_database_error()
        .and_then(|d| d.code())
        .unwrap_or_default();
    match code.as_ref() {
        "28P01" | "28000" => "PostgreSQL refused the user or password. Fix: correct them in DATABASE_URL".into(),
        "3D000" => "the database does not exist. Fix: create it (createdb, or POSTGRES_DB in docker compose) or correct the name in DATABASE_URL".into(),
        _ => format!(
            "cannot connect ({e}). Fix: check the host and port in DATABASE_URL and that PostgreSQL is running"
        ),
    }
}

/// The supplier has no harmless command, so this only asks whether its endpoint answers HTTP
/// at all: a GET, which it cannot take for a purchase.
async fn check_supplier(settings: &Settings) -> bool {
    let endpoint = settings.biller.endpoint();
    let client = reqwest::Client::builder()
        .timeout(settings.biller.timeout.min(WAIT))
        .redirect(reqwest::redirect::Policy::none())
        .build();
    let Ok(client) = client else {
        fail("supplier", "cannot build an HTTP client");
        return false;
    };
    let started = Instant::now();
    match client.get(endpoint.clone()).send().await {
        Ok(response) => {
            pass(
                "supplier",
                format!(
                    "{endpoint} answered (HTTP {}) in {} ms",
                    response.status().as_u16(),
                    started.elapsed().as_millis()
                ),
            );
            true
        }
        Err(e) => {
            let why = if e.is_timeout() {
                "no answer in time".to_owned()
            } else if e.is_connect() {
                "cannot connect".to_owned()
            } else {
                e.to_string()
            };
            fail(
                "supplier",
                format!(
                    "{endpoint}: {why}. Fix: check BILLER_URL, and ask the supplier whether this server's IP must be allowlisted"
                ),
            );
            false
        }
    }
}

fn show_callback(settings: &Settings) {
    let http = &settings.http;
    match http.callback_url() {
        Some(url) => println!("\nCallback URL to give the supplier:\n  {url}"),
        None => println!(
            "\nCallback URL to give the supplier (set PUBLIC_URL to have it printed in full):\n  https://YOUR-PUBLIC-HOST/biller/callback/{}",
            http.callback_token.expose_secret()
        ),
    }
    if http.callback_allow.is_empty() {
        note(
            "CALLBACK_ALLOW_IPS is empty: anyone who learns the URL can call it. Ask the supplier for the IPs its callbacks come from.",
        );
    } else {
        let allowed: Vec<String> = http.callback_allow.iter().map(|n| n.to_string()).collect();
        note(format!(
            "Callbacks accepted only from: {}",
            allowed.join(", ")
        ));
    }
    if http.trusted_proxies.is_empty() {
        note(
            "No trusted proxies: every caller is judged by its own address (X-Forwarded-For is ignored).",
        );
    } else {
        let proxies: Vec<String> = http.trusted_proxies.iter().map(|n| n.to_string()).collect();
        note(format!(
            "Trusted proxies (their X-Forwarded-For names the caller): {}",
            proxies.join(", ")
        ));
    }
}
