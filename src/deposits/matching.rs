//! Which ticket a credit mutation pays, or why it pays none. A credit pays a ticket only when
//! nothing speaks against it: the money went into one of our accounts (when both the service
//! and `/rekening` name accounts), exactly one ticket has its amount, the transfer is not dated
//! before that ticket could have existed, and the ticket is open. Every other credit is told to
//! admins with the reason, so that money received is never silent (R35).
use chrono::Duration;
use sqlx::PgConnection;

use super::credit::{Approval, CreditOutcome, credit};
use super::dated::Dated;
use super::payload::Mutation;
use super::{BankAccount, DepositError, Ticket, TicketStatus, select_ticket};
pub use crate::domain::deposit::Earlier;

/// Why a credit credited no ticket, as stored in `bank_mutations.outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCredited {
    NoMatch,
    Ambiguous,
    AlreadyCredited,
    Closed,
    OtherAccount,
    BeforeTicket,
    UnreadableDate,
}

impl NotCredited {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoMatch => "no_match",
            Self::Ambiguous => "ambiguous",
            Self::AlreadyCredited => "already_credited",
            Self::Closed => "closed",
            Self::OtherAccount => "other_account",
            Self::BeforeTicket => "before_ticket",
            Self::UnreadableDate => "unreadable_date",
        }
    }
}

/// A credit that credited nothing, with what an admin needs to act on it.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// No ticket, open or closed within a ticket's lifetime, has this amount.
    NoMatch,
    /// Several tickets have it (possible only after `DEPOSIT_TICKET_HOURS` was raised).
    Ambiguous(Vec<Ticket>),
    /// Its ticket was credited before; `earlier` is the mutation that did, when one did.
    AlreadyCredited {
        ticket: Ticket,
        earlier: Option<Earlier>,
    },
    /// Its ticket was rejected, cancelled or expired.
    Closed(Ticket),
    /// The money went into an account that is not on `/rekening` (these are).
    OtherAccount(Vec<BankAccount>),
    /// Dated more than `hours` before its ticket was opened: a late transfer for an older ticket.
    BeforeTicket { ticket: Ticket, hours: u32 },
    /// Its ticket is open, but the service's date cannot be read, so the rule above cannot judge.
    UnreadableDate(Ticket),
}

impl Refusal {
    pub fn why(&self) -> NotCredited {
        match self {
            Self::NoMatch => NotCredited::NoMatch,
            Self::Ambiguous(_) => NotCredited::Ambiguous,
            Self::AlreadyCredited { .. } => NotCredited::AlreadyCredited,
            Self::Closed(_) => NotCredited::Closed,
            Self::OtherAccount(_) => NotCredited::OtherAccount,
            Self::BeforeTicket { .. } => NotCredited::BeforeTicket,
            Self::UnreadableDate(_) => NotCredited::UnreadableDate,
        }
    }

    pub fn ticket_id(&self) -> Option<i64> {
        match self {
            Self::AlreadyCredited { ticket, .. }
            | Self::Closed(ticket)
            | Self::BeforeTicket { ticket, .. }
            | Self::UnreadableDate(ticket) => Some(ticket.ticket_id),
            Self::NoMatch | Self::Ambiguous(_) | Self::OtherAccount(_) => None,
        }
    }
}

impl<'a> From<&'a Refusal> for crate::text::bank::RefusalFacts<'a> {
    fn from(r: &'a Refusal) -> Self {
        use crate::text::bank::RefusalFacts as F;
        match r {
            Refusal::NoMatch => F::NoMatch,
            Refusal::Ambiguous(tickets) => F::Ambiguous(tickets.iter().map(Into::into).collect()),
            Refusal::AlreadyCredited { ticket, earlier } => F::AlreadyCredited {
                ticket: ticket.into(),
                earlier: earlier.as_ref(),
            },
            Refusal::Closed(ticket) => F::Closed(ticket.into()),
            Refusal::OtherAccount(ours) => F::OtherAccount(ours.iter().map(Into::into).collect()),
            Refusal::BeforeTicket { ticket, hours } => F::BeforeTicket {
                ticket: ticket.into(),
                hours: *hours,
            },
            Refusal::UnreadableDate(ticket) => F::UnreadableDate(ticket.into()),
        }
    }
}

