//! A refund and the supplier's reversal never both give money back: a reversal after a refund
//! moves nothing and is told to admins; a refund after a reversal is refused with when it
//! happened.
use super::{app_with_sukses, books};
use crate::callbacks::gagal;
use crate::helpers::{ADMIN, RESELLER, admin};

#[tokio::test]
async fn a_reversal_after_a_refund_moves_nothing_and_is_alerted() {
    let (app, trxid) = app_with_sukses().await;
    app.ask(
        &admin(),
        &format!("/refund {trxid} 3.000 pelanggan komplain"),
        "Saldo pengguna sekarang",
    )
    .await;
    let refunded = (47_500, 1, Some(3_000), Some("shop".into()), 1, 1);
    assert_eq!(books(&app, &trxid).await, refunded);

    // The supplier reverses the SUKSES afterwards, twice (a redelivered callback).
    for _ in 0..2 {
        assert_eq!(app.callback(&gagal(&trxid)).await, (200, "OK".into()));
    }
    let alert = app.message(ADMIN, "Supplier membatalkan transaksi").await;
    assert!(
        alert
            .plain_text
            .contains("sudah DIREFUND Rp3.000 oleh admin 900"),
        "{}",
        alert.plain_text
    );
    assert_eq!(books(&app, &trxid).await, refunded);
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'reversal'")
            .await,
        0
    );
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'after_refund'")
            .await,
        2
    );
    assert_eq!(
        app.count("select count(*) from order_conflicts where source = 'callback'")
            .await,
        2
    );
    // The reseller heard of the refund only.
    assert!(
        !app.tg
            .messages_to(RESELLER)
            .iter()
            .any(|m| m.plain_text.contains("dibatalkan supplier")),
        "no reversal message to the reseller"
    );
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"loket_callbacks_total{outcome="after_refund"} 2"#),
        "{metrics}"
    );
    app.finish().await;
}

#[tokio::test]
async fn a_refund_after_a_reversal_is_refused_with_when_it_happened() {
    let (app, trxid) = app_with_sukses().await;
    assert_eq!(app.callback(&gagal(&trxid)).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "failed");
    assert_eq!(app.balance(RESELLER).await, 50_000);
    let at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("select created_at from ledger_txns where kind = 'reversal'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let when = loket::text::bot::wib(at);
    let refused = app
        .ask(
            &admin(),
            &format!("/refund {trxid} penuh komplain"),
            "Tidak bisa direfund",
        )
        .await;
    assert!(
        refused
            .plain_text
            .contains(&format!("(reversal) pada {when} WIB")),
        "{}",
        refused.plain_text
    );
    assert_eq!(books(&app, &trxid).await, (50_000, 0, None, None, 0, 0));
    app.finish().await;
}
