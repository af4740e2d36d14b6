//! A supplier whose settings are gone is paused at start, not silent (R41): routes skip it, so
//! nothing is left `unknown` with the money held; admins are told once, the audit trail names the
//! system; the settings back at a later start resume it, unless an admin paused it themselves.
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::orders::PlaceError;
use loket::sandbox::sim::digiflazz::{SimConfig, SimDigiflazz};
use secrecy::SecretString;

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, purchase, spawn_app_with_sim_set};

const REASON: &str = "DIGIFLAZZ_* tidak diatur";

/// Digiflazz simulated and configured; s5 routed digiflazz → utama, pln20 to digiflazz alone.
async fn with_digiflazz() -> (TestApp, DigiflazzSettings) {
    let sim = SimDigiflazz::new(SimConfig {
        username: "toko".into(),
        api_key: SecretString::from("kunci"),
        webhook_secret: SecretString::from("rahasia"),
        webhook_url: None,
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    });
    let settings = DigiflazzSettings {
        username: "toko".into(),
        api_key: SecretString::from("kunci"),
        webhook_secret: SecretString::from("rahasia"),
        url: sim.spawn().await.unwrap(),
        timeout: Duration::from_secs(2),
        check_first: Duration::from_secs(60),
    };
    let configured = settings.clone();
    let (app, _sim) = spawn_app_with_sim_set(|o| o.digiflazz = Some(configured)).await;
    sqlx::query(
        "insert into product_routes (product_id, position, supplier, sku, cost)
         select product_id, 1, 'digiflazz', 'tsel5', 5250 from products where code = 's5'
         union all
         select product_id, 2, 'utama', code, null from products where code = 's5'
         union all
         select product_id, 1, 'digiflazz', 'pln20', 20350 from products where code = 'pln20'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    (app, settings)
}

async fn digiflazz_row(app: &TestApp) -> (String, Option<String>, Option<i64>) {
    sqlx::query_as("select state, paused_reason, paused_by from suppliers where code = 'digiflazz'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn system_rows(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "select action, before, after from admin_actions where admin_id = 0 order by action_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn alerts(app: &TestApp, kind: &'static str) -> i64 {
    let sql = match kind {
        "paused" => "select count(*) from outbox where dedup_key like 'suppliers:tidak_diatur:%'",
        _ => "select count(*) from outbox where dedup_key like 'suppliers:diatur:%'",
    };
    app.count(sql).await
}

#[tokio::test]
async fn a_supplier_whose_settings_are_gone_is_paused_at_start_and_resumed_when_they_return() {
    let (app, settings) = with_digiflazz().await;
    assert_eq!(digiflazz_row(&app).await.0, "active");

    let app = app.restart_with(|s| s.digiflazz = None).await;
    let paused = (String::from("paused"), Some(REASON.to_owned()), None);
    assert_eq!(digiflazz_row(&app).await, paused);
    let told = app.message(ADMIN, "dijeda otomatis saat loket mulai").await;
    assert!(told.plain_text.contains(REASON), "{}", told.plain_text);
    let listed = app.ask(&admin(), "/supplier", "Supplier").await;
    assert!(
        listed.plain_text.contains("dijeda otomatis sejak") && listed.plain_text.contains(REASON),
        "{}",
        listed.plain_text
    );
    let pause_row = (
        "jeda_supplier".to_owned(),
        "aktif".to_owned(),
        format!("dijeda: {REASON}"),
    );
    assert_eq!(system_rows(&app).await, vec![pause_row.clone()]);

    // The route skips it: s5 goes to utama, pln20 (Digiflazz alone) is refused; nothing held.
    let before = app.balance(RESELLER).await;
    let order = app.buy("s5", "081234567890").await.order;
    assert_eq!(order.supplier, "utama");
    assert_ne!(order.status().as_str(), "unknown");
    let refused = app
        .orders
        .place(&purchase(RESELLER, "pln20", "532100012340"))
        .await;
    assert!(
        matches!(refused, Err(PlaceError::NoSupplier { .. })),
        "{refused:?}"
    );
    assert_eq!(app.count("select count(*) from orders").await, 1);
    assert_eq!(
        app.count("select count(*) from orders where status = 'unknown'")
            .await,
        0
    );
    assert!(app.balance(RESELLER).await >= before - 5_500);

    // Another start without the settings repeats nothing.
    let app = app.restart_with(|_| {}).await;
    assert_eq!(digiflazz_row(&app).await, paused);
    assert_eq!(alerts(&app, "paused").await, 1);
    assert_eq!(system_rows(&app).await.len(), 1);

    // The settings back: resumed, told, audited; once.
    let app = app.restart_with(|s| s.digiflazz = Some(settings)).await;
    assert_eq!(digiflazz_row(&app).await, ("active".into(), None, None));
    app.message(ADMIN, "DIGIFLAZZ_* sudah diatur lagi").await;
    let resume_row = (
        "aktif_supplier".to_owned(),
        format!("dijeda: {REASON}"),
        "aktif".to_owned(),
    );
    assert_eq!(system_rows(&app).await, vec![pause_row, resume_row]);
    let app = app.restart_with(|_| {}).await;
    assert_eq!(alerts(&app, "resumed").await, 1);
    assert_eq!(system_rows(&app).await.len(), 2);
    app.finish().await;
}

#[tokio::test]
async fn an_admins_own_pause_outlasts_the_settings_going_and_coming_back() {
    let (app, settings) = with_digiflazz().await;
    app.ask(&admin(), "/supplier jeda digiflazz stok kosong", "dijeda")
        .await;
    let admins = (
        String::from("paused"),
        Some("stok kosong".to_owned()),
        Some(ADMIN),
    );
    let app = app.restart_with(|s| s.digiflazz = None).await;
    assert_eq!(digiflazz_row(&app).await, admins);
    let app = app.restart_with(|s| s.digiflazz = Some(settings)).await;
    assert_eq!(digiflazz_row(&app).await, admins);
    assert!(system_rows(&app).await.is_empty());
    assert_eq!(
        alerts(&app, "paused").await + alerts(&app, "resumed").await,
        0
    );
    app.finish().await;
}
