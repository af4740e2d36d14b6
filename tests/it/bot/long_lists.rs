//! Lists and alerts longer than one Telegram message: paged or split, every part accepted by
//! Telegram, nothing out of reach and nothing left dead in the outbox.
use loket::domain::{Money, ProductCode};
use loket::sandbox::sim::telegram::FakeUser;

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, reseller, spawn_app_with_sim, top_up};

/// The page count a list's first page announces (`halaman 1/5`), 1 when it has no pages.
fn page_count(first: &str) -> usize {
    first
        .split_once("halaman 1/")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// Every page of `command`, read as a person would: the first, then each page it names.
async fn all_pages(app: &TestApp, user: &FakeUser, command: &str, expect: &str) -> Vec<String> {
    let first = app.ask(user, command, expect).await.plain_text;
    let count = page_count(&first);
    let mut pages = vec![first];
    for page in 2..=count {
        let text = format!("{command} {page}");
        let mark = format!("halaman {page}/{count}");
        pages.push(app.ask(user, &text, &mark).await.plain_text);
    }
    pages
}

/// Telegram refused nothing loket sent.
fn all_accepted(app: &TestApp) {
    let refused: Vec<_> = app
        .tg
        .calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.status != 200)
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
}

#[tokio::test]
async fn two_hundred_products_are_each_on_a_page_and_found_by_search() {
    // Twenty-one requests in a row: more than flood control lets a chat send in a minute.
    let sim = crate::helpers::simulator();
    let mut opts = crate::helpers::Options::with_supplier(sim.clone().spawn().await.unwrap());
    opts.flood = loket::intake::FloodLimits { per_min: 100 };
    let app = crate::helpers::spawn_app(opts).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    for i in 1..=200 {
        // Names as long as allowed, with what must be escaped and what counts double.
        let name: String = format!("Produk {i:03} Pulsa & Data <promo> 🙂 ")
            .repeat(4)
            .chars()
            .take(100)
            .collect();
        let code = ProductCode::parse(&format!("p{i:03}")).unwrap();
        loket::products::upsert(
            &mut conn,
            &code,
            None,
            Money::from_rupiah(1_000 + i * 10),
            &name,
        )
        .await
        .unwrap();
    }
    drop(conn);
    let me = reseller();

    let pages = all_pages(&app, &me, "/harga", "Daftar harga").await;
    assert!(pages.len() >= 5, "{} pages", pages.len());
    assert!(
        pages[0].contains("203 produk")
            && pages[0].contains("Halaman lain: /harga <nomor>, 1 sampai"),
        "{}",
        pages[0]
    );
    assert!(
        pages[0].contains("Cari produk: /harga <kata>"),
        "{}",
        pages[0]
    );
    let all = pages.concat();
    for i in 1..=200 {
        let line = format!("p{i:03} Produk {i:03} Pulsa & Data <promo> 🙂");
        assert_eq!(all.matches(&line).count(), 1, "{line}");
    }
    for seeded in ["s5 Pulsa Telkomsel 5.000", "x10 XL <10> & Co — Rp10.300"] {
        assert!(all.contains(seeded), "{seeded}");
    }

    // Any one product by search, however far down the list it is.
    let found = app.ask(&me, "/harga p187", "cari \"p187\"").await;
    assert!(
        found.plain_text.contains("p187 Produk 187") && found.plain_text.contains("1 produk"),
        "{}",
        found.plain_text
    );
    // A search matching them all is paged like the whole list.
    let promo = all_pages(&app, &me, "/harga promo", "cari \"promo\"").await;
    assert!(
        promo.len() >= 5 && promo[0].contains("200 produk"),
        "{}",
        promo[0]
    );
    assert!(promo.concat().contains("p200 Produk 200"));
    app.ask(&me, "/harga 99", "Halaman 99 tidak ada").await;
    app.ask(&me, "/harga nihil", "Tidak ada produk yang cocok")
        .await;
    all_accepted(&app);
    app.finish().await;
}

#[tokio::test]
async fn a_hundred_and_twenty_open_orders_are_all_listed_for_the_admin() {
    let (app, _sim) = spawn_app_with_sim().await;
    top_up(&app.db.pool, RESELLER, 1_000_000).await;
    // A destination ending in 6 makes the simulator answer HTTP 500: the order stays unknown.
    for i in 0..120 {
        app.buy("s5", &format!("0812{i:06}6")).await;
    }
    app.wait_count("select count(*) from orders where status = 'unknown'", 120)
        .await;

    let pages = all_pages(&app, &admin(), "/pending", "Belum selesai").await;
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(pages[0].contains("120 transaksi"), "{}", pages[0]);
    let all = pages.concat();
    let trxids: Vec<String> = sqlx::query_scalar("select trxid from orders")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(trxids.len(), 120);
    for trxid in &trxids {
        assert_eq!(all.matches(trxid.as_str()).count(), 1, "{trxid}");
    }
    app.ask(&admin(), "/pending 50", "Halaman 50 tidak ada")
        .await;
    all_accepted(&app);
    app.finish().await;
}

