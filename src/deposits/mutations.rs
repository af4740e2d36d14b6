//! Bank mutations, as bank-mutation services (Moota and the like) post them: stored once by
//! the service's id, and a credit that matches exactly one open ticket credits it.
use sqlx::{PgConnection, PgPool};

use super::credit::{Approval, CreditOutcome, credit};
use super::payload::{Mutation, MutationKind};
use super::{DepositError, Ticket, TicketStatus, select_ticket};
use crate::domain::Money;
use crate::outbox;
use crate::text::bank as say;

/// What became of a stored mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutationOutcome {
    /// The same mutation id was stored before: nothing done.
    Duplicate,
    /// Credited its ticket now.
    Credited { ticket_id: i64 },
    /// Its ticket had already been credited (an admin was faster): nothing moved.
    AlreadyCredited { ticket_id: i64 },
    /// Matches a ticket that is closed (rejected, cancelled or expired): admins are told.
    Closed { ticket_id: i64 },
    /// No ticket has this amount: admins are told.
    NoMatch,
    /// Several tickets could be meant: admins are told, nothing is credited.
    Ambiguous,
    /// Money going out: stored only.
    Debit,
}

impl MutationOutcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Duplicate => "duplicate",
            Self::Credited { .. } => "credited",
            Self::AlreadyCredited { .. } => "already_credited",
            Self::Closed { .. } => "closed",
            Self::NoMatch => "no_match",
            Self::Ambiguous => "ambiguous",
            Self::Debit => "debit",
        }
    }

    fn ticket_id(self) -> Option<i64> {
        match self {
            Self::Credited { ticket_id }
            | Self::AlreadyCredited { ticket_id }
            | Self::Closed { ticket_id } => Some(ticket_id),
            _ => None,
        }
    }
}

/// Stores one mutation and acts on it, in one transaction: a crash stores and credits both or
/// neither, and the same mutation again (even at the same moment) finds the first one stored.
pub async fn record(
    pool: &PgPool,
    admins: &[i64],
    ticket_hours: u32,
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
            settle(&mut tx, admins, ticket_hours, mutation_id, m.amount).await?
        }
    };
    sqlx::query("update bank_mutations set outcome = $2, ticket_id = $3 where mutation_id = $1")
        .bind(mutation_id)
        .bind(outcome.as_str())
        .bind(outcome.ticket_id())
        .execute(&mut *tx)
        .await?;
    let alert = match outcome {
        MutationOutcome::NoMatch => Some(say::admin_mutation_unmatched(m)),
        MutationOutcome::Ambiguous => Some(say::admin_mutation_ambiguous(m)),
        MutationOutcome::Closed { ticket_id } => Some(say::admin_mutation_closed(m, ticket_id)),
        _ => None,
    };
    if let Some(alert) = alert {
        outbox::alert_admins(&mut tx, admins, &format!("mutation:{mutation_id}"), &alert).await?;
    }
    outbox::commit(tx).await?;
    tracing::info!(
        mutation_id,
        amount = m.amount.rupiah(),
        outcome = outcome.as_str(),
        "bank mutation recorded"
    );
    Ok(outcome)
}

/// A credit mutation: the tickets it could be for are those with its amount that are open, or
/// closed within a ticket's lifetime (a late transfer). Exactly one, open: credited.
async fn settle(
    conn: &mut PgConnection,
    admins: &[i64],
    ticket_hours: u32,
    mutation_id: i64,
    amount: Money,
) -> Result<MutationOutcome, DepositError> {
    let candidates: Vec<Ticket> = sqlx::query_as(select_ticket!(
        "t.amount = $1
            and (t.status = 'open' or t.closed_at > now() - make_interval(hours => $2))
            -- A ticket another mutation already paid is not this one's.
            and not exists (select 1 from bank_mutations b
                             where b.ticket_id = t.ticket_id and b.outcome = 'credited')
          order by t.ticket_id"
    ))
    .bind(amount.rupiah())
    .bind(ticket_hours as i32)
    .fetch_all(&mut *conn)
    .await?;
    let [ticket] = candidates.as_slice() else {
        return Ok(if candidates.is_empty() {
            MutationOutcome::NoMatch
        } else {
            MutationOutcome::Ambiguous
        });
    };
    let ticket_id = ticket.ticket_id;
    Ok(match ticket.status {
        TicketStatus::Open => {
            match credit(conn, admins, ticket_id, Approval::Mutation(mutation_id)).await? {
                CreditOutcome::Credited { .. } => MutationOutcome::Credited { ticket_id },
                CreditOutcome::Closed(t) if t.status == TicketStatus::Credited => {
                    MutationOutcome::AlreadyCredited { ticket_id }
                }
                _ => MutationOutcome::Closed { ticket_id },
            }
        }
        TicketStatus::Credited => MutationOutcome::AlreadyCredited { ticket_id },
        _ => MutationOutcome::Closed { ticket_id },
    })
}
