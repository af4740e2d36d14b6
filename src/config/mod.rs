//! Settings from the environment (and `.env`), read once at start into typed values. A bad
//! value stops start-up with one line naming the variable and what is wrong with it.
use std::time::Duration;

use secrecy::SecretString;

mod biller;
mod deposits;
mod digiflazz;
mod env;
mod flood;
mod http;
mod registration;
mod reports;
mod shop;
mod telegram;
mod tuning;

pub use biller::BillerSettings;
pub use deposits::DepositSettings;
pub use digiflazz::DigiflazzSettings;
pub use env::Source;
use env::{err, parse_number};
pub use flood::FloodLimits;
pub use http::{HttpSettings, PRIVATE_NETWORKS};
pub use telegram::{TelegramSettings, WEBHOOK_PATH};
pub use tuning::{TelegramPace, Tuning};

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: SecretString,
    pub telegram: TelegramSettings,
    pub biller: BillerSettings,
    /// A second supplier; `None` when no `DIGIFLAZZ_*` variable is set.
    pub digiflazz: Option<DigiflazzSettings>,
    pub http: HttpSettings,
    /// Numeric Telegram user ids; usernames can be changed or taken over, ids cannot.
    pub admin_ids: Vec<i64>,
    pub duplicate_window: Duration,
    /// Admins are alerted about orders pending or unknown for longer than this.
    pub stuck_after: Duration,
    /// How long after an order its reseller may still complain about it (`/komplain`).
    pub complaint_max_age: Duration,
    /// `FAILOVER_MAX`, `FAILOVER_WINDOW_SECS`: how far an order may travel along its route.
    pub failover: crate::domain::FailoverPolicy,
    /// Updates a minute a chat may send before it is not acted upon.
    pub flood: FloodLimits,
    /// Self-service deposit tickets, QRIS and the bank-mutation webhook.
    pub deposits: DepositSettings,
    /// Admins are told when the supplier reports our deposit there below this.
    pub supplier_low_balance: Option<crate::domain::Money>,
    /// What receipts (`/struk`) are headed with; `None`: the bot's own name.
    pub shop_name: Option<String>,
    /// When admins get the daily summary (WIB); `None`: never.
    pub daily_report_at: Option<chrono::NaiveTime>,
    /// Whether a new user may buy at once or waits for an admin's approval.
    pub registration: crate::domain::Registration,
    /// Whom people are told to contact for help; `None`: "admin".
    pub support_contact: Option<crate::domain::SupportContact>,
    pub log_format: LogFormat,
    /// Intervals and sizes with sensible defaults; not read from the environment, but tests
    /// shorten them.
    pub tuning: Tuning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// One bad variable, said in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl Settings {
    /// The real environment, after loading `.env` if there is one.
    pub fn from_env() -> Result<Self, ConfigError> {
        load_dotenv();
        Self::from_source(&Source(|k| std::env::var(k).ok()))
    }

    pub fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
    ) -> Result<Self, ConfigError> {
        let biller = BillerSettings::from_source(src)?;
        Ok(Self {
            database_url: database_url(src)?,
            telegram: TelegramSettings::from_source(src)?,
            digiflazz: DigiflazzSettings::from_source(src, biller.timeout)?,
            biller,
            http: HttpSettings::from_source(src)?,
            admin_ids: admin_ids(src)?,
            duplicate_window: Duration::from_secs(parse_number(
                src,
                "DUPLICATE_WINDOW_SECS",
                300,
                0..=86_400,
            )?),
            stuck_after: Duration::from_secs(
                60 * parse_number(src, "STUCK_ORDER_ALERT_MINS", 30, 1..=10_080)?,
            ),
            complaint_max_age: Duration::from_secs(
                86_400 * parse_number(src, "COMPLAINT_MAX_DAYS", 7, 1..=90)?,
            ),
            failover: crate::domain::FailoverPolicy {
                // At most the attempts a ref can number (`domain::AttemptRef::MAX`).
                max_attempts: parse_number(src, "FAILOVER_MAX", 2, 1..=9)? as i16,
                window: Duration::from_secs(parse_number(
                    src,
                    "FAILOVER_WINDOW_SECS",
                    60,
                    0..=3_600,
                )?),
            },
            flood: FloodLimits {
                per_min: parse_number(
                    src,
                    "FLOOD_MAX_PER_MIN",
                    FloodLimits::DEFAULT_PER_MIN.into(),
                    0..=1_000,
                )? as u32,
            },
            deposits: DepositSettings::from_source(src)?,
            supplier_low_balance: supplier_low_balance(src)?,
            shop_name: shop::shop_name(src)?,
            daily_report_at: reports::daily_report_at(src)?,
            registration: registration::registration(src)?,
            support_contact: registration::support_contact(src)?,
            tuning: Tuning::from_source(src)?,
            log_format: match src.get("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(_) => return Err(err("LOG_FORMAT", "must be `json` or `text`")),
            },
        })
    }
}

/// `SUPPLIER_LOW_BALANCE`: unset or empty, no alert.
fn supplier_low_balance<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<Option<crate::domain::Money>, ConfigError> {
    let Some(value) = src.get("SUPPLIER_LOW_BALANCE") else {
        return Ok(None);
    };
    crate::domain::Money::parse_amount(&value)
        .map(Some)
        .map_err(|e| {
            err(
                "SUPPLIER_LOW_BALANCE",
                format!("is not an amount in rupiah ({e})"),
            )
        })
}

pub fn load_dotenv() {
    // A missing .env is normal (Docker, systemd); a broken one would show up as missing variables.
    let _ = dotenvy::dotenv();
}

/// Only `DATABASE_URL`, for commands such as `loket migrate` that need nothing else.
pub fn database_url_from_env() -> Result<SecretString, ConfigError> {
    load_dotenv();
    database_url(&Source(|k| std::env::var(k).ok()))
}

fn database_url<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<SecretString, ConfigError> {
    let url = src.required("DATABASE_URL")?;
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(err(
            "DATABASE_URL",
            "must start with postgres:// or postgresql://",
        ));
    }
    Ok(SecretString::from(url))
}

fn admin_ids<F: Fn(&str) -> Option<String>>(src: &Source<F>) -> Result<Vec<i64>, ConfigError> {
    let raw = src.required("ADMIN_IDS")?;
    let mut ids = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let id: i64 = item.parse().map_err(|_| {
            err(
                "ADMIN_IDS",
                format!("`{item}` is not a numeric Telegram user id (usernames are not accepted)"),
            )
        })?;
        if id <= 0 {
            return Err(err(
                "ADMIN_IDS",
                format!("`{item}` is not a user id (must be positive)"),
            ));
        }
        ids.push(id);
    }
    if ids.is_empty() {
        return Err(err(
            "ADMIN_IDS",
            "must list at least one numeric Telegram user id",
        ));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests;
