//! Addresses: the webhook, the supplier's URL, who may call in, and the callback URL.
use super::*;

#[test]
fn webhook_needs_a_strong_secret() {
    let mut vars = valid();
    vars.insert("TELEGRAM_WEBHOOK_URL", "https://bot.example".into());
    assert_eq!(load(&vars).unwrap_err().var, "TELEGRAM_WEBHOOK_SECRET");
    vars.insert("TELEGRAM_WEBHOOK_SECRET", "too-short".into());
    assert_eq!(load(&vars).unwrap_err().var, "TELEGRAM_WEBHOOK_SECRET");
    vars.insert("TELEGRAM_WEBHOOK_SECRET", "a".repeat(40));
    assert!(load(&vars).is_ok());
}

#[test]
fn the_webhook_url_is_the_base_address_or_the_webhook_path_and_nothing_else() {
    let mut vars = valid();
    vars.insert("TELEGRAM_WEBHOOK_SECRET", "a".repeat(40));
    for (given, registered) in [
        (
            "https://bot.example",
            "https://bot.example/telegram/webhook",
        ),
        (
            "https://bot.example/",
            "https://bot.example/telegram/webhook",
        ),
        (
            "https://bot.example:8443/telegram/webhook",
            "https://bot.example:8443/telegram/webhook",
        ),
        (
            " https://bot.example/telegram/webhook ",
            "https://bot.example/telegram/webhook",
        ),
    ] {
        vars.insert("TELEGRAM_WEBHOOK_URL", given.into());
        let url = load(&vars).unwrap().telegram.webhook_url.unwrap();
        assert_eq!(url.as_str(), registered, "{given}");
    }
    for (given, says) in [
        ("https://bot.example/telegram", "has the path /telegram,"),
        (
            "https://bot.example/telegram/webhook/",
            "has the path /telegram/webhook/,",
        ),
        (
            "https://bot.example/hook/telegram/webhook",
            "has the path /hook/telegram/webhook,",
        ),
        (
            "https://bot.example/?x=1",
            "must not have a query or fragment",
        ),
        (
            "https://bot.example/telegram/webhook#a",
            "must not have a query or fragment",
        ),
        ("http://bot.example", "must be an https:// URL"),
        ("https://bot.example:8080", "has port 8080"),
        ("bot.example", "is not a valid URL"),
    ] {
        vars.insert("TELEGRAM_WEBHOOK_URL", given.into());
        let e = load(&vars).expect_err(given);
        assert_eq!(e.var, "TELEGRAM_WEBHOOK_URL", "{given}");
        assert!(e.problem.contains(says), "{given}: {}", e.problem);
    }
    let e = error_for("TELEGRAM_WEBHOOK_URL", "https://bot.example/tg");
    assert_eq!(
        e.to_string(),
        "configuration error: TELEGRAM_WEBHOOK_URL: has the path /tg, but loket takes updates \
         only at /telegram/webhook; give https://loket.example.com or \
         https://loket.example.com/telegram/webhook"
    );
}

#[test]
fn plain_http_to_the_supplier_is_allowed_only_on_this_machine() {
    for url in [
        "http://127.0.0.1:8081",
        "http://localhost:8081/",
        "http://[::1]:9000",
    ] {
        let mut vars = valid();
        vars.insert("BILLER_URL", url.into());
        assert!(load(&vars).is_ok(), "{url}");
    }
}

#[test]
fn allow_list_takes_addresses_and_ranges() {
    let mut vars = valid();
    vars.insert(
        "CALLBACK_ALLOW_IPS",
        "203.0.113.7, 198.51.100.0/24,2001:db8::/32".into(),
    );
    let s = load(&vars).unwrap();
    assert_eq!(s.http.callback_allow.len(), 3);
    assert!(s.http.callback_allow[0].contains(&"203.0.113.7".parse::<std::net::IpAddr>().unwrap()));
}

#[test]
fn metrics_are_for_private_networks_unless_configured() {
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    let s = load(&valid()).unwrap();
    let allowed =
        |s: &Settings, addr: &str| s.http.metrics_allow.iter().any(|n| n.contains(&ip(addr)));
    for private in ["127.0.0.1", "10.1.2.3", "172.18.0.5", "192.168.1.10", "::1"] {
        assert!(allowed(&s, private), "{private}");
    }
    for public in ["8.8.8.8", "203.0.113.7", "2001:db8::1"] {
        assert!(!allowed(&s, public), "{public}");
    }
    let mut vars = valid();
    vars.insert("METRICS_ALLOW_IPS", "203.0.113.7".into());
    let s = load(&vars).unwrap();
    assert!(allowed(&s, "203.0.113.7") && !allowed(&s, "127.0.0.1"));
    vars.insert("METRICS_ALLOW_IPS", "everyone".into());
    assert_eq!(load(&vars).unwrap_err().var, "METRICS_ALLOW_IPS");
}

#[test]
fn trusted_proxies_are_none_unless_listed_and_never_everyone() {
    let s = load(&valid()).unwrap();
    assert!(s.http.trusted_proxies.is_empty());
    let mut vars = valid();
    vars.insert("TRUSTED_PROXIES", "127.0.0.1, 172.16.0.0/12,::1".into());
    let s = load(&vars).unwrap();
    assert_eq!(s.http.trusted_proxies.len(), 3);
    assert!(s.http.trusted_proxies[1].contains(&"172.18.0.1".parse::<std::net::IpAddr>().unwrap()));
    for bad in ["proxy.local", "0.0.0.0/0", "10.0.0.1, ::/0"] {
        let e = error_for("TRUSTED_PROXIES", bad);
        assert_eq!(e.var, "TRUSTED_PROXIES", "{bad}");
    }
    assert!(
        error_for("TRUSTED_PROXIES", "0.0.0.0/0")
            .to_string()
            .contains("any caller")
    );
}

#[test]
fn the_callback_url_is_built_from_public_url() {
    let mut vars = valid();
    assert_eq!(load(&vars).unwrap().http.callback_url(), None);
    for base in [
        "https://loket.example.com",
        "https://loket.example.com/",
        "https://h.example/sub",
    ] {
        vars.insert("PUBLIC_URL", base.into());
        let url = load(&vars).unwrap().http.callback_url().unwrap();
        let token = vars["CALLBACK_TOKEN"].clone();
        assert_eq!(
            url.as_str(),
            format!("{}/biller/callback/{token}", base.trim_end_matches('/'))
        );
    }
    vars.insert("PUBLIC_URL", "not a url".into());
    assert_eq!(load(&vars).unwrap_err().var, "PUBLIC_URL");
}
