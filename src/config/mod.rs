//! Settings from the environment (and `.env`), read once at start into typed values. A bad
//! value stops start-up with one line naming the variable and what is wrong with it.
use std::time::Duration;

use reqwest::Url;
use secrecy::SecretString;

mod env;
mod http;

pub use env::Source;
use env::{err, is_loopback_host, is_strong_token, optional_url, parse_number};
pub use http::{HttpSettings, PRIVATE_NETWORKS};

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: SecretString,
    pub telegram: TelegramSettings,
    pub biller: BillerSettings,
    pub http: HttpSettings,
    /// Numeric Telegram user ids; usernames can be changed or taken over, ids cannot.
    pub admin_ids: Vec<i64>,
    pub duplicate_window: Duration,
    /// Admins are alerted about orders pending or unknown for longer than this.
    pub stuck_after: Duration,
    /// Updates a minute a chat may send before it is not acted upon.
    pub flood: crate::intake::FloodLimits,
    pub log_format: LogFormat,
    /// Intervals and sizes with sensible defaults; not read from the environment, but tests
    /// shorten them.
    pub tuning: Tuning,
}

#[derive(Debug, Clone)]
pub struct Tuning {
    pub invariant_check_every: Duration,
    pub recovery_every: Duration,
    pub outbox_batch: i64,
    /// How long a claimed outbox row or update stays with the worker that claimed it; a crashed
    /// worker's rows are taken over after this.
    pub outbox_lease: Duration,
    /// Added to the supplier timeout before recovery may call a `sending` order interrupted:
    /// a request another live instance started cannot still be running by then.
    pub interrupted_margin: Duration,
    /// Long-poll timeout for getUpdates.
    pub poll_timeout_secs: u32,
    /// How fast messages may leave. Only `loket bench` changes it (`TELEGRAM_PACE=bench`).
    pub telegram_pace: TelegramPace,
}

/// How fast messages may leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TelegramPace {
    /// Telegram's published limits: 30 messages/s overall, 1/s per private chat, 20/min per
    /// group, 10/min per supergroup or channel.
    #[default]
    Telegram,
    /// No pace at all, for measuring loket itself against a fake Bot API that enforces none.
    /// Real Telegram would answer 429s.
    Bench,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            invariant_check_every: Duration::from_secs(300),
            recovery_every: Duration::from_secs(30),
            outbox_batch: 50,
            outbox_lease: Duration::from_secs(60),
            interrupted_margin: Duration::from_secs(30),
            poll_timeout_secs: 10,
            telegram_pace: TelegramPace::Telegram,
        }
    }
}

impl Tuning {
    /// Operators rarely need these; a crash drill or a test shortens them to recover in seconds.
    fn from_source<F: Fn(&str) -> Option<String>>(src: &Source<F>) -> Result<Self, ConfigError> {
        let d = Self::default();
        let secs = |var, default: Duration, range| {
            parse_number(src, var, default.as_secs(), range).map(Duration::from_secs)
        };
        Ok(Self {
            invariant_check_every: secs("MONITOR_EVERY_SECS", d.invariant_check_every, 1..=86_400)?,
            recovery_every: secs("RECOVERY_EVERY_SECS", d.recovery_every, 1..=3_600)?,
            outbox_lease: secs("OUTBOX_LEASE_SECS", d.outbox_lease, 1..=3_600)?,
            interrupted_margin: secs("RECOVERY_MARGIN_SECS", d.interrupted_margin, 0..=3_600)?,
            telegram_pace: telegram_pace(src)?,
            ..d
        })
    }
}

#[derive(Debug, Clone)]
pub struct TelegramSettings {
    pub token: SecretString,
    pub api_url: Option<Url>,
    pub webhook_url: Option<Url>,
    pub webhook_secret: Option<SecretString>,
}

