//! Purchases as a reseller sees them in the chat.
use std::time::Duration;

use crate::helpers::{ADMIN, RESELLER, admin, callback_query, reseller, spawn_app_with_sim};

fn trxid_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 20)
        .expect("a trxid in the message")
        .to_owned()
}

#[tokio::test]
async fn a_full_purchase_from_start_to_sn() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();

    let started = std::time::Instant::now();
    let mut typed = Vec::new();
    let mut ask = async |text: &str, expect: &str| {
        typed.push((std::time::Instant::now(), text.to_owned()));
        app.ask(&me, text, expect).await
    };
    let welcome = ask("/start", "Selamat datang").await;
    assert!(
        welcome.plain_text.contains(&RESELLER.to_string())
            && welcome.plain_text.contains("Rp50.000")
    );
    let prices = ask("/harga pln", "Daftar harga").await;
    assert!(
        prices
            .plain_text
            .contains("pln20 Token PLN 20.000 — Rp20.500"),
        "{}",
        prices.plain_text
    );
    let accepted = ask("/beli pln20 532100012340", "sedang diproses").await;
    let trxid = trxid_in(&accepted.plain_text);
    let done = app.message(RESELLER, "SUKSES").await;
    for part in [
        "Token PLN 20.000",
        "532100012340",
        // The PLN token laid out in its parts.
        "\nToken: ",
        "\nNama: SIM PELANGGAN\n",
        "\nTarif/Daya: R1/900VA\n",
        "Harga: Rp20.500",
        "Sisa saldo: Rp29.500",
        &trxid,
    ] {
        assert!(
            done.plain_text.contains(part),
            "{part} missing: {}",
            done.plain_text
        );
    }
    let balance = ask("/saldo", "Saldo Anda").await;
    assert!(balance.plain_text.contains("Rp29.500"));
    // /cek and /riwayat lay the token out as the SUKSES message does, not as the raw SN.
    let token_line = done
        .plain_text
        .lines()
        .find(|l| l.starts_with("Token: "))
        .unwrap()
        .to_owned();
    let detail = ask(&format!("/cek {trxid}"), "Transaksi").await;
    let text = &detail.plain_text;
    assert!(
        text.contains("SUKSES")
            && text.contains(&format!(
                "\n{token_line}\nNama: SIM PELANGGAN\nTarif/Daya: R1/900VA"
            )),
        "{text}"
    );
    let history = ask("/riwayat", "Transaksi terakhir").await;
    let grouped = token_line.trim_start_matches("Token: ");
    assert!(
        history.plain_text.contains(&format!(" Token {grouped}")),
        "{}",
        history.plain_text
    );

    // The conversation as the fake Telegram saw it, for the record (`-- --nocapture`).
    let mut lines: Vec<(std::time::Instant, String)> = typed
        .into_iter()
        .map(|(at, text)| (at, format!("reseller: {text}")))
        .collect();
    lines.extend(
        app.tg
            .messages_to(RESELLER)
            .into_iter()
            .map(|m| (m.at, format!("loket:    {}", m.plain_text))),
    );
    lines.sort_by_key(|(at, _)| *at);
    println!("--- transcript ---");
    for (at, line) in lines {
        println!(
            "[{:>5} ms] {}",
            at.duration_since(started).as_millis(),
            line.replace('\n', "\n           ")
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn rejections_and_failures_are_refunded_in_the_chat() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let rejected = app.ask(&me, "/beli s5 081234567891", "GAGAL").await;
    assert!(
        rejected
            .plain_text
            .contains("Produk tidak tersedia (ROUTE)")
    );
    assert!(
        rejected
            .plain_text
            .contains("Saldo Rp5.500 sudah dikembalikan. Saldo sekarang: Rp50.000"),
        "{}",
        rejected.plain_text
    );

    let mark = app.tg.message_mark();
    app.tg.user_sends(&me, "/beli s5 081234567894").await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let failed = app.reply_after(mark, RESELLER, "GAGAL").await;
    assert!(
        failed.plain_text.contains("Saldo sekarang: Rp50.000"),
        "{}",
        failed.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn a_timed_out_purchase_is_settled_by_the_late_callback() {
    let (app, _sim) = spawn_app_with_sim().await;
    let accepted = app
        .ask(&reseller(), "/beli s5 081234567895", "sedang diproses")
        .await;
    let trxid = trxid_in(&accepted.plain_text);
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    let done = app.message(RESELLER, "SUKSES").await;
    assert!(done.plain_text.contains(&trxid));
    app.finish().await;
}

#[tokio::test]
async fn an_admin_settles_an_unknown_order_from_the_chat() {
    let (app, _sim) = spawn_app_with_sim().await;
    let accepted = app
        .ask(&reseller(), "/beli s5 081234567896", "sedang diproses")
        .await;
    let trxid = trxid_in(&accepted.plain_text);
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;

    let pending = app.ask(&admin(), "/pending", "Belum selesai").await;
    assert!(
        pending.plain_text.contains(&trxid) && pending.plain_text.contains("unknown"),
        "{}",
        pending.plain_text
    );
    let settled = app
        .ask(
            &admin(),
            &format!("/selesai {trxid} sukses 9988-7766/SN MANUAL"),
            "diselesaikan",
        )
        .await;
    assert!(settled.plain_text.contains("SUKSES"));
    let told = app.message(RESELLER, "SUKSES").await;
    assert!(told.plain_text.contains("9988-7766/SN MANUAL"));
    let again = app
        .ask(
            &admin(),
            &format!("/selesai {trxid} gagal"),
            "dicatat sebagai konflik",
        )
        .await;
    assert!(again.plain_text.contains("saldo tidak diubah"));
    assert_eq!(app.balance(RESELLER).await, 44_500);
    let (actor, note): (i64, String) =
        sqlx::query_as("select actor, note from order_events where source = 'admin'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (actor, note.as_str()),
        (ADMIN, "diselesaikan lewat /selesai")
    );
    app.finish().await;
}

#[tokio::test]
async fn a_repeat_purchase_asks_first_and_is_confirmed_or_cancelled() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    app.ask(&me, "/beli s5 081234567890", "sedang diproses")
        .await;

    let prompt = app.ask(&me, "/beli s5 081234567890", "Beli lagi?").await;
    let no = prompt.callback_data("Batal").unwrap();
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, prompt.message_id, &no).await;
    let cancelled = app.reply_after(mark, RESELLER, "Dibatalkan").await;
    assert!(cancelled.edit);
    assert_eq!(app.count("select count(*) from orders").await, 1);

    let prompt = app.ask(&me, "/beli s5 081234567890", "Beli lagi?").await;
    let yes = prompt.callback_data("Ya, beli lagi").unwrap();
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, prompt.message_id, &yes).await;
    app.reply_after(mark, RESELLER, "Dikonfirmasi").await;
    app.wait_count("select count(*) from orders", 2).await;
    // A second press of the same button cannot buy again.
    app.tg.user_presses(&me, prompt.message_id, &yes).await;
    let ack = app
        .tg
        .wait_for_call(
            |c| c.method == "answercallbackquery" && c.body.to_string().contains("tidak berlaku"),
            Duration::from_secs(10),
        )
        .await;
    assert!(
        ack.is_some(),
        "the second press is answered as no longer valid"
    );
    assert_eq!(app.count("select count(*) from orders").await, 2);
    app.wait_count(
        "select count(*) from outbox where dedup_key like '%:final' and sent_at is not null",
        2,
    )
    .await;
    assert_eq!(app.balance(RESELLER).await, 50_000 - 2 * 5_500);
    app.finish().await;
}

