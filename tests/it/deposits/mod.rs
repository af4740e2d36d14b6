//! Deposits end to end: tickets through the fake Telegram, approvals by button, and bank
//! mutations posted by the sandbox's bank-mutation service.
mod approval;
mod batches;
mod guards;
mod limits;
mod matching;
mod mutations;
mod photos;
mod proofs;
mod tickets;

use loket::sandbox::sim::bank::SimBank;
use loket::sandbox::sim::telegram::SentMessage;

use loket::sandbox::sim::biller::SimBiller;

use crate::helpers::{
    ADMIN, MUTATION_SECRET, MUTATION_TOKEN, RESELLER, TestApp, reseller, spawn_app_with_sim_set,
};

/// A shop that lets one reseller hold many open tickets (`DEPOSIT_MAX_OPEN=20`), for tests
/// that open ten or more for the one reseller they have.
pub async fn spawn_allowing_many_tickets(admins: &[i64]) -> (TestApp, SimBiller) {
    spawn_app_with_sim_set(|opts| {
        opts.admins = admins.to_vec();
        opts.deposits.max_open = 20;
    })
    .await
}

/// A ticket as the database holds it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub ticket_id: i64,
    pub amount: i64,
    /// The ticket message the reseller received.
    pub message: SentMessage,
}

/// The reseller asks for a ticket of `nominal` and receives it.
pub async fn open_ticket(app: &TestApp, nominal: &str) -> Opened {
    let message = app
        .ask(
            &reseller(),
            &format!("/deposit {nominal}"),
            "Tiket deposit #",
        )
        .await;
    let (ticket_id, amount): (i64, i64) = sqlx::query_as(
        "select ticket_id, amount from deposit_tickets where user_id = $1 order by ticket_id desc limit 1",
    )
    .bind(RESELLER)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    Opened {
        ticket_id,
        amount,
        message,
    }
}

/// The admin's notice about a ticket (the one with the ✅/❌ buttons), waited for.
pub async fn admin_notice(app: &TestApp, ticket_id: i64) -> SentMessage {
    app.message(ADMIN, &format!("Tiket deposit baru #{ticket_id} "))
        .await
}

/// The sandbox's bank, pointed at this app's webhook and signing with its secret.
pub fn bank(app: &TestApp) -> SimBank {
    let url = format!("http://{}/deposit/mutasi/{MUTATION_TOKEN}", app.addr);
    SimBank::new(url.parse().unwrap(), Some(MUTATION_SECRET.into()))
}

/// Status, credits on the ledger, and the reseller's balance.
pub async fn books(app: &TestApp, ticket_id: i64) -> (String, i64, i64) {
    let (status, credits): (String, i64) = sqlx::query_as(
        "select t.status, (select count(*) from ledger_txns l where l.ticket_id = t.ticket_id)
           from deposit_tickets t where t.ticket_id = $1",
    )
    .bind(ticket_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    (status, credits, app.balance(RESELLER).await)
}

/// The ledger's invariants hold (deposits included).
pub async fn books_balance(app: &TestApp) {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let violations = loket::ledger::check_invariants(&mut conn).await.unwrap();
    assert!(violations.is_empty(), "{violations:#?}");
}

/// Waits until `n` button presses have been answered.
pub async fn wait_answers(app: &TestApp, n: usize) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let answered = app.tg.calls_to("answerCallbackQuery").len();
        if answered >= n {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{answered} of {n} presses answered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
