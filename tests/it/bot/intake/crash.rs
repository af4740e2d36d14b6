//! An instance killed while handling an update: the next one finishes the job exactly once.
use std::time::Duration;

use crate::helpers::{Options, RESELLER, reseller};

/// Holds every transaction that reaches `table` as `when` says (a trigger there waits for an
/// advisory lock the test holds), so that an instance can be killed exactly there.
async fn block_at(conn: &mut sqlx::PgConnection, when: &str) {
    sqlx::query("select pg_advisory_lock(4242)")
        .execute(&mut *conn)
        .await
        .unwrap();
    for sql in [
        "create or replace function test_block() returns trigger language plpgsql as $$
         begin perform pg_advisory_xact_lock(4242); return new; end $$"
            .to_owned(),
        format!("create trigger test_block before {when} execute function test_block()"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

/// Waits until a transaction is held at the trigger.
async fn wait_blocked(conn: &mut sqlx::PgConnection) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            // pg_locks shows every database's locks: only this test's database counts, or a
            // test running beside this one would look like ours reaching the trigger.
            "select count(*) from pg_locks where locktype = 'advisory' and not granted
                and database = (select oid from pg_database where datname = current_database())",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "nothing reached the trigger"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// After the kill: the dead instance's held transaction is ended (its client is gone, but the
/// server only notices when it next writes), and the trigger removed.
async fn unblock(conn: &mut sqlx::PgConnection, table: &str) {
    sqlx::query(
        "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and not granted
            and database = (select oid from pg_database where datname = current_database())",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "drop trigger test_block on {table}"
    )))
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query("select pg_advisory_unlock_all()")
        .execute(&mut *conn)
        .await
        .unwrap();
}

/// The first instance is killed at `table`/`when` while handling `/beli`; the second, on the
/// same database and Telegram, finishes the job. Returns it with the update's id.
async fn killed_while_handling(table: &str, when: &str) -> (crate::helpers::TestApp, i64) {
    use crate::helpers::{Killable, TestApp, TestDb, seed, settings, simulator};
    use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};
    use sqlx::Connection;

    let sim = simulator();
    let sim_url = sim.clone().spawn().await.unwrap();
    let db = TestDb::new().await;
    seed(&db.pool).await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let mut s = settings(&db.url, &Options::with_supplier(sim_url), &tg);
    // A dead instance's update is taken over after this.
    s.tuning.outbox_lease = Duration::from_secs(2);
    let mut test_conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    block_at(&mut test_conn, when).await;

    let mut first = Killable::start(s.clone(), db.url.clone()).await;
    let sent = tg.user_sends(&reseller(), "/beli s5 081234567890").await;
    // Acknowledged to Telegram (so stored) before it was handled.
    assert!(
        tg.wait_confirmed(sent.update_id, Duration::from_secs(10))
            .await
    );
    wait_blocked(&mut test_conn).await;
    first.kill().await;
    unblock(&mut test_conn, table).await;

    let app = TestApp::launch(s, db, tg).await;
    sim.set_callback_url(app.callback_url());
    (app, sent.update_id)
}

#[tokio::test]
async fn a_crash_between_storing_and_handling_loses_nothing_and_handles_nothing_twice() {
    // Killed while placing the order: nothing of it was committed.
    let (app, update_id) = killed_while_handling("orders", "insert on orders for each row").await;
    app.message(RESELLER, "sedang diproses").await;
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.count("select count(*) from orders").await, 1);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'hold'")
            .await,
        1
    );
    let (stored, handled): (i64, bool) = sqlx::query_as(
        "select count(*), bool_and(processed_at is not null) from inbound_updates where update_id = $1",
    )
    .bind(update_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((stored, handled), (1, true));
    // Handled once: the reseller was never told the order already existed.
    assert!(
        app.tg
            .messages_to(RESELLER)
            .iter()
            .all(|m| !m.plain_text.contains("sudah diterima"))
    );
    assert_eq!(app.tg.pending_updates(), 0);
    app.finish().await;
}

#[tokio::test]
async fn a_crash_after_handling_before_marking_places_the_order_once() {
    // Killed as the update was being marked handled: the order was placed, its mark was not.
    // Handled again, it places nothing and says so.
    let (app, update_id) = killed_while_handling(
        "inbound_updates",
        "update on inbound_updates for each row when (new.processed_at is not null)",
    )
    .await;
    app.message(RESELLER, "sudah diterima").await;
    app.wait_count(
        "select count(*) from inbound_updates where processed_at is not null",
        1,
    )
    .await;
    assert_eq!(app.count("select count(*) from orders").await, 1);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'hold'")
            .await,
        1
    );
    let stored: i64 =
        sqlx::query_scalar("select count(*) from inbound_updates where update_id = $1")
            .bind(update_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, 1);
    app.finish().await;
}
