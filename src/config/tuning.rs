//! Intervals and sizes with production defaults, which crash drills, tests and the bench change.
use std::time::Duration;

use super::ConfigError;
use super::env::{Source, err, parse_number};

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
    /// How often the supplier's reports are reconciled: an alert about its balance is this late.
    pub reconcile_every: Duration,
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
            reconcile_every: Duration::from_secs(1),
        }
    }
}

impl Tuning {
    /// Operators rarely need these; a crash drill or a test shortens them to recover in seconds.
    pub(super) fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
    ) -> Result<Self, ConfigError> {
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
