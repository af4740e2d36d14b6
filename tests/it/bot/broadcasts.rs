//! `/siaran`: previewed, then sent once to every reseller however many times and by however many
//! admins ✅ is pressed; purchases' results still go first; recipients who blocked the bot are
//! counted in one summary to admins (R39).
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};

use crate::helpers::{ADMIN, RESELLER, admin, purchase, spawn_app_with_sim_and_admins, top_up};

const OTHER_ADMIN: i64 = 901;
/// Besides `RESELLER`, who makes it 50.
const MORE: i64 = 49;
const FIRST: i64 = 70_000;
const BLOCKED: [i64; 2] = [FIRST + 3, FIRST + 30];
/// The recipient a broadcast reaches last (they are taken by user id).
const BUYER: i64 = FIRST + MORE - 1;
const TEXT: &str = "Promo hari ini:\nPulsa <murah> & cepat";

/// The callback data of the button labelled `label` under `message`.
fn button(message: &SentMessage, label: &str) -> String {
    let rows = message.reply_markup.as_ref().expect("buttons")["inline_keyboard"].clone();
    let found = rows
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().clone())
        .find(|b| b["text"] == label)
        .unwrap_or_else(|| panic!("no {label:?} in {rows}"));
    found["callback_data"].as_str().unwrap().to_owned()
}

fn is_broadcast(m: &SentMessage) -> bool {
    !m.edit && m.plain_text.contains("Pulsa <murah> & cepat") && !m.plain_text.contains("Pratinjau")
}

