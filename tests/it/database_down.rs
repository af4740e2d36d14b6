//! The three webhooks while PostgreSQL cannot be reached (R9b, R17, R31): each answers 503, the
//! answer its caller sends again on, and stores nothing; sent again once the database is back,
//! each is stored and handled once.
use serde_json::{Value, json};

use crate::deposits::bank;
use crate::fake_supplier::{self, Script};
use crate::helpers::{
    DbRelay, Options, RESELLER, TestApp, WEBHOOK_SECRET, callback_query, spawn_app_through_relay,
};

const SUKSES: &str = "Transaksi s5.081234567890 SUKSES, SN: 0041-2233/AB CD, Saldo: Rp99,999,999, Harga: 5,150, Tgl: 01/01 10:32:12";

/// A private message from the reseller, as Telegram posts it to the webhook.
fn update(update_id: i64, text: &str) -> Value {
    let command = text.split(' ').next().unwrap_or_default();
    json!({
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": chrono::Utc::now().timestamp(),
            "chat": {"id": RESELLER, "type": "private", "first_name": "Toko"},
            "from": {"id": RESELLER, "is_bot": false, "first_name": "Toko"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": command.len()}]
        }
    })
}

/// Posts `update` as Telegram does; returns the HTTP status.
async fn telegram_posts(app: &TestApp, update: &Value) -> u16 {
    let url = format!("http://{}/telegram/webhook", app.addr);
    let r = app
        .http
        .post(url)
        .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET);
    r.json(update).send().await.unwrap().status().as_u16()
}

/// Everything the three webhooks could have written, and the money, read directly.
async fn stored(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for sql in [
        "select count(*) from callback_log",
        "select count(*) from bank_mutations",
        "select count(*) from inbound_updates",
        "select count(*) from ledger_txns",
        "select count(*) from outbox",
        "select count(*) from orders where status <> 'pending'",
        "select count(*) from deposit_tickets where status <> 'open'",
    ] {
        counts.push(app.count(sql).await);
    }
    counts
}

/// The order's status, read directly (the app's own reads go through the relay).
async fn order_status(app: &TestApp, trxid: &str) -> String {
    sqlx::query_scalar("select status from orders where trxid = $1")
        .bind(trxid)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Setup while the database is up: webhook mode, one pending s5 order, one open ticket.
async fn app_with_an_order_and_a_ticket() -> (TestApp, DbRelay, String, i64) {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    opts.webhook = true;
    let (app, relay) = spawn_app_through_relay(opts).await;
    let placed = app.buy("s5", "081234567890").await;
    assert_eq!(placed.order.status().to_string(), "pending");
    assert_eq!(
        telegram_posts(&app, &update(1, "/deposit 100rb")).await,
        200
    );
    app.message(RESELLER, "Tiket deposit #").await;
    let (ticket, amount): (i64, i64) =
        sqlx::query_as("select ticket_id, amount from deposit_tickets where user_id = $1")
            .bind(RESELLER)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(ticket > 0);
    (app, relay, placed.order.trxid.to_string(), amount)
}

#[tokio::test]
async fn while_the_database_is_down_each_webhook_answers_503_and_its_retry_lands_once() {
    let (app, relay, trxid, amount) = app_with_an_order_and_a_ticket().await;
    let callback = callback_query(0, &trxid, "081234567890", SUKSES);
    let bank = bank(&app);
    let mutation = bank.credit("MUT-DOWN-1", amount, "TOKO MAJU");
    let saldo = update(2, "/saldo");
    app.wait_count("select count(*) from outbox where sent_at is null", 0)
        .await;
    let before = stored(&app).await;

    relay.cut();
    let ready = app.http.get(format!("http://{}/readyz", app.addr));
    assert_eq!(
        ready.send().await.unwrap().status(),
        503,
        "the database is gone"
    );
    assert_eq!(app.callback(&callback).await, (503, "RETRY".into()));
    let (status, body) = bank.post(std::slice::from_ref(&mutation)).await.unwrap();
    assert_eq!((status, body.as_str()), (503, "retry"));
    assert_eq!(telegram_posts(&app, &saldo).await, 503);
    assert_eq!(
        stored(&app).await,
        before,
        "nothing stored while it was down"
    );
    assert_eq!(order_status(&app, &trxid).await, "pending");

    relay.restore();
    // Each caller sends again, twice (its retry, and a repeat of it): one of each is kept.
    for _ in 0..2 {
        assert_eq!(app.callback(&callback).await, (200, "OK".into()));
        assert_eq!(
            bank.post(std::slice::from_ref(&mutation)).await.unwrap().0,
            200
        );
        assert_eq!(telegram_posts(&app, &saldo).await, 200);
    }
    assert_eq!(order_status(&app, &trxid).await, "success");
    app.wait_count(
        "select count(*) from inbound_updates where update_id = 2 and processed_at is not null",
        1,
    )
    .await;
    app.wait_count("select count(*) from outbox where sent_at is null", 0)
        .await;
    for (sql, once) in [
        ("select count(*) from ledger_txns where kind = 'post'", 1),
        ("select count(*) from ledger_txns where kind = 'deposit'", 1),
        (
            "select count(*) from callback_log where outcome = 'applied'",
            1,
        ),
        (
            "select count(*) from callback_log where outcome = 'duplicate'",
            1,
        ),
        ("select count(*) from bank_mutations", 1),
        (
            "select count(*) from inbound_updates where update_id = 2",
            1,
        ),
        (
            "select count(*) from deposit_tickets where status = 'credited'",
            1,
        ),
    ] {
        assert_eq!(app.count(sql).await, once, "{sql}");
    }
    assert_eq!(app.balance(RESELLER).await, 50_000 - 5_500 + amount);
    let told = |word: &str| {
        let word = word.to_owned();
        app.tg
            .messages_to(RESELLER)
            .into_iter()
            .filter(move |m| m.plain_text.contains(&word))
            .count()
    };
    assert_eq!(told("SUKSES"), 1, "the reseller is told of the sale once");
    assert_eq!(told("Saldo Anda"), 1, "/saldo is answered once");
    assert_eq!(told("Deposit tiket"), 1, "the deposit is announced once");
    app.finish().await;
}
