//! Messages about a purchase sit under the message that asked for it: "sedang diproses"
//! quietly, the result with a sound; a message of several lines gets one "diproses" listing
//! them all, then each line's result on its own (R47).
use std::time::Duration;

use loket::sandbox::sim::telegram::{Failure, SentMessage};

use crate::helpers::{RESELLER, TestApp, reseller, spawn_app_with_sim, top_up};

const WAIT: Duration = Duration::from_secs(30);

/// Every 20-digit word of a message: the trxids it names.
fn trxids_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 20)
        .map(str::to_owned)
        .collect()
}

/// The result message for `trxid`, already sent or yet to come.
async fn result_of(app: &TestApp, mark: usize, trxid: &str, word: &str) -> SentMessage {
    let found = app
        .tg
        .wait_for_message_after(
            mark,
            RESELLER,
            |m| m.plain_text.contains(word) && m.plain_text.contains(trxid),
            WAIT,
        )
        .await;
    found.unwrap_or_else(|| panic!("no {word} for {trxid}"))
}

/// No message to the reseller replies to anything but a message they sent.
fn replies_only_under_their_messages(app: &TestApp, theirs: &[i64]) {
    for m in app.tg.messages_to(RESELLER) {
        if let Some(id) = m.reply_to {
            assert!(
                theirs.contains(&id),
                "reply to {id}, not theirs: {}",
                m.plain_text
            );
        }
    }
    for call in app.tg.calls_to("sendMessage") {
        let reply = &call.body["reply_parameters"];
        if !reply.is_null() {
            assert_eq!(reply["allow_sending_without_reply"], true, "{reply}");
        }
    }
}

#[tokio::test]
async fn diproses_arrives_quietly_and_the_result_loudly_both_under_the_purchase() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let mut theirs = Vec::new();
    for (dest, result) in [("081234567890", "SUKSES"), ("081234567894", "GAGAL")] {
        let mark = app.tg.message_mark();
        let asked = app.tg.user_sends(&me, &format!("/beli s5 {dest}")).await;
        theirs.push(asked.message_id);
        let accepted = app.reply_after(mark, RESELLER, "sedang diproses").await;
        assert!(accepted.quiet, "{}", accepted.plain_text);
        assert_eq!(accepted.reply_to, Some(asked.message_id));
        let done = app.reply_after(mark, RESELLER, result).await;
        assert!(!done.quiet, "{}", done.plain_text);
        assert_eq!(done.reply_to, Some(asked.message_id));
    }
    replies_only_under_their_messages(&app, &theirs);
    app.finish().await;
}

#[tokio::test]
async fn a_reply_telegram_refuses_for_its_gone_message_is_sent_on_its_own() {
    let (app, _sim) = spawn_app_with_sim().await;
    let failure = Failure::BadRequest("message to be replied not found".into());
    app.tg.fail_next_sends(1, Some(RESELLER), failure);
    let accepted = app
        .ask(&reseller(), "/beli s5 081234567890", "sedang diproses")
        .await;
    assert_eq!(accepted.reply_to, None);
    assert!(accepted.quiet);
    app.message(RESELLER, "SUKSES").await;
    let dead = app
        .count("select count(*) from outbox where dead_reason is not null")
        .await;
    assert_eq!(dead, 0);
    app.finish().await;
}

#[tokio::test]
async fn ten_lines_get_one_quiet_diproses_listing_them_and_ten_results_under_the_message() {
    let (app, _sim) = spawn_app_with_sim().await;
    top_up(&app.db.pool, RESELLER, 50_000).await;
    let typed: Vec<String> = (0..10).map(|n| format!("s5.08123456{n}790")).collect();
    let mark = app.tg.message_mark();
    let asked = app.tg.user_sends(&reseller(), &typed.join("\n")).await;
    let listed = app.reply_after(mark, RESELLER, "10 baris diterima").await;
    assert!(listed.quiet);
    assert_eq!(listed.reply_to, Some(asked.message_id));
    for n in 1..=10 {
        let line = format!("\nBaris {n} (");
        assert!(
            listed.plain_text.contains(&line),
            "line {n}: {}",
            listed.plain_text
        );
    }
    assert_eq!(listed.plain_text.matches("⏳ diproses").count(), 10);
    let trxids = trxids_in(&listed.plain_text);
    assert_eq!(trxids.len(), 10, "{}", listed.plain_text);
    for trxid in &trxids {
        let done = result_of(&app, mark, trxid, "SUKSES").await;
        assert!(!done.quiet);
        assert_eq!(done.reply_to, Some(asked.message_id));
    }
    let told: Vec<SentMessage> = app.tg.messages_to(RESELLER)[mark..].to_vec();
    let diproses = told.iter().filter(|m| m.plain_text.contains("diproses"));
    assert_eq!(diproses.count(), 1, "{told:#?}");
    assert_eq!(told.len(), 11, "{told:#?}");
    assert_eq!(app.count("select count(*) from orders").await, 10);
    app.finish().await;
}

#[tokio::test]
async fn a_purchase_made_by_a_button_replies_only_to_a_message_telegram_gave() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let first = app.tg.user_sends(&me, "/beli s5 081234567890").await;
    app.message(RESELLER, "sedang diproses").await;
    let mark = app.tg.message_mark();
    let again = app.tg.user_sends(&me, "/beli s5 081234567890").await;
    let asked = app.reply_after(mark, RESELLER, "Beli lagi?").await;
    let data = asked
        .callback_data("Ya, beli lagi")
        .expect("the yes button");
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, asked.message_id, &data).await;
    let accepted = app.reply_after(mark, RESELLER, "sedang diproses").await;
    assert_eq!(accepted.reply_to, Some(again.message_id));
    let trxid = trxids_in(&accepted.plain_text).remove(0);
    let done = result_of(&app, mark, &trxid, "SUKSES").await;
    assert_eq!(done.reply_to, Some(again.message_id));

    replies_only_under_their_messages(&app, &[first.message_id, again.message_id]);
    app.finish().await;
}
