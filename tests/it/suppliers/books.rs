//! Each supplier's reports reconcile into its own book: a drift or a low balance at one is told
//! naming it and does not show at the other; `/saldoserver` and `/depositserver` take the code.
use loket::domain::Money;
use loket::supplier::registry;

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, spawn_app_with_sim_set, top_up};
use crate::margins::supplier::{buy_and_settle, count_to_admin, reconciled};

/// A balance `digiflazz` reported (as its callbacks will), appended as the order paths do.
async fn digiflazz_reports(app: &TestApp, saldo: i64) {
    sqlx::query(
        "insert into supplier_reports (source, saldo, supplier) values ('callback', $1, 'digiflazz')",
    )
    .bind(saldo)
    .execute(&app.db.pool)
    .await
    .unwrap();
    reconciled(app).await;
}

/// A supplier's book: saldo, book, drift, confirmed drift.
async fn book(app: &TestApp, supplier: &str) -> (Option<i64>, Option<i64>, i64, i64) {
    sqlx::query_as(
        "select saldo, book, drift, confirmed_drift from supplier_balance where supplier = $1",
    )
    .bind(supplier)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn last_balance(app: &TestApp, supplier: &str) -> Option<i64> {
    sqlx::query_scalar("select balance from suppliers where code = $1")
        .bind(supplier)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn two_suppliers_reports_reconcile_into_two_books() {
    let (app, sim) = spawn_app_with_sim_set(|o| {
        o.supplier_low_balance = Some(Money::from_rupiah(795_000));
    })
    .await;
    top_up(&app.db.pool, RESELLER, 200_000).await;
    registry::ensure(&app.db.pool, "digiflazz").await.unwrap();
    registry::ensure(&app.db.pool, "digiflazz").await.unwrap();
    let boss = admin();

    // utama's sale (through the simulator), and digiflazz's own balance.
    buy_and_settle(&app, "/beli s5 081200000010", "sedang diproses").await;
    digiflazz_reports(&app, 800_000).await;
    assert_eq!(
        book(&app, "digiflazz").await,
        (Some(800_000), Some(800_000), 0, 0)
    );

    // digiflazz takes 10.000 nobody accounts for, seen twice: a drift there, and below the
    // low mark.
    digiflazz_reports(&app, 790_000).await;
    digiflazz_reports(&app, 790_000).await;
    let drift = app.message(ADMIN, "tidak cocok").await;
    for part in [
        "Saldo supplier digiflazz tidak cocok",
        "/saldoserver digiflazz sesuaikan",
    ] {
        assert!(
            drift.plain_text.contains(part),
            "{part}: {}",
            drift.plain_text
        );
    }
    let low = app.message(ADMIN, "menipis").await;
    assert!(low.plain_text.contains("digiflazz"), "{}", low.plain_text);
    assert_eq!(
        book(&app, "digiflazz").await,
        (Some(790_000), Some(800_000), -10_000, -10_000)
    );
    // Our deposit there, named: the book follows, the drift stays what it was.
    app.ask(&boss, "/depositserver 100rb digiflazz", "digiflazz dicatat")
        .await;
    digiflazz_reports(&app, 890_000).await;
    app.message(ADMIN, "kembali").await;
    assert_eq!(
        book(&app, "digiflazz").await,
        (Some(890_000), Some(900_000), -10_000, -10_000)
    );

    // utama's book knows nothing of it, and the sale there counts nowhere else.
    buy_and_settle(&app, "/beli s5 081200000020", "sedang diproses").await;
    let utama = Some(sim.deposit());
    assert_eq!(book(&app, "utama").await, (utama, utama, 0, 0));
    assert_eq!(count_to_admin(&app, "tidak cocok"), 1);
    assert_eq!(count_to_admin(&app, "menipis"), 1);
    assert_eq!(last_balance(&app, "utama").await, utama);
    assert_eq!(last_balance(&app, "digiflazz").await, Some(890_000));

    let shown = app
        .ask(&boss, "/saldoserver digiflazz", "Saldo supplier")
        .await;
    assert!(
        shown
            .plain_text
            .contains("selisih terkonfirmasi: -Rp10.000"),
        "{}",
        shown.plain_text
    );
    let shown = app.ask(&boss, "/saldoserver", "Saldo supplier").await;
    assert!(
        shown.plain_text.contains("Cocok dengan catatan loket"),
        "{}",
        shown.plain_text
    );
    let listed = app.ask(&boss, "/supplier", "Supplier").await;
    for part in ["digiflazz", "Rp890.000", "selisih -Rp10.000", "cocok"] {
        assert!(
            listed.plain_text.contains(part),
            "{part}: {}",
            listed.plain_text
        );
    }

    // Accepted at digiflazz only.
    app.ask(
        &boss,
        "/saldoserver digiflazz sesuaikan",
        "selisih dihitung dari sini",
    )
    .await;
    reconciled(&app).await;
    assert_eq!(book(&app, "digiflazz").await.1, Some(890_000));
    app.finish().await;
}

#[tokio::test]
async fn a_command_naming_an_unknown_supplier_changes_nothing() {
    let (app, _sim) = spawn_app_with_sim_set(|_| {}).await;
    let boss = admin();
    let reports = "select count(*) from supplier_reports";
    let audit = "select count(*) from admin_actions";
    let before = (app.count(reports).await, app.count(audit).await);
    let refused = app
        .ask(&boss, "/depositserver 100rb nope", "tidak dikenal")
        .await;
    assert!(
        refused.plain_text.contains("Supplier yang ada: utama"),
        "{}",
        refused.plain_text
    );
    app.ask(&boss, "/saldoserver nope sesuaikan", "tidak dikenal")
        .await;
    app.ask(&boss, "/saldoserver nope", "tidak dikenal").await;
    assert_eq!((app.count(reports).await, app.count(audit).await), before);
    app.finish().await;
}