#[derive(Debug, Clone)]
pub struct BillerSettings {
    /// Base URL; purchases go to `{url}/service/in/json`.
    pub url: Url,
    pub user: String,
    /// Only ever feeds the md5 sign.
    pub password: SecretString,
    pub timeout: Duration,
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
        Ok(Self {
            database_url: database_url(src)?,
            telegram: TelegramSettings::from_source(src)?,
            biller: BillerSettings::from_source(src)?,
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
            flood: crate::intake::FloodLimits {
                per_min: parse_number(
                    src,
                    "FLOOD_MAX_PER_MIN",
                    crate::intake::FloodLimits::DEFAULT_PER_MIN.into(),
                    0..=1_000,
                )? as u32,
            },
            tuning: Tuning::from_source(src)?,
            log_format: match src.get("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(_) => return Err(err("LOG_FORMAT", "must be `json` or `text`")),
            },
        })
    }
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

fn telegram_pace<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<TelegramPace, ConfigError> {
    match src.get("TELEGRAM_PACE").as_deref() {
        None | Some("telegram") => Ok(TelegramPace::Telegram),
        Some("bench") => Ok(TelegramPace::Bench),
        Some(_) => Err(err(
            "TELEGRAM_PACE",
            "must be telegram (the default) or bench (only against a fake Bot API)",
        )),
    }
}

impl TelegramSettings {
    fn from_source<F: Fn(&str) -> Option<String>>(src: &Source<F>) -> Result<Self, ConfigError> {
        let token = src.required("TELOXIDE_TOKEN")?;
        // `<digits>:<secret>` is the only shape @BotFather hands out; catching a pasted
        // username or a truncated token here beats a 401 loop later.
        let valid = token.split_once(':').is_some_and(|(id, secret)| {
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && secret.len() >= 20
        });
        if !valid {
            return Err(err(
                "TELOXIDE_TOKEN",
                "does not look like a bot token from @BotFather (expected <digits>:<secret>)",
            ));
        }
        let api_url = optional_url(src, "TELOXIDE_API_URL")?;
        let webhook_url = optional_url(src, "TELEGRAM_WEBHOOK_URL")?;
        let webhook_secret = src.get("TELEGRAM_WEBHOOK_SECRET");
        if let Some(url) = &webhook_url
            && url.scheme() != "https"
        {
            return Err(err(
                "TELEGRAM_WEBHOOK_URL",
                "must be an https:// URL (Telegram requires it)",
            ));
        }
        match (&webhook_url, &webhook_secret) {
            (Some(_), None) => {
                return Err(err(
                    "TELEGRAM_WEBHOOK_SECRET",
                    "is required when TELEGRAM_WEBHOOK_URL is set",
                ));
            }
            (_, Some(secret)) if !is_strong_token(secret) => {
                return Err(err(
                    "TELEGRAM_WEBHOOK_SECRET",
                    "must be 32 to 256 characters of A-Z a-z 0-9 _ -",
                ));
            }
            _ => {}
        }
        Ok(Self {
            token: SecretString::from(token),
            api_url,
            webhook_url,
            webhook_secret: webhook_secret.map(SecretString::from),
        })
    }
}

impl BillerSettings {
    fn from_source<F: Fn(&str) -> Option<String>>(src: &Source<F>) -> Result<Self, ConfigError> {
        let url = Url::parse(&src.required("BILLER_URL")?)
            .map_err(|e| err("BILLER_URL", format!("is not a valid URL ({e})")))?;
        match url.scheme() {
            "https" => {}
            // Plain HTTP would send the signed request readable to anyone on the path; it is
            // allowed only to this machine, for the simulator and tests.
            "http" if is_loopback_host(&url) => {}
            _ => {
                return Err(err(
                    "BILLER_URL",
                    "must be an https:// URL (http:// is allowed only for localhost/127.0.0.1)",
                ));
            }
        }
        let user = src.required("BILLER_USER")?;
        let password = src.required("BILLER_PASSWORD")?;
        let timeout = Duration::from_secs(parse_number(src, "BILLER_TIMEOUT_SECS", 30, 1..=600)?);
        Ok(Self {
            url,
            user,
            password: SecretString::from(password),
            timeout,
        })
    }

    /// Where purchase requests go.
    pub fn endpoint(&self) -> Url {
        let mut url = self.url.clone();
        let path = format!("{}/service/in/json", url.path().trim_end_matches('/'));
        url.set_path(&path);
        url
    }
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
