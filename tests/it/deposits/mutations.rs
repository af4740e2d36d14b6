//! Bank mutations posted to the webhook: matched, stored once, signed.
use super::{admin_notice, bank, books, books_balance, open_ticket, wait_answers};
use crate::helpers::{ADMIN, MUTATION_SECRET, RESELLER, admin, spawn_app_with_sim};

#[tokio::test]
async fn a_matching_credit_credits_its_ticket_once_however_often_it_arrives() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "100rb").await;
    let bank = bank(&app);
    let mutation = bank.credit("MUT-0001", ticket.amount, "TOKO MAJU");

    let (status, body) = bank.post(std::slice::from_ref(&mutation)).await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"credited\":1"), "{body}");
    let told = app.message(RESELLER, "Deposit tiket").await;
    assert!(told.plain_text.contains(&format!("#{}", ticket.ticket_id)));
    app.message(ADMIN, "otomatis dari mutasi bank").await;

    // The service posts the same mutation again, alone and inside a later batch.
    assert_eq!(
        bank.post(std::slice::from_ref(&mutation)).await.unwrap().0,
        200
    );
    let other = bank.credit("MUT-0002", 999_999, "ORANG LAIN");
    assert_eq!(bank.post(&[mutation.clone(), other]).await.unwrap().0, 200);
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("credited".into(), 1, 50_000 + ticket.amount)
    );
    assert_eq!(app.count("select count(*) from bank_mutations").await, 2);
    let (how, outcome): (String, String) = sqlx::query_as(
        "select t.closed_how, m.outcome from deposit_tickets t join bank_mutations m on m.ticket_id = t.ticket_id",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((how.as_str(), outcome.as_str()), ("mutation", "credited"));
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn money_matching_no_ticket_alerts_admins_and_credits_nobody() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "100rb").await;
    let bank = bank(&app);
    let wrong = bank.credit("MUT-0101", ticket.amount + 1, "SALAH NOMINAL");
    let debit =
        loket::sandbox::sim::bank::mutation("MUT-0102", "1234567890", 6_500, "DB", "BIAYA ADM");
    assert_eq!(bank.post(&[wrong, debit]).await.unwrap().0, 200);
    let alert = app.message(ADMIN, "tanpa tiket yang cocok").await;
    assert!(
        alert.plain_text.contains("SALAH NOMINAL"),
        "{}",
        alert.plain_text
    );
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("open".into(), 0, 50_000)
    );
    let outcomes: Vec<String> =
        sqlx::query_scalar("select outcome from bank_mutations order by mutation_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(outcomes, ["no_match", "debit"]);
    app.finish().await;
}

#[tokio::test]
async fn money_for_a_closed_ticket_is_not_credited_and_admins_hear_of_it() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "60rb").await;
    app.ask(
        &crate::helpers::reseller(),
        &format!("/batal {}", ticket.ticket_id),
        "dibatalkan",
    )
    .await;
    let bank = bank(&app);
    let late = bank.credit("MUT-0201", ticket.amount, "TELAT");
    assert_eq!(bank.post(&[late]).await.unwrap().0, 200);
    app.message(
        ADMIN,
        &format!("tiket #{} yang sudah ditutup", ticket.ticket_id),
    )
    .await;
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("cancelled".into(), 0, 50_000)
    );
    app.finish().await;
}

#[tokio::test]
async fn a_bad_signature_or_a_bad_body_is_refused_and_stores_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "100rb").await;
    let bank = bank(&app);
    let body = serde_json::to_vec(&[bank.credit("MUT-0301", ticket.amount, "X")]).unwrap();

    let (status, _) = bank
        .post_raw(body.clone(), Some("not-the-secret"))
        .await
        .unwrap();
    assert_eq!(status, 401);
    let (status, _) = bank.post_raw(body.clone(), None).await.unwrap();
    assert_eq!(status, 401);
    // A body that is no list of mutations at all is refused whole (an item with cents no
    // longer is: see `one_unreadable_item_is_kept_and_its_neighbours_are_credited`).
    let (status, why) = bank
        .post_raw(br#"{"id": "1", "amount": "#.to_vec(), Some(MUTATION_SECRET))
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert!(why.contains("not JSON"), "{why}");
    let wrong_token = format!(
        "http://{}/deposit/mutasi/not-the-token-0123456789abcdefghijkl",
        app.addr
    );
    let guess = loket::sandbox::sim::bank::SimBank::new(
        wrong_token.parse().unwrap(),
        Some(MUTATION_SECRET.into()),
    );
    assert_eq!(
        guess.post_raw(body, Some(MUTATION_SECRET)).await.unwrap().0,
        404
    );

    assert_eq!(app.count("select count(*) from bank_mutations").await, 0);
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("open".into(), 0, 50_000)
    );
    // A service whose secret changed would be refused body after body: admins hear of it
    // (grouped, so the refusals that followed the first wait for the next minute).
    let told = app
        .message(ADMIN, "kiriman dari layanan mutasi bank ditolak")
        .await;
    assert!(
        told.plain_text.contains("DEPOSIT_WEBHOOK_SECRET"),
        "{}",
        told.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn approval_racing_the_mutation_credits_once() {
    let (app, _sim) = super::spawn_allowing_many_tickets(&[ADMIN]).await;
    let bank = bank(&app);
    let mut tickets = Vec::new();
    for _ in 0..10 {
        tickets.push(open_ticket(&app, "75rb").await);
    }
    let notice = admin_notice(&app, tickets[0].ticket_id).await;
    // The admin presses ✅ on every ticket while the bank reports every transfer.
    let presses = async {
        for t in &tickets {
            app.tg
                .user_presses(
                    &admin(),
                    notice.message_id,
                    &format!("deposit:{}:ya", t.ticket_id),
                )
                .await;
        }
    };
    let mutations = async {
        for (i, t) in tickets.iter().enumerate() {
            let m = bank.credit(&format!("MUT-R{i}"), t.amount, "BALAPAN");
            assert_eq!(bank.post(&[m]).await.unwrap().0, 200);
        }
    };
    tokio::join!(presses, mutations);
    wait_answers(&app, 10).await;
    let credited = app
        .count("select count(*) from deposit_tickets where status = 'credited'")
        .await;
    assert_eq!(credited, 10);
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind = 'deposit'")
            .await,
        10
    );
    let total: i64 = tickets.iter().map(|t| t.amount).sum();
    assert_eq!(app.balance(RESELLER).await, 50_000 + total);
    // Each mutation either credited its ticket or found it credited by the admin.
    assert_eq!(
        app.count(
            "select count(*) from bank_mutations where outcome in ('credited', 'already_credited')"
        )
        .await,
        10
    );
    books_balance(&app).await;
    app.finish().await;
}
