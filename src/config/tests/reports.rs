//! `DAILY_REPORT_AT`: a WIB time of day, `off`, or a specific error.
use chrono::NaiveTime;

use super::*;

fn at(value: &str) -> Option<NaiveTime> {
    let mut vars = valid();
    vars.insert("DAILY_REPORT_AT", value.into());
    load(&vars).unwrap().daily_report_at
}

#[test]
fn the_daily_summary_hour_reads_and_defaults_to_nine_pm() {
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0);
    assert_eq!(load(&valid()).unwrap().daily_report_at, hm(21, 0));
    assert_eq!(at(""), hm(21, 0));
    assert_eq!(at("07:30"), hm(7, 30));
    assert_eq!(at("7:30"), hm(7, 30));
    assert_eq!(at("00:00"), hm(0, 0));
    assert_eq!(at("23:59"), hm(23, 59));
    assert_eq!(at("off"), None);
    assert_eq!(at("OFF"), None);
}

#[test]
fn a_bad_daily_summary_hour_stops_start_up_naming_it() {
    for bad in [
        "24:00",
        "21:60",
        "21",
        "21:0",
        "9pm",
        "21.00",
        "-1:00",
        "21:00:00",
        "２１:００",
        "021:00",
        "+1:00",
    ] {
        let e = error_for("DAILY_REPORT_AT", bad);
        assert_eq!(e.var, "DAILY_REPORT_AT");
        assert!(
            e.problem.contains("HH:MM") && e.problem.contains(bad),
            "{bad}: {}",
            e.problem
        );
    }
}
