//! Two instances on one database moving orders along their route (R10, R16, R43): utama
//! refuses with ROUTE, or accepts and later sends a GAGAL that reaches both instances at once,
//! twice; only the transaction that moved an order sends its next attempt, so Digiflazz gets
//! each attempt's ref once, and every order is charged once and told once.
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::sandbox::sim::biller::{SimBiller, SimConfig as UtamaConfig};
use loket::sandbox::sim::digiflazz::{SimConfig, SimDigiflazz};
use loket::sandbox::sim::telegram::FakeUser;
use secrecy::SecretString;

use crate::helpers::{Options, PASSWORD, TOKEN, callback_query, spawn_pair, top_up};

const RESELLERS: [i64; 4] = [7101, 7102, 7103, 7104];
const FUNDS: i64 = 200_000;
const PRICE: i64 = 5_500;
/// Destinations' last digits. At utama: 1 refuses with ROUTE, 4 and 8 are accepted (their
/// GAGAL is sent by the test). At Digiflazz: 1 and 4 are Sukses, 8 is Gagal rc 53, the last
/// supplier of the route, so the order fails.
const DIGITS: [u8; 3] = [1, 4, 8];
/// Orders of each digit per reseller, through Telegram (the poller) and on the second instance.
const EACH: usize = 2;
/// Copies of each GAGAL callback: half to each instance, all at once.
const COPIES: usize = 4;

const USERNAME: &str = "toko";
const API_KEY: &str = "kunci-simulator";
const SECRET: &str = "rahasia-webhook";

