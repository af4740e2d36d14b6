//! The dates `/laporan` takes: `1/11`, `1/11/2026`, `2026-11-01`, and the words `hari ini`,
//! `kemarin`, `minggu ini`, `bulan ini`, `bulan lalu`. Reading them needs no clock, so the
//! command parser does it; which days they mean depends on today (WIB), known when it runs.
use chrono::{Datelike, Days, Months, NaiveDate};

/// The longest range one report covers: a year, leap day included.
pub const MAX_DAYS: i64 = 366;

/// One date as typed, not yet tied to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateArg {
    Date(NaiveDate),
    /// `1/11`: that day of this year.
    DayMonth {
        day: u32,
        month: u32,
    },
    Today,
    Yesterday,
    /// Monday to today.
    ThisWeek,
    /// The first of the month to today.
    ThisMonth,
    /// The whole previous month.
    LastMonth,
}

/// What a `/laporan` asked for: no date (today), one, or a `dari` and a `sampai`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodArgs {
    pub from: Option<DateArg>,
    pub to: Option<DateArg>,
}

/// An inclusive range of WIB days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why the words do not make dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    /// A word that is no date, as typed (shortened).
    Unreadable(String),
    TooMany,
}

/// Why dates that were read do not make a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeError {
    /// `29/2` in a year without one.
    NoSuchDay {
        day: u32,
        month: u32,
        year: i32,
    },
    Backwards {
        from: NaiveDate,
        to: NaiveDate,
    },
    TooLong {
        days: i64,
    },
}

impl Period {
    pub fn day(day: NaiveDate) -> Self {
        Self { from: day, to: day }
    }

    /// Days covered, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    pub fn is_one_day(&self) -> bool {
        self.from == self.to
    }
}

/// Reads the words after `/laporan` (without `csv`): each date is one word, or two for
/// `hari ini`, `minggu ini`, `bulan ini` and `bulan lalu`.
pub fn parse_args(words: &[&str]) -> Result<PeriodArgs, ArgsError> {
    let mut dates = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].to_lowercase();
        let next = words.get(i + 1).map(|w| w.to_lowercase());
        let pair = match (word.as_str(), next.as_deref()) {
            ("hari", Some("ini")) => Some(DateArg::Today),
            ("minggu", Some("ini")) => Some(DateArg::ThisWeek),
            ("bulan", Some("ini")) => Some(DateArg::ThisMonth),
            ("bulan", Some("lalu")) => Some(DateArg::LastMonth),
            _ => None,
        };
        let arg = match pair {
            Some(arg) => {
                i += 2;
                arg
            }
            None => {
                i += 1;
                parse_one(&word).ok_or_else(|| ArgsError::Unreadable(shown(words[i - 1])))?
            }
        };
        dates.push(arg);
    }
    match dates.as_slice() {
        [] => Ok(PeriodArgs::default()),
        [one] => Ok(PeriodArgs {
            from: Some(*one),
            to: None,
        }),
        [from, to] => Ok(PeriodArgs {
            from: Some(*from),
            to: Some(*to),
        }),
        _ => Err(ArgsError::TooMany),
    }
}

fn shown(word: &str) -> String {
    word.chars().take(30).collect()
}

/// One word: `kemarin`, or a date in one of its three written forms.
fn parse_one(word: &str) -> Option<DateArg> {
    if word == "kemarin" {
        return Some(DateArg::Yesterday);
    }
    if let Some((y, m, d)) = split3(word, '-') {
        // Year first: only a four-digit year, as anyone writes it.
        return (y.len() == 4)
            .then(|| ymd(number(y)?, number(m)?, number(d)?))
            .flatten()
            .map(DateArg::Date);
    }
    if let Some((d, m, y)) = split3(word, '/') {
        return (y.len() == 4)
            .then(|| ymd(number(y)?, number(m)?, number(d)?))
            .flatten()
            .map(DateArg::Date);
    }
    let (d, m) = word.split_once('/')?;
    let (day, month) = (number(d)?, number(m)?);
    // Any year with a 29 February, so that `29/2` reads; whether this year has one is known
    // only when the range is resolved.
    NaiveDate::from_ymd_opt(2000, month, day)?;
    Some(DateArg::DayMonth { day, month })
}

fn split3(word: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = word.split(sep);
    let out = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(out)
}

/// One to four ASCII digits: no signs, no spaces, no other scripts' digits.
fn number(s: &str) -> Option<u32> {
    ((1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year).ok().filter(|y| *y >= 1)?;
    NaiveDate::from_ymd_opt(year, month, day)
}

impl DateArg {
    /// The days this date stands for, as of `today`.
    fn span(self, today: NaiveDate) -> Result<Period, RangeError> {
        let month_start = today.with_day(1).unwrap_or(today);
        Ok(match self {
            DateArg::Date(d) => Period::day(d),
            DateArg::DayMonth { day, month } => {
                let year = today.year();
                let date = NaiveDate::from_ymd_opt(year, month, day)
                    .ok_or(RangeError::NoSuchDay { day, month, year })?;
                Period::day(date)
            }
            DateArg::Today => Period::day(today),
            DateArg::Yesterday => Period::day(today.pred_opt().unwrap_or(today)),
            DateArg::ThisWeek => {
                let back = u64::from(today.weekday().num_days_from_monday());
                Period {
                    from: today.checked_sub_days(Days::new(back)).unwrap_or(today),
                    to: today,
                }
            }
            DateArg::ThisMonth => Period {
                from: month_start,
                to: today,
            },
            DateArg::LastMonth => {
                let to = month_start.pred_opt().unwrap_or(month_start);
                Period {
                    from: month_start
                        .checked_sub_months(Months::new(1))
                        .unwrap_or(month_start),
                    to,
                }
            }
        })
    }
}

impl PeriodArgs {
    /// The range these dates mean on `today`: none is today; one is its day or period; two run
    /// from the start of the first to the end of the second.
    pub fn resolve(&self, today: NaiveDate) -> Result<Period, RangeError> {
        let period = match (self.from, self.to) {
            (None, _) => Period::day(today),
            (Some(one), None) => one.span(today)?,
            (Some(from), Some(to)) => {
                let (from, to) = (from.span(today)?, to.span(today)?);
                if from.from > to.to {
                    return Err(RangeError::Backwards {
                        from: from.from,
                        to: to.to,
                    });
                }
                Period {
                    from: from.from,
                    to: to.to,
                }
            }
        };
        if period.days() > MAX_DAYS {
            return Err(RangeError::TooLong {
                days: period.days(),
            });
        }
        Ok(period)
    }
}

#[cfg(test)]
mod tests;
