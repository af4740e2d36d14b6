//! Callbacks duplicated, reordered, contradicting, or about another order.
use crate::helpers::{RESELLER, callback_query, spawn_app_with_sim};

use super::*;

#[tokio::test]
async fn a_callback_that_overtakes_the_answer_is_not_undone_by_it() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567897").await;
    assert!(sim.journal(|j| j.callbacks.len() == 1 && j.callbacks[0].1 == 200));
    assert_eq!(
        placed.order.status().to_string(),
        "success",
        "the later PENDING answer must not regress it"
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like '%:accepted'")
            .await,
        0
    );
    app.finish().await;
}

#[tokio::test]
async fn sixteen_identical_callbacks_in_parallel_post_once() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let query = sukses(&trxid);
    let answers = futures::future::join_all((0..16).map(|_| app.callback(&query))).await;
    assert!(
        answers.iter().all(|a| *a == (200, "OK".into())),
        "{answers:?}"
    );
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like '%:final'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'applied'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'duplicate'")
            .await,
        15
    );
    let sn: Option<String> = sqlx::query_scalar("select sn from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sn.as_deref(), Some("0041-2233/AB CD"));
    app.finish().await;
}

/// GAGAL ×3 with one SUKSES in each position: exactly one resolution either way. A SUKSES
/// first is reversed by the GAGAL after it; a SUKSES after a refund is only a conflict.
#[tokio::test]
async fn contradicting_callbacks_in_any_order_resolve_once() {
    for position in 0..4 {
        let (app, trxid) = app_with_pending_order(&[]).await;
        for i in 0..4 {
            let query = if i == position {
                sukses(&trxid)
            } else {
                gagal(&trxid)
            };
            assert_eq!(app.callback(&query).await.0, 200);
        }
        assert_eq!(app.status(&trxid).await, "failed", "position {position}");
        assert_eq!(
            app.balance(RESELLER).await,
            50_000,
            "refunded exactly once (position {position})"
        );
        let resolutions = app
            .count("select count(*) from ledger_txns where kind in ('post', 'void')")
            .await;
        assert_eq!(resolutions, 1);
        let (reversals, conflicts) = if position == 0 { (1, 0) } else { (0, 1) };
        assert_eq!(
            app.count("select count(*) from ledger_txns where kind = 'reversal'")
                .await,
            reversals
        );
        assert_eq!(
            app.count("select count(*) from order_conflicts").await,
            conflicts
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn a_callback_about_another_product_or_destination_changes_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    for query in [
        callback_query(
            0,
            &trxid,
            "081234567890",
            &SUKSES_MSG.replace("s5.", "s10."),
        ),
        callback_query(0, &trxid, "089999999999", SUKSES_MSG),
        format!("status=0&refid={trxid}&qty=1&message=x"),
    ] {
        assert_eq!(app.callback(&query).await, (200, "OK".into()));
    }
    assert_eq!(app.status(&trxid).await, "pending");
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'mismatch'")
            .await,
        3
    );
    assert_eq!(
        app.count("select count(*) from outbox where chat_id = 900")
            .await,
        3
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind <> 'hold' and kind <> 'topup'")
            .await,
        0
    );
    // Product codes are compared without regard to case.
    let upper = callback_query(0, &trxid, "081234567890", &SUKSES_MSG.replace("s5.", "S5."));
    assert_eq!(app.callback(&upper).await.0, 200);
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}
