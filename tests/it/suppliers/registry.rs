//! `/supplier`: the list, a pause and a resume (each audited and told to the other admins), and
//! every refusal, which changes nothing.
use crate::helpers::{ADMIN, TestApp, admin, spawn_app_with_sim_and_admins};

/// The second admin, who hears of the first one's pauses.
const OTHER: i64 = 901;

/// What a refusal must leave as it was: the supplier's row, the audit trail, the outbox.
async fn snapshot(app: &TestApp) -> (String, Option<String>, Option<i64>, i64, i64) {
    let (state, reason, by): (String, Option<String>, Option<i64>) = sqlx::query_as(
        "select state, paused_reason, paused_by from suppliers where code = 'utama'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let audit = app.count("select count(*) from admin_actions").await;
    let outbox = app
        .count("select count(*) from outbox where alert_kind is not null")
        .await;
    (state, reason, by, audit, outbox)
}

async fn newest_audit(app: &TestApp) -> (i64, String, String, String, String) {
    sqlx::query_as(
        "select admin_id, action, subject, before, after from admin_actions
          order by action_id desc limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

fn audit_row(action: &str, before: &str, after: &str) -> (i64, String, String, String, String) {
    (
        ADMIN,
        action.into(),
        "supplier utama".into(),
        before.into(),
        after.into(),
    )
}

fn count_to(app: &TestApp, chat: i64, part: &str) -> usize {
    app.tg
        .messages_to(chat)
        .iter()
        .filter(|m| m.plain_text.contains(part))
        .count()
}

/// Each command refused with its words, and nothing changed by it.
async fn refused(app: &TestApp, command: &str, expect: &str) {
    let before = snapshot(app).await;
    app.ask(&admin(), command, expect).await;
    assert_eq!(snapshot(app).await, before, "{command} changed something");
}

#[tokio::test]
async fn an_admin_pauses_and_resumes_a_supplier_audited_and_told_to_the_others() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN, OTHER]).await;
    let boss = admin();
    let listed = app.ask(&boss, "/supplier", "Supplier").await;
    for part in ["utama", "aktif", "saldo belum pernah dilaporkan"] {
        assert!(
            listed.plain_text.contains(part),
            "{part}: {}",
            listed.plain_text
        );
    }

    app.ask(
        &boss,
        "/supplier jeda UTAMA saldo habis di supplier",
        "dijeda",
    )
    .await;
    let (state, reason, by, ..) = snapshot(&app).await;
    assert_eq!(
        (state.as_str(), reason.as_deref(), by),
        ("paused", Some("saldo habis di supplier"), Some(ADMIN))
    );
    assert_eq!(
        newest_audit(&app).await,
        audit_row("jeda_supplier", "aktif", "dijeda: saldo habis di supplier")
    );
    let told = app.message(OTHER, "menjeda supplier utama").await;
    assert!(
        told.plain_text.contains("saldo habis di supplier"),
        "{}",
        told.plain_text
    );
    assert_eq!(
        count_to(&app, ADMIN, "menjeda supplier"),
        0,
        "not told to the one who did it"
    );
    let listed = app.ask(&boss, "/supplier", "Supplier").await;
    for part in ["dijeda oleh admin 900", "saldo habis di supplier"] {
        assert!(
            listed.plain_text.contains(part),
            "{part}: {}",
            listed.plain_text
        );
    }

    app.ask(&boss, "/supplier aktif utama", "aktif kembali")
        .await;
    let (state, reason, by, ..) = snapshot(&app).await;
    assert_eq!((state.as_str(), reason, by), ("active", None, None));
    assert_eq!(
        newest_audit(&app).await,
        audit_row("aktif_supplier", "dijeda: saldo habis di supplier", "aktif")
    );
    app.message(OTHER, "mengaktifkan kembali supplier utama")
        .await;
    app.finish().await;
}

#[tokio::test]
async fn a_refused_pause_or_resume_changes_nothing() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN, OTHER]).await;
    refused(&app, "/supplier aktif utama", "sudah aktif").await;
    refused(&app, "/supplier jeda nope stok", "tidak dikenal").await;
    let unknown = app
        .ask(&admin(), "/supplier aktif nope", "tidak dikenal")
        .await;
    assert!(
        unknown.plain_text.contains("Supplier yang ada: utama"),
        "{}",
        unknown.plain_text
    );
    refused(&app, "/supplier jeda utama", "Tulis alasannya").await;
    refused(&app, "/supplier jeda utama    ", "Tulis alasannya").await;
    let long = format!("/supplier jeda utama {}", "x".repeat(201));
    refused(&app, &long, "paling banyak 200 karakter").await;

    app.ask(&admin(), "/supplier jeda utama gangguan", "dijeda")
        .await;
    let again = app
        .ask(&admin(), "/supplier jeda utama lagi", "sudah")
        .await;
    for part in ["dijeda oleh admin 900 sejak", "gangguan"] {
        assert!(
            again.plain_text.contains(part),
            "{part}: {}",
            again.plain_text
        );
    }
    refused(&app, "/supplier jeda utama lagi", "sudah").await;
    assert_eq!(count_to(&app, OTHER, "menjeda supplier"), 1);
    app.finish().await;
}
