//! When the daily summary goes out.
use chrono::NaiveTime;

use super::ConfigError;
use super::env::{Source, err};

pub const DEFAULT_DAILY_REPORT_AT: (u32, u32) = (21, 0);

/// `DAILY_REPORT_AT`: `HH:MM` in WIB, default 21:00; `off` sends no daily summary.
pub(super) fn daily_report_at<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<Option<NaiveTime>, ConfigError> {
    const VAR: &str = "DAILY_REPORT_AT";
    let Some(raw) = src.get(VAR) else {
        let (h, m) = DEFAULT_DAILY_REPORT_AT;
        return Ok(NaiveTime::from_hms_opt(h, m, 0));
    };
    if raw.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let bad = || {
        err(
            VAR,
            format!(
                "must be a time of day as HH:MM (WIB, 00:00 to 23:59), e.g. 21:00, or `off`; got `{raw}`"
            ),
        )
    };
    let (h, m) = raw.split_once(':').ok_or_else(bad)?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = (
        digits(h, 1..=2).ok_or_else(bad)?,
        digits(m, 2..=2).ok_or_else(bad)?,
    );
    NaiveTime::from_hms_opt(h, m, 0)
        .filter(|_| h < 24 && m < 60)
        .map(Some)
        .ok_or_else(bad)
}
