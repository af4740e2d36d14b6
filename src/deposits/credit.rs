//! A ticket closing: credited (by an admin or a bank mutation), rejected by an admin, or expired.
//! Each is one guarded update of an open ticket, so whichever comes first wins and the others
//! find it closed; a credit's ledger movement and every message are in the same transaction.
use sqlx::PgConnection;

use super::{DepositError, Ticket, TicketStatus, ticket_after};
pub use crate::domain::deposit::Approval;
use crate::domain::{Money, SupportContact};
use crate::text::deposits as say;
use crate::{ledger, outbox};

#[derive(Debug)]
pub enum CreditOutcome {
    /// Credited now: the reseller's new balance.
    Credited {
        ticket: Ticket,
        balance: Money,
    },
    /// Not open any more (credited, rejected, cancelled or expired): nothing moved.
    Closed(Ticket),
    /// Still open but past its expiry (about to be closed by the clock): nothing moved.
    Expired(Ticket),
    NotFound,
}

/// Credits an open, unexpired ticket's whole amount to its reseller, once, inside the caller's
/// transaction (`conn`), with the messages that announce it.
pub async fn credit(
    conn: &mut PgConnection,
    admins: &[i64],
    ticket_id: i64,
    how: Approval,
) -> Result<CreditOutcome, DepositError> {
    let (closed_how, closed_by) = match how {
        Approval::Admin(admin) => ("admin", Some(admin)),
        Approval::Mutation(_) => ("mutation", None),
    };
    let credited: Option<Ticket> = sqlx::query_as(ticket_after!(
        "update deposit_tickets
            set status = 'credited', closed_at = now(), closed_how = $2, closed_by = $3
          where ticket_id = $1 and status = 'open' and expires_at > now()"
    ))
    .bind(ticket_id)
    .bind(closed_how)
    .bind(closed_by)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(ticket) = credited else {
        return Ok(match super::find(conn, ticket_id).await? {
            Some(t) if t.status == TicketStatus::Open => CreditOutcome::Expired(t),
            Some(t) => CreditOutcome::Closed(t),
            None => CreditOutcome::NotFound,
        });
    };
    let balance = ledger::deposit(conn, ticket.user_id, ticket.ticket_id, ticket.amount).await?;
    let key = format!("deposit:{}:credited", ticket.ticket_id);
    outbox::enqueue(
        conn,
        &key,
        ticket.user_chat_id,
        say::credited(&ticket, balance),
    )
    .await?;
    outbox::alert_admins(conn, admins, &key, &say::admin_credited(&ticket, how)).await?;
    tracing::info!(
        ticket_id = ticket.ticket_id,
        user_id = ticket.user_id,
        amount = ticket.amount.rupiah(),
        how = closed_how,
        "deposit credited"
    );
    Ok(CreditOutcome::Credited { ticket, balance })
}

/// An admin's ❌ with the reason the reseller will read, inside the caller's transaction. `Err` carries the ticket as it stands
/// when it was not open any more; `Ok(None)` when there is no such ticket.
pub async fn reject(
    conn: &mut PgConnection,
    admins: &[i64],
    ticket_id: i64,
    admin_id: i64,
    reason: &str,
    contact: Option<&SupportContact>,
) -> Result<Result<Option<Ticket>, Ticket>, DepositError> {
    let rejected: Option<Ticket> = sqlx::query_as(ticket_after!(
        "update deposit_tickets
            set status = 'rejected', closed_at = now(), closed_how = 'admin', closed_by = $2, reason = $3
          where ticket_id = $1 and status = 'open'"
    ))
    .bind(ticket_id)
    .bind(admin_id)
    .bind(reason)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(ticket) = rejected else {
        return Ok(match super::find(conn, ticket_id).await? {
            Some(t) => Err(t),
            None => Ok(None),
        });
    };
    let key = format!("deposit:{}:rejected", ticket.ticket_id);
    outbox::enqueue(
        conn,
        &key,
        ticket.user_chat_id,
        say::rejected(&ticket, contact),
    )
    .await?;
    outbox::alert_admins(conn, admins, &key, &say::admin_rejected(&ticket)).await?;
    tracing::info!(ticket_id = ticket.ticket_id, admin_id, "deposit rejected");
    Ok(Ok(Some(ticket)))
}

/// Closes open tickets past their expiry and tells each reseller; returns how many. Any number
/// of instances may run this: each ticket closes once, and its message is keyed by it.
pub async fn expire_due(
    pool: &sqlx::PgPool,
    contact: Option<&SupportContact>,
) -> Result<usize, DepositError> {
    let mut tx = pool.begin().await?;
    let conn = &mut *tx;
    let expired: Vec<Ticket> = sqlx::query_as(ticket_after!(
        "update deposit_tickets
            set status = 'expired', closed_at = now(), closed_how = 'expiry'
          where ticket_id in (select ticket_id from deposit_tickets
                               where status = 'open' and expires_at <= now()
                               order by expires_at limit 200
                               for update skip locked)"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for ticket in &expired {
        let key = format!("deposit:{}:expired", ticket.ticket_id);
        outbox::enqueue(
            conn,
            &key,
            ticket.user_chat_id,
            say::expired(ticket, contact),
        )
        .await?;
    }
    outbox::commit(tx).await?;
    Ok(expired.len())
}
