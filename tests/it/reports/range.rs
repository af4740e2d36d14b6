//! The figures of `/laporan` over one day and a range, with every outcome an order can have.
use loket::deposits::{self, Approval, CreditOutcome};

use super::assert_lines;
use crate::helpers::{ADMIN, RESELLER, TestApp, admin, spawn_app_with_sim, top_up};

/// Orders of each kind, placed today; returns the trxid of the successful PLN order, which
/// the test then moves to the last second of yesterday (WIB).
async fn orders_of_every_kind(app: &TestApp) -> String {
    top_up(&app.db.pool, RESELLER, 100_000).await;
    // x10 has a cost price: orders snapshot it, and it is the charge when the supplier told none.
    sqlx::query("update products set cost = 10200 where code = 'x10'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let a = app.buy("s5", "081234567890").await; // SUKSES by callback, total 5,150
    let b = app.buy("pln20", "532100012340").await; // SUKSES, total 20,150
    app.buy("s5", "081234567894").await; // GAGAL by callback
    app.buy("s5", "081234567899").await; // SUKSES, then GAGAL: a reversal
    app.buy("x10", "081234567896").await; // HTTP 500: unknown, stays open
    let f = app.buy("x10", "081234567806").await; // unknown, settled by hand: cost snapshot
    let g = app.buy("s5", "081234567816").await; // unknown, settled by hand: no cost known
    app.wait_count(
        "select count(*) from ledger_txns where kind = 'reversal'",
        1,
    )
    .await;
    app.wait_count("select count(*) from orders where status = 'failed'", 2)
        .await;
    app.wait_count("select count(*) from orders where status = 'success'", 2)
        .await;
    app.wait_count("select count(*) from orders where status = 'unknown'", 3)
        .await;
    for (order, sn) in [(&f, "SN-X10"), (&g, "SN-S5")] {
        let trxid = order.order.trxid.as_str();
        app.ask(&admin(), &format!("/selesai {trxid} sukses {sn}"), "SUKSES")
            .await;
    }
    assert_eq!(app.status(a.order.trxid.as_str()).await, "success");
    b.order.trxid.to_string()
}

/// A ticket of Rp20.000 plus its kode unik, credited; returns the amount.
async fn a_deposit(app: &TestApp) -> i64 {
    app.ask(
        &crate::helpers::reseller(),
        "/deposit 20rb",
        "Tiket deposit #",
    )
    .await;
    let (ticket_id, amount): (i64, i64) =
        sqlx::query_as("select ticket_id, amount from deposit_tickets")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let mut tx = app.db.pool.begin().await.unwrap();
    let outcome = deposits::credit(&mut tx, &[ADMIN], ticket_id, Approval::Admin(ADMIN))
        .await
        .unwrap();
    assert!(matches!(outcome, CreditOutcome::Credited { .. }));
    tx.commit().await.unwrap();
    amount
}

#[tokio::test]
async fn a_range_report_counts_every_outcome_exactly() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let pln = orders_of_every_kind(&app).await;
    let deposited = a_deposit(&app).await;
    app.ask(&boss, "/topup 4242 10000", "ditambah").await;
    app.ask(&boss, "/tarik 4242 3000", "dikurangi").await;
    // The PLN order moves to 23:59:59 WIB yesterday: the day boundary is WIB midnight.
    let today = loket::reports::today_wib(chrono::Utc::now());
    let midnight = loket::reports::day_start(today);
    sqlx::query("update orders set created_at = $2 where trxid = $1")
        .bind(&pln)
        .bind(midnight - chrono::Duration::seconds(1))
        .execute(&app.db.pool)
        .await
        .unwrap();

    let report = app.ask(&boss, "/laporan", "Laporan").await;
    assert_lines(
        &report,
        &[
            "Sukses: 3",
            "Gagal: 2",
            "Dalam proses: 1",
            // s5 5.500 + x10 10.300 + s5 5.500 (settled by hand, no cost known)
            "Penjualan: Rp21.300",
            // 5.150 from the answer's total, 10.200 from the cost price snapshot
            "Biaya supplier: Rp15.350",
            // (5.500 + 10.300) - 15.350: the order with no known cost is left out
            "Laba: Rp450",
            "⚠️ 1 transaksi sukses tanpa biaya supplier yang diketahui: tidak dihitung dalam biaya dan laba.",
            "Reversal: 1 (Rp5.500)",
            &format!(
                "Deposit: 1 (Rp{})",
                loket::domain::group_thousands(deposited as u64, '.')
            ),
            // the seed's 50.000, the test's 100.000, and /topup 10.000
            "Topup admin: 3 (Rp160.000)",
            "Tarik admin: 1 (Rp3.000)",
            "1. s5 Pulsa Telkomsel 5.000 — 2× Rp11.000, laba Rp350",
            "2. x10 XL <10> & Co — 1× Rp10.300, laba Rp100",
            "1. 4242 Toko Maju — 3× Rp21.300, laba Rp450",
        ],
    );
    assert!(
        report
            .plain_text
            .contains(&loket::text::reports::date(today))
    );

    let yesterday = app.ask(&boss, "/laporan kemarin", "Laporan").await;
    assert_lines(
        &yesterday,
        &[
            "Sukses: 1",
            "Gagal: 0",
            "Dalam proses: 0",
            "Penjualan: Rp20.500",
            "Biaya supplier: Rp20.150",
            "Laba: Rp350",
            "Reversal: 0 (Rp0)",
            "Topup admin: 0 (Rp0)",
            "1. pln20 Token PLN 20.000 — 1× Rp20.500, laba Rp350",
        ],
    );
    assert!(!yesterday.plain_text.contains("tanpa biaya"));

    let both = app.ask(&boss, "/laporan kemarin hari ini", "Laporan").await;
    assert_lines(
        &both,
        &[
            "Sukses: 4",
            "Penjualan: Rp41.800",
            "Biaya supplier: Rp35.500",
            "Laba: Rp800",
            "1. pln20 Token PLN 20.000 — 1× Rp20.500, laba Rp350",
            "2. s5 Pulsa Telkomsel 5.000 — 2× Rp11.000, laba Rp350",
            "3. x10 XL <10> & Co — 1× Rp10.300, laba Rp100",
        ],
    );
    assert!(both.plain_text.contains("(2 hari)"), "{}", both.plain_text);
    app.finish().await;
}

#[tokio::test]
async fn bad_report_arguments_are_answered_specifically_and_change_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let before: i64 = app.count("select count(*) from outbox").await;
    for (text, expect) in [
        ("/laporan 15/11 1/11", "sesudah tanggal akhir"),
        (
            "/laporan 2024-01-01 2025-06-01",
            "Rentang 518 hari terlalu panjang",
        ),
        ("/laporan besok", "«besok» bukan tanggal"),
        ("/laporan 31/2", "«31/2» bukan tanggal"),
        ("/laporan 1/1 2/1 3/1", "paling banyak dua tanggal"),
        ("/laporan 2023-02-29", "bukan tanggal"),
        ("/grafik 30", "/grafik"),
    ] {
        app.ask(&boss, text, expect).await;
    }
    // Only the replies were queued: no other row anywhere changed.
    assert_eq!(app.count("select count(*) from outbox").await, before + 7);
    assert_eq!(app.count("select count(*) from orders").await, 0);
    // A reseller is refused, and told nothing about the command's arguments.
    app.ask(
        &crate::helpers::reseller(),
        "/laporan besok",
        "khusus admin",
    )
    .await;
    app.finish().await;
}
