//! Which ticket a transfer pays, or why none (R35): every credit that credits no ticket reaches
//! admins with the mutation and the reason.
use loket::sandbox::sim::bank::{mutation_of, wib_now};
use serde_json::Value;

use super::{bank, books, books_balance, open_ticket};
use crate::helpers::{ADMIN, RESELLER, admin, spawn_app_with_sim};

/// A transfer of `amount` into `account`, dated `date` (the service's local time).
fn transfer(id: &str, account: &str, amount: i64, date: &str) -> Value {
    let mut m = mutation_of(
        id,
        account,
        &format!("{amount}.00"),
        "CR",
        "TRSF E-BANKING CR",
    );
    m["date"] = date.into();
    m
}

/// Now, `hours` ago, as a bank in WIB writes it.
fn hours_ago(hours: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7 - hours))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

async fn outcome(app: &crate::helpers::TestApp, source_id: &str) -> String {
    sqlx::query_scalar("select outcome from bank_mutations where source_id = $1")
        .bind(source_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_second_transfer_for_a_credited_ticket_reaches_admins_with_who_credited_it() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    // Credited by the admin's ✅, then the bank reports a transfer of its amount.
    let by_admin = open_ticket(&app, "30rb").await;
    app.tg
        .user_presses(&admin(), 1, &format!("deposit:{}:ya", by_admin.ticket_id))
        .await;
    app.message(RESELLER, "Deposit tiket").await;
    let (status, body) = bank
        .post(&[bank.credit("AGAIN-1", by_admin.amount, "BUDI")])
        .await
        .unwrap();
    assert!(status == 200 && body.contains("\"credited\":0"), "{body}");
    let told = app
        .message(
            ADMIN,
            &format!("tiket #{} yang sudah dikreditkan", by_admin.ticket_id),
        )
        .await;
    assert!(
        told.plain_text.contains("oleh admin 900"),
        "{}",
        told.plain_text
    );
    assert!(told.plain_text.contains("BUDI"), "{}", told.plain_text);

    // Credited by a mutation, then a second transfer of the same amount.
    let by_bank = open_ticket(&app, "45rb").await;
    let first = bank.credit("PAID-1", by_bank.amount, "SITI");
    assert_eq!(bank.post(&[first]).await.unwrap().0, 200);
    let twice = bank.credit("PAID-2", by_bank.amount, "SITI LAGI");
    assert_eq!(bank.post(&[twice]).await.unwrap().0, 200);
    let told = app
        .message(
            ADMIN,
            &format!("tiket #{} yang sudah dikreditkan", by_bank.ticket_id),
        )
        .await;
    assert!(
        told.plain_text.contains("otomatis oleh mutasi bank PAID-1"),
        "{}",
        told.plain_text
    );
    assert_eq!(outcome(&app, "PAID-2").await, "already_credited");
    assert_eq!(
        books(&app, by_bank.ticket_id).await,
        (
            "credited".into(),
            1,
            50_000 + by_admin.amount + by_bank.amount
        )
    );
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn two_transfers_of_one_amount_at_once_credit_once_and_the_other_is_told() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    let ticket = open_ticket(&app, "80rb").await;
    let (a, b) = (
        bank.credit("SAME-A", ticket.amount, "ANI"),
        bank.credit("SAME-B", ticket.amount, "ANI"),
    );
    let (first, second) = tokio::join!(
        bank.post(std::slice::from_ref(&a)),
        bank.post(std::slice::from_ref(&b))
    );
    assert_eq!((first.unwrap().0, second.unwrap().0), (200, 200));
    let outcomes = [outcome(&app, "SAME-A").await, outcome(&app, "SAME-B").await];
    let mut sorted = outcomes.clone();
    sorted.sort();
    assert_eq!(sorted, ["already_credited", "credited"]);
    let told = app
        .message(
            ADMIN,
            &format!("tiket #{} yang sudah dikreditkan", ticket.ticket_id),
        )
        .await;
    assert!(
        told.plain_text.contains("otomatis oleh mutasi bank SAME-"),
        "{}",
        told.plain_text
    );
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("credited".into(), 1, 50_000 + ticket.amount)
    );
    app.finish().await;
}

