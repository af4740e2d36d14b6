use super::*;

#[test]
fn deposits_default_to_the_documented_limits_and_no_webhook() {
    let s = load(&valid()).unwrap();
    let d = s.deposits;
    assert_eq!((d.min.rupiah(), d.max.rupiah()), (10_000, 10_000_000));
    assert_eq!(d.ticket_hours, 24);
    assert!(d.qris_static.is_none() && d.webhook_token.is_none() && d.webhook_secret.is_none());
}

#[test]
fn bad_deposit_settings_are_refused_naming_the_variable() {
    assert_eq!(error_for("DEPOSIT_MAX", "5000").var, "DEPOSIT_MAX");
    assert_eq!(error_for("DEPOSIT_MIN", "10rb").var, "DEPOSIT_MIN");
    assert_eq!(
        error_for("DEPOSIT_TICKET_HOURS", "0").var,
        "DEPOSIT_TICKET_HOURS"
    );
    assert_eq!(
        error_for("DEPOSIT_WEBHOOK_TOKEN", "short").var,
        "DEPOSIT_WEBHOOK_TOKEN"
    );
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
