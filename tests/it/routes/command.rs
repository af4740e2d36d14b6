//! `/rute` through the chat: the default shown, a route set, shown, audited and cleared, and
//! every refusal leaving the route and the audit trail as they were.
use super::add_digiflazz;
use crate::helpers::{TestApp, admin, spawn_app_with_sim};

/// The route rows, in order, as text: what a refusal must leave unchanged.
async fn routes(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "select p.code || ':' || r.position || ':' || r.supplier || ':' || r.sku || ':'
                || coalesce(r.cost::text, '-')
           from product_routes r join products p using (product_id)
          order by p.code, r.position",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn audit_rows(app: &TestApp) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "select action, subject, before, after from admin_actions
          where action = 'rute' order by action_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_product_without_a_route_shows_the_default() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    app.ask(&boss, "/produk s5 5.150 5.500 Pulsa 5rb", "disimpan")
        .await;
    let shown = app.ask(&boss, "/rute S5", "Rute s5").await;
    let text = &shown.plain_text;
    assert!(
        text.contains("1. utama · kode s5 · modal Rp5.150"),
        "{text}"
    );
    assert!(text.contains("(default)"), "{text}");
    app.ask(&boss, "/rute zz9", "Produk zz9 tidak ada").await;
    assert!(routes(&app).await.is_empty());
    assert!(audit_rows(&app).await.is_empty());
    app.finish().await;
}

#[tokio::test]
async fn a_route_is_set_shown_audited_and_cleared() {
    let (app, _sim) = spawn_app_with_sim().await;
    add_digiflazz(&app.db.pool).await;
    let boss = admin();
    app.ask(&boss, "/produk s5 5.150 5.500 Pulsa 5rb", "disimpan")
        .await;
    let saved = app
        .ask(
            &boss,
            "/rute s5 digiflazz:xld5:5.100, utama:s5",
            "Rute disimpan",
        )
        .await;
    let text = &saved.plain_text;
    let first = text.find("1. digiflazz · kode xld5 · modal Rp5.100");
    let second = text.find("2. utama · kode s5 · modal Rp5.150");
    assert!(first.is_some() && second > first, "{text}");
    assert!(!text.contains("(default)"), "{text}");
    assert_eq!(
        routes(&app).await,
        ["s5:1:digiflazz:xld5:5100", "s5:2:utama:s5:-"]
    );

    // A price list gave the digiflazz step a cut-off: setting the route again keeps it.
    sqlx::query(
        "update product_routes set cut_off_start = '23:00', cut_off_end = '01:00'
          where supplier = 'digiflazz'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    // The same route again changes nothing, and records nothing.
    let again = app
        .ask(
            &boss,
            "/rute s5 digiflazz:xld5:5100,utama:s5",
            "Rute disimpan",
        )
        .await;
    assert!(
        again.plain_text.contains("cut-off 23:00–01:00 WIB"),
        "{}",
        again.plain_text
    );
    app.ask(&boss, "/rute s5 hapus", "Rute disimpan").await;
    assert!(routes(&app).await.is_empty());
    let shown = app.ask(&boss, "/rute s5", "Rute s5").await;
    assert!(
        shown.plain_text.contains("(default)"),
        "{}",
        shown.plain_text
    );
    let subject = "produk s5".to_owned();
    assert_eq!(
        audit_rows(&app).await,
        [
            (
                "rute".to_owned(),
                subject.clone(),
                "default".to_owned(),
                "digiflazz:xld5:5100,utama:s5".to_owned()
            ),
            (
                "rute".to_owned(),
                subject,
                "digiflazz:xld5:5100,utama:s5".to_owned(),
                "default".to_owned()
            ),
        ]
    );
    app.finish().await;
}

#[tokio::test]
async fn every_refused_route_changes_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    add_digiflazz(&app.db.pool).await;
    let boss = admin();
    app.ask(&boss, "/produk s5 5.150 5.500 Pulsa 5rb", "disimpan")
        .await;
    app.ask(&boss, "/level tambah agen", "dibuat").await;
    app.ask(&boss, "/level harga agen s5 5.300", "Harga s5")
        .await;
    app.ask(&boss, "/rute s5 utama:s5", "Rute disimpan").await;
    let (before, audited) = (routes(&app).await, audit_rows(&app).await);

    for (command, expect) in [
        ("/rute zz9 utama:zz9", "Produk zz9 tidak ada"),
        (
            "/rute s5 utama:s5,pulsaku:p5",
            "Supplier yang ada: digiflazz, utama",
        ),
        ("/rute s5 utama:s5,Utama:s6", "ditulis dua kali"),
        ("/rute s5 digiflazz:", "kosong"),
        ("/rute s5 digiflazz:xl/d5", "tidak sah"),
        (
            "/rute s5 digiflazz:xld5:lima",
            "Modal untuk supplier digiflazz",
        ),
        ("/rute s5 a:1,b:1,c:1,d:1,e:1,f:1", "paling banyak 5"),
        // At the default level's price, and (lower) at agen's own price.
        ("/rute s5 digiflazz:xld5:5.500", "di level umum (Rp5.500)"),
        (
            "/rute s5 digiflazz:xld5:5.300,utama:s5",
            "di level agen (Rp5.300)",
        ),
    ] {
        app.ask(&boss, command, expect).await;
        assert_eq!(routes(&app).await, before, "{command}");
        assert_eq!(audit_rows(&app).await, audited, "{command}");
    }

    // The product's own cost is utama's when none is given: a cost at the price is refused.
    app.ask(&boss, "/level harga agen s5 5.150", "Harga s5")
        .await;
    app.ask(
        &boss,
        "/rute s5 digiflazz:xld5:5000,utama:s5",
        "di level agen (Rp5.150)",
    )
    .await;
    assert_eq!(routes(&app).await, before);
    assert_eq!(audit_rows(&app).await, audited);
    app.finish().await;
}