#[tokio::test]
async fn money_into_an_account_not_on_rekening_credits_nothing_and_is_told() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    let now = wib_now();
    // No account on /rekening yet: amounts alone decide, whatever account the service names.
    let before = open_ticket(&app, "20rb").await;
    let into_any = transfer("ACC-1", "5550001112", before.amount, &now);
    assert_eq!(bank.post(&[into_any]).await.unwrap().0, 200);
    assert_eq!(books(&app, before.ticket_id).await.0, "credited");

    app.ask(
        &admin(),
        "/rekening tambah bca 123-456-7890 Toko Pusat",
        "no 1",
    )
    .await;
    let ticket = open_ticket(&app, "25rb").await;
    let elsewhere = transfer("ACC-2", "5550001112", ticket.amount, &now);
    assert_eq!(bank.post(&[elsewhere]).await.unwrap().0, 200);
    let told = app.message(ADMIN, "rekening yang tidak terdaftar").await;
    for fact in ["5550001112", "1234567890", "/topup"] {
        assert!(
            told.plain_text.contains(fact),
            "{fact}: {}",
            told.plain_text
        );
    }
    assert_eq!(outcome(&app, "ACC-2").await, "other_account");
    assert_eq!(books(&app, ticket.ticket_id).await.0, "open");

    // Into our account, written with dashes: credited.
    let ours = transfer("ACC-3", "123-456-7890", ticket.amount, &now);
    assert_eq!(bank.post(&[ours]).await.unwrap().0, 200);
    assert_eq!(books(&app, ticket.ticket_id).await.0, "credited");
    // A service that names no account: amounts alone decide again.
    let third = open_ticket(&app, "35rb").await;
    assert_eq!(
        bank.post(&[transfer("ACC-4", "", third.amount, &now)])
            .await
            .unwrap()
            .0,
        200
    );
    assert_eq!(books(&app, third.ticket_id).await.0, "credited");
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn a_transfer_dated_before_its_ticket_could_exist_credits_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let bank = bank(&app);
    let account = bank.account_number.clone();
    let ticket = open_ticket(&app, "50rb").await;
    // Three days old: more than the ticket lifetime (24 h) before the ticket was opened.
    let late = transfer("OLD-1", &account, ticket.amount, &hours_ago(72));
    assert_eq!(bank.post(&[late]).await.unwrap().0, 200);
    let told = app
        .message(
            ADMIN,
            &format!("bertanggal sebelum tiket #{}", ticket.ticket_id),
        )
        .await;
    assert!(told.plain_text.contains("24 jam"), "{}", told.plain_text);
    assert_eq!(outcome(&app, "OLD-1").await, "before_ticket");
    assert_eq!(books(&app, ticket.ticket_id).await.0, "open");
    // Twenty hours before the ticket: within its lifetime, credited.
    let fresh = transfer("OLD-2", &account, ticket.amount, &hours_ago(20));
    assert_eq!(bank.post(&[fresh]).await.unwrap().0, 200);
    assert_eq!(books(&app, ticket.ticket_id).await.0, "credited");

    // A date no one can read keeps an open ticket open, and says so.
    let odd = open_ticket(&app, "55rb").await;
    let unreadable = transfer("ODD-1", &account, odd.amount, "kemarin sore");
    assert_eq!(bank.post(&[unreadable]).await.unwrap().0, 200);
    let told = app.message(ADMIN, "tanggal yang tidak terbaca").await;
    assert!(
        told.plain_text.contains("kemarin sore"),
        "{}",
        told.plain_text
    );
    assert_eq!(books(&app, odd.ticket_id).await.0, "open");
    // No date at all: amounts alone decide.
    let undated = transfer("ODD-2", &account, odd.amount, "");
    assert_eq!(bank.post(&[undated]).await.unwrap().0, 200);
    assert_eq!(books(&app, odd.ticket_id).await.0, "credited");
    books_balance(&app).await;
    app.finish().await;
}
