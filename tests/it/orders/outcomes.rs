//! What each answer and callback does to an order: success with its SN, refusal, reversal.
use std::time::Duration;

use crate::helpers::{RESELLER, spawn_app_with_sim};

use super::*;

#[tokio::test]
async fn a_purchase_succeeds_by_callback_with_its_sn() {
    let (app, _sim) = spawn_app_with_sim().await;

    let placed = app.buy("pln20", "532100012340").await;
    assert!(placed.new);
    assert_eq!(placed.order.status().to_string(), "pending");
    app.wait_count(FINAL_ROWS, 1).await;

    let order = app
        .orders
        .find(placed.order.trxid.as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status().to_string(), "success");
    let sn = order.sn.clone().unwrap();
    assert!(sn.ends_with("/SIM PELANGGAN/R1/900VA"), "{sn}");
    assert_eq!(app.balance(RESELLER).await, 50_000 - 20_500);
    let accepted = outbox_text(&app, "accepted").await;
    assert!(
        accepted.contains("sedang diproses") && accepted.contains(order.trxid.as_str()),
        "{accepted}"
    );
    let done = outbox_text(&app, "final").await;
    // A PLN token's SN is laid out as its parts (R40).
    let token = sn.split('/').next().unwrap();
    for part in [
        "SUKSES",
        "Token PLN 20.000",
        "532100012340",
        &format!("Token: <code>{token}</code>"),
        "Nama: SIM PELANGGAN",
        "Tarif/Daya: R1/900VA",
        "Rp20.500",
        "Sisa saldo: Rp29.500",
        order.trxid.as_str(),
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
    assert_eq!(app.status(placed.order.trxid.as_str()).await, "failed");
    assert_eq!(app.balance(RESELLER).await, 50_000);
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
    assert_eq!(app.status(placed.order.trxid.as_str()).await, "success");
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
    assert_eq!(app.status(placed.order.trxid.as_str()).await, "failed");
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
