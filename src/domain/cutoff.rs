//! The hours a category is closed every day (WIB), e.g. PLN from 23:30 to 00:30.
use chrono::{NaiveTime, Timelike, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoff {
    pub closes: NaiveTime,
    pub opens: NaiveTime,
}

impl Cutoff {
    /// From the two columns; `None` when the category never closes.
    pub fn from_columns(closes: Option<NaiveTime>, opens: Option<NaiveTime>) -> Option<Self> {
        match (closes, opens) {
            (Some(closes), Some(opens)) if closes != opens => Some(Self { closes, opens }),
            _ => None,
        }
    }

    /// Reads `23:30-00:30` (also `23.30-00.30`); both ends must differ.
    pub fn parse(input: &str) -> Option<Self> {
        let (closes, opens) = input.trim().split_once('-')?;
        let cutoff = Self {
            closes: clock(closes)?,
            opens: clock(opens)?,
        };
        (cutoff.closes != cutoff.opens).then_some(cutoff)
    }

    /// Whether `time` (WIB) falls in the closed hours: from `closes` up to, not including,
    /// `opens`, across midnight when `closes` is the later of the two.
    pub fn covers(&self, time: NaiveTime) -> bool {
        if self.closes < self.opens {
            self.closes <= time && time < self.opens
        } else {
            time >= self.closes || time < self.opens
        }
    }

    /// Whether it is closed right now.
    pub fn covers_now(&self) -> bool {
        self.covers(now_wib())
    }
}

/// `23:30`, `23.30` or `7:05`.
fn clock(input: &str) -> Option<NaiveTime> {
    let (h, m) = input.trim().split_once([':', '.'])?;
    let short = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !short(h) || m.len() != 2 || !short(m) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// The time of day in WIB (UTC+7, no daylight saving).
pub fn now_wib() -> NaiveTime {
    let now = Utc::now() + chrono::Duration::hours(7);
    NaiveTime::from_hms_opt(now.hour(), now.minute(), now.second()).unwrap_or_default()
}

/// `23:30`.
pub fn hhmm(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_window_across_midnight_covers_both_sides_of_it() {
        let pln = Cutoff::parse("23:30-00:30").unwrap();
        assert!(pln.covers(t(23, 30)) && pln.covers(t(23, 59)) && pln.covers(t(0, 0)));
        assert!(pln.covers(t(0, 29)));
        assert!(!pln.covers(t(0, 30)) && !pln.covers(t(12, 0)) && !pln.covers(t(23, 29)));
        let day = Cutoff::parse("1.00-2.15").unwrap();
        assert!(day.covers(t(1, 0)) && day.covers(t(2, 14)) && !day.covers(t(2, 15)));
    }

    #[test]
    fn malformed_hours_are_refused() {
        for s in [
            "",
            "23:30",
            "23:30-",
            "24:00-01:00",
            "23:60-01:00",
            "1:5-2:00",
            "10:00-10:00",
            "a:bc-01:00",
            "23:30-00:30-01:00",
            "+1:00-2:00",
        ] {
            assert_eq!(Cutoff::parse(s), None, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn a_time_is_covered_by_exactly_one_of_a_window_and_its_complement(
            a in 0u32..1440, b in 0u32..1440, x in 0u32..1440
        ) {
            prop_assume!(a != b);
            let at = |m: u32| t(m / 60, m % 60);
            let window = Cutoff { closes: at(a), opens: at(b) };
            let complement = Cutoff { closes: at(b), opens: at(a) };
            prop_assert!(window.covers(at(x)) != complement.covers(at(x)));
            let text = format!("{}-{}", hhmm(at(a)), hhmm(at(b)));
            prop_assert_eq!(Cutoff::parse(&text), Some(window));
        }
    }
}
