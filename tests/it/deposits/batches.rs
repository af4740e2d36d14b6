//! A bank-mutation body judged item by item (R35): an item that cannot be read is kept and told,
//! and never keeps the transfers beside it from being credited.
use super::{bank, books, books_balance, open_ticket};
use crate::helpers::{ADMIN, MUTATION_SECRET, RESELLER, admin, spawn_app_with_sim};

/// Admin alerts about bank mutations: one per credit that credited nothing, and the grouped
/// ones about unreadable items and bodies.
const MUTATION_ALERTS: &str = "select count(*) from outbox
  where chat_id = 900 and (dedup_key like 'mutation:%' or dedup_key like 'mutations:%')";

#[tokio::test]
async fn a_mixed_batch_credits_its_ticket_keeps_every_item_and_alerts_twice() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    // One ticket credited by the admin's ✅ before the batch, one still open.
    let paid = open_ticket(&app, "40rb").await;
    app.tg
        .user_presses(&admin(), 1, &format!("deposit:{}:ya", paid.ticket_id))
        .await;
    app.wait_count(
        "select count(*) from deposit_tickets where status = 'credited'",
        1,
    )
    .await;
    let open = open_ticket(&app, "100rb").await;
    let balance = 50_000 + paid.amount;

    let batch = [
        bank.credit("MIX-1", open.amount, "TOKO MAJU"),
        bank.interest("MIX-2", "12.34"),
        bank.credit("MIX-3", paid.amount, "TOKO MAJU LAGI"),
    ];
    let (status, body) = bank.post(&batch).await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"received\":3,\"credited\":1,\"invalid\":1"),
        "{body}"
    );
    assert_eq!(
        books(&app, open.ticket_id).await,
        ("credited".into(), 1, balance + open.amount)
    );
    assert_eq!(books(&app, paid.ticket_id).await.1, 1);
    let outcomes: Vec<(String, Option<String>)> =
        sqlx::query_as("select outcome, raw from bank_mutations order by mutation_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let names: Vec<&str> = outcomes.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(names, ["credited", "invalid", "already_credited"]);
    let raw = outcomes[1].1.as_deref().unwrap_or_default();
    assert!(raw.contains("12.34") && raw.contains("BUNGA"), "{raw}");

    // Two alerts: the unreadable item, and the money for a ticket credited already.
    let unreadable = app.message(ADMIN, "tidak bisa dibaca").await;
    assert!(
        unreadable.plain_text.contains("12.34"),
        "{}",
        unreadable.plain_text
    );
    let second = app
        .message(
            ADMIN,
            &format!("tiket #{} yang sudah dikreditkan", paid.ticket_id),
        )
        .await;
    for fact in ["TOKO MAJU LAGI", "1234567890", "oleh admin 900", "/topup"] {
        assert!(
            second.plain_text.contains(fact),
            "{fact}: {}",
            second.plain_text
        );
    }
    assert_eq!(app.count(MUTATION_ALERTS).await, 2);

    // The service posts the same batch again: all three are found stored, nothing more happens.
    let (status, body) = bank.post(&batch).await.unwrap();
    assert_eq!(
        (status, body.contains("\"credited\":0")),
        (200, true),
        "{body}"
    );
    assert_eq!(app.count("select count(*) from bank_mutations").await, 3);
    assert_eq!(app.count(MUTATION_ALERTS).await, 2);
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn unreadable_items_are_told_at_most_once_a_minute_with_their_count() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    let cents = ["0.55", "1.10", "-5", "7.77"];
    for (i, amount) in cents.iter().enumerate() {
        let item = bank.interest(&format!("BUNGA-{i}"), amount);
        assert_eq!(bank.post(&[item]).await.unwrap().0, 200);
    }
    assert_eq!(
        app.count("select count(*) from bank_mutations where outcome = 'invalid'")
            .await,
        4
    );
    assert_eq!(app.count(MUTATION_ALERTS).await, 1);
    sqlx::query("update callback_alert_windows set last_alert_at = now() - interval '61 seconds'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    loket::grouped_alerts::flush(&app.db.pool, &[ADMIN])
        .await
        .unwrap();
    assert_eq!(app.count(MUTATION_ALERTS).await, 2);
    let counted = app
        .message(ADMIN, "3 mutasi dari layanan mutasi bank")
        .await;
    assert!(
        counted.plain_text.contains("7.77"),
        "{}",
        counted.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn a_body_that_is_no_list_is_refused_stores_nothing_and_reaches_admins() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    let (status, why) = bank
        .post_raw(
            b"<html>502 Bad Gateway</html>".to_vec(),
            Some(MUTATION_SECRET),
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert!(why.contains("not JSON"), "{why}");
    let told = app.message(ADMIN, "ditolak").await;
    assert!(
        told.plain_text.contains("502 Bad Gateway"),
        "{}",
        told.plain_text
    );
    assert_eq!(app.count("select count(*) from bank_mutations").await, 0);
    app.finish().await;
}

#[tokio::test]
async fn a_body_of_more_than_five_hundred_items_is_stored_whole() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "100rb").await;
    let bank = bank(&app);
    // A busy account's fees after a day the service could not post, and one transfer.
    let mut items: Vec<_> = (0..600)
        .map(|i| {
            let id = format!("FEE-{i}");
            loket::sandbox::sim::bank::mutation(&id, "1234567890", 6_500, "DB", "BIAYA")
        })
        .collect();
    items.push(bank.credit("BIG-TRANSFER", ticket.amount, "TOKO MAJU"));
    let (status, body) = bank.post(&items).await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.count("select count(*) from bank_mutations").await, 601);
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("credited".into(), 1, 50_000 + ticket.amount)
    );
    assert!(app.balance(RESELLER).await > 50_000);
    app.finish().await;
}
