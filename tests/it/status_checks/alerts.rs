//! An attempt that stays open is told to admins once per threshold; past day 89 checks stop
//! and admins are asked to decide. The attempt's age is moved back in the database, and its
//! next check made due at once, instead of waiting.
use super::{checks_of, reference, routed, wait_for_checks, wait_for_value};
use crate::helpers::ADMIN;

/// Alerts to admin 900 that order $1's first attempt is still open, and that checks stopped.
const OPEN_ALERTS: &str = "select count(*) from outbox o, orders d
     where d.order_id = $1 and o.dedup_key like 'stuck:' || d.trxid || ':check:1:%:admin:900'
       and o.dedup_key not like '%:stop:%'";
const STOP_ALERTS: &str = "select count(*) from outbox o, orders d
     where d.order_id = $1 and o.dedup_key = 'stuck:' || d.trxid || ':check:1:stop:admin:900'";

/// Makes order `order_id`'s attempt `age` old and its next check due now.
async fn age(app: &crate::helpers::TestApp, order_id: i64, age: &str) {
    sqlx::query(
        "update orders set created_at = now() - $2::interval, check_at = now()
          where order_id = $1",
    )
    .bind(order_id)
    .bind(age)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn an_open_attempt_is_told_once_per_threshold_and_left_to_admins_after_day_89() {
    assert_eq!(ADMIN, 900);
    let (app, _utama, sim) = routed().await;
    let order = app.buy("s5", "081234567899").await.order;
    let r = reference(&order);
    wait_for_checks(&sim, &r, 2).await;
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'stuck:%'")
            .await,
        0
    );

    // Open for 40 minutes: one alert, however many checks follow.
    age(&app, order.order_id, "40 minutes").await;
    wait_for_value(&app, OPEN_ALERTS, order.order_id, 1).await;
    wait_for_checks(&sim, &r, checks_of(&sim, &r) + 2).await;
    wait_for_value(&app, OPEN_ALERTS, order.order_id, 1).await;
    // Two days: one more.
    age(&app, order.order_id, "2 days 1 hour").await;
    wait_for_value(&app, OPEN_ALERTS, order.order_id, 2).await;
    wait_for_checks(&sim, &r, checks_of(&sim, &r) + 1).await;
    wait_for_value(&app, OPEN_ALERTS, order.order_id, 2).await;

    // Past day 89: Digiflazz is not asked again, admins are told once to decide.
    age(&app, order.order_id, "89 days 1 minute").await;
    wait_for_value(&app, STOP_ALERTS, order.order_id, 1).await;
    let asked = checks_of(&sim, &r);
    let stopped: bool =
        sqlx::query_scalar("select check_at = 'infinity' from orders where order_id = $1")
            .bind(order.order_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(stopped);
    // A few of the checks' waits later, nothing more was asked or said.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(checks_of(&sim, &r), asked);
    wait_for_value(&app, STOP_ALERTS, order.order_id, 1).await;
    let text: String =
        sqlx::query_scalar("select text from outbox where dedup_key like '%:stop:admin:900'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(text.contains("/selesai"), "{text}");
    assert_eq!(app.status(order.trxid.as_str()).await, "pending");
    app.finish().await;
}
