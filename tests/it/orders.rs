//! Orders through the built-in supplier simulator: every outcome of its table.
use std::time::Duration;

use loket::domain::TrxId;
use loket::orders::{Guard, MessageRef, PlaceError, Resolution, ResolveOutcome};

use crate::helpers::{ADMIN, RESELLER, purchase, spawn_app_with_sim};

const FINAL_ROWS: &str = "select count(*) from outbox where dedup_key like 'order:%:final'";

async fn outbox_text(app: &crate::helpers::TestApp, key_suffix: &str) -> String {
    let like = format!("order:%:{key_suffix}");
    sqlx::query_scalar("select text from outbox where dedup_key like $1")
        .bind(like)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_purchase_succeeds_by_callback_with_its_sn() {
    let (app, _sim) = spawn_app_with_sim().await;

    let placed = app.buy("pln20", "532100012340").await;
    assert!(placed.new);
    assert_eq!(placed.order.status().to_string(), "pending");
    app.wait_count(FINAL_ROWS, 1).await;

    let order = app.orders.find(&placed.order.trxid).await.unwrap().unwrap();
    assert_eq!(order.status().to_string(), "success");
    let sn = order.sn.clone().unwrap();
    assert!(sn.ends_with("/SIM PELANGGAN/R1/900VA"), "{sn}");
    assert_eq!(app.balance(RESELLER).await, 50_000 - 20_500);
    let accepted = outbox_text(&app, "accepted").await;
    assert!(
        accepted.contains("sedang diproses") && accepted.contains(&order.trxid),
        "{accepted}"
    );
    let done = outbox_text(&app, "final").await;
    for part in [
        "SUKSES",
        "Token PLN 20.000",
        "532100012340",
        &sn,
        "Rp20.500",
        "Sisa saldo: Rp29.500",
        &order.trxid,
    ] {
        assert!(done.contains(part), "{part} missing from {done}");
    }
    app.finish().await;
}

#[tokio::test]
async fn synchronous_rejections_refund_at_once_with_the_reason() {
    let (app, _sim) = spawn_app_with_sim().await;
    for (dest, reason) in [
        ("081234567891", "Produk tidak tersedia (ROUTE)"),
        ("081234567892", "silakan coba lagi (DEDUCT)"),
        ("081234567893", "Produk tidak Aktif"),
    ] {
        let placed = app.buy("s5", dest).await;
        assert_eq!(placed.order.status().to_string(), "failed", "{dest}");
        assert_eq!(app.balance(RESELLER).await, 50_000, "{dest}");
        assert!(
            placed
                .order
                .supplier_reason
                .as_deref()
                .unwrap()
                .contains(reason)
        );
    }
    let texts: Vec<String> = sqlx::query_scalar("select text from outbox order by outbox_id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        texts.len(),
        3,
        "one GAGAL message each, no 'diproses' before it: {texts:#?}"
    );
    assert!(texts.iter().all(|t| t.contains("GAGAL")
        && t.contains("sudah dikembalikan")
        && t.contains("Saldo sekarang: Rp50.000")));
    app.finish().await;
}

#[tokio::test]
async fn gagal_by_callback_refunds() {
    let (app, _sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567894").await;
    assert_eq!(app.balance(RESELLER).await, 44_500);
    app.wait_count(FINAL_ROWS, 1).await;
    assert_eq!(app.status(&placed.order.trxid).await, "failed");
    assert_eq!(app.balance(RESELLER).await, 50_000);
    app.finish().await;
}

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
    assert_eq!(app.status(&placed.order.trxid).await, "success");
    app.finish().await;
}

#[tokio::test]
async fn an_admin_settles_an_unknown_order_and_is_audited() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567896").await;
    assert_eq!(placed.order.status().to_string(), "unknown");
    let trxid = TrxId::parse(&placed.order.trxid).unwrap();
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
async fn a_callback_sent_twice_posts_once_and_tells_once() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567898").await;
    assert!(
        sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 2)
            .await
    );
    assert_eq!(app.status(&placed.order.trxid).await, "success");
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    assert_eq!(app.count(FINAL_ROWS).await, 1);
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'duplicate'")
            .await,
        1
    );
    assert!(sim.journal(|j| j.callbacks.iter().all(|(_, status)| *status == 200)));
    app.finish().await;
}

