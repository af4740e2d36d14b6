//! Deposits in the load: resellers asking for tickets, and the tickets paid by the bank's
//! mutations (mixed bodies among them) and the admin's ✅, whether loket is up or not.
use std::sync::{Arc, Mutex};

use loket::sandbox::sim::telegram::{FakeTelegram, FakeUser};
use rand::RngExt;
use rand::rngs::StdRng;
use tokio::sync::watch;

use super::super::RESELLERS;
use super::{Paid, Sent, pause, reseller};
use crate::helpers::ADMIN;

/// Where deposits are paid: the database (to see open tickets, as a bank statement would show
/// the transfer) and the bank-mutation service posting to loket's webhook.
pub struct Deposits {
    pub pool: sqlx::PgPool,
    pub bank: loket::sandbox::sim::bank::SimBank,
}

/// Open tickets a reseller may hold (loket's default `DEPOSIT_MAX_OPEN`).
const MAX_OPEN: usize = 3;

/// A reseller asks for a deposit ticket every second or so, never beyond `MAX_OPEN`: every
/// `/deposit` sent must open a ticket. Its requests not yet known closed are counted as open,
/// whether loket has handled them yet or not.
pub(super) async fn ticket_requests(
    mut rng: StdRng,
    tg: FakeTelegram,
    pool: sqlx::PgPool,
    sent: Arc<Mutex<Sent>>,
    mut stopped: watch::Receiver<bool>,
) {
    while pause(&mut stopped, rng.random_range(500..1_500)).await {
        let user = reseller(rng.random_range(0..RESELLERS));
        let asked = sent
            .lock()
            .unwrap()
            .deposits
            .iter()
            .filter(|(chat, _)| *chat == user.id)
            .count();
        let closed: Result<i64, _> = sqlx::query_scalar(
            "select count(*) from deposit_tickets where chat_id = $1 and status <> 'open'",
        )
        .bind(user.id)
        .fetch_one(&pool)
        .await;
        let Ok(closed) = closed else { continue };
        if asked.saturating_sub(closed as usize) >= MAX_OPEN {
            continue;
        }
        let nominal = rng.random_range(10..=500);
        let injected = tg.user_sends(&user, &format!("/deposit {nominal}rb")).await;
        sent.lock()
            .unwrap()
            .deposits
            .push((user.id, injected.message_id));
    }
}

/// Open tickets get paid: the bank reports the transfer (sometimes twice), the admin presses ✅,
/// or both at once; whether loket is up or not. One report in three comes in a mixed body, as a
/// bank's day does: beside the transfer, interest with cents (an item loket cannot read) and
/// now and then a fee.
pub(super) async fn ticket_payments(
    mut rng: StdRng,
    tg: FakeTelegram,
    deposits: Deposits,
    sent: Arc<Mutex<Sent>>,
    mut stopped: watch::Receiver<bool>,
) {
    let admin = FakeUser::new(ADMIN, "Admin").with_username("boss");
    while pause(&mut stopped, rng.random_range(300..1_000)).await {
        let open: Vec<(i64, i64)> = sqlx::query_as(
            "select ticket_id, amount from deposit_tickets where status = 'open' order by random() limit 2",
        )
        .fetch_all(&deposits.pool)
        .await
        .unwrap_or_default();
        for (ticket_id, amount) in open {
            let how = rng.random_range(0..3);
            if how != 1 {
                let mut body =
                    vec![
                        deposits
                            .bank
                            .credit(&format!("CRASH-{ticket_id}"), amount, "TOKO"),
                    ];
                if rng.random_bool(0.33) {
                    let cents = format!(
                        "{}.{}",
                        rng.random_range(1..5_000),
                        rng.random_range(10..100)
                    );
                    body.push(
                        deposits
                            .bank
                            .interest(&format!("CRASH-BUNGA-{ticket_id}"), &cents),
                    );
                    if rng.random_bool(0.5) {
                        let account = &deposits.bank.account_number;
                        let id = format!("CRASH-ADM-{ticket_id}");
                        let fee =
                            loket::sandbox::sim::bank::mutation(&id, account, 6_500, "DB", "ADM");
                        body.insert(0, fee);
                    }
                }
                let copies = if rng.random_bool(0.3) { 2 } else { 1 };
                let mut stored = false;
                for _ in 0..copies {
                    let answer = deposits.bank.post(&body).await;
                    stored |= matches!(answer, Ok((200, _)));
                    sent.lock().unwrap().mutations_posted += 1;
                }
                let paid = Paid {
                    ticket_id,
                    body,
                    stored,
                };
                sent.lock().unwrap().paid.push(paid);
            }
            if how != 0 {
                tg.user_presses(&admin, 1, &format!("deposit:{ticket_id}:ya"))
                    .await;
                sent.lock().unwrap().approvals_pressed += 1;
            }
        }
    }
}
