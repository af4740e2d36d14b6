//! Bank mutations, as bank-mutation services (Moota and the like) post them: each stored once by
//! the service's id (an unreadable one by its content), a credit that matches one open ticket
//! credits it, and a credit that credits nothing reaches admins with the reason (R35).
use sqlx::PgPool;

use super::matching::{NotCredited, settle};
use super::payload::{Mutation, MutationKind, Unreadable};
use super::{DepositError, MutationRules};
use crate::grouped_alerts::{self, Kind};
use crate::outbox;
use crate::text::bank as say;

/// What became of one item of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutationOutcome {
    /// The same mutation (or the same unreadable item) was stored before: nothing done.
    Duplicate,
    /// Credited its ticket now.
    Credited { ticket_id: i64 },
    /// A credit that credited no ticket: admins are told why.
    NotCredited {
        why: NotCredited,
        ticket_id: Option<i64>,
    },
    /// Money going out: stored only.
    Debit,
    /// Could not be read: stored raw, admins told (grouped, at most once a minute).
    Invalid,
}

impl MutationOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Duplicate => "duplicate",
            Self::Credited { .. } => "credited",
            Self::NotCredited { why, .. } => why.as_str(),
            Self::Debit => "debit",
            Self::Invalid => "invalid",
        }
    }

    fn ticket_id(self) -> Option<i64> {
        match self {
            Self::Credited { ticket_id } => Some(ticket_id),
            Self::NotCredited { ticket_id, .. } => ticket_id,
            _ => None,
        }
    }
}

/// Stores one mutation and acts on it, in one transaction: a crash stores and credits (or
/// alerts) both or neither, and the same mutation again (even at the same moment) finds the
/// first one stored.
pub async fn record(
    pool: &PgPool,
    rules: &MutationRules,
    m: &Mutation,
) -> Result<MutationOutcome, DepositError> {
    let mut tx = pool.begin().await?;
    let stored: Option<i64> = sqlx::query_scalar(
        "insert into bank_mutations (source_id, bank_type, account_number, mutated_at, amount,
                                     description, kind, balance, outcome)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'no_match')
         on conflict (source_id) do nothing
         returning mutation_id",
    )
    .bind(&m.source_id)
    .bind(&m.bank_type)
    .bind(&m.account_number)
    .bind(&m.date)
    .bind(m.amount.rupiah())
    .bind(&m.description)
    .bind(match m.kind {
        MutationKind::Credit => "CR",
        MutationKind::Debit => "DB",
    })
    .bind(&m.balance)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(mutation_id) = stored else {
        return Ok(MutationOutcome::Duplicate);
    };
    let outcome = match m.kind {
        MutationKind::Debit => MutationOutcome::Debit,
        MutationKind::Credit => {
            match settle(&mut tx, &rules.admins, rules.ticket_hours, mutation_id, m).await? {
                Ok(ticket_id) => MutationOutcome::Credited { ticket_id },
                Err(refusal) => {
                    let alert = say::admin_credit_not_credited(m, &refusal);
                    let key = format!("mutation:{mutation_id}");
                    outbox::alert_admins(&mut tx, &rules.admins, &key, &alert).await?;
                    MutationOutcome::NotCredited {
                        why: refusal.why(),
                        ticket_id: refusal.ticket_id(),
                    }
                }
            }
        }
    };
    sqlx::query("update bank_mutations set outcome = $2, ticket_id = $3 where mutation_id = $1")
        .bind(mutation_id)
        .bind(outcome.as_str())
        .bind(outcome.ticket_id())
        .execute(&mut *tx)
        .await?;
    outbox::commit(tx).await?;
    tracing::info!(
        mutation_id,
        amount = m.amount.rupiah(),
        outcome = outcome.as_str(),
        "bank mutation recorded"
    );
    Ok(outcome)
}

/// Stores an item that could not be read, as it came (capped), and counts it towards the
/// grouped alert, in one transaction. The item itself is never logged: it may name a sender.
pub async fn record_unreadable(
    pool: &PgPool,
    rules: &MutationRules,
    item: &Unreadable,
) -> Result<MutationOutcome, DepositError> {
    let problem: String = item.problem.to_string().chars().take(300).collect();
    let mut tx = pool.begin().await?;
    let stored: Option<i64> = sqlx::query_scalar(
        "insert into bank_mutations (source_id, raw, problem, outcome)
         values ($1, $2, $3, 'invalid')
         on conflict (source_id) do nothing
         returning mutation_id",
    )
    .bind(&item.source_id)
    .bind(&item.raw)
    .bind(&problem)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(mutation_id) = stored else {
        return Ok(MutationOutcome::Duplicate);
    };
    let example = say::unreadable_item(&item.problem, &item.raw);
    grouped_alerts::note(&mut tx, &rules.admins, Kind::MutationInvalid, &example).await?;
    outbox::commit(tx).await?;
    tracing::warn!(mutation_id, problem = %problem, "unreadable bank mutation stored");
    Ok(MutationOutcome::Invalid)
}
