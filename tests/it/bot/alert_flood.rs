//! An admin buried under alerts can still work: what they type is answered before alerts queued
//! earlier, and alerts of one kind waiting for them leave as one message, a page at a time.
use std::time::{Duration, Instant};

use loket::text::admin::admin_stuck_order;

use crate::helpers::{ADMIN, admin, spawn_app_with_sim};

const STUCK: usize = 300;
const MUTATIONS: usize = 20;

#[tokio::test]
async fn an_admin_under_300_alerts_is_answered_within_2s_and_reads_them_a_page_at_a_time() {
    let (app, _sim) = spawn_app_with_sim().await;
    let stuck: Vec<String> = (0..STUCK)
        .map(|i| admin_stuck_order(&format!("261205{i:014}"), "unknown", 45))
        .collect();
    let mutations: Vec<String> = (0..MUTATIONS)
        .map(|i| format!("💸 Mutasi masuk Rp{i}.123 tanpa tiket yang cocok."))
        .collect();
    // As an outage leaves them: hundreds of orders found stuck at once, then transfers.
    let mut tx = app.db.pool.begin().await.unwrap();
    for (i, text) in stuck.iter().enumerate() {
        loket::outbox::alert_admins(&mut tx, &[ADMIN], &format!("stuck:{i}"), text)
            .await
            .unwrap();
    }
    for (i, text) in mutations.iter().enumerate() {
        loket::outbox::alert_admins(&mut tx, &[ADMIN], &format!("mutation:{i}"), text)
            .await
            .unwrap();
    }
    loket::outbox::commit(tx).await.unwrap();
    app.message(ADMIN, "pemberitahuan: transaksi tertahan")
        .await;

    let asked = Instant::now();
    let reply = app.ask(&admin(), "/saldo", "Saldo").await;
    let waited = reply.at.saturating_duration_since(asked);
    assert!(
        waited < Duration::from_secs(2),
        "/saldo answered after {waited:?}"
    );

    app.wait_count(
        "select count(*) from outbox where sent_at is null and dead_reason is null",
        0,
    )
    .await;
    let to_admin: Vec<String> = app
        .tg
        .messages_to(ADMIN)
        .into_iter()
        .map(|m| m.text)
        .collect();
    // Every alert reached the admin exactly once, inside some message.
    for alert in stuck.iter().chain(&mutations) {
        let holding = to_admin
            .iter()
            .filter(|m| m.contains(alert.as_str()))
            .count();
        assert_eq!(holding, 1, "{alert} is in {holding} messages");
    }
    // 320 alerts of about 100 characters: a handful of pages, not 320 messages.
    assert!(
        to_admin.len() <= 15,
        "{} messages to the admin",
        to_admin.len()
    );
    let carried = app
        .count("select count(*) from outbox where sent_with is not null")
        .await;
    assert_eq!(carried as usize, STUCK + MUTATIONS + 1 - to_admin.len());
    app.finish().await;
}
