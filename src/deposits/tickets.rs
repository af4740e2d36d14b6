//! Opening tickets, and what a reseller does with theirs: list, say they paid, cancel.
use sqlx::PgConnection;

use super::{Ticket, select_ticket, ticket_after};
use crate::config::DepositSettings;
use crate::domain::Money;
use crate::users;

/// Ticket openers take this transaction-scoped lock first, so that two at once choose their kode
/// unik and count their owner's open tickets one after the other ("loketd"; the poller's lock
/// is "loket"). Opening a ticket is a person's command, so they rarely wait on each other.
const OPENING_LOCK: i64 = 0x6c6f_6b65_7464;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("nominal below the minimum")]
    TooSmall { min: Money },
    #[error("nominal above the maximum")]
    TooLarge { max: Money },
    /// Every kode unik for this nominal is in use by an open (or recently closed) ticket.
    #[error("no kode unik free for this nominal")]
    NoCodeFree,
    /// The reseller holds `DEPOSIT_MAX_OPEN` open tickets already: these.
    #[error("too many open tickets")]
    TooManyOpen { max: u32, open: Vec<Ticket> },
    #[error("the user is blocked")]
    Blocked,
    /// `REGISTRATION=approval`, and no admin approved them yet.
    #[error("the user awaits approval")]
    AwaitingApproval,
    /// Never pressed /start (or unknown): loket cannot be sure it can tell them anything.
    #[error("the user never pressed /start")]
    NotStarted,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The /deposit message that asks for a ticket.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub user_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
    pub nominal: Money,
}

/// Opens a ticket for `nominal` inside the caller's transaction, or returns the one the same
/// message opened before (a redelivered command). The kode unik is drawn at random among those
/// that give an amount no open ticket has (the `deposit_tickets_open_amount` index makes that
/// certain) and no ticket closed within the ticket lifetime had, so a late transfer for a closed
/// ticket is not taken for a new one. Returns the ticket and whether it is new.
pub async fn open(
    conn: &mut PgConnection,
    settings: &DepositSettings,
    req: Request,
) -> Result<(Ticket, bool), OpenError> {
    match users::standing(conn, req.user_id).await? {
        Some(s) if s.blocked => return Err(OpenError::Blocked),
        Some(s) if !s.approved && settings.registration.needs_approval() => {
            return Err(OpenError::AwaitingApproval);
        }
        Some(s) if s.started => {}
        _ => return Err(OpenError::NotStarted),
    }
    if req.nominal < settings.min {
        return Err(OpenError::TooSmall { min: settings.min });
    }
    if req.nominal > settings.max {
        return Err(OpenError::TooLarge { max: settings.max });
    }
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(OPENING_LOCK)
        .execute(&mut *conn)
        .await?;
    if let Some(existing) = by_message(conn, req.chat_id, req.message_id).await? {
        return Ok((existing, false));
    }
    let open = open_of_user(conn, req.user_id).await?;
    if open.len() >= settings.max_open as usize {
        let max = settings.max_open;
        return Err(OpenError::TooManyOpen { max, open });
    }
    // Under the lock no other opener can take the amount drawn here before this commits.
    let inserted = sqlx::query_as::<_, Ticket>(ticket_after!(
        "insert into deposit_tickets (user_id, nominal, unique_code, chat_id, message_id, expires_at)
         select $1, $2, c, $3, $4, now() + make_interval(hours => $5)
           from generate_series(1, 999) c
          where not exists (select 1 from deposit_tickets k
                             where k.amount = $2 + c
                               and (k.status = 'open' or k.closed_at > now() - make_interval(hours => $5)))
          order by random() limit 1
         on conflict do nothing"
    ))
    .bind(req.user_id)
    .bind(req.nominal.rupiah())
    .bind(req.chat_id)
    .bind(req.message_id)
    .bind(settings.ticket_hours as i32)
    .fetch_optional(&mut *conn)
    .await?;
    match inserted {
        Some(ticket) => Ok((ticket, true)),
        None => Err(OpenError::NoCodeFree),
    }
}

async fn by_message(
    conn: &mut PgConnection,
    chat_id: i64,
    message_id: i64,
) -> sqlx::Result<Option<Ticket>> {
    sqlx::query_as(select_ticket!("t.chat_id = $1 and t.message_id = $2"))
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(conn)
        .await
}

/// One ticket by its number.
pub async fn find(conn: &mut PgConnection, ticket_id: i64) -> sqlx::Result<Option<Ticket>> {
    sqlx::query_as(select_ticket!("t.ticket_id = $1"))
        .bind(ticket_id)
        .fetch_optional(conn)
        .await
}

/// A reseller's latest tickets, newest first.
pub async fn list_of_user(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<Ticket>> {
    sqlx::query_as(select_ticket!(
        "t.user_id = $1 order by t.ticket_id desc limit $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Every open ticket, oldest first (for admins).
pub async fn list_open(conn: &mut PgConnection, limit: i64) -> sqlx::Result<Vec<Ticket>> {
    sqlx::query_as(select_ticket!(
        "t.status = 'open' order by t.ticket_id limit $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The reseller says they transferred: noted on their open ticket (the first time only).
/// `None` if `ticket_id` is not an open ticket of theirs.
pub async fn note_paid(
    conn: &mut PgConnection,
    user_id: i64,
    ticket_id: i64,
) -> sqlx::Result<Option<Ticket>> {
    sqlx::query_as(ticket_after!(
        "update deposit_tickets set paid_noted_at = coalesce(paid_noted_at, now())
          where ticket_id = $1 and user_id = $2 and status = 'open'"
    ))
    .bind(ticket_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// The reseller's open tickets not yet past their expiry, oldest first: what counts towards
/// `DEPOSIT_MAX_OPEN`, and what a photo of a transfer proof can belong to.
pub async fn open_of_user(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<Vec<Ticket>> {
    sqlx::query_as(select_ticket!(
        "t.user_id = $1 and t.status = 'open' and t.expires_at > now() order by t.ticket_id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The reseller cancels their own open ticket. `Err(ticket)` when it is not open any more;
/// `Ok(None)` when it is not theirs (or does not exist: the same answer, so ticket numbers of
/// others cannot be probed).
pub async fn cancel(
    conn: &mut PgConnection,
    user_id: i64,
    ticket_id: i64,
) -> sqlx::Result<Result<Option<Ticket>, Ticket>> {
    let cancelled: Option<Ticket> = sqlx::query_as(ticket_after!(
        "update deposit_tickets
            set status = 'cancelled', closed_at = now(), closed_how = 'reseller', closed_by = $2
          where ticket_id = $1 and user_id = $2 and status = 'open'"
    ))
    .bind(ticket_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(ticket) = cancelled {
        return Ok(Ok(Some(ticket)));
    }
    Ok(match find(conn, ticket_id).await? {
        Some(ticket) if ticket.user_id == user_id => Err(ticket),
        _ => Ok(None),
    })
}
