//! What a check learns is settled as a webhook would settle it, once; no answer, no change.
use std::time::Duration;

use loket::sandbox::sim::digiflazz::Failure;

use super::{PRICE, checks_of, reference, routed, wait_for_checks, wait_for_value};
use crate::helpers::{RESELLER, TOKEN};

/// Order $1's status as a number: 0 open, 1 success, 2 failed.
const STATUS: &str =
    "select case status when 'success' then 1 when 'failed' then 2 else 0 end::int8
                        from orders where order_id = $1";
const WEBHOOKS: &str =
    "select count(*) from callback_log where order_id = $1 and peer_ip <> 'status-check'";

#[tokio::test]
async fn two_webhooks_and_a_status_check_settle_one_attempt_once() {
    let (app, _utama, sim) = routed().await;
    sim.set_webhook_url(
        format!("http://{}/supplier/digiflazz/{TOKEN}", app.addr)
            .parse()
            .unwrap(),
    );
    sim.duplicate_webhooks(true);
    let before = app.balance(RESELLER).await;
    // 9: Pending, and Digiflazz decides it silently.
    let order = app.buy("s5", "081234567899").await.order;
    assert_eq!(
        (order.status().as_str(), order.supplier.as_str()),
        ("pending", "digiflazz")
    );
    let r = reference(&order);
    wait_for_checks(&sim, &r, 1).await;
    sim.settle(&r, true);
    // A check that reads the settled transaction, and both webhooks beside it.
    let seen = checks_of(&sim, &r);
    wait_for_checks(&sim, &r, seen + 1).await;
    sim.send_webhooks(&r).await;
    wait_for_value(&app, WEBHOOKS, order.order_id, 2).await;
    assert_eq!(app.status(order.trxid.as_str()).await, "success");
    let outcomes: Vec<(String, String)> = sqlx::query_as(
        "select peer_ip, outcome from callback_log where order_id = $1 order by callback_id",
    )
    .bind(order.order_id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let applied = outcomes.iter().filter(|(_, o)| o == "applied").count();
    let duplicates = outcomes.iter().filter(|(_, o)| o == "duplicate").count();
    assert_eq!(
        (applied, duplicates),
        (1, outcomes.len() - 1),
        "{outcomes:?}"
    );
    let checked = (outcomes.iter())
        .filter(|(p, _)| p == loket::orders::STATUS_CHECK_PEER)
        .count();
    assert!(checked >= 1, "the check learnt it too: {outcomes:?}");
    // Charged once, told once, posted once.
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    assert_eq!(sim.journal(|j| j.charges), 1);
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'order:%:final'")
            .await,
        1
    );
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'post'")
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn a_silent_pending_is_learnt_by_the_status_check_alone() {
    let (app, utama, sim) = routed().await;
    let before = app.balance(RESELLER).await;
    let order = app.buy("s5", "081234567899").await.order;
    let r = reference(&order);
    wait_for_checks(&sim, &r, 2).await;
    // Pending checks change nothing and record nothing.
    assert_eq!(app.status(order.trxid.as_str()).await, "pending");
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    sim.settle(&r, true);
    wait_for_value(&app, STATUS, order.order_id, 1).await;
    let found = app
        .orders
        .find(order.trxid.as_str())
        .await
        .unwrap()
        .unwrap();
    assert!(
        found.sn.is_some(),
        "the SN the check read is kept: {found:?}"
    );
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    assert_eq!(sim.journal(|j| j.webhooks.len()), 0, "no webhook was sent");
    assert_eq!(
        app.count("select count(*) from callback_log where peer_ip = 'status-check' and outcome = 'applied'")
            .await,
        1
    );
    assert!(utama.requests.lock().unwrap().is_empty());
    app.finish().await;
}

#[tokio::test]
async fn a_gagal_learnt_by_the_status_check_fails_over_or_voids_by_its_class() {
    let (app, utama, sim) = routed().await;
    let before = app.balance(RESELLER).await;
    // The product's failure (rc 55): the order moves on to utama, the next step.
    let moved = app.buy("s5", "081234567899").await.order;
    wait_for_checks(&sim, &reference(&moved), 1).await;
    sim.settle(&reference(&moved), false);
    // Moved, then sent to utama, which accepts it.
    let at_utama = "select (attempt = 2 and supplier = 'utama' and status = 'pending')::int::int8
                      from orders where order_id = $1";
    wait_for_value(&app, at_utama, moved.order_id, 1).await;
    assert_eq!(utama.requests.lock().unwrap().len(), 1);
    assert_eq!(
        app.count("select count(*) from callback_log where peer_ip = 'status-check' and outcome = 'failed_over'")
            .await,
        1
    );
    // The customer's number (rc 54): void at once, never sent elsewhere.
    let voided = app.buy("s5", "081234567889").await.order;
    wait_for_checks(&sim, &reference(&voided), 1).await;
    sim.settle_gagal(&reference(&voided), "54", "Nomor Tujuan Salah");
    wait_for_value(&app, STATUS, voided.order_id, 2).await;
    assert_eq!(utama.requests.lock().unwrap().len(), 1);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'void'")
            .await,
        1
    );
    // Only the moved order's price is still held.
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    app.finish().await;
}

#[tokio::test]
async fn a_status_check_while_digiflazz_is_down_changes_nothing_and_reschedules() {
    let (app, _utama, sim) = routed().await;
    let before = app.balance(RESELLER).await;
    let order = app.buy("s5", "081234567899").await.order;
    let r = reference(&order);
    // Whatever the check hears (500, garbage, our IP refused: rc 45) says nothing of the
    // transaction, however final it is at Digiflazz. Each knob is set before the one it
    // replaces is lifted, so no check in between reads the SUKSES.
    sim.set_failure(Failure::ServerError);
    sim.settle(&r, true);
    wait_for_checks(&sim, &r, checks_of(&sim, &r) + 2).await;
    sim.set_failure(Failure::Garbage);
    wait_for_checks(&sim, &r, checks_of(&sim, &r) + 2).await;
    sim.refuse_ip(true);
    sim.set_failure(Failure::None);
    wait_for_checks(&sim, &r, checks_of(&sim, &r) + 2).await;
    assert_eq!(app.status(order.trxid.as_str()).await, "pending");
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    let (checks, later): (i32, bool) =
        sqlx::query_as("select checks, check_at > now() from orders where order_id = $1")
            .bind(order.order_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(
        checks >= 6 && later,
        "rescheduled: {checks} checks, next later: {later}"
    );
    // Back up: the next check settles it.
    sim.refuse_ip(false);
    tokio::time::timeout(Duration::from_secs(30), async {
        while app.status(order.trxid.as_str()).await == "pending" {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("settled once Digiflazz answers");
    assert_eq!(app.status(order.trxid.as_str()).await, "success");
    assert_eq!(app.balance(RESELLER).await, before - PRICE);
    app.finish().await;
}