#[tokio::test]
async fn a_broadcast_reaches_50_resellers_once_after_results_and_blocked_ones_make_one_summary() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN, OTHER_ADMIN]).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    for id in FIRST..FIRST + MORE {
        loket::users::register(&mut conn, id, id, None, &format!("Toko {id}"))
            .await
            .unwrap();
    }
    // Known but never started, and blocked by an admin: neither hears a broadcast.
    let who = loket::users::Who {
        user_id: 60_001,
        chat_id: 60_001,
        username: None,
        full_name: "Belum Mulai",
        approved: true,
    };
    loket::users::note(&mut conn, &who).await.unwrap();
    loket::users::register(&mut conn, 60_002, 60_002, None, "Diblokir")
        .await
        .unwrap();
    loket::users::set_blocked(&mut conn, crate::helpers::ADMIN, 60_002, true)
        .await
        .unwrap();
    drop(conn);
    top_up(&app.db.pool, BUYER, 50_000).await;
    for id in BLOCKED {
        app.tg.block_chat(id);
    }

    let boss = admin();
    let preview = app
        .ask(
            &boss,
            &format!("/siaran {TEXT}"),
            "akan dikirim ke 50 reseller",
        )
        .await;
    assert!(preview.plain_text.contains(TEXT), "{}", preview.plain_text);
    let send = button(&preview, "✅ Kirim");
    // Two admins at once, and a press delivered again.
    let other = FakeUser::new(OTHER_ADMIN, "Admin Dua");
    let (first, _) = tokio::join!(
        app.tg.user_presses(&boss, preview.message_id, &send),
        app.tg.user_presses(&other, preview.message_id, &send),
    );
    app.tg.redeliver(first.update_id).await;
    app.notice("diantrikan ke 50 reseller").await;
    // A purchase after the broadcast was queued, by the recipient it reaches last: its answer
    // and result overtake the broadcast.
    let buy = purchase(BUYER, "s5", "081234567890");
    let placed = app.orders.place(&buy).await.unwrap();
    let trxid = placed.order.trxid.to_string();

    let summary = app
        .message(ADMIN, "selesai: 48 terkirim, 2 gagal (memblokir bot)")
        .await;
    assert!(
        summary.plain_text.starts_with("📣 Siaran #"),
        "{}",
        summary.plain_text
    );
    app.message(OTHER_ADMIN, "selesai: 48 terkirim, 2 gagal (memblokir bot)")
        .await;
    app.wait_count(
        "select count(*) from outbox where sent_at is null and dead_reason is null",
        0,
    )
    .await;
    let sent = app.tg.sent_messages();
    for id in std::iter::once(RESELLER).chain(FIRST..FIRST + MORE) {
        let got = sent
            .iter()
            .filter(|m| m.chat_id == id && is_broadcast(m))
            .count();
        let want = usize::from(!BLOCKED.contains(&id));
        assert_eq!(got, want, "copies to {id}");
    }
    for id in [ADMIN, OTHER_ADMIN, 60_001, 60_002] {
        assert!(
            !sent.iter().any(|m| m.chat_id == id && is_broadcast(m)),
            "{id}"
        );
    }
    assert_eq!(
        app.count(
            "select count(*) from outbox where broadcast_id is not null and not broadcast_summary"
        )
        .await,
        50
    );
    // The answer left long before the broadcast's last message to anyone else, though queued
    // after it (Telegram's pace lets 30 messages a second go, one a second to a chat); to the
    // buyer, the answer and the result came before the broadcast.
    let of_order = |m: &SentMessage| m.chat_id == BUYER && m.plain_text.contains(&trxid);
    let accepted = sent
        .iter()
        .position(|m| of_order(m) && m.plain_text.contains("diproses"))
        .expect("the answer");
    let last_to_others = sent
        .iter()
        .rposition(|m| m.chat_id != BUYER && is_broadcast(m))
        .unwrap();
    assert!(
        accepted < last_to_others,
        "answer at {accepted}, the broadcast's last at {last_to_others}"
    );
    let to_buyer: Vec<&SentMessage> = sent.iter().filter(|m| m.chat_id == BUYER).collect();
    let copy = to_buyer.iter().position(|m| is_broadcast(m)).unwrap();
    let result = to_buyer
        .iter()
        .position(|m| of_order(m) && m.plain_text.contains("SUKSES"))
        .expect("the result");
    assert!(
        result < copy,
        "to the buyer, the broadcast came before the result"
    );
    // The blocked recipients make no alert of their own; one summary to each admin.
    for id in [ADMIN, OTHER_ADMIN] {
        let to_admin = app.tg.messages_to(id);
        assert!(
            !to_admin
                .iter()
                .any(|m| m.plain_text.contains("Pesan tidak terkirim")),
            "{id}"
        );
        let summaries = to_admin
            .iter()
            .filter(|m| m.plain_text.contains("selesai:"))
            .count();
        assert_eq!(summaries, 1, "summaries to {id}");
    }
    assert_eq!(
        app.count("select count(*) from admin_actions where action = 'siaran' and after = 'dikirim ke 50 reseller'")
            .await,
        1
    );
    // Besides the block the setup made, the broadcast is the one change recorded.
    assert_eq!(
        app.count("select count(*) from admin_actions where action <> 'blokir'")
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn a_cancelled_broadcast_sends_nothing_and_a_bad_one_is_refused() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN]).await;
    let boss = admin();
    let usage = app.ask(&boss, "/siaran", "/siaran").await;
    assert!(usage.plain_text.contains("<pesan>"), "{}", usage.plain_text);
    let long = "&".repeat(1_000);
    app.ask(&boss, &format!("/siaran {long}"), "terlalu panjang")
        .await;
    let refused = app
        .ask(&crate::helpers::reseller(), "/siaran halo", "khusus admin")
        .await;
    assert!(!refused.plain_text.contains("Pratinjau"));

    let preview = app
        .ask(&boss, "/siaran Libur besok", "akan dikirim ke 1 reseller")
        .await;
    let cancel = button(&preview, "❌ Batal");
    let send = button(&preview, "✅ Kirim");
    app.tg
        .user_presses(&boss, preview.message_id, &cancel)
        .await;
    app.notice("dibatalkan").await;
    app.tg.user_presses(&boss, preview.message_id, &send).await;
    app.notice("sudah dibatalkan").await;
    assert_eq!(
        app.count("select count(*) from outbox where broadcast_id is not null")
            .await,
        0
    );
    assert_eq!(
        app.count(
            "select count(*) from admin_actions where action = 'siaran' and after = 'dibatalkan'"
        )
        .await,
        1
    );
    app.finish().await;
}
