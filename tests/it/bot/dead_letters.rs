//! Messages Telegram refuses for good: admins are told once, can find them, and can send
//! them again; alerts about them never loop.
use crate::helpers::{ADMIN, RESELLER, admin, spawn_app_with_sim, spawn_app_with_sim_and_admins};

const BLOCKED: &str = "Forbidden: bot was blocked by the user";

#[tokio::test]
async fn a_result_the_reseller_never_got_alerts_admins_once_and_stays_findable() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.tg.block_chat(RESELLER);
    let placed = app.buy("s5", "081234567890").await;
    let trxid = placed.order.trxid.to_string();

    let alert = app.message(ADMIN, "Hasil transaksi").await;
    for part in [
        "Pesan tidak terkirim",
        "4242 Toko Maju (@toko)",
        "«✅ SUKSES»",
        &trxid,
        BLOCKED,
        "/kirimulang",
    ] {
        assert!(
            alert.plain_text.contains(part),
            "{part:?} in {}",
            alert.plain_text
        );
    }
    let final_id: i64 = sqlx::query_scalar("select outbox_id from outbox where dedup_key = $1")
        .bind(format!("order:{}:final", placed.order.order_id))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let alerts_about_final = || async {
        let n: i64 = sqlx::query_scalar("select count(*) from outbox where dedup_key like $1")
            .bind(format!("dead:{final_id}:%"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        n
    };
    assert_eq!(alerts_about_final().await, 1);
    // A second worker pass recording the same refusal (a lease that ran out mid-send) alerts
    // nobody again.
    loket::outbox::bury(&app.db.pool, &[ADMIN], final_id, BLOCKED)
        .await
        .unwrap();
    assert_eq!(alerts_about_final().await, 1);

    let boss = admin();
    let list = app.ask(&boss, "/gagalkirim", "Pesan tidak terkirim").await;
    for part in [
        "hasil transaksi: 1",
        &format!("#{final_id}"),
        "«✅ SUKSES»",
        &trxid,
        BLOCKED,
    ] {
        assert!(
            list.plain_text.contains(part),
            "{part:?} in {}",
            list.plain_text
        );
    }
    let detail = app.ask(&boss, &format!("/cek {trxid}"), "Transaksi").await;
    assert!(
        detail.plain_text.contains("tidak sampai ke reseller")
            && detail.plain_text.contains(BLOCKED)
            && detail
                .plain_text
                .contains(&format!("/kirimulang {final_id}")),
        "{}",
        detail.plain_text
    );

    // The reseller unblocks the bot; the admin sends the result again, once.
    app.tg.unblock_chat(RESELLER);
    let mark = app.tg.message_mark();
    let command = format!("/kirimulang {final_id}");
    app.ask(&boss, &command, "dikirim ulang").await;
    let got = app.reply_after(mark, RESELLER, "SUKSES").await;
    assert!(got.plain_text.contains(&trxid), "{}", got.plain_text);
    app.ask(&boss, &command, "tidak ada di daftar").await;
    let detail = app.ask(&boss, &format!("/cek {trxid}"), "Transaksi").await;
    assert!(
        !detail.plain_text.contains("tidak sampai"),
        "{}",
        detail.plain_text
    );
    assert_eq!(alerts_about_final().await, 1);
    app.finish().await;
}

#[tokio::test]
async fn a_resent_message_refused_again_alerts_again() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.tg.block_chat(RESELLER);
    sqlx::query("insert into outbox (dedup_key, chat_id, text) values ('test:1', $1, 'halo')")
        .bind(RESELLER)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.message(ADMIN, "«halo»").await;
    let id: i64 = sqlx::query_scalar("select outbox_id from outbox where dedup_key = 'test:1'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mark = app.tg.message_mark();
    app.ask(&admin(), &format!("/kirimulang {id}"), "dikirim ulang")
        .await;
    app.reply_after(mark, ADMIN, "«halo»").await;
    app.wait_count(
        "select count(*) from outbox where dedup_key like 'dead:%'",
        2,
    )
    .await;
    app.finish().await;
}

#[tokio::test]
async fn a_dead_admin_alert_tells_the_other_admins_and_nothing_loops() {
    const OTHER: i64 = 901;
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN, OTHER]).await;
    app.tg.block_chat(ADMIN);
    sqlx::query(
        "insert into outbox (dedup_key, chat_id, text)
         values ('conflict:77:admin:900', $1, '⚠️ <b>Konflik status</b> pada transaksi x')",
    )
    .bind(ADMIN)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let told = app.message(OTHER, "Pesan tidak terkirim").await;
    assert!(
        told.plain_text
            .contains("«⚠️ Konflik status pada transaksi x»")
            && told.plain_text.contains("900 Admin (@boss)"),
        "{}",
        told.plain_text
    );

    // Now no admin can be reached: the alert about the next dead alert dies too, and that is
    // where it ends (logged), rather than admins alerting each other forever.
    app.tg.block_chat(OTHER);
    sqlx::query(
        "insert into outbox (dedup_key, chat_id, text)
         values ('stuck:1:admin:900', $1, '⏰ Transaksi masih unknown')",
    )
    .bind(ADMIN)
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.wait_count(
        "select count(*) from outbox where dedup_key like 'dead:%' and dead_reason is not null",
        1,
    )
    .await;
    app.wait_count(
        "select count(*) from outbox where sent_at is null and dead_reason is null",
        0,
    )
    .await;
    let alerts: Vec<(String, i64)> = sqlx::query_as(
        "select dedup_key, chat_id from outbox where dedup_key like 'dead:%' order by outbox_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert!(
        alerts.iter().all(|(_, chat)| *chat == OTHER),
        "the chat that refused is never alerted: {alerts:?}"
    );
    app.finish().await;
}
