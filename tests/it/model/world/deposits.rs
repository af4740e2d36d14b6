//! Deposit steps done to the real system: the same functions the bot and the webhook call.
use loket::config::DepositSettings;
use loket::deposits::{
    self, Approval, CreditOutcome, Mutation, MutationKind, MutationOutcome, Request,
};
use loket::domain::Money;

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

impl World {
    pub(super) async fn open_ticket(
        &mut self,
        ticket: usize,
        user: usize,
        nominal: i64,
    ) -> &'static str {
        let mut conn = self.pool.acquire().await.unwrap();
        let req = Request {
            user_id: RESELLERS[user],
            chat_id: RESELLERS[user],
            message_id: 1_000_000 + ticket as i64,
            nominal: Money::from_rupiah(nominal),
        };
        match deposits::open(&mut conn, &DepositSettings::default(), req).await {
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
        let done = deposits::reject(&mut tx, &[ADMIN], id, ADMIN, "dana tidak masuk")
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
        match deposits::expire_due(&self.pool).await.unwrap() {
            1 => "expired",
            0 => "closed",
            n => panic!("{n} tickets expired at once"),
        }
    }

    /// The bank reports a transfer: of the ticket's amount, or of one no ticket has.
    pub(super) async fn mutation(&mut self, ticket: Option<usize>, id: usize) -> &'static str {
        let amount = ticket
            .and_then(|t| self.tickets.get(&t))
            .map_or(STRAY_AMOUNT + id as i64, |t| t.amount);
        let m = Mutation {
            source_id: format!("MODEL-{id}"),
            bank_type: "bca".into(),
            account_number: "1234567890".into(),
            date: "2026-11-29 10:00:00".into(),
            amount: Money::from_rupiah(amount),
            description: "TRSF E-BANKING CR".into(),
            kind: MutationKind::Credit,
            balance: String::new(),
        };
        match deposits::record(&self.pool, &[ADMIN], TICKET_HOURS, &m)
            .await
            .unwrap()
        {
            MutationOutcome::Duplicate => "duplicate",
            MutationOutcome::Credited { .. } => "credited",
            MutationOutcome::AlreadyCredited { .. } => "already_credited",
            MutationOutcome::Closed { .. } => "closed",
            MutationOutcome::NoMatch => "no_match",
            MutationOutcome::Ambiguous => "ambiguous",
            MutationOutcome::Debit => "debit",
        }
    }
}
