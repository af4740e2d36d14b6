//! One chat flooding the bot delays only itself: intake does not wait for replies, chats are
//! handled independently, and a chat over its budget is recorded but not acted upon.
use std::time::{Duration, Instant};

use loket::sandbox::sim::telegram::FakeUser;

use crate::helpers::{
    Options, RESELLER, TestApp, WEBHOOK_SECRET, reseller, simulator, spawn_app, top_up,
};

const OTHER: i64 = 5151;
const FLOOD: i64 = 200;
/// Within the default budget of a reseller who pressed /start.
const BUDGET: i64 = 20;
const NOTICE: &str = "terlalu cepat";

/// The flood: every fourth message a purchase, each for its own destination, typed as `/beli`
/// or as `KODE.TUJUAN` in turn.
fn flood_text(i: i64) -> String {
    match i % 8 {
        0 => format!("/beli s5 0812{i:07}0"),
        4 => format!("s5.0812{i:07}0"),
        _ => "/saldo".into(),
    }
}

/// A webhook update as Telegram posts it: a private message.
fn webhook_update(update_id: i64, message_id: i64, user: i64, text: &str) -> serde_json::Value {
    let now = chrono::Utc::now().timestamp();
    let mut message = serde_json::json!({
        "message_id": message_id, "date": now,
        "chat": {"id": user, "type": "private", "first_name": "Toko"},
        "from": {"id": user, "is_bot": false, "first_name": "Toko"},
        "text": text,
    });
    if text.starts_with('/') {
        let command_len = text.split_whitespace().next().unwrap_or("").len();
        message["entities"] =
            serde_json::json!([{"type": "bot_command", "offset": 0, "length": command_len}]);
    }
    serde_json::json!({ "update_id": update_id, "message": message })
}

/// Sends as `user`, through the fake Telegram's getUpdates or the webhook; returns the message id.
async fn send(app: &TestApp, webhook: bool, next: &mut i64, user: i64, text: &str) -> i64 {
    if !webhook {
        let person = if user == RESELLER {
            reseller()
        } else {
            FakeUser::new(user, "Toko Lain")
        };
        return app.tg.user_sends(&person, text).await.message_id;
    }
    *next += 1;
    let url = format!("http://{}/telegram/webhook", app.addr);
    let update = webhook_update(*next, *next, user, text);
    // Telegram posts again when unsure; the second copy must not count twice.
    let copies = if *next % 10 == 0 { 2 } else { 1 };
    for _ in 0..copies {
        let status = app
            .http
            .post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .json(&update)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 200);
    }
    *next
}

/// Sends `text` as `user` and waits for the reply containing `expect`; returns how long it took.
async fn answered_in(
    app: &TestApp,
    webhook: bool,
    next: &mut i64,
    user: i64,
    text: &str,
    expect: &str,
) -> Duration {
    let mark = app.tg.message_mark();
    let asked = Instant::now();
    send(app, webhook, next, user, text).await;
    let reply = app.reply_after(mark, user, expect).await;
    reply.at.saturating_duration_since(asked)
}

async fn one_flooding_chat_never_stalls_the_others(webhook: bool) {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    opts.webhook = webhook;
    let app = spawn_app(opts).await;
    sim.set_callback_url(app.callback_url());
    {
        let mut conn = app.db.pool.acquire().await.unwrap();
        loket::users::register(&mut conn, OTHER, OTHER, None, "Toko Lain")
            .await
            .unwrap();
    }
    top_up(&app.db.pool, OTHER, 100_000).await;
    let mut next = 1000;

    let mut message_ids = Vec::new();
    for i in 0..FLOOD {
        message_ids.push(send(&app, webhook, &mut next, RESELLER, &flood_text(i)).await);
    }
    let saldo = answered_in(&app, webhook, &mut next, OTHER, "/saldo", "Saldo Anda").await;
    let beli = answered_in(
        &app,
        webhook,
        &mut next,
        OTHER,
        "/beli s5 081299990000",
        "sedang diproses",
    )
    .await;
    assert!(saldo < Duration::from_secs(2), "/saldo took {saldo:?}");
    assert!(beli < Duration::from_secs(2), "/beli took {beli:?}");

    // Every update recorded once, all of them handled, those beyond the budget not acted upon.
    app.wait_count(
        "select count(*) from inbound_updates where chat_id = 4242 and processed_at is not null",
        FLOOD,
    )
    .await;
    assert_eq!(
        app.count("select count(*) from inbound_updates where chat_id = 4242")
            .await,
        FLOOD
    );
    assert_eq!(
        app.count("select count(*) from inbound_updates where chat_id = 4242 and flooded")
            .await,
        FLOOD - BUDGET
    );
    // Its notice comes after the replies queued before it, at one a second.
    let notice = app
        .tg
        .wait_for_message_after(
            0,
            RESELLER,
            |m| m.plain_text.contains(NOTICE),
            Duration::from_secs(90),
        )
        .await;
    assert!(notice.is_some(), "the flooding chat got no notice");
    // Nothing beyond the budget placed an order; every purchase beyond it was told why.
    let beyond = message_ids[BUDGET as usize];
    let late_orders: i64 =
        sqlx::query_scalar("select count(*) from orders where chat_id = $1 and message_id >= $2")
            .bind(RESELLER)
            .bind(beyond)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(late_orders, 0);
    let purchases_within = (0..BUDGET).filter(|i| i % 4 == 0).count() as i64;
    assert_eq!(
        app.count("select count(*) from orders where chat_id = 4242")
            .await,
        purchases_within
    );
    let refused_purchases = (BUDGET..FLOOD).filter(|i| i % 4 == 0).count() as i64;
    let notices: i64 = sqlx::query_scalar(
        "select count(*) from outbox where chat_id = $1 and dedup_key like 'reply:%' and text like '%terlalu cepat%'",
    )
    .bind(RESELLER)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    // The first update over the budget is a purchase (20 % 4 == 0): its notice is the flood's.
    assert_eq!(notices, refused_purchases);
    app.finish().await;
}

