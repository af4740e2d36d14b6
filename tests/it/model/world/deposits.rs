//! Deposit steps done to the real system: the same functions the bot and the webhook call.
use loket::config::DepositSettings;
use loket::deposits::{self, Approval, CreditOutcome, MutationRules, Request};
use loket::domain::Money;
use loket::sandbox::sim::bank::mutation_of;
use serde_json::Value;

use super::super::generator::Sent;
use super::{RESELLERS, World};
use crate::helpers::ADMIN;

/// A ticket the database opened, by the step's ticket number.
pub struct Opened {
    pub ticket_id: i64,
    pub amount: i64,
}

/// An amount no ticket in a history can have: above every nominal the generator draws.
const STRAY_AMOUNT: i64 = 9_000_000;
const TICKET_HOURS: u32 = 24;
/// The account on `/rekening` in every history, and one that is not.
pub const OUR_ACCOUNT: &str = "1234567890";
const OTHER_ACCOUNT: &str = "5550001112";

impl World {
    pub(super) async fn open_ticket(
        &mut self,
        ticket: usize,
        user: usize,
        nominal: i64,
    ) -> &'static str {
        let mut tx = self.pool.begin().await.unwrap();
        let req = Request {
            user_id: RESELLERS[user],
            chat_id: RESELLERS[user],
            message_id: 1_000_000 + ticket as i64,
            nominal: Money::from_rupiah(nominal),
        };
        let opened = deposits::open(&mut tx, &DepositSettings::default(), req).await;
        tx.commit().await.unwrap();
        match opened {
            Ok((t, true)) => {
                let code = t.amount.rupiah() - nominal;
                assert!((1..=999).contains(&code), "kode unik {code}");
                self.tickets.insert(
                    ticket,
                    Opened {
                        ticket_id: t.ticket_id,
                        amount: t.amount.rupiah(),
                    },
                );
                "opened"
            }
            Ok((_, false)) => "reopened",
            Err(deposits::OpenError::TooSmall { .. }) => "refused",
            Err(deposits::OpenError::TooManyOpen { .. }) => "too many open",
            Err(e) => panic!("opening a ticket: {e}"),
        }
    }

    pub(super) async fn approve_ticket(&mut self, ticket: usize) -> &'static str {
        let Some(id) = self.tickets.get(&ticket).map(|t| t.ticket_id) else {
            return "not found";
        };
        let mut tx = self.pool.begin().await.unwrap();
        let outcome = deposits::credit(&mut tx, &[ADMIN], id, Approval::Admin(ADMIN))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        match outcome {
            CreditOutcome::Credited { .. } => "credited",
            CreditOutcome::Closed(_) | CreditOutcome::Expired(_) => "closed",
            CreditOutcome::NotFound => "not found",
        }
    }

    pub(super) async fn reject_ticket(&mut self, ticket: usize) -> &'static str {
        let Some(id) = self.tickets.get(&ticket).map(|t| t.ticket_id) else {
            return "not found";
        };
        let mut tx = self.pool.begin().await.unwrap();
        let done = deposits::reject(&mut tx, &[ADMIN], id, ADMIN, "dana tidak masuk", None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        match done {
            Ok(Some(_)) => "rejected",
            Ok(None) => "not found",
            Err(_) => "closed",
        }
    }

    pub(super) async fn cancel_ticket(&mut self, ticket: usize, user: usize) -> &'static str {
        let Some(id) = self.tickets.get(&ticket).map(|t| t.ticket_id) else {
            return "not found";
        };
        let mut conn = self.pool.acquire().await.unwrap();
        match deposits::cancel(&mut conn, RESELLERS[user], id)
            .await
            .unwrap()
        {
            Ok(Some(_)) => "cancelled",
            Ok(None) => "not found",
            Err(_) => "closed",
        }
    }

    pub(super) async fn expire_ticket(&mut self, ticket: usize) -> &'static str {
        let Some(id) = self.tickets.get(&ticket).map(|t| t.ticket_id) else {
            return "not found";
        };
        sqlx::query(
            "update deposit_tickets set expires_at = now() - interval '1 second'
              where ticket_id = $1 and status = 'open'",
        )
        .bind(id)
        .execute(&self.pool)
        .await
        .unwrap();
        match deposits::expire_due(&self.pool, None).await.unwrap() {
            1 => "expired",
            0 => "closed",
            n => panic!("{n} tickets expired at once"),
        }
    }

    /// The bank-mutation service posts one body of `items`; an item posted before goes again
    /// exactly as it went then.
    pub(super) async fn mutations(&mut self, items: &[Sent]) -> Vec<&'static str> {
        let body: Vec<Value> = items
            .iter()
            .map(|item| {
                let made = self.item(*item);
                self.sent.entry(item.id()).or_insert(made).clone()
            })
            .collect();
        let rules = MutationRules {
            admins: [ADMIN].into(),
            ticket_hours: TICKET_HOURS,
        };
        let body = serde_json::to_vec(&body).unwrap();
        let received = deposits::receive(&self.pool, &rules, &body).await.unwrap();
        received.outcomes.iter().map(|o| o.as_str()).collect()
    }

    /// An item as the service writes it, dated now unless it is late.
    fn item(&self, item: Sent) -> Value {
        let id = format!("MODEL-{}", item.id());
        let amount_of = |ticket: usize| {
            self.tickets
                .get(&ticket)
                .map_or(STRAY_AMOUNT + item.id() as i64, |t| t.amount)
        };
        let credit = |account: &str, amount: i64| {
            mutation_of(
                &id,
                account,
                &format!("{amount}.00"),
                "CR",
                "TRSF E-BANKING CR",
            )
        };
        match item {
            Sent::Ticket { ticket, .. } => credit(OUR_ACCOUNT, amount_of(ticket)),
            Sent::OtherAccount { ticket, .. } => credit(OTHER_ACCOUNT, amount_of(ticket)),
            Sent::Late { ticket, .. } => {
                let mut late = credit(OUR_ACCOUNT, amount_of(ticket));
                let then = chrono::Utc::now() + chrono::Duration::hours(7 - 72);
                late["date"] = then.format("%Y-%m-%d %H:%M:%S").to_string().into();
                late
            }
            Sent::Stray { id: n } => credit(OUR_ACCOUNT, STRAY_AMOUNT + n as i64),
            Sent::Cents { id: n } => {
                let amount = format!("{}.{}", 1_000 + n, 10 + n % 90);
                mutation_of(&id, OUR_ACCOUNT, &amount, "CR", "BUNGA")
            }
            Sent::Debit { .. } => mutation_of(&id, OUR_ACCOUNT, "6500.00", "DB", "BIAYA ADM"),
        }
    }
}
