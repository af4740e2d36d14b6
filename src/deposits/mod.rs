//! Deposits: resellers funding their own balance.
//!
//! A reseller asks for a ticket (`/deposit`): an amount to transfer, the nominal plus a kode unik
//! that no other open ticket has, so that a transfer names its ticket. The ticket is credited by
//! an admin's ✅ or by the bank mutation whose amount matches it, whichever comes first: every way
//! goes through [`credit`], one guarded update of the ticket and its ledger movement in one
//! transaction, and the ledger's `ledger_one_credit_per_ticket` index makes a second credit
//! impossible whatever happens above it (R31). A bank mutation's body is judged item by item,
//! and a credit that credits no ticket reaches admins with the reason (R35).
use chrono::{DateTime, Utc};

use crate::domain::Money;

mod bank_accounts;
mod batch;
mod buttons;
mod credit;
mod dated;
mod desk;
mod matching;
mod mutations;
mod payload;
mod proofs;
pub mod qr_image;
mod tickets;

pub use crate::domain::deposit::TicketStatus;
pub use bank_accounts::{BankAccount, BankAccountError};
pub use batch::{ReceiveError, Received, Refused, receive, refuse};
pub use buttons::decision_buttons;
pub use credit::{Approval, CreditOutcome, credit, expire_due, reject};
pub use dated::{Dated, read_date};
pub use desk::{PaidOutcome, approve, open_ticket, reject_ticket, report_paid};
pub use matching::{Earlier, NotCredited, Refusal};
pub use mutations::MutationOutcome;
pub use payload::{ItemProblem, Mutation, MutationKind, PayloadError};
pub use proofs::{Attached, Proof, ProofOutcome, attach_proof, receive_proof};
pub use tickets::{
    OpenError, Request, cancel, find, list_of_user, list_open, note_paid, open, open_of_user,
};

/// A deposit ticket as stored, with the reseller it belongs to.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub ticket_id: i64,
    pub user_id: i64,
    pub nominal: Money,
    pub unique_code: i32,
    /// What to transfer and what is credited: nominal + kode unik.
    pub amount: Money,
    pub status: TicketStatus,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub paid_noted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// `admin`, `mutation`, `reseller` or `expiry`.
    pub closed_how: Option<String>,
    pub closed_by: Option<i64>,
    pub reason: Option<String>,
    pub user_chat_id: i64,
    pub user_name: String,
}

impl<'a> From<&'a Ticket> for crate::text::deposits::TicketFacts<'a> {
    fn from(t: &'a Ticket) -> Self {
        Self {
            ticket_id: t.ticket_id,
            user_id: t.user_id,
            user_name: &t.user_name,
            nominal: t.nominal,
            unique_code: t.unique_code,
            amount: t.amount,
            status: t.status,
            created_at: t.created_at,
            expires_at: t.expires_at,
            paid_noted_at: t.paid_noted_at,
            closed_at: t.closed_at,
            closed_how: t.closed_how.as_deref(),
            closed_by: t.closed_by,
            reason: t.reason.as_deref(),
        }
    }
}

from_row!(Ticket {
    ticket_id,
    user_id,
    nominal: money,
    unique_code,
    amount: money,
    status: status,
    created_at,
    expires_at,
    paid_noted_at,
    closed_at,
    closed_how,
    closed_by,
    reason,
    user_chat_id,
    user_name
});

fn money(row: &sqlx::postgres::PgRow, column: &str) -> sqlx::Result<Money> {
    use sqlx::Row;
    Ok(Money::from_rupiah(row.try_get(column)?))
}

fn status(row: &sqlx::postgres::PgRow, column: &str) -> sqlx::Result<TicketStatus> {
    use sqlx::Row;
    let value: String = row.try_get(column)?;
    TicketStatus::parse(&value).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.into(),
        source: format!("unknown ticket status {value:?}").into(),
    })
}

/// The columns of a [`Ticket`], from `deposit_tickets t` and its owner `users u`.
macro_rules! ticket_columns {
    () => {
        "t.ticket_id, t.user_id, t.nominal, t.unique_code, t.amount, t.status, t.created_at,
         t.expires_at, t.paid_noted_at, t.closed_at, t.closed_how, t.closed_by, t.reason,
         u.chat_id as user_chat_id, u.full_name as user_name"
    };
}

/// The [`Ticket`]s matching `$cond` (on `deposit_tickets t` and `users u`).
macro_rules! select_ticket {
    ($cond:literal) => {
        concat!(
            "select ",
            $crate::deposits::ticket_columns!(),
            " from deposit_tickets t join users u on u.user_id = t.user_id where ",
            $cond
        )
    };
}

/// A statement on `deposit_tickets` (`with t as (…)`) that returns the [`Ticket`]s it wrote.
macro_rules! ticket_after {
    ($dml:literal) => {
        concat!(
            "with t as (",
            $dml,
            " returning *) select ",
            $crate::deposits::ticket_columns!(),
            " from t join users u on u.user_id = t.user_id"
        )
    };
}
pub(crate) use {select_ticket, ticket_after, ticket_columns};

/// What judging a bank mutation needs besides the mutation.
#[derive(Debug, Clone)]
pub struct MutationRules {
    /// Who hears about money that credited nothing and items that could not be read.
    pub admins: std::sync::Arc<[i64]>,
    /// A ticket's lifetime (`DEPOSIT_TICKET_HOURS`): how late a transfer may still name it.
    pub ticket_hours: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum DepositError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
}
