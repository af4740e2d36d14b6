//! Updates arriving twice, edited, malformed, or through the webhook, and how long they are kept.
use std::time::Duration;

use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, RESELLER, WEBHOOK_SECRET, reseller, spawn_app, spawn_app_with_sim};

#[tokio::test]
async fn a_redelivered_or_doubled_update_places_one_order() {
    let (app, sim) = spawn_app_with_sim().await;
    let me = reseller();
    let mark = app.tg.message_mark();
    let sent = app.tg.user_sends(&me, "/beli s5 081234567890").await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    assert!(
        app.tg
            .wait_confirmed(sent.update_id, Duration::from_secs(10))
            .await,
        "handled updates are acknowledged"
    );

    // Twice in one batch: handled once.
    let other = app.tg.user_sends(&me, "/beli s5 081234567800").await;
    assert!(app.tg.deliver_twice(other.update_id).await);
    app.message(RESELLER, "081234567800").await;
    app.ask(&me, "/saldo", "Saldo Anda").await;
    // After a restart (say, a crash before Telegram saw the acknowledgement) it comes again:
    // recorded once already, so it is not handled again.
    let app = app.restart().await;
    let mark = app.tg.message_mark();
    assert!(app.tg.redeliver(sent.update_id).await);
    app.ask(&me, "/saldo", "Saldo Anda").await;
    assert!(
        app.tg.sent_messages()[mark..]
            .iter()
            .all(|m| !m.plain_text.contains("sudah diterima"))
    );
    // Handled a second time (a crash after placing, before the update was marked): the order
    // exists, so the reseller is told so and nothing is placed.
    sqlx::query("update inbound_updates set processed_at = null where update_id = $1")
        .bind(sent.update_id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.reply_after(mark, RESELLER, "sudah diterima").await;

    assert_eq!(app.count("select count(*) from orders").await, 2);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'hold'")
            .await,
        2
    );
    assert_eq!(sim.journal(|j| j.requests.len()), 2);
    app.finish().await;
}

#[tokio::test]
async fn edited_messages_never_run_commands() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    app.ask(&me, "/saldo", "Saldo Anda").await;
    let typed = app.tg.user_sends(&me, "halo").await;
    app.tg
        .user_edits(&me, typed.message_id, "/beli s5 081234567890")
        .await;
    // Each chat's updates are handled in order: once this is answered, the edit was seen.
    app.ask(&me, "/saldo", "Rp50.000").await;
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.finish().await;
}

#[tokio::test]
async fn every_malformed_command_gets_an_answer() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    for (text, expect) in [
        // `/beli` alone opens the menu: the seed's products, in no category, under Lainnya.
        ("/beli", "Pilih kategori"),
        ("/beli s5", "Format: /beli [<kode> <tujuan>]"),
        ("/beli s5 0812abc", "nomor tujuan hanya boleh berisi angka"),
        ("/beli s5 123", "terlalu pendek"),
        ("/beli s5 081234567890 lagi", "Format: /beli"),
        ("/cek 123", "trxid harus 20 angka"),
        ("/harga@loket_bot", "Daftar harga"),
        ("/BELI nope 081234567890", "tidak ditemukan"),
        ("/hapus", "Perintah /hapus tidak dikenal"),
        ("selamat pagi", "Ketik /help"),
        (&format!("/beli s5 {}", "9".repeat(4000)), "terlalu panjang"),
        ("/beli 😀 081234567890", "kode produk hanya boleh"),
        ("/help", "Perintah"),
    ] {
        app.ask(&me, text, expect).await;
    }
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.finish().await;
}

#[tokio::test]
async fn webhook_updates_are_stored_before_they_are_acknowledged() {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    opts.webhook = true;
    let app = spawn_app(opts).await;
    let url = format!("http://{}/telegram/webhook", app.addr);
    let update = serde_json::json!({
        "update_id": 777,
        "message": {
            "message_id": 5, "date": 1_700_000_000,
            "chat": {"id": RESELLER, "type": "private", "first_name": "Toko"},
            "from": {"id": RESELLER, "is_bot": false, "first_name": "Toko"},
            "text": "/saldo@loket_bot",
            "entities": [{"type": "bot_command", "offset": 0, "length": 16}]
        }
    });
    let wrong_secret = format!("{}x", &WEBHOOK_SECRET[..WEBHOOK_SECRET.len() - 1]);
    for secret in [None, Some("short"), Some(wrong_secret.as_str())] {
        let mut req = app.http.post(&url).json(&update);
        if let Some(s) = secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        assert_eq!(req.send().await.unwrap().status(), 401, "{secret:?}");
    }
    assert_eq!(app.count("select count(*) from inbound_updates").await, 0);

    for _ in 0..2 {
        let r = app
            .http
            .post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .json(&update)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    app.message(RESELLER, "Saldo Anda").await;
    assert_eq!(app.count("select count(*) from inbound_updates").await, 1);
    app.wait_count(
        "select count(*) from inbound_updates where processed_at is not null",
        1,
    )
    .await;
    let (hook, secret) = app.tg.webhook().expect("setWebhook was called");
    assert!(hook.ends_with("/telegram/webhook"));
    assert_eq!(secret.as_deref(), Some(WEBHOOK_SECRET));
    assert!(
        app.tg.calls_to("getupdates").is_empty(),
        "no polling in webhook mode"
    );
    app.finish().await;
}

#[tokio::test]
async fn raw_updates_are_deleted_after_a_week_while_the_order_and_its_audit_stay() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let bought = app.tg.user_sends(&me, "/beli s5 081234567890").await;
    app.message(RESELLER, "SUKSES").await;
    app.ask(&me, "/saldo", "Saldo Anda").await;
    app.wait_count(
        "select count(*) from inbound_updates where processed_at is not null",
        2,
    )
    .await;
    // The purchase arrived eight days ago, the /saldo six.
    sqlx::query(
        "update inbound_updates set received_at = now() - case when update_id = $1
                 then interval '8 days' else interval '6 days' end",
    )
    .bind(bought.update_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    // Pruning runs at every start, then hourly.
    let app = app.restart().await;
    app.wait_count("select count(*) from inbound_updates", 1)
        .await;
    let left: i64 = sqlx::query_scalar("select update_id from inbound_updates")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_ne!(left, bought.update_id);
    assert_eq!(
        app.count("select count(*) from orders where status = 'success'")
            .await,
        1
    );
    assert_eq!(app.count("select count(*) from callback_log").await, 1);
    assert_eq!(app.count("select count(*) from order_events").await, 3);
    app.finish().await;
}
