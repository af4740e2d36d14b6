//! `DIGIFLAZZ_*`: optional together, each missing one named, the URL checked.
use std::collections::HashMap;
use std::time::Duration;

use secrecy::ExposeSecret;

use super::{error_for, load, valid};

fn with_digiflazz() -> HashMap<&'static str, String> {
    let mut vars = valid();
    vars.insert("DIGIFLAZZ_USERNAME", "budi".into());
    vars.insert("DIGIFLAZZ_API_KEY", "dev-kunci".into());
    vars.insert("DIGIFLAZZ_WEBHOOK_SECRET", "rahasia".into());
    vars
}

#[test]
fn none_set_means_no_digiflazz() {
    assert!(load(&valid()).unwrap().digiflazz.is_none());
}

#[test]
fn all_three_set_give_settings_with_the_default_url_and_the_biller_timeout() {
    let mut vars = with_digiflazz();
    vars.insert("BILLER_TIMEOUT_SECS", "12".into());
    let d = load(&vars).unwrap().digiflazz.expect("configured");
    assert_eq!(d.username, "budi");
    assert_eq!(d.api_key.expose_secret(), "dev-kunci");
    assert_eq!(d.webhook_secret.expose_secret(), "rahasia");
    assert_eq!(d.url.as_str(), "https://api.digiflazz.com/v1");
    assert_eq!(d.timeout, Duration::from_secs(12));
    assert_eq!(
        d.endpoint("cek-saldo").as_str(),
        "https://api.digiflazz.com/v1/cek-saldo"
    );
}

#[test]
fn each_missing_variable_is_named_when_another_is_set() {
    for missing in [
        "DIGIFLAZZ_USERNAME",
        "DIGIFLAZZ_API_KEY",
        "DIGIFLAZZ_WEBHOOK_SECRET",
    ] {
        let mut vars = with_digiflazz();
        vars.remove(missing);
        let e = load(&vars).expect_err(missing);
        assert_eq!(e.var, missing);
    }
    let mut only_url = valid();
    only_url.insert("DIGIFLAZZ_URL", "https://api.digiflazz.com/v1".into());
    assert_eq!(load(&only_url).unwrap_err().var, "DIGIFLAZZ_USERNAME");
}

#[test]
fn a_bad_url_is_named() {
    for bad in [
        "not a url",
        "http://api.digiflazz.com/v1",
        "ftp://localhost/v1",
    ] {
        let mut vars = with_digiflazz();
        vars.insert("DIGIFLAZZ_URL", bad.into());
        assert_eq!(load(&vars).unwrap_err().var, "DIGIFLAZZ_URL", "{bad}");
    }
    // Only a URL alone, with the credentials unset, still names the missing credential first.
    assert_eq!(error_for("DIGIFLAZZ_URL", "nope").var, "DIGIFLAZZ_USERNAME");
}

#[test]
fn plain_http_is_accepted_for_this_machine_only() {
    let mut vars = with_digiflazz();
    vars.insert("DIGIFLAZZ_URL", "http://127.0.0.1:9999/v1".into());
    let d = load(&vars).unwrap().digiflazz.unwrap();
    assert_eq!(
        d.endpoint("transaction").as_str(),
        "http://127.0.0.1:9999/v1/transaction"
    );
}

#[test]
fn secrets_are_not_in_debug() {
    let d = load(&with_digiflazz()).unwrap().digiflazz.unwrap();
    let shown = format!("{d:?}");
    assert!(
        !shown.contains("dev-kunci") && !shown.contains("rahasia"),
        "{shown}"
    );
}

#[test]
fn the_first_check_delay_is_parsed_and_named_when_wrong() {
    let d = load(&with_digiflazz())
        .unwrap()
        .digiflazz
        .expect("configured");
    assert_eq!(d.check_first, Duration::from_secs(60));
    let mut vars = with_digiflazz();
    vars.insert("DIGIFLAZZ_CHECK_FIRST_SECS", "5".into());
    let d = load(&vars).unwrap().digiflazz.expect("configured");
    assert_eq!(d.check_first, Duration::from_secs(5));
    for bad in ["0", "3601", "satu", "-1"] {
        vars.insert("DIGIFLAZZ_CHECK_FIRST_SECS", bad.into());
        let e = load(&vars).expect_err(bad);
        assert_eq!(
            e.var, "DIGIFLAZZ_CHECK_FIRST_SECS",
            "{bad} is refused, naming it"
        );
    }
    // Alone it names what is missing, as any DIGIFLAZZ_* variable does.
    let mut alone = valid();
    alone.insert("DIGIFLAZZ_CHECK_FIRST_SECS", "5".into());
    assert_eq!(load(&alone).unwrap_err().var, "DIGIFLAZZ_USERNAME");
}