#[tokio::test]
async fn a_long_list_reply_arrives_as_several_messages() {
    let (app, _sim) = spawn_app_with_sim().await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    for i in 0..98 {
        let name = format!("Reseller {i:02} <toko> & {}", "🙂".repeat(40));
        loket::users::register(&mut conn, 10_000 + i, 10_000 + i, Some("nama_toko"), &name)
            .await
            .unwrap();
    }
    drop(conn);
    let mark = app.tg.message_mark();
    app.tg.user_sends(&admin(), "/pengguna").await;
    // The last user listed is in the last part.
    app.reply_after(mark, ADMIN, "Reseller 97 <toko> &").await;
    let parts: Vec<String> = app
        .tg
        .messages_to(ADMIN)
        .into_iter()
        .map(|m| m.plain_text)
        .filter(|t| t.contains("<toko>"))
        .collect();
    assert!(parts.len() >= 2, "{} parts", parts.len());
    let all = parts.concat();
    for i in 0..98 {
        assert!(
            all.contains(&format!("{} Reseller {i:02} <toko>", 10_000 + i)),
            "{i}"
        );
    }
    all_accepted(&app);
    app.finish().await;
}

/// Breaks the books in 61 places: 20 balances off their entries, 20 transactions without
/// entries, 20 whose entries do not sum to zero (which also puts the sales account off).
/// In one transaction, so the monitor's own check, running alongside, sees all of it or none.
async fn break_the_books(app: &TestApp) {
    let mut conn = app.db.pool.begin().await.unwrap();
    for i in 0..20 {
        loket::users::register(&mut conn, 20_000 + i, 20_000 + i, None, "Rusak")
            .await
            .unwrap();
    }
    for sql in [
        "update accounts set balance = balance + 1000 where user_id >= 20000",
        "insert into ledger_txns (kind, amount, note) select 'topup', 7, 'no entries' from generate_series(1, 20)",
        "with t as (insert into ledger_txns (kind, amount, note)
                    select 'topup', 9, 'unbalanced' from generate_series(1, 20) returning txn_id)
         insert into ledger_entries (txn_id, account_id, amount)
         select txn_id, account_id, 9 from t, (values (1), (3)) a (account_id)",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    }
    conn.commit().await.unwrap();
}

/// Undoes [`break_the_books`]; the ledger's rows are insert-only, so its guard is lifted for it.
async fn mend_the_books(app: &TestApp) {
    let mut tx = app.db.pool.begin().await.unwrap();
    for sql in [
        "update accounts set balance = balance - 1000 where user_id >= 20000",
        "alter table ledger_entries disable trigger ledger_entries_insert_only",
        "alter table ledger_txns disable trigger ledger_txns_insert_only",
        "delete from ledger_entries where txn_id in (select txn_id from ledger_txns where note in ('no entries', 'unbalanced'))",
        "delete from ledger_txns where note in ('no entries', 'unbalanced')",
        "alter table ledger_entries enable trigger ledger_entries_insert_only",
        "alter table ledger_txns enable trigger ledger_txns_insert_only",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

const ALERT_ROWS: &str = "select count(*) from outbox where dedup_key like 'invariants:%'";

#[tokio::test]
async fn a_sixty_violation_report_reaches_admins_in_several_messages() {
    let (app, _sim) = spawn_app_with_sim().await;
    break_the_books(&app).await;
    let found = app.monitor.check_books().await.unwrap();
    assert!(found.len() >= 60, "{} violations", found.len());

    let rows = app.count(ALERT_ROWS).await;
    assert!(rows >= 2, "{rows} outbox rows");
    app.wait_count(
        "select count(*) from outbox where dedup_key like 'invariants:%' and sent_at is not null",
        rows,
    )
    .await;
    assert_eq!(
        app.count("select count(*) from outbox where dead_reason is not null")
            .await,
        0
    );
    let parts: Vec<String> = app
        .tg
        .messages_to(ADMIN)
        .into_iter()
        .filter(|m| m.text.starts_with("🚨") || m.text.starts_with("<pre>"))
        .map(|m| {
            assert!(m.text.ends_with("</pre>"), "{}", m.text);
            m.plain_text
        })
        .collect();
    assert_eq!(parts.len() as i64, rows);
    assert!(parts[0].starts_with("🚨 Pemeriksaan pembukuan gagal."));
    let all = parts.join("\n");
    for v in &found {
        let line = format!("{}: {}", v.check, v.detail);
        assert_eq!(all.matches(&line).count(), 1, "{line}");
    }

    // The same findings again: every part was queued once and is not queued again.
    assert_eq!(app.monitor.check_books().await.unwrap().len(), found.len());
    assert_eq!(app.count(ALERT_ROWS).await, rows);

    mend_the_books(&app).await;
    assert!(app.monitor.check_books().await.unwrap().is_empty());
    app.finish().await;
}

/// Admins are alerted once per distinct set of findings, keyed by its text: the same broken
/// books must read the same whichever plan PostgreSQL picks (hashing or sorting its groups).
#[tokio::test]
async fn the_same_findings_read_the_same_whatever_the_plan() {
    let (app, _sim) = spawn_app_with_sim().await;
    break_the_books(&app).await;
    let mut reports = Vec::new();
    let plans: [&[&str]; 2] = [
        &["set enable_hashagg = off", "set enable_hashjoin = off"],
        &[
            "set enable_sort = off",
            "set enable_mergejoin = off",
            "set enable_nestloop = off",
        ],
    ];
    for settings in plans {
        let mut conn = app.db.pool.acquire().await.unwrap();
        for setting in settings {
            sqlx::query(*setting).execute(&mut *conn).await.unwrap();
        }
        let found = loket::ledger::check_invariants(&mut conn).await.unwrap();
        sqlx::query("reset all").execute(&mut *conn).await.unwrap();
        let lines: Vec<String> = found
            .iter()
            .map(|v| format!("{}: {}", v.check, v.detail))
            .collect();
        reports.push(lines);
    }
    assert!(reports[0].len() >= 60, "{}", reports[0].len());
    assert_eq!(reports[0], reports[1]);
    mend_the_books(&app).await;
    app.finish().await;
}
