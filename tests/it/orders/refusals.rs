//! Purchases refused before any money moves or the supplier is called.
use loket::orders::{MessageRef, PlaceError};

use crate::helpers::{ADMIN, RESELLER, purchase, spawn_app_with_sim};

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
    loket::products::set_active(&mut conn, ADMIN, &code, false)
        .await
        .unwrap();
    loket::users::register(&mut conn, 77, 77, None, "Baru")
        .await
        .unwrap();
    loket::users::register(&mut conn, 78, 78, None, "Nakal")
        .await
        .unwrap();
    loket::users::set_blocked(&mut conn, ADMIN, 78, true)
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
        line: 0,
        several: false,
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
        line: 0,
        several: false,
    });
    assert!(
        app.orders.place(&req).await.unwrap().new,
        "a different message is a different order"
    );
    app.finish().await;
}