#[tokio::test]
async fn one_chat_flooding_by_polling_never_stalls_the_others() {
    one_flooding_chat_never_stalls_the_others(false).await;
}

#[tokio::test]
async fn one_chat_flooding_by_webhook_never_stalls_the_others() {
    one_flooding_chat_never_stalls_the_others(true).await;
}

#[tokio::test]
async fn a_stranger_who_never_pressed_start_gets_a_quarter_of_the_budget() {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let app = spawn_app(Options::with_supplier(url)).await;
    let stranger = FakeUser::new(6161, "Orang Asing");
    for _ in 0..8 {
        app.tg.user_sends(&stranger, "/saldo").await;
    }
    app.wait_count(
        "select count(*) from inbound_updates where chat_id = 6161 and processed_at is not null",
        8,
    )
    .await;
    let replies: Vec<String> = sqlx::query_scalar(
        "select text from outbox where chat_id = 6161 and dedup_key like 'reply:%' order by outbox_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(replies.len(), 6, "{replies:#?}");
    assert!(
        replies[..5].iter().all(|r| r.contains("Saldo Anda")),
        "{replies:#?}"
    );
    assert!(replies[5].contains(NOTICE), "{replies:#?}");
    app.finish().await;
}

/// A chat whose oldest update is in hand, with a long backlog behind it, hides no other chat:
/// the claim looks past the oldest waiting updates.
#[tokio::test]
async fn a_chat_in_hand_behind_a_long_backlog_hides_no_other_chat() {
    use sqlx::Connection;
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let app = spawn_app(Options::with_supplier(url)).await;
    sim.set_callback_url(app.callback_url());
    {
        let mut conn = app.db.pool.acquire().await.unwrap();
        loket::users::register(&mut conn, OTHER, OTHER, None, "Toko Lain")
            .await
            .unwrap();
    }
    // Marking this chat's updates handled waits for a lock the test holds, so its first update
    // stays in hand for as long as the test wants.
    let mut hold = sqlx::PgConnection::connect(&app.db.url).await.unwrap();
    for sql in [
        "select pg_advisory_lock(4243)",
        "create function test_hold() returns trigger language plpgsql as $$
         begin
             if new.chat_id = 4242 and new.processed_at is not null then
                 perform pg_advisory_xact_lock(4243);
             end if;
             return new;
         end $$",
        "create trigger test_hold before update on inbound_updates
             for each row execute function test_hold()",
    ] {
        sqlx::query(sql).execute(&mut hold).await.unwrap();
    }
    let mut next = 1000;
    // More than a claim's first look: 101 updates of a chat in hand, older than the next one.
    for _ in 0..=100 {
        send(&app, false, &mut next, RESELLER, "/saldo").await;
    }
    app.wait_count(
        "select count(*) from inbound_updates where chat_id = 4242",
        101,
    )
    .await;
    let saldo = answered_in(&app, false, &mut next, OTHER, "/saldo", "Saldo Anda").await;
    assert!(saldo < Duration::from_secs(2), "/saldo took {saldo:?}");
    assert_eq!(
        app.count(
            "select count(*) from inbound_updates where chat_id = 4242 and processed_at is not null"
        )
        .await,
        0,
        "the chat's first update was still in hand"
    );
    sqlx::query("select pg_advisory_unlock(4243)")
        .execute(&mut hold)
        .await
        .unwrap();
    app.wait_count(
        "select count(*) from inbound_updates where chat_id = 4242 and processed_at is not null",
        101,
    )
    .await;
    app.finish().await;
}
