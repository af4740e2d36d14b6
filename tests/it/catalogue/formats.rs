//! `KODE.TUJUAN`, `KODE.N.TUJUAN`, several lines in one message, and `/ulang`.
use crate::helpers::{RESELLER, reseller, spawn_app_with_sim};

#[tokio::test]
async fn a_message_of_several_lines_buys_each_and_answers_every_other_line() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let mark = app.tg.message_mark();
    let typed = "S5.081234567890\ns5.08123\n\nPLN20.12345678900\ns5.081234567890\nbeli ya kak";
    let sent = app.tg.user_sends(&me, typed).await;
    let bad = app.reply_after(mark, RESELLER, "Baris 2").await;
    assert!(
        bad.plain_text.contains("terlalu pendek"),
        "{}",
        bad.plain_text
    );
    let repeat = app.reply_after(mark, RESELLER, "Baris 5").await;
    assert!(
        repeat.plain_text.contains("s5.2.TUJUAN"),
        "{}",
        repeat.plain_text
    );
    let other = app.reply_after(mark, RESELLER, "Baris 6").await;
    assert!(
        other.plain_text.contains("KODE.TUJUAN"),
        "{}",
        other.plain_text
    );
    // One answer for the whole message: the placed lines are in it too, and no "sedang
    // diproses" of their own follows (R47).
    assert!(
        bad.plain_text.contains("Baris 1 (S5): ⏳ diproses"),
        "{}",
        bad.plain_text
    );
    assert!(
        bad.plain_text.contains("Baris 4 (PLN20): ⏳ diproses"),
        "{}",
        bad.plain_text
    );
    assert_eq!(repeat.message_id, bad.message_id);
    assert_eq!(other.message_id, bad.message_id);
    // One order per good line, keyed by its place among the message's lines.
    let lines: Vec<(String, i16)> =
        sqlx::query_as("select product_code, line from orders order by line")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(lines, [("s5".to_owned(), 0), ("pln20".to_owned(), 2)]);
    assert_eq!(app.balance(RESELLER).await, 50_000 - 5_500 - 20_500);

    // Handled a second time (a crash after placing, before the update was marked done): each
    // line finds its own order, and nothing more is bought. (Its replies were queued the first
    // time, keyed by the update: they are not sent again.)
    sqlx::query("update inbound_updates set processed_at = null where update_id = $1")
        .bind(sent.update_id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.wait_count(
        "select count(*) from inbound_updates where processed_at is null",
        0,
    )
    .await;
    assert_eq!(app.count("select count(*) from orders").await, 2);
    assert_eq!(app.balance(RESELLER).await, 50_000 - 5_500 - 20_500);

    let eleven = ["s5.081234567890"; 11].join("\n");
    app.ask(&me, &eleven, "paling banyak 10 pembelian").await;
    assert_eq!(app.count("select count(*) from orders").await, 2);
    app.finish().await;
}

#[tokio::test]
async fn a_counter_buys_the_same_again_without_asking_once_per_number() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    app.ask(&me, "s5.081234567890", "sedang diproses").await;
    let asked = app.ask(&me, "s5.081234567890", "Beli lagi?").await;
    assert!(asked.callback_data("Ya, beli lagi").is_some());
    app.ask(&me, "S5.2.081234567890", "sedang diproses").await;
    app.ask(
        &me,
        "s5.2.081234567890",
        "penghitung ini sudah dibuat hari ini",
    )
    .await;
    app.ask(&me, "s5.3.081234567890", "sedang diproses").await;
    let counters: Vec<Option<i16>> =
        sqlx::query_scalar("select counter from orders order by order_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(counters, [None, Some(2), Some(3)]);
    app.ask(&me, "s5.0.081234567890", "penghitung di KODE.N.TUJUAN")
        .await;
    assert_eq!(app.balance(RESELLER).await, 50_000 - 3 * 5_500);
    app.finish().await;
}

#[tokio::test]
async fn ulang_repeats_the_last_purchase_behind_the_same_question() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    app.ask(&me, "/ulang", "Belum ada pembelian").await;
    app.ask(&me, "/beli x10 081234567890", "sedang diproses")
        .await;
    app.ask(&me, "/beli s5 081234567890", "sedang diproses")
        .await;
    let asked = app.ask(&me, "/ulang", "Beli lagi?").await;
    assert!(asked.plain_text.contains("s5"), "{}", asked.plain_text);
    assert_eq!(app.count("select count(*) from orders").await, 2);
    let data = asked.callback_data("Ya, beli lagi").expect("the button");
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, asked.message_id, &data).await;
    app.reply_after(
        mark,
        RESELLER,
        "Pulsa Telkomsel 5.000 ke 081234567890 sedang diproses",
    )
    .await;
    let codes: Vec<String> =
        sqlx::query_scalar("select product_code from orders order by order_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(codes, ["x10", "s5", "s5"]);
    app.finish().await;
}
