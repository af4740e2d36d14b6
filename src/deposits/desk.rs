//! What people ask of their tickets, each in its own transaction with the messages it queues:
//! a reseller opens a ticket or says they paid, an admin's ✅ credits one and `/tolak` rejects
//! one, each of an admin's with its audit row (R38). The bot renders what each returns.
use sqlx::PgPool;

use super::buttons::{notify_admins, paid_json};
use super::{
    Approval, BankAccount, CreditOutcome, DepositError, OpenError, Request, Ticket, credit, find,
    note_paid, open, reject,
};
use crate::audit::{self, Action, Entry};
use crate::config::DepositSettings;
use crate::domain::SupportContact;
use crate::domain::qris::StaticQris;
use crate::outbox::{self, Photo};
use crate::text::audit as trail;
use crate::text::deposits as say;

/// A reseller's `/deposit <nominal>`: opens the ticket and queues, in the same transaction, the
/// ticket (with its button), its QRIS image and the admins' notice. A redelivered command finds
/// its ticket and queues nothing twice.
pub async fn open_ticket(
    pool: &PgPool,
    settings: &DepositSettings,
    admins: &[i64],
    req: Request,
) -> Result<Ticket, OpenError> {
    let mut tx = pool.begin().await?;
    let (ticket, _new) = open(&mut tx, settings, req).await?;
    let accounts = BankAccount::shown(&mut tx).await?;
    // Drawn first, so that the ticket promises a QRIS image only when there is one.
    let qris_png = settings
        .qris_static
        .as_deref()
        .and_then(|payload| StaticQris::parse(payload).ok())
        .and_then(|qris| {
            super::qr_image::png(&qris.for_amount(ticket.amount.rupiah()))
                .inspect_err(|e| tracing::error!(ticket_id = ticket.ticket_id, error = %e, "QRIS image not drawn; the ticket goes without"))
                .ok()
        });
    let key = |what: &str| format!("deposit:{}:{what}", ticket.ticket_id);
    outbox::enqueue_with_keyboard(
        &mut tx,
        &key("ticket"),
        req.chat_id,
        say::ticket(&ticket, &accounts, qris_png.is_some()),
        paid_json(&ticket),
    )
    .await?;
    if let Some(png) = qris_png {
        let caption = say::qris_caption(&ticket);
        let photo = Photo::Png(png);
        outbox::enqueue_photo(&mut tx, &key("qris"), req.chat_id, caption, photo, None).await?;
    }
    let notice = say::admin_new_ticket(&ticket);
    notify_admins(&mut tx, admins, &ticket, "new", notice).await?;
    outbox::commit(tx).await?;
    Ok(ticket)
}

/// An admin's ✅: [`credit`] in a transaction of its own.
pub async fn approve(
    pool: &PgPool,
    admins: &[i64],
    ticket_id: i64,
    admin: i64,
) -> Result<CreditOutcome, DepositError> {
    let mut tx = pool.begin().await?;
    let outcome = credit(&mut tx, admins, ticket_id, Approval::Admin(admin)).await?;
    if let CreditOutcome::Credited { ticket, .. } = &outcome {
        let entry = Entry::new(admin, Action::Ticket, trail::ticket(ticket.ticket_id)).change(
            trail::ticket_open(ticket.amount),
            trail::ticket_credited(ticket.amount),
        );
        audit::record(&mut tx, &entry).await?;
    }
    outbox::commit(tx).await?;
    Ok(outcome)
}

/// `/tolak`: [`reject`] in a transaction of its own, with the same answer.
pub async fn reject_ticket(
    pool: &PgPool,
    admins: &[i64],
    ticket_id: i64,
    admin: i64,
    reason: &str,
    contact: Option<&SupportContact>,
) -> Result<Result<Option<Ticket>, Ticket>, DepositError> {
    let mut tx = pool.begin().await?;
    let done = reject(&mut tx, admins, ticket_id, admin, reason, contact).await?;
    if let Ok(Some(ticket)) = &done {
        let entry = Entry::new(admin, Action::Ticket, trail::ticket(ticket.ticket_id)).change(
            trail::ticket_open(ticket.amount),
            trail::ticket_rejected(reason),
        );
        audit::record(&mut tx, &entry).await?;
    }
    outbox::commit(tx).await?;
    Ok(done)
}

/// What became of "Sudah transfer".
#[derive(Debug)]
pub enum PaidOutcome {
    /// Noted on the open ticket; admins are told once, with the ✅/❌ buttons.
    Noted(Ticket),
    /// The presser's ticket, no longer open.
    NotOpen(Ticket),
    /// No such ticket of the presser's.
    NotFound,
}

/// "Sudah transfer" on `ticket_id`, pressed by `user_id`.
pub async fn report_paid(
    pool: &PgPool,
    admins: &[i64],
    user_id: i64,
    ticket_id: i64,
) -> Result<PaidOutcome, DepositError> {
    let mut tx = pool.begin().await?;
    let Some(ticket) = note_paid(&mut tx, user_id, ticket_id).await? else {
        return Ok(match find(&mut tx, ticket_id).await? {
            Some(t) if t.user_id == user_id => PaidOutcome::NotOpen(t),
            _ => PaidOutcome::NotFound,
        });
    };
    let notice = say::admin_paid(&ticket);
    notify_admins(&mut tx, admins, &ticket, "paid", notice).await?;
    outbox::commit(tx).await?;
    Ok(PaidOutcome::Noted(ticket))
}
