//! What a complete environment loads, what is missing or malformed, defaults, and secrets.
use secrecy::ExposeSecret;

use super::*;

#[test]
fn a_complete_environment_loads_with_defaults() {
    let s = load(&valid()).unwrap();
    assert_eq!(s.admin_ids, vec![111, 222]);
    assert_eq!(s.biller.timeout, Duration::from_secs(30));
    assert_eq!(s.duplicate_window, Duration::from_secs(300));
    assert_eq!(s.http.addr.to_string(), "0.0.0.0:8080");
    assert!(s.http.callback_allow.is_empty());
    assert_eq!(s.log_format, LogFormat::Text);
    assert_eq!(
        s.biller.endpoint().as_str(),
        "https://supplier.example/service/in/json"
    );
}

#[test]
fn each_required_variable_is_named_when_missing() {
    for var in [
        "DATABASE_URL",
        "TELOXIDE_TOKEN",
        "BILLER_URL",
        "BILLER_USER",
        "BILLER_PASSWORD",
        "CALLBACK_TOKEN",
        "ADMIN_IDS",
    ] {
        let mut vars = valid();
        vars.remove(var);
        let e = load(&vars).unwrap_err();
        assert_eq!(e.var, var);
        assert_eq!(
            e.to_string(),
            format!("configuration error: {var}: is required but not set")
        );
        // An empty value in .env counts as missing too.
        vars.insert(var, "  ".into());
        assert_eq!(load(&vars).unwrap_err().var, var);
    }
}

#[test]
fn bad_values_are_refused_with_the_variable_named() {
    for (var, value) in [
        ("DATABASE_URL", "mysql://x"),
        ("TELOXIDE_TOKEN", "@my_bot"),
        ("TELOXIDE_TOKEN", "abc:defghijklmnopqrstuvwxyz"),
        ("BILLER_URL", "not a url"),
        ("BILLER_URL", "http://supplier.example"),
        ("BILLER_URL", "ftp://supplier.example"),
        ("BILLER_TIMEOUT_SECS", "0"),
        ("BILLER_TIMEOUT_SECS", "thirty"),
        ("HTTP_ADDR", "8080"),
        ("CALLBACK_TOKEN", "short"),
        ("CALLBACK_TOKEN", "0123456789abcdef0123456789abcdef/.."),
        ("CALLBACK_ALLOW_IPS", "10.0.0.1, supplier.example"),
        ("CALLBACK_ALLOW_IPS", "10.0.0.0/33"),
        ("ADMIN_IDS", "@boss"),
        ("ADMIN_IDS", "-5"),
        ("ADMIN_IDS", ","),
        ("DUPLICATE_WINDOW_SECS", "-1"),
        ("FLOOD_MAX_PER_MIN", "1001"),
        ("FLOOD_MAX_PER_MIN", "lots"),
        ("LOG_FORMAT", "xml"),
        ("TELEGRAM_WEBHOOK_URL", "http://bot.example/hook"),
    ] {
        assert_eq!(error_for(var, value).var, var, "{var}={value}");
    }
}

#[test]
fn flood_limit_defaults_to_twenty_a_minute_and_zero_turns_it_off() {
    let mut vars = valid();
    assert_eq!(load(&vars).unwrap().flood.per_min, 20);
    vars.insert("FLOOD_MAX_PER_MIN", "0".into());
    assert_eq!(load(&vars).unwrap().flood.per_min, 0);
    vars.insert("FLOOD_MAX_PER_MIN", "60".into());
    assert_eq!(load(&vars).unwrap().flood.per_min, 60);
}

#[test]
fn secrets_do_not_show_in_debug_output() {
    let s = load(&valid()).unwrap();
    let shown = format!("{s:?}");
    for secret in [
        "hunter2-supplier",
        "0123456789abcdef0123456789abcdef",
        "AAbbCCddEEffGGhhIIjjKK",
        "postgres://loket@localhost/loket",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked into Debug output");
    }
    assert_eq!(s.biller.password.expose_secret(), "hunter2-supplier");
}

#[test]
fn env_example_lists_every_variable_and_its_placeholders_do_not_start() {
    let example = include_str!("../../../.env.example");
    let listed: HashMap<&str, String> = example
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim().to_owned()))
        .collect();
    for var in [
        "DATABASE_URL",
        "TELOXIDE_TOKEN",
        "TELOXIDE_API_URL",
        "BILLER_URL",
        "BILLER_USER",
        "BILLER_PASSWORD",
        "BILLER_TIMEOUT_SECS",
        "HTTP_ADDR",
        "CALLBACK_TOKEN",
        "CALLBACK_ALLOW_IPS",
        "PUBLIC_URL",
        "METRICS_ALLOW_IPS",
        "ADMIN_IDS",
        "TELEGRAM_WEBHOOK_URL",
        "TELEGRAM_WEBHOOK_SECRET",
        "DUPLICATE_WINDOW_SECS",
        "STUCK_ORDER_ALERT_MINS",
        "FLOOD_MAX_PER_MIN",
        "DEPOSIT_MIN",
        "DEPOSIT_MAX",
        "DEPOSIT_TICKET_HOURS",
        "DEPOSIT_MAX_OPEN",
        "QRIS_STATIC",
        "DEPOSIT_WEBHOOK_TOKEN",
        "DEPOSIT_WEBHOOK_SECRET",
        "DEPOSIT_ALLOW_IPS",
        "SUPPLIER_LOW_BALANCE",
        "REGISTRATION",
        "SUPPORT_CONTACT",
        "LOG_FORMAT",
    ] {
        assert!(listed.contains_key(var), "{var} missing from .env.example");
    }
    let e = load(&listed.into_iter().collect()).unwrap_err();
    assert_eq!(
        e.var, "TELOXIDE_TOKEN",
        "copying .env.example unchanged must not start loket"
    );
}