/// Settles a stored credit mutation (`mutation_id`) inside the caller's transaction: credits its
/// ticket and returns its id, or says why it credits none.
pub(super) async fn settle(
    conn: &mut PgConnection,
    admins: &[i64],
    ticket_hours: u32,
    mutation_id: i64,
    m: &Mutation,
) -> Result<Result<i64, Refusal>, DepositError> {
    let ours = BankAccount::shown(conn).await?;
    if !into_ours(&m.account_number, &ours) {
        return Ok(Err(Refusal::OtherAccount(ours)));
    }
    // The tickets it could be for: those with its amount that are open, or closed within a
    // ticket's lifetime (a late transfer). Opening a ticket avoids both, so there is one at most
    // unless the lifetime was raised since.
    let candidates: Vec<Ticket> = sqlx::query_as(select_ticket!(
        "t.amount = $1
            and (t.status = 'open' or t.closed_at > now() - make_interval(hours => $2))
          order by t.ticket_id"
    ))
    .bind(m.amount.rupiah())
    .bind(ticket_hours as i32)
    .fetch_all(&mut *conn)
    .await?;
    let ticket = match <[Ticket; 1]>::try_from(candidates) {
        Ok([ticket]) => ticket,
        Err(candidates) if candidates.is_empty() => return Ok(Err(Refusal::NoMatch)),
        Err(candidates) => return Ok(Err(Refusal::Ambiguous(candidates))),
    };
    let lifetime = Duration::hours(ticket_hours.into());
    match m.dated {
        Dated::At(at) if at < ticket.created_at - lifetime => {
            return Ok(Err(Refusal::BeforeTicket {
                ticket,
                hours: ticket_hours,
            }));
        }
        Dated::Unreadable if ticket.status == TicketStatus::Open => {
            return Ok(Err(Refusal::UnreadableDate(ticket)));
        }
        _ => {}
    }
    let found = match ticket.status {
        TicketStatus::Open => {
            let how = Approval::Mutation(mutation_id);
            match credit(conn, admins, ticket.ticket_id, how).await? {
                CreditOutcome::Credited { ticket, .. } => return Ok(Ok(ticket.ticket_id)),
                CreditOutcome::Closed(t) | CreditOutcome::Expired(t) => t,
                CreditOutcome::NotFound => ticket,
            }
        }
        _ => ticket,
    };
    Ok(Err(if found.status == TicketStatus::Credited {
        let earlier = earlier_credit(conn, found.ticket_id).await?;
        Refusal::AlreadyCredited {
            ticket: found,
            earlier,
        }
    } else {
        Refusal::Closed(found)
    }))
}

/// Whether money into `account` (as the service wrote it) is ours. With no account named, or
/// none on `/rekening`, amounts alone decide.
fn into_ours(account: &str, ours: &[BankAccount]) -> bool {
    let digits: String = account.chars().filter(char::is_ascii_digit).collect();
    digits.is_empty() || ours.is_empty() || ours.iter().any(|a| a.number == digits)
}

async fn earlier_credit(
    conn: &mut PgConnection,
    ticket_id: i64,
) -> Result<Option<Earlier>, DepositError> {
    let found: Option<(String, String)> = sqlx::query_as(
        "select source_id, mutated_at from bank_mutations
          where ticket_id = $1 and outcome = 'credited'",
    )
    .bind(ticket_id)
    .fetch_optional(conn)
    .await?;
    Ok(found.map(|(source_id, date)| Earlier { source_id, date }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(number: &str) -> BankAccount {
        BankAccount {
            bank_account_id: 1,
            bank: "BCA".into(),
            number: number.into(),
            holder: "Toko".into(),
        }
    }

    #[test]
    fn an_account_is_ours_when_its_digits_match_or_either_side_is_silent() {
        let ours = [account("1234567890"), account("0987654321")];
        assert!(into_ours("1234567890", &ours));
        assert!(into_ours("123-456-7890", &ours));
        assert!(into_ours("", &ours));
        assert!(into_ours("5555555555", &[]));
        assert!(!into_ours("5555555555", &ours));
        assert!(!into_ours("12345678901", &ours));
    }
}
