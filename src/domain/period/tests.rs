use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn period(words: &str, today: NaiveDate) -> Result<Period, RangeError> {
    let words: Vec<&str> = words.split_whitespace().collect();
    parse_args(&words).unwrap().resolve(today)
}

/// Wednesday 26 November 2025.
const TODAY: (i32, u32, u32) = (2025, 11, 26);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn every_written_form_reads() {
    let t = today();
    let cases = [
        ("", d(2025, 11, 26), d(2025, 11, 26)),
        ("1/11", d(2025, 11, 1), d(2025, 11, 1)),
        ("01/02", d(2025, 2, 1), d(2025, 2, 1)),
        ("1/11/2026", d(2026, 11, 1), d(2026, 11, 1)),
        ("2026-11-01", d(2026, 11, 1), d(2026, 11, 1)),
        ("hari ini", t, t),
        ("HARI Ini", t, t),
        ("kemarin", d(2025, 11, 25), d(2025, 11, 25)),
        ("minggu ini", d(2025, 11, 24), t),
        ("bulan ini", d(2025, 11, 1), t),
        ("bulan lalu", d(2025, 10, 1), d(2025, 10, 31)),
        ("1/11 15/11", d(2025, 11, 1), d(2025, 11, 15)),
        ("bulan lalu hari ini", d(2025, 10, 1), t),
        ("2024-12-01 kemarin", d(2024, 12, 1), d(2025, 11, 25)),
        ("1/1 bulan ini", d(2025, 1, 1), t),
    ];
    for (words, from, to) in cases {
        assert_eq!(period(words, t), Ok(Period { from, to }), "{words:?}");
    }
}

#[test]
fn weeks_start_on_monday_and_january_looks_back_to_december() {
    // Monday: the week is that day alone.
    assert_eq!(
        period("minggu ini", d(2025, 11, 24)),
        Ok(Period::day(d(2025, 11, 24)))
    );
    // Sunday: Monday to Sunday.
    assert_eq!(
        period("minggu ini", d(2025, 11, 30)).map(|p| p.from),
        Ok(d(2025, 11, 24))
    );
    assert_eq!(
        period("bulan lalu", d(2026, 1, 5)),
        Ok(Period {
            from: d(2025, 12, 1),
            to: d(2025, 12, 31)
        })
    );
    assert_eq!(
        period("bulan lalu", d(2024, 3, 31)).map(|p| p.to),
        Ok(d(2024, 2, 29))
    );
    assert_eq!(
        period("kemarin", d(2026, 1, 1)),
        Ok(Period::day(d(2025, 12, 31)))
    );
}

#[test]
fn unreadable_words_are_named() {
    for word in [
        "besok",
        "32/1",
        "1/13",
        "0/1",
        "2025-13-01",
        "25-11-01",
        "1/11/25",
        "+2025-01-01",
        "2025-1-1-1",
        "1//1",
        "１/１",
        "1/11/20266",
        "hari",
        "bulan",
        "0000-01-01",
    ] {
        assert_eq!(
            parse_args(&[word]),
            Err(ArgsError::Unreadable(word.into())),
            "{word}"
        );
    }
    assert_eq!(
        parse_args(&["hari", "lalu"]),
        Err(ArgsError::Unreadable("hari".into()))
    );
    assert_eq!(
        parse_args(&["1/11", "2/11", "3/11"]),
        Err(ArgsError::TooMany)
    );
}

#[test]
fn ranges_that_make_no_sense_say_why() {
    let t = today();
    assert_eq!(
        period("15/11 1/11", t),
        Err(RangeError::Backwards {
            from: d(2025, 11, 15),
            to: d(2025, 11, 1)
        })
    );
    assert_eq!(
        period("2023-11-01 2024-11-01", t),
        Err(RangeError::TooLong { days: 366 + 1 })
    );
    // A leap year's whole year is 366 days: allowed.
    assert_eq!(
        period("2024-01-01 2024-12-31", t).map(|p| p.days()),
        Ok(366)
    );
    assert_eq!(
        period("29/2", t),
        Err(RangeError::NoSuchDay {
            day: 29,
            month: 2,
            year: 2025
        })
    );
    assert_eq!(
        period("29/2", d(2024, 5, 1)),
        Ok(Period::day(d(2024, 2, 29)))
    );
}

proptest! {
    /// Whatever is typed, reading it never panics, and what resolves is a range of at most a
    /// year that runs forwards.
    #[test]
    fn any_words_read_or_refuse_without_panicking(
        words in proptest::collection::vec("[a-zA-Z0-9/+-]{0,12}", 0..4),
        day in 0u32..3000,
    ) {
        let today = d(2024, 1, 1) + chrono::Days::new(u64::from(day));
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        if let Ok(args) = parse_args(&words)
            && let Ok(p) = args.resolve(today)
        {
            prop_assert!(p.from <= p.to);
            prop_assert!(p.days() <= MAX_DAYS);
        }
    }

    /// Every calendar day, written in each of the three forms, reads back as itself.
    #[test]
    fn every_day_reads_back_in_each_form(offset in 0u64..40_000) {
        let date = d(1990, 1, 1) + chrono::Days::new(offset);
        let forms = [
            date.format("%Y-%m-%d").to_string(),
            format!("{}/{}/{}", date.day(), date.month(), date.year()),
            date.format("%d/%m/%Y").to_string(),
        ];
        for form in forms {
            prop_assert_eq!(
                parse_args(&[form.as_str()]).unwrap().resolve(date),
                Ok(Period::day(date)),
                "{}", form
            );
        }
        let short = format!("{}/{}", date.day(), date.month());
        prop_assert_eq!(
            parse_args(&[short.as_str()]).unwrap().resolve(date),
            Ok(Period::day(date))
        );
    }

    /// The named periods always end no later than today and contain today or end just before
    /// this month.
    #[test]
    fn named_periods_hold_together(offset in 0u64..20_000) {
        let today = d(2000, 1, 1) + chrono::Days::new(offset);
        let get = |w: &str| period(w, today).unwrap();
        let week = get("minggu ini");
        prop_assert_eq!(week.from.weekday(), chrono::Weekday::Mon);
        prop_assert!(week.days() <= 7 && week.to == today);
        let month = get("bulan ini");
        prop_assert_eq!(month.from.day(), 1);
        prop_assert_eq!(month.to, today);
        let last = get("bulan lalu");
        prop_assert_eq!(last.from.day(), 1);
        prop_assert_eq!(last.to.succ_opt().unwrap(), month.from);
        prop_assert_eq!(get("kemarin").to.succ_opt().unwrap(), today);
    }
}