#[tokio::test]
async fn html_special_characters_arrive_intact() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    // "XL <10> & Co" is a seeded product name; the fake Telegram refuses invalid HTML with 400.
    let accepted = app
        .ask(&me, "/beli x10 081234567890", "sedang diproses")
        .await;
    assert!(
        accepted.plain_text.contains("XL <10> & Co"),
        "{}",
        accepted.plain_text
    );
    app.message(RESELLER, "SUKSES").await;
    let prices = app.ask(&me, "/harga <10>", "Daftar harga").await;
    assert!(prices.plain_text.contains("XL <10> & Co"));

    // Ends in 6: the simulator never calls back, so the callback below is the only one.
    let second = app
        .orders
        .place(&crate::helpers::purchase(RESELLER, "x10", "081234567896"))
        .await
        .unwrap();
    let query = callback_query(
        1,
        second.order.trxid.as_str(),
        "081234567896",
        "Gagal <b>stok</b> & \"habis\" > 0",
    );
    assert_eq!(app.callback(&query).await.0, 200);
    let failed = app.message(RESELLER, "stok").await;
    assert!(
        failed
            .plain_text
            .contains("Gagal <b>stok</b> & \"habis\" > 0"),
        "{}",
        failed.plain_text
    );
    let unsent = app
        .count("select count(*) from outbox where dead_reason is not null")
        .await;
    assert_eq!(
        unsent, 0,
        "no message was refused by Telegram's HTML parser"
    );
    app.finish().await;
}
