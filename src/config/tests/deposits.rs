use super::*;

#[test]
fn deposits_default_to_the_documented_limits_and_no_webhook() {
    let s = load(&valid()).unwrap();
    let d = s.deposits;
    assert_eq!((d.min.rupiah(), d.max.rupiah()), (10_000, 10_000_000));
    assert_eq!(d.ticket_hours, 24);
    assert_eq!(d.max_open, 3);
    assert!(d.qris_static.is_none() && d.webhook_token.is_none() && d.webhook_secret.is_none());
    assert!(d.allow.is_empty());
}

#[test]
fn bad_deposit_settings_are_refused_naming_the_variable() {
    assert_eq!(error_for("DEPOSIT_MAX", "5000").var, "DEPOSIT_MAX");
    assert_eq!(error_for("DEPOSIT_MIN", "10rb").var, "DEPOSIT_MIN");
    assert_eq!(
        error_for("DEPOSIT_TICKET_HOURS", "0").var,
        "DEPOSIT_TICKET_HOURS"
    );
    assert_eq!(error_for("DEPOSIT_MAX_OPEN", "0").var, "DEPOSIT_MAX_OPEN");
    assert_eq!(
        error_for("DEPOSIT_MAX_OPEN", "tiga").var,
        "DEPOSIT_MAX_OPEN"
    );
    assert_eq!(
        error_for("DEPOSIT_WEBHOOK_TOKEN", "short").var,
        "DEPOSIT_WEBHOOK_TOKEN"
    );
    let e = error_for("DEPOSIT_ALLOW_IPS", "203.0.113.7");
    assert!(e.problem.contains("DEPOSIT_WEBHOOK_TOKEN"), "{e}");
    let e = error_for("DEPOSIT_WEBHOOK_SECRET", "s3cret");
    assert!(e.problem.contains("DEPOSIT_WEBHOOK_TOKEN"), "{e}");
    // A sticker's payload with its last CRC digit changed.
    let sticker = crate::domain::qris::tests::sticker();
    let broken = format!(
        "{}{}",
        &sticker[..sticker.len() - 1],
        if sticker.ends_with('0') { '1' } else { '0' }
    );
    let e = error_for("QRIS_STATIC", &broken);
    assert_eq!(e.var, "QRIS_STATIC");
    assert!(e.to_string().contains("checksum"), "{e}");
    let e = error_for("QRIS_STATIC", "hello");
    assert_eq!(e.var, "QRIS_STATIC");
}

#[test]
fn a_valid_static_qris_and_webhook_load() {
    let mut vars = valid();
    vars.insert("QRIS_STATIC", crate::domain::qris::tests::sticker());
    vars.insert("DEPOSIT_WEBHOOK_TOKEN", "t".repeat(32));
    vars.insert("DEPOSIT_WEBHOOK_SECRET", "shared-secret".into());
    let d = load(&vars).unwrap().deposits;
    assert!(d.qris_static.is_some() && d.webhook_token.is_some() && d.webhook_secret.is_some());
}

#[test]
fn a_webhook_with_only_its_token_is_refused_naming_the_fix() {
    let mut vars = valid();
    vars.insert("DEPOSIT_WEBHOOK_TOKEN", "t".repeat(32));
    let e = load(&vars).unwrap_err();
    assert_eq!(e.var, "DEPOSIT_WEBHOOK_SECRET");
    for fix in ["DEPOSIT_WEBHOOK_SECRET", "DEPOSIT_ALLOW_IPS", "proxy logs"] {
        assert!(e.to_string().contains(fix), "{e}");
    }
    // Commas alone list nobody, and everyone is no guard.
    for nobody in [" , ", "0.0.0.0/0", "203.0.113.7, ::/0"] {
        vars.insert("DEPOSIT_ALLOW_IPS", nobody.into());
        assert!(load(&vars).is_err(), "{nobody}");
    }
    vars.insert("DEPOSIT_ALLOW_IPS", "203.0.113.7, 198.51.100.0/24".into());
    let d = load(&vars).unwrap().deposits;
    assert!(d.webhook_secret.is_none());
    assert_eq!(d.allow.len(), 2);
    // A secret alone guards it too, and both together are fine.
    let mut vars = valid();
    vars.insert("DEPOSIT_WEBHOOK_TOKEN", "t".repeat(32));
    vars.insert("DEPOSIT_WEBHOOK_SECRET", "shared-secret".into());
    assert!(load(&vars).unwrap().deposits.allow.is_empty());
    vars.insert("DEPOSIT_ALLOW_IPS", "203.0.113.7".into());
    assert_eq!(load(&vars).unwrap().deposits.allow.len(), 1);
}
