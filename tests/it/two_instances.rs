//! Two full instances on one database, one fake Telegram and one supplier (R10, R16, R19):
//! exactly one polls, both serve callbacks and deliver messages, nothing is done twice, and
//! when the poller dies the other takes over.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use loket::sandbox::sim::telegram::FakeUser;

use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, TOKEN, TestApp, callback_query, spawn_pair, top_up};

/// Resellers buying at the same time, each in their own chat (Telegram paces each chat).
const RESELLERS: [i64; 6] = [7001, 7002, 7003, 7004, 7005, 7006];
/// Orders per reseller through Telegram (the poller) and placed on the second instance.
const PER_RESELLER: usize = 3;

const ADVISORY_HOLDERS: &str = "select count(*) from pg_locks
     where locktype = 'advisory' and granted
       and database = (select oid from pg_database where datname = current_database())";

async fn get(http: &reqwest::Client, addr: std::net::SocketAddr, query: &str) -> (u16, String) {
    let url = format!("http://{addr}/biller/callback/{TOKEN}?{query}");
    let r = http.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn sends_by(app: &TestApp, base: &str) -> usize {
    app.tg
        .calls_to("sendmessage")
        .iter()
        .filter(|c| c.status == 200 && c.path.starts_with(base))
        .count()
}

/// Waits for the next `n` long polls after now, and returns when the last began.
async fn polls(app: &TestApp, n: usize) -> Instant {
    let mut since = Instant::now();
    for _ in 0..n {
        let call = app
            .tg
            .wait_for_call(
                |c| c.method == "getupdates" && c.at > since,
                Duration::from_secs(10),
            )
            .await;
        since = call.expect("polling goes on").at;
    }
    since
}

#[tokio::test]
async fn two_instances_share_the_work_and_one_takes_over_polling() {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url.clone());
    opts.duplicate_window = Duration::ZERO;
    let (b, mut a) = spawn_pair(opts).await;
    let users: Vec<FakeUser> = RESELLERS
        .iter()
        .map(|id| FakeUser::new(*id, "Toko"))
        .collect();
    for user in &users {
        let mut conn = b.db.pool.acquire().await.unwrap();
        loket::users::register(&mut conn, user.id, user.id, None, "Toko")
            .await
            .unwrap();
        drop(conn);
        top_up(&b.db.pool, user.id, 100_000).await;
    }

    // Exactly one instance polls: the first, which has held the lock since it started.
    polls(&b, 3).await;
    // Every instance asks who the bot is (getMe); only a poller then removes any webhook.
    assert_eq!(b.tg.calls_to("deletewebhook").len(), 1, "one poller starts");
    assert!(
        b.tg.calls_to("getme")
            .iter()
            .any(|c| c.path.starts_with("/b/")),
        "the instance standing by knows who the bot is too (receipts are headed with its name)"
    );
    assert!(
        b.tg.calls_to("getupdates")
            .iter()
            .all(|c| c.path.starts_with("/a/")),
        "only the first instance polls"
    );
    assert_eq!(b.count(ADVISORY_HOLDERS).await, 1);

    // Mixed load: purchases through Telegram (handled by the poller) and on the second
    // instance at the same time.
    let by_telegram = async {
        for n in 0..PER_RESELLER {
            for (i, user) in users.iter().enumerate() {
                let text = format!("/beli s5 0813{i:02}{n:04}");
                b.tg.user_sends(user, &text).await;
            }
        }
    };
    let requests: Vec<_> = users
        .iter()
        .enumerate()
        .flat_map(|(i, user)| {
            (0..PER_RESELLER)
                .map(move |n| crate::helpers::purchase(user.id, "s5", &format!("0814{i:02}{n:04}")))
        })
        .collect();
    let on_second = futures::future::join_all(requests.iter().map(|req| b.orders.place(req)));
    let ((), placed) = tokio::join!(by_telegram, on_second);
    assert!(placed.iter().all(|p| p.as_ref().is_ok_and(|p| p.new)));
    let total = (RESELLERS.len() * PER_RESELLER * 2) as i64;
    b.wait_count(
        "select count(*) from orders where status = 'pending'",
        total,
    )
    .await;

    // Every result reaches both instances, in parallel, and some a third time.
    let orders: Vec<(String, String, i64)> =
        sqlx::query_as("select trxid, destination, user_id from orders order by order_id")
            .fetch_all(&b.db.pool)
            .await
            .unwrap();
    let sends = orders.iter().enumerate().map(|(i, (trxid, dest, _))| {
        let status = if i % 4 == 0 { 1 } else { 0 };
        let message = if status == 0 {
            format!("Transaksi s5.{dest} SUKSES, SN: 77-{trxid}")
        } else {
            format!("Transaksi s5.{dest} GAGAL")
        };
        let query = callback_query(status, trxid, dest, &message);
        let (http, a_addr, b_addr) = (b.http.clone(), a.addr, b.addr);
        async move {
            let copies = if i % 3 == 0 { 3 } else { 2 };
            let answers = futures::future::join_all((0..copies).map(|c| {
                let addr = if c % 2 == 0 { a_addr } else { b_addr };
                let (http, query) = (http.clone(), query.clone());
                async move { get(&http, addr, &query).await }
            }))
            .await;
            assert!(answers.iter().all(|a| a.0 == 200), "{answers:?}");
            copies
        }
    });
    let copies: i64 = futures::future::join_all(sends).await.into_iter().sum();
    b.wait_count("select count(*) from outbox where sent_at is null", 0)
        .await;

    // Nothing processed twice: one supplier request, one resolution, three events per order.
    assert_eq!(supplier.requests.lock().unwrap().len() as i64, total);
    let outcomes: BTreeMap<String, i64> =
        sqlx::query_as("select outcome, count(*) from callback_log group by outcome")
            .fetch_all(&b.db.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(outcomes.get("applied"), Some(&total), "{outcomes:?}");
    assert_eq!(
        outcomes.get("duplicate"),
        Some(&(copies - total)),
        "{outcomes:?}"
    );
    assert_eq!(
        b.count("select count(*) from (select order_id from order_events group by order_id having count(*) <> 3) x")
            .await,
        0
    );
    // Nothing sent twice: each order's two messages (accepted, result) reached its reseller
    // once, and Telegram got exactly one send per outbox row.
    for (trxid, _, user) in &orders {
        let about: Vec<String> =
            b.tg.messages_to(*user)
                .into_iter()
                .map(|m| m.plain_text)
                .filter(|t| t.contains(trxid.as_str()))
                .collect();
        assert_eq!(about.len(), 2, "{trxid}: {about:#?}");
    }
    let rows = b.count("select count(*) from outbox").await as usize;
    let (by_a, by_b) = (sends_by(&b, "/a/"), sends_by(&b, "/b/"));
    println!("messages delivered: {by_a} by the first instance, {by_b} by the second");
    assert_eq!(by_a + by_b, rows, "one send per message");
    assert!(by_a > 0 && by_b > 0, "both instances deliver");

    // The poller dies. The other takes over within one lock retry.
    let killed_at = Instant::now();
    a.kill().await;
    let takeover =
        b.tg.wait_for_call(
            |c| c.method == "getme" && c.at > killed_at && c.path.starts_with("/b/"),
            Duration::from_secs(15),
        )
        .await
        .map(|c| c.at.duration_since(killed_at));
    println!("poller takeover after {takeover:?}");
    assert!(
        takeover.is_some_and(|t| t <= loket::intake::polling::LOCK_RETRY + Duration::from_secs(3)),
        "{takeover:?}"
    );
    assert_eq!(b.count(ADVISORY_HOLDERS).await, 1);

    // The survivor does everything alone: takes a purchase, hears its result, tells the reseller.
    let user = &users[0];
    let reply = b.ask(user, "/beli s5 081399990000", "diproses").await;
    let trxid: String =
        sqlx::query_scalar("select trxid from orders where destination = '081399990000'")
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
    assert!(reply.plain_text.contains(&trxid));
    let mark = b.tg.message_mark();
    let query = callback_query(0, &trxid, "081399990000", "SUKSES SN: 1");
    assert_eq!(b.callback(&query).await.0, 200);
    let done = b.reply_after(mark, user.id, "SUKSES").await;
    assert!(done.plain_text.contains(&trxid));
    b.finish().await;
}

/// R10 on a graceful stop: the poller lets go of the lock as it stops, and the other instance
/// takes over within one lock retry.
#[tokio::test]
async fn a_poller_that_stops_gracefully_is_replaced() {
    let (b, mut a) = spawn_pair(Options::with_supplier(
        "http://127.0.0.1:9".parse().unwrap(),
    ))
    .await;
    polls(&b, 3).await;
    assert_eq!(
        b.tg.calls_to("deletewebhook").len(),
        1,
        "exactly one instance polls"
    );
    assert_eq!(b.count(ADVISORY_HOLDERS).await, 1);

    let stopped_at = Instant::now();
    a.stop().await;
    let takeover =
        b.tg.wait_for_call(
            |c| c.method == "getme" && c.at > stopped_at && c.path.starts_with("/b/"),
            Duration::from_secs(15),
        )
        .await
        .map(|c| c.at.duration_since(stopped_at));
    println!("poller takeover after a graceful stop: {takeover:?}");
    assert!(
        takeover.is_some_and(|t| t <= loket::intake::polling::LOCK_RETRY + Duration::from_secs(3)),
        "{takeover:?}"
    );
    b.finish().await;
}