#[test]
fn recovery_knobs_default_to_production_values_and_can_be_shortened() {
    let s = load(&valid()).unwrap();
    assert_eq!(s.tuning.recovery_every, Duration::from_secs(30));
    assert_eq!(s.tuning.outbox_lease, Duration::from_secs(60));
    assert_eq!(s.tuning.interrupted_margin, Duration::from_secs(30));
    assert_eq!(s.tuning.invariant_check_every, Duration::from_secs(300));
    let mut vars = valid();
    for (var, value) in [
        ("RECOVERY_EVERY_SECS", "1"),
        ("OUTBOX_LEASE_SECS", "2"),
        ("RECOVERY_MARGIN_SECS", "0"),
        ("MONITOR_EVERY_SECS", "3"),
    ] {
        vars.insert(var, value.into());
    }
    let t = load(&vars).unwrap().tuning;
    assert_eq!(
        (t.recovery_every, t.outbox_lease, t.interrupted_margin),
        (
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::ZERO
        )
    );
    assert_eq!(t.invariant_check_every, Duration::from_secs(3));
    assert_eq!(error_for("OUTBOX_LEASE_SECS", "0").var, "OUTBOX_LEASE_SECS");
}

#[test]
fn telegram_pace_is_telegrams_unless_the_bench_asks() {
    assert_eq!(
        load(&valid()).unwrap().tuning.telegram_pace,
        TelegramPace::Telegram
    );
    let mut vars = valid();
    vars.insert("TELEGRAM_PACE", "bench".into());
    assert_eq!(
        load(&vars).unwrap().tuning.telegram_pace,
        TelegramPace::Bench
    );
    assert_eq!(error_for("TELEGRAM_PACE", "fast").var, "TELEGRAM_PACE");
}

#[test]
fn supplier_low_balance_is_an_amount_or_nothing() {
    assert_eq!(load(&valid()).unwrap().supplier_low_balance, None);
    let mut vars = valid();
    vars.insert("SUPPLIER_LOW_BALANCE", "500rb".into());
    assert_eq!(
        load(&vars).unwrap().supplier_low_balance,
        Some(crate::domain::Money::from_rupiah(500_000))
    );
    for bad in ["-5", "lima ratus", "0"] {
        vars.insert("SUPPLIER_LOW_BALANCE", bad.into());
        let e = load(&vars).unwrap_err();
        assert_eq!(e.var, "SUPPLIER_LOW_BALANCE", "{bad}");
        assert!(e.problem.contains("not an amount"), "{}", e.problem);
    }
}

#[test]
fn registration_is_open_unless_approval_and_anything_else_names_the_variable() {
    let settings = load(&valid()).unwrap();
    assert_eq!(settings.registration, crate::domain::Registration::Open);
    assert_eq!(settings.support_contact, None);
    let mut vars = valid();
    vars.insert("REGISTRATION", "approval".into());
    vars.insert("SUPPORT_CONTACT", "https://wa.me/6281234567890".into());
    let settings = load(&vars).unwrap();
    assert_eq!(settings.registration, crate::domain::Registration::Approval);
    assert_eq!(
        settings.support_contact.map(|c| c.as_str().to_owned()),
        Some("https://wa.me/6281234567890".to_owned())
    );
    for (var, bad) in [
        ("REGISTRATION", "closed"),
        ("SUPPORT_CONTACT", "toko_cs"),
        ("SUPPORT_CONTACT", "https://evil.example/"),
    ] {
        let e = error_for(var, bad);
        assert_eq!(e.var, var);
        assert!(e.to_string().contains(var), "{e}");
    }
}

#[test]
fn failover_defaults_to_two_attempts_in_a_minute_and_bad_values_name_their_variable() {
    let settings = load(&valid()).unwrap();
    assert_eq!(settings.failover, crate::domain::FailoverPolicy::default());
    assert_eq!(settings.failover.max_attempts, 2);
    let mut vars = valid();
    vars.insert("FAILOVER_MAX", "3".into());
    vars.insert("FAILOVER_WINDOW_SECS", "0".into());
    let settings = load(&vars).unwrap();
    assert_eq!(settings.failover.max_attempts, 3);
    assert!(settings.failover.window.is_zero());
    for (var, bad) in [
        ("FAILOVER_MAX", "0"),
        ("FAILOVER_MAX", "10"),
        ("FAILOVER_WINDOW_SECS", "3601"),
        ("FAILOVER_WINDOW_SECS", "satu menit"),
    ] {
        assert_eq!(error_for(var, bad).var, var, "{var}={bad}");
    }
}
