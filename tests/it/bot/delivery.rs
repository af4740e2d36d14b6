//! Messages out: the outbox worker against Telegram's limits and refusals.
use std::time::Instant;

use loket::sandbox::sim::telegram::Failure;

use crate::helpers::{ADMIN, RESELLER, admin, reseller, spawn_app_with_sim};

#[tokio::test]
async fn a_top_up_reaches_the_reseller_once_however_often_the_command_arrives() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let mark = app.tg.message_mark();
    let sent = app
        .tg
        .user_sends(&boss, "/topup 4242 25rb setoran tunai")
        .await;
    let done = app.reply_after(mark, ADMIN, "ditambah").await;
    assert!(
        done.plain_text.contains("Rp25.000")
            && done.plain_text.contains("Saldo sekarang: Rp75.000"),
        "{}",
        done.plain_text
    );
    let notice = app.message(RESELLER, "Saldo Anda ditambah").await;
    assert!(notice.plain_text.contains("Rp25.000") && notice.plain_text.contains("Rp75.000"));

    // Delivered again after a restart: recorded once, so not handled again.
    let app = app.restart().await;
    let mark = app.tg.message_mark();
    app.tg.redeliver(sent.update_id).await;
    app.ask(&boss, "/saldo", "Saldo Anda").await;
    assert!(
        app.tg.sent_messages()[mark..]
            .iter()
            .all(|m| !m.plain_text.contains("sudah diproses sebelumnya"))
    );
    // Handled a second time (a crash after the credit, before the update was marked and its
    // reply queued, which happen together): the command itself credits once.
    sqlx::query(
        "with reply as (delete from outbox where dedup_key like 'reply:' || $1::bigint || ':%')
         update inbound_updates set processed_at = null where update_id = $1",
    )
    .bind(sent.update_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.reply_after(mark, ADMIN, "sudah diproses sebelumnya")
        .await;
    assert_eq!(app.balance(RESELLER).await, 75_000);

    app.ask(&boss, "/tarik 4242 100.000", "tidak bisa dikurangi")
        .await;
    app.ask(&boss, "/tarik 4242 5.000 koreksi", "dikurangi")
        .await;
    app.message(RESELLER, "Saldo Anda dikurangi").await;
    app.ask(&boss, "/topup 999 5000", "belum terdaftar").await;
    assert_eq!(app.balance(RESELLER).await, 70_000);
    app.ask(&reseller(), "/mutasi", "isi saldo +Rp25.000 → Rp75.000")
        .await;
    app.finish().await;
}

/// Telegram answers a burst of 429s; every message still arrives, once, each chat in order.
#[tokio::test]
async fn a_429_storm_delays_but_loses_and_reorders_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let chats: Vec<i64> = (0..60).map(|i| 700_000 + i).collect();
    let per_chat = 2;
    for round in 0..per_chat {
        for chat in &chats {
            sqlx::query("insert into outbox (dedup_key, chat_id, text) values ($1, $2, $3)")
                .bind(format!("storm:{chat}:{round}"))
                .bind(chat)
                .bind(format!("pesan {round} untuk {chat}"))
                .execute(&app.db.pool)
                .await
                .unwrap();
        }
    }
    app.tg.fail_next_sends(10, None, Failure::RetryAfter(1));
    let started = Instant::now();
    let total = (chats.len() * per_chat) as i64;
    app.wait_count(
        "select count(*) from outbox where dedup_key like 'storm:%' and sent_at is not null",
        total,
    )
    .await;
    let elapsed = started.elapsed();

    let mut delivered = 0;
    for chat in &chats {
        let texts: Vec<String> = app
            .tg
            .messages_to(*chat)
            .into_iter()
            .map(|m| m.plain_text)
            .collect();
        let expected: Vec<String> = (0..per_chat)
            .map(|r| format!("pesan {r} untuk {chat}"))
            .collect();
        assert_eq!(texts, expected, "chat {chat}: every message once, in order");
        delivered += texts.len();
    }
    let rate = delivered as f64 / elapsed.as_secs_f64();
    println!(
        "429 storm: {delivered} messages to {} chats in {:.2}s = {rate:.1} msg/s; 429 answers: {}",
        chats.len(),
        elapsed.as_secs_f64(),
        app.tg.too_many_requests()
    );
    assert!(app.tg.too_many_requests() >= 10);
    app.finish().await;
}

#[tokio::test]
async fn refusals_are_final_after_one_attempt_and_other_failures_are_retried() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.tg.block_chat(RESELLER);
    app.ask(&admin(), "/topup 4242 1000", "ditambah").await;
    app.wait_count(
        "select count(*) from outbox where chat_id = 4242 and dead_reason is not null",
        1,
    )
    .await;
    let (attempts, reason): (i32, String) =
        sqlx::query_as("select attempts, dead_reason from outbox where chat_id = 4242")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(reason.contains("blocked"), "{reason}");
    // The admins hear of the refusal.
    app.message(ADMIN, "Pesan tidak terkirim").await;

    // The failure is armed for a chat nothing else writes to, so no other message takes it.
    let other = loket::sandbox::sim::telegram::FakeUser::new(5151, "Toko Lain");
    app.ask(&other, "/start", "Selamat datang").await;
    app.tg
        .fail_next_sends(1, Some(other.id), Failure::ServerError);
    sqlx::query(
        "insert into outbox (dedup_key, chat_id, text) values ('retry:1', $1, 'coba lagi')",
    )
    .bind(other.id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.wait_count(
        "select count(*) from outbox where dedup_key = 'retry:1' and sent_at is not null",
        1,
    )
    .await;
    let attempts: i32 =
        sqlx::query_scalar("select attempts from outbox where dedup_key = 'retry:1'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(attempts, 2, "a server error is retried");
    app.finish().await;
}

/// Telegram's 20-a-minute rule is for groups. Applied to a private chat it would park the
/// 21st reply for the rest of the minute, and thirty parked replies stall every chat.
#[tokio::test]
async fn a_burst_from_one_private_chat_is_answered_at_one_a_second_not_parked_for_a_minute() {
    // Flood control would refuse what goes beyond 20 a minute; here the pace alone is tested.
    let sim = crate::helpers::simulator();
    let mut opts = crate::helpers::Options::with_supplier(sim.clone().spawn().await.unwrap());
    opts.flood = loket::intake::FloodLimits { per_min: 100 };
    let app = crate::helpers::spawn_app(opts).await;
    let shop = reseller();
    let mut sent = app.tg.subscribe();
    const BURST: usize = 24;
    for _ in 0..BURST {
        app.tg.user_sends(&shop, "/saldo").await;
    }
    let answered = async {
        let mut replies = 0;
        while replies < BURST {
            let m = sent.recv().await.unwrap();
            if m.chat_id == RESELLER && m.plain_text.contains("Saldo") {
                replies += 1;
            }
        }
    };
    // At one a second the burst takes ~24 s; parked, the 21st reply alone would wait 60.
    tokio::time::timeout(std::time::Duration::from_secs(50), answered)
        .await
        .expect("every reply within 50 s");
    app.finish().await;
}
