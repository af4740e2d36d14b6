//! A reseller's photo of their transfer: it goes to admins with the ticket it proves. With one
//! open ticket that is the ticket; with several the photo is kept (`deposit_proofs`) until the
//! reseller presses the button of the ticket it belongs to.
use sqlx::{PgConnection, PgPool};

use super::tickets::{find, note_paid, open_of_user};
use super::{DepositError, Ticket, TicketStatus, select_ticket};
use crate::outbox::{self, Photo};
use crate::text::deposits as say;

/// The photo as it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Proof<'a> {
    pub user_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
    /// Telegram's id of the photo: forwarded as it is, never downloaded.
    pub file_id: &'a str,
}

#[derive(Debug)]
pub enum ProofOutcome {
    /// The reseller has no open ticket: nothing kept.
    NoTicket,
    /// Forwarded to admins with the reseller's one open ticket.
    Forwarded(Ticket),
    /// Several open tickets: the photo is kept as `proof_id` until one of these is chosen.
    Choose { proof_id: i64, tickets: Vec<Ticket> },
}

/// What a press on a ticket's button did with a kept photo.
#[derive(Debug)]
pub enum Attached {
    /// Attached to this ticket now, and forwarded to admins.
    Now(Ticket),
    /// The photo was attached to this ticket before: nothing more.
    Already(Ticket),
    /// The ticket pressed is not open any more: nothing attached, another may be chosen.
    Closed(Ticket),
    /// No such photo of the presser's, or no such ticket of theirs.
    NotFound,
}

/// A photo from a reseller: forwarded with their open ticket, or kept to ask which one. A
/// redelivered message finds the photo kept and asks (or answers) again, forwarding nothing twice.
pub async fn receive_proof(
    pool: &PgPool,
    admins: &[i64],
    proof: Proof<'_>,
) -> Result<ProofOutcome, DepositError> {
    let mut tx = pool.begin().await?;
    let kept: Option<(i64, Option<i64>)> = sqlx::query_as(
        "select proof_id, ticket_id from deposit_proofs where chat_id = $1 and message_id = $2",
    )
    .bind(proof.chat_id)
    .bind(proof.message_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((_, Some(ticket_id))) = kept {
        return Ok(match find(&mut tx, ticket_id).await? {
            Some(ticket) => ProofOutcome::Forwarded(ticket),
            None => ProofOutcome::NoTicket,
        });
    }
    let open = open_of_user(&mut tx, proof.user_id).await?;
    if open.is_empty() {
        return Ok(ProofOutcome::NoTicket);
    }
    let proof_id = match kept {
        Some((proof_id, _)) => proof_id,
        None => {
            sqlx::query_scalar(
                "insert into deposit_proofs (user_id, chat_id, message_id, file_id)
                 values ($1, $2, $3, $4) returning proof_id",
            )
            .bind(proof.user_id)
            .bind(proof.chat_id)
            .bind(proof.message_id)
            .bind(proof.file_id)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let outcome = match <[Ticket; 1]>::try_from(open) {
        Ok([ticket]) => ProofOutcome::Forwarded(attach(&mut tx, admins, proof_id, ticket).await?),
        Err(tickets) => ProofOutcome::Choose { proof_id, tickets },
    };
    outbox::commit(tx).await?;
    Ok(outcome)
}

/// The reseller's press on a ticket's button under the question about `proof_id`.
pub async fn attach_proof(
    pool: &PgPool,
    admins: &[i64],
    user_id: i64,
    proof_id: i64,
    ticket_id: i64,
) -> Result<Attached, DepositError> {
    let mut tx = pool.begin().await?;
    // Locked, so that two presses at once attach the photo once.
    let kept: Option<Option<i64>> = sqlx::query_scalar(
        "select ticket_id from deposit_proofs where proof_id = $1 and user_id = $2 for update",
    )
    .bind(proof_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let ticket: Option<Ticket> =
        sqlx::query_as(select_ticket!("t.ticket_id = $1 and t.user_id = $2"))
            .bind(kept.flatten().unwrap_or(ticket_id))
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let outcome = match (kept, ticket) {
        (None, _) | (_, None) => Attached::NotFound,
        (Some(Some(_)), Some(ticket)) => Attached::Already(ticket),
        (Some(None), Some(ticket))
            if ticket.status != TicketStatus::Open || ticket.expires_at <= chrono::Utc::now() =>
        {
            Attached::Closed(ticket)
        }
        (Some(None), Some(ticket)) => {
            Attached::Now(attach(&mut tx, admins, proof_id, ticket).await?)
        }
    };
    outbox::commit(tx).await?;
    Ok(outcome)
}

/// Attaches the kept photo to an open ticket: noted as paid, and forwarded to every admin with
/// the ticket's buttons, once per photo and admin.
async fn attach(
    conn: &mut PgConnection,
    admins: &[i64],
    proof_id: i64,
    ticket: Ticket,
) -> Result<Ticket, DepositError> {
    let (message_id, file_id): (i64, String) = sqlx::query_as(
        "update deposit_proofs set ticket_id = $2, attached_at = now() where proof_id = $1
         returning message_id, file_id",
    )
    .bind(proof_id)
    .bind(ticket.ticket_id)
    .fetch_one(&mut *conn)
    .await?;
    let ticket = note_paid(conn, ticket.user_id, ticket.ticket_id)
        .await?
        .unwrap_or(ticket);
    let keyboard = super::buttons::decision_json(&ticket);
    for admin in admins {
        let key = format!(
            "deposit:{}:proof:{message_id}:admin:{admin}",
            ticket.ticket_id
        );
        outbox::enqueue_photo(
            conn,
            &key,
            *admin,
            say::admin_proof_caption(&ticket),
            Photo::Known(file_id.clone()),
            keyboard.clone(),
        )
        .await?;
    }
    tracing::info!(
        ticket_id = ticket.ticket_id,
        proof_id,
        "transfer proof forwarded"
    );
    Ok(ticket)
}