#[tokio::test]
async fn two_instances_send_each_attempt_once_and_charge_and_tell_each_order_once() {
    let utama = SimBiller::new(UtamaConfig {
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        // The test sends utama's GAGAL itself, to both instances at once.
        callback_url: None,
        callback_delay: Duration::from_millis(10),
        hang: Duration::from_secs(2),
        reversal_delay: Duration::from_secs(1),
    });
    let utama_url = utama.clone().spawn().await.unwrap();
    let digiflazz = SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        webhook_url: None,
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    });
    let mut opts = Options::with_supplier(utama_url);
    opts.duplicate_window = Duration::ZERO;
    opts.digiflazz = Some(DigiflazzSettings {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(SECRET),
        url: digiflazz.clone().spawn().await.unwrap(),
        timeout: Duration::from_secs(2),
        check_first: Duration::from_secs(60),
    });
    let (b, mut a) = spawn_pair(opts).await;
    sqlx::query(
        "insert into product_routes (product_id, position, supplier, sku, cost)
         select product_id, 1, 'utama', code, null from products where code = 's5'
         union all
         select product_id, 2, 'digiflazz', 'tsel5', 5250 from products where code = 's5'",
    )
    .execute(&b.db.pool)
    .await
    .unwrap();
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
        top_up(&b.db.pool, user.id, FUNDS).await;
    }

    // Purchases through Telegram (handled by the poller) and on the second instance at once.
    let dest = |via: u8, i: usize, n: usize, digit: u8| format!("081{via}{i:02}{n:04}{digit}");
    let by_telegram = async {
        for n in 0..EACH {
            for digit in DIGITS {
                for (i, user) in users.iter().enumerate() {
                    let text = format!("/beli s5 {}", dest(3, i, n, digit));
                    b.tg.user_sends(user, &text).await;
                }
            }
        }
    };
    let requests: Vec<_> = (users.iter().enumerate())
        .flat_map(|(i, user)| {
            (0..EACH).flat_map(move |n| {
                DIGITS.map(|d| crate::helpers::purchase(user.id, "s5", &dest(4, i, n, d)))
            })
        })
        .collect();
    let on_second = futures::future::join_all(requests.iter().map(|req| b.orders.place(req)));
    let ((), placed) = tokio::join!(by_telegram, on_second);
    assert!(placed.iter().all(|p| p.as_ref().is_ok_and(|p| p.new)));
    let total = (RESELLERS.len() * EACH * DIGITS.len() * 2) as i64;
    let accepted = total / DIGITS.len() as i64 * 2;
    b.wait_count("select count(*) from orders", total).await;
    b.wait_count(
        "select count(*) from orders where status = 'pending' and supplier = 'utama'",
        accepted,
    )
    .await;

    // utama's GAGAL for every order it accepted, to both instances at the same moment, twice.
    let pending: Vec<(String, String)> = sqlx::query_as(
        "select trxid, destination from orders where status = 'pending' order by order_id",
    )
    .fetch_all(&b.db.pool)
    .await
    .unwrap();
    let sends = pending.iter().map(|(trxid, dest)| {
        let query = callback_query(1, trxid, dest, &format!("Transaksi s5.{dest} GAGAL"));
        let (http, addrs) = (b.http.clone(), [a.addr, b.addr]);
        async move {
            let answers = futures::future::join_all((0..COPIES).map(|c| {
                let url = format!("http://{}/biller/callback/{TOKEN}?{query}", addrs[c % 2]);
                let http = http.clone();
                async move { http.get(url).send().await.unwrap().status().as_u16() }
            }))
            .await;
            assert!(answers.iter().all(|s| *s == 200), "{answers:?}");
        }
    });
    futures::future::join_all(sends).await;
    b.wait_count(
        "select count(*) from orders where status in ('success', 'failed')",
        total,
    )
    .await;
    b.wait_count("select count(*) from outbox where sent_at is null", 0)
        .await;

    // Digiflazz: each order's second attempt, under its own ref, once, as a new transaction;
    // nothing asked twice (every answer came, so no status check was due).
    let orders: Vec<(String, String, i64, String, i16, String)> = sqlx::query_as(
        "select trxid, destination, user_id, status, attempt, supplier from orders order by order_id",
    )
    .fetch_all(&b.db.pool)
    .await
    .unwrap();
    let seen = digiflazz.journal(|j| j.transactions.clone());
    let mut at_digiflazz: BTreeMap<String, usize> = BTreeMap::new();
    for t in &seen {
        assert!(t.sign_ok && !t.repeat && t.sku == "tsel5", "{t:?}");
        *at_digiflazz.entry(t.ref_id.clone()).or_default() += 1;
    }
    let twice: Vec<_> = at_digiflazz.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        twice.is_empty(),
        "refs sent to Digiflazz more than once: {twice:?}"
    );
    let second_refs: HashSet<String> = orders.iter().map(|o| format!("{}02", o.0)).collect();
    let got: HashSet<String> = at_digiflazz.keys().cloned().collect();
    assert_eq!(
        got, second_refs,
        "Digiflazz got exactly every order's second attempt"
    );
    // utama: every first attempt once, and no ref at both suppliers.
    let at_utama: Vec<String> =
        utama.journal(|j| j.requests.iter().map(|r| r.trxid.clone()).collect());
    let first_refs: HashSet<String> = orders.iter().map(|o| o.0.clone()).collect();
    assert_eq!(at_utama.len(), orders.len(), "{at_utama:?}");
    assert_eq!(at_utama.iter().cloned().collect::<HashSet<_>>(), first_refs);
    assert!(first_refs.is_disjoint(&got));

    // Each order settled where its last digit says, charged once and told once.
    let sold = total / DIGITS.len() as i64 * 2;
    assert_eq!(digiflazz.journal(|j| j.charges) as i64, sold);
    for (trxid, dest, user, status, attempt, supplier) in &orders {
        let want = if dest.ends_with('8') {
            "failed"
        } else {
            "success"
        };
        assert_eq!(
            (status.as_str(), *attempt, supplier.as_str()),
            (want, 2, "digiflazz"),
            "{trxid} to {dest}"
        );
        let told: Vec<String> = (b.tg.messages_to(*user).into_iter())
            .map(|m| m.plain_text)
            .filter(|t| t.contains(trxid.as_str()) && (t.contains("SUKSES") || t.contains("GAGAL")))
            .collect();
        assert_eq!(told.len(), 1, "{trxid}: {told:#?}");
    }
    let outcomes: BTreeMap<String, i64> =
        sqlx::query_as("select outcome, count(*) from callback_log group by outcome")
            .fetch_all(&b.db.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    let copies = accepted * COPIES as i64;
    assert_eq!(outcomes.get("failed_over"), Some(&accepted), "{outcomes:?}");
    assert_eq!(
        outcomes.get("earlier_attempt"),
        Some(&(copies - accepted)),
        "{outcomes:?}"
    );
    assert_eq!(
        b.count(
            "select count(*) from (select order_id from ledger_txns where order_id is not null group by order_id
              having array_agg(kind order by txn_id) not in ('{hold,post}', '{hold,void}')) x"
        )
        .await,
        0,
        "one hold and one resolution per order"
    );
    let each_sold = sold / RESELLERS.len() as i64;
    for user in &users {
        assert_eq!(b.balance(user.id).await, FUNDS - each_sold * PRICE);
    }
    a.kill().await;
    b.finish().await;
}
