//! Orders whose outcome is unknown keep the money held until a callback or an admin settles them.
use std::time::Duration;

use loket::domain::TrxId;
use loket::orders::{Guard, Resolution, ResolveOutcome};

use crate::helpers::{ADMIN, RESELLER, purchase, spawn_app_with_sim};

use super::*;

#[tokio::test]
async fn a_timed_out_order_stays_unknown_until_the_callback_settles_it() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567895").await;
    assert_eq!(placed.order.status().to_string(), "unknown");
    assert_eq!(
        app.balance(RESELLER).await,
        44_500,
        "never refunded on an unknown outcome"
    );
    assert!(
        sim.wait_for(Duration::from_secs(15), |j| !j.callbacks.is_empty())
            .await
    );
    app.wait_count(FINAL_ROWS, 1).await;
    assert_eq!(app.status(placed.order.trxid.as_str()).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn an_admin_settles_an_unknown_order_and_is_audited() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567896").await;
    assert_eq!(placed.order.status().to_string(), "unknown");
    let trxid = placed.order.trxid.clone();
    let sn = Resolution::Success {
        sn: "SN-MANUAL/123".into(),
    };

    let first = app
        .orders
        .resolve(ADMIN, &trxid, &sn, "dicek di web supplier", Guard::Final)
        .await
        .unwrap();
    let again = app
        .orders
        .resolve(ADMIN, &trxid, &sn, "klik dua kali", Guard::Final)
        .await
        .unwrap();
    let contra = app
        .orders
        .resolve(
            ADMIN,
            &trxid,
            &Resolution::Failed,
            "salah pilih",
            Guard::Final,
        )
        .await
        .unwrap();

    assert!(
        matches!(first, ResolveOutcome::Resolved(ref o) if o.sn.as_deref() == Some("SN-MANUAL/123"))
    );
    assert!(matches!(again, ResolveOutcome::AlreadyResolved(_)));
    assert!(matches!(contra, ResolveOutcome::Conflict(_)));
    assert_eq!(
        app.balance(RESELLER).await,
        44_500,
        "the contradicting resolution moved no money"
    );
    let (actor, note): (i64, String) = sqlx::query_as(
        "select actor, note from order_events where source = 'admin' and to_status = 'success'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((actor, note.as_str()), (ADMIN, "dicek di web supplier"));
    assert_eq!(
        app.count("select count(*) from order_conflicts where source = 'admin'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    assert!(
        sim.journal(|j| j.callbacks.is_empty()),
        "HTTP 500 outcomes never call back"
    );
    let missing = TrxId::parse("00000000000000000000").unwrap();
    assert!(matches!(
        app.orders
            .resolve(ADMIN, &missing, &Resolution::Failed, "", Guard::Final)
            .await
            .unwrap(),
        ResolveOutcome::NotFound
    ));
    app.finish().await;
}

#[tokio::test]
async fn orders_interrupted_while_sending_become_unknown_with_money_held() {
    let (app, sim) = spawn_app_with_sim().await;
    // Committed but never sent: what a crash between the two transactions leaves behind.
    let opened = app
        .orders
        .open(&purchase(RESELLER, "s5", "081234567890"))
        .await
        .unwrap();
    let young = app
        .orders
        .recover_interrupted(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        young, 0,
        "an order younger than the supplier timeout may still be in flight"
    );
    // An order placed long ago whose next attempt (after a failover) began just now is still
    // in flight: its age is the attempt's.
    sqlx::query(
        "update orders set created_at = now() - interval '5 minutes', attempt = 2, attempt_at = now()",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let next_attempt = app
        .orders
        .recover_interrupted(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        next_attempt, 0,
        "a later attempt is aged from when it began"
    );
    sqlx::query("update orders set attempt_at = now() - interval '5 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let recovered = app
        .orders
        .recover_interrupted(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(recovered, 1);
    assert_eq!(app.status(opened.order.trxid.as_str()).await, "unknown");
    assert_eq!(app.balance(RESELLER).await, 44_500);
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like '%:accepted'")
            .await,
        1
    );
    assert_eq!(
        sim.journal(|j| j.requests.len()),
        0,
        "recovery never re-sends"
    );
    app.finish().await;
}
