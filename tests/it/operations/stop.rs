//! Stopping `loket serve` with SIGTERM.
use std::time::{Duration, Instant};

use crate::helpers::{PASSWORD, TOKEN, simulator};

#[tokio::test]
async fn sigterm_stops_serve_within_five_seconds_with_150_replies_queued_to_one_admin() {
    use crate::helpers::{ADMIN, TestDb, admin, seed};
    use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};

    let db = TestDb::new().await;
    seed(&db.pool).await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let supplier = simulator().spawn().await.unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut serve = tokio::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("serve")
        .env_clear()
        .envs([
            ("DATABASE_URL", db.url.clone()),
            ("TELOXIDE_TOKEN", tg.token().to_owned()),
            ("TELOXIDE_API_URL", tg.url()),
            ("BILLER_URL", supplier.to_string()),
            ("BILLER_USER", "usertesting".into()),
            ("BILLER_PASSWORD", PASSWORD.into()),
            ("HTTP_ADDR", addr.to_string()),
            ("CALLBACK_TOKEN", TOKEN.into()),
            ("ADMIN_IDS", ADMIN.to_string()),
            ("RUST_LOG", "warn".into()),
        ])
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    assert!(tg.wait_until_polling(Duration::from_secs(30)).await);
    // Admins are never refused for flooding, so every one of these is answered, one a second.
    for _ in 0..150 {
        tg.user_sends(&admin(), "/saldo").await;
    }
    let queued = "select count(*) from outbox where chat_id = 900 and dedup_key like 'reply:%'";
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n: i64 = sqlx::query_scalar(queued)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if n == 150 && !tg.messages_to(ADMIN).is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "{n} of 150 replies queued");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let asked = Instant::now();
    // SAFETY: signalling our own child, which has not been reaped yet.
    unsafe { libc::kill(serve.id().unwrap() as i32, libc::SIGTERM) };
    let status = tokio::time::timeout(Duration::from_secs(20), serve.wait())
        .await
        .expect("loket serve exits after SIGTERM")
        .unwrap();
    let took = asked.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(5), "took {took:?} to stop");

    // What was not sent stays queued for the next start; nothing was given up on.
    let (sent, unsent, dead): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where sent_at is not null),
                count(*) filter (where sent_at is null and dead_reason is null),
                count(*) filter (where dead_reason is not null)
           from outbox where chat_id = 900 and dedup_key like 'reply:%'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((sent + unsent, dead), (150, 0));
    assert!(unsent >= 100, "{sent} sent, {unsent} still queued");
    db.finish().await;
}