#[tokio::test]
async fn a_reversal_refunds_a_success_and_tells_reseller_and_admins() {
    let (app, sim) = spawn_app_with_sim().await;
    let placed = app.buy("s5", "081234567899").await;
    assert!(
        sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 2)
            .await
    );
    assert_eq!(app.status(&placed.order.trxid).await, "failed");
    assert_eq!(app.balance(RESELLER).await, 50_000);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'reversal'")
            .await,
        1
    );
    let reversal = outbox_text(&app, "reversal").await;
    assert!(
        reversal.contains("dibatalkan supplier") && reversal.contains("Saldo sekarang: Rp50.000"),
        "{reversal}"
    );
    assert_eq!(
        app.count("select count(*) from outbox where chat_id = 900")
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn insufficient_balance_places_nothing_and_calls_nobody() {
    let (app, sim) = spawn_app_with_sim().await;
    for _ in 0..9 {
        app.buy("s5", "081234567890").await;
    }
    let err = app
        .orders
        .place(&purchase(RESELLER, "s5", "081234567890"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, PlaceError::InsufficientBalance { balance, price } if balance.rupiah() == 500 && price.rupiah() == 5_500)
    );
    assert_eq!(app.count("select count(*) from orders").await, 9);
    assert_eq!(sim.journal(|j| j.requests.len()), 9);
    app.finish().await;
}

#[tokio::test]
async fn unusable_requests_are_refused_before_any_money_moves() {
    let (app, sim) = spawn_app_with_sim().await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let code = loket::domain::ProductCode::parse("x10").unwrap();
    loket::products::set_active(&mut conn, &code, false)
        .await
        .unwrap();
    loket::users::register(&mut conn, 77, 77, None, "Baru")
        .await
        .unwrap();
    loket::users::register(&mut conn, 78, 78, None, "Nakal")
        .await
        .unwrap();
    loket::users::set_blocked(&mut conn, 78, true)
        .await
        .unwrap();
    drop(conn);
    let cases = [
        (purchase(RESELLER, "nope", "081234567890"), "UnknownProduct"),
        (purchase(RESELLER, "X10", "081234567890"), "ProductInactive"),
        (purchase(77, "s5", "081234567890"), "InsufficientBalance"),
        (purchase(78, "s5", "081234567890"), "Blocked"),
        (purchase(79, "s5", "081234567890"), "NotRegistered"),
    ];
    for (req, expected) in cases {
        let err = app.orders.place(&req).await.unwrap_err();
        assert!(
            format!("{err:?}").starts_with(expected),
            "{expected}: got {err:?}"
        );
    }
    assert_eq!(app.count("select count(*) from orders").await, 0);
    assert_eq!(sim.journal(|j| j.requests.len()), 0);
    app.finish().await;
}

#[tokio::test]
async fn the_same_message_never_places_two_orders() {
    let (app, sim) = spawn_app_with_sim().await;
    let mut req = purchase(RESELLER, "s5", "081234567890");
    req.source = Some(MessageRef {
        chat_id: RESELLER,
        message_id: 31,
        update_id: Some(5001),
    });
    let first = app.orders.place(&req).await.unwrap();
    let again = app.orders.place(&req).await.unwrap();
    let (a, b) = tokio::join!(app.orders.place(&req), app.orders.place(&req));
    assert!(first.new && !again.new && !a.unwrap().new && !b.unwrap().new);
    assert_eq!(again.order.trxid, first.order.trxid);
    assert_eq!(app.count("select count(*) from orders").await, 1);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'hold'")
            .await,
        1
    );
    assert_eq!(sim.journal(|j| j.requests.len()), 1);
    req.source = Some(MessageRef {
        chat_id: RESELLER,
        message_id: 32,
        update_id: Some(5002),
    });
    assert!(
        app.orders.place(&req).await.unwrap().new,
        "a different message is a different order"
    );
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
    sqlx::query("update orders set created_at = now() - interval '5 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let recovered = app
        .orders
        .recover_interrupted(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(recovered, 1);
    assert_eq!(app.status(&opened.order.trxid).await, "unknown");
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
