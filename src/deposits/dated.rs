//! When a bank says a transfer happened. Services write the bank's own local time with no zone;
//! Indonesian banks report in WIB (UTC+7), so that is how a zoneless date is read. An account
//! in WITA or WIT is then read an hour or two off, far inside the day of tolerance the ticket
//! rule allows (see `matching`).
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// A mutation's date as loket reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// The service sent none: the date rule cannot judge, and amounts alone decide.
    Missing,
    /// The latest moment the transfer can have happened (a date without a time is the end of
    /// that day, so that the rule never refuses a transfer it cannot be sure of).
    At(DateTime<Utc>),
    /// Something was sent that is no date loket knows: credited by no one until an admin looks.
    Unreadable,
}

const WIB_SECS: i32 = 7 * 3600;

/// Reads `2026-11-29 10:15:00`, `2026-11-29 10:15`, `2026-11-29T10:15:00` (WIB), RFC 3339 with
/// its own offset (`2026-11-29T10:15:00+07:00`, `…Z`), or a day alone (`2026-11-29`).
pub fn read_date(text: &str) -> Dated {
    let text = text.trim();
    if text.is_empty() {
        return Dated::Missing;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Dated::At(at.with_timezone(&Utc));
    }
    let wib = FixedOffset::east_opt(WIB_SECS).expect("WIB is a valid offset");
    let local = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(|day| day.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("a time")))
        });
    match local.and_then(|at| wib.from_local_datetime(&at).single()) {
        Some(at) => Dated::At(at.with_timezone(&Utc)),
        None => Dated::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Dated {
        Dated::At(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn a_zoneless_date_is_wib_and_a_day_alone_is_its_last_second() {
        assert_eq!(
            read_date("2026-11-29 10:15:00"),
            utc("2026-11-29T03:15:00Z")
        );
        assert_eq!(
            read_date("2026-11-29T10:15:00"),
            utc("2026-11-29T03:15:00Z")
        );
        assert_eq!(read_date(" 2026-11-29 10:15 "), utc("2026-11-29T03:15:00Z"));
        assert_eq!(read_date("2026-11-29"), utc("2026-11-29T16:59:59Z"));
        assert_eq!(
            read_date("2026-11-29T10:15:00Z"),
            utc("2026-11-29T10:15:00Z")
        );
        assert_eq!(
            read_date("2026-11-29T10:15:00+08:00"),
            utc("2026-11-29T02:15:00Z")
        );
    }

    #[test]
    fn nothing_is_missing_and_anything_else_unreadable() {
        assert_eq!(read_date(""), Dated::Missing);
        assert_eq!(read_date("   "), Dated::Missing);
        for odd in [
            "29/11/2026 10:15",
            "kemarin",
            "2026-13-01",
            "2026-11-29 25:00:00",
            "1700000000",
        ] {
            assert_eq!(read_date(odd), Dated::Unreadable, "{odd}");
        }
    }
}
