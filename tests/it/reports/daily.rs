//! The daily summary: its figures, its hour, and once per day with two instances.
use chrono::{NaiveTime, Utc};
use loket::reports::daily::{self, Check};

use super::assert_lines;
use crate::helpers::{ADMIN, Options, spawn_app_with_sim, spawn_pair};

const OTHER_ADMIN: i64 = 901;

fn midnight() -> NaiveTime {
    NaiveTime::MIN
}

#[tokio::test]
async fn the_summary_compares_today_with_yesterday_and_names_the_supplier_balance() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.buy("s5", "081234567890").await;
    app.buy("pln20", "532100012340").await;
    app.buy("x10", "081234567896").await; // unknown: open
    app.wait_count("select count(*) from orders where status = 'success'", 2)
        .await;
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    // The balance the simulator reported is reconciled in the background; once every report is
    // in, none comes (the open order's supplier never answers), so forgetting it gives a summary
    // from a supplier that never reported.
    app.wait_count(
        "select count(*) from supplier_reports where not reconciled",
        0,
    )
    .await;
    sqlx::query("update supplier_balance set saldo = null, saldo_at = null")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "update orders set created_at = created_at - interval '1 day' where product_code = 'pln20'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let now = Utc::now();
    let today = loket::reports::today_wib(now);
    // Before the hour: nothing.
    let late = NaiveTime::from_hms_opt(23, 59, 0).unwrap();
    let start_of_day = loket::reports::day_start(today);
    assert!(matches!(
        daily::send_if_due(&app.db.pool, &[ADMIN], late, start_of_day)
            .await
            .unwrap(),
        Check::NotYet { .. }
    ));
    assert_eq!(app.count("select count(*) from daily_reports").await, 0);

    let sent = daily::send_if_due(&app.db.pool, &[ADMIN], midnight(), now)
        .await
        .unwrap();
    assert_eq!(sent, Check::Sent(today));
    let summary = app.message(ADMIN, "Ringkasan").await;
    assert_lines(
        &summary,
        &[
            "Hari ini: 1 sukses, penjualan Rp5.500, laba Rp350",
            "Kemarin: 1 sukses, penjualan Rp20.500, laba Rp350",
            "Belum selesai: 1",
            "Saldo supplier: belum pernah dilaporkan supplier",
        ],
    );
    assert!(
        summary
            .plain_text
            .contains(&loket::text::reports::date(today))
    );

    // The next day, with a balance the supplier reported.
    sqlx::query("update supplier_balance set saldo = 1234567, saldo_at = '2026-11-28 13:05:00+00'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let tomorrow = now + chrono::Duration::days(1);
    assert_eq!(
        daily::send_if_due(&app.db.pool, &[ADMIN], midnight(), tomorrow)
            .await
            .unwrap(),
        Check::Sent(today.succ_opt().unwrap())
    );
    let next = app.message(ADMIN, "Saldo supplier: Rp").await;
    assert_lines(
        &next,
        &[
            "Kemarin: 1 sukses, penjualan Rp5.500, laba Rp350",
            "Saldo supplier: Rp1.234.567 (dilaporkan 28/11/2026 20:05 WIB)",
        ],
    );
    app.finish().await;
}

#[tokio::test]
async fn two_instances_send_one_summary_per_admin_per_day() {
    let sim = crate::helpers::simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    opts.admins = vec![ADMIN, OTHER_ADMIN];
    // Past the hour at start: both instances check at once.
    opts.daily_report_at = Some(midnight());
    let (b, mut a) = spawn_pair(opts).await;
    for admin in [ADMIN, OTHER_ADMIN] {
        b.message(admin, "Ringkasan").await;
    }
    // And two more checks racing each other: the day's row lets one through at most.
    let pool = &b.db.pool;
    let admins = [ADMIN, OTHER_ADMIN];
    let (x, y) = tokio::join!(
        daily::send_if_due(pool, &admins, midnight(), Utc::now()),
        daily::send_if_due(pool, &admins, midnight(), Utc::now()),
    );
    let today = loket::reports::today_wib(Utc::now());
    assert_eq!(x.unwrap(), Check::AlreadySent(today));
    assert_eq!(y.unwrap(), Check::AlreadySent(today));
    b.wait_count(
        "select count(*) from outbox where dedup_key like 'daily:%' and sent_at is not null",
        2,
    )
    .await;
    assert_eq!(b.count("select count(*) from daily_reports").await, 1);
    for admin in [ADMIN, OTHER_ADMIN] {
        let summaries =
            b.tg.messages_to(admin)
                .into_iter()
                .filter(|m| m.plain_text.contains("Ringkasan"))
                .count();
        assert_eq!(summaries, 1, "admin {admin}");
    }
    a.stop().await;
    b.finish().await;
}
