//! The double-entry ledger. Every movement is one `ledger_txns` row and two `ledger_entries`
//! rows summing to zero, written by one SQL statement inside the caller's transaction, so money
//! moves exactly when the caller's state change commits.
//!
//! | movement  | debit          | credit         |
//! |-----------|----------------|----------------|
//! | top-up    | `topup_source` | user           |
//! | deduction | user           | `topup_source` |
//! | hold      | user           | `holds`        |
//! | post      | `holds`        | `sales`        |
//! | void      | `holds`        | user           |
//! | reversal  | `sales`        | user           |
//! | refund    | `sales`        | user           |
//! | deposit   | `deposits`     | user           |
//!
//! A movement that is part of a larger change is written by that change's own statement, from
//! the parts in [`parts`] (`hold`, `post` …), each binding its own values (see [`crate::sql`]):
//! the hold is written by the statement that inserts its order, the sale by the one that settles
//! it. This module is the only code that writes `ledger_txns`, `ledger_entries` and a balance.
use sqlx::PgConnection;

use crate::domain::Money;
use crate::sql::Sql;

mod invariants;
mod parts;
mod refund;
mod statement;

pub use invariants::{Violation, check_invariants};
pub use parts::{Hold, balance_of, hold, open_account, post, record_hold};
pub use refund::{refund, reversed_at};
pub use statement::{LedgerLine, StatementEntry, ledger_lines, statement};

/// Well-known ids of the system accounts (created by the first migration).
pub const TOPUP_SOURCE: i64 = 1;
pub const HOLDS: i64 = 2;
pub const SALES: i64 = 3;
/// Money resellers transferred to the shop for their deposit tickets.
pub const DEPOSITS: i64 = 4;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The debit would take a user balance below zero; nothing was written.
    #[error("insufficient balance")]
    InsufficientBalance,
    #[error("user {0} has no account")]
    NoAccount(i64),
    /// The movement already exists (same idempotency key, or a second resolution of an order).
    /// The caller's transaction is aborted and must be rolled back.
    #[error("movement already recorded")]
    AlreadyRecorded,
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for LedgerError {
    fn from(e: sqlx::Error) -> Self {
        let duplicate = e.as_database_error().is_some_and(|d| {
            d.is_unique_violation()
                && matches!(
                    d.constraint(),
                    Some(
                        "ledger_txns_idempotency_key_unique"
                            | "ledger_one_resolution_per_order"
                            | "ledger_one_refund_per_order"
                            | "ledger_one_kind_per_order"
                            | "ledger_one_credit_per_ticket"
                    )
                )
        });
        if duplicate {
            Self::AlreadyRecorded
        } else {
            Self::Database(e)
        }
    }
}

/// Who moved money by hand, and why; keyed so that a redelivered command counts once.
#[derive(Debug, Clone)]
pub struct AdminAction {
    pub admin_id: i64,
    pub note: String,
    pub idempotency_key: Option<String>,
}

/// SUKSES: the held money becomes a sale, alone in its statement (a settlement writes it with
/// [`post`] in its own). Returns the user's balance, which a sale leaves as it is.
pub async fn post_sale(
    conn: &mut PgConnection,
    user_id: i64,
    order_id: i64,
    price: Money,
) -> Result<Money, LedgerError> {
    let mut q = Sql::new();
    post(&mut q, order_id, price);
    q.push(" select ");
    balance_of(&mut q, user_id);
    let balance: Option<i64> = q.query_scalar().fetch_one(conn).await?;
    Ok(Money::from_rupiah(balance.unwrap_or_default()))
}

/// GAGAL: the held money goes back to the user. Returns the new balance.
pub async fn void(
    conn: &mut PgConnection,
    user_id: i64,
    order_id: i64,
    price: Money,
) -> Result<Money, LedgerError> {
    let m = UserMovement::order("void", order_id, user_id, price.rupiah(), HOLDS);
    m.record(conn).await
}

/// GAGAL after SUKSES: the sale is refunded to the user. Returns the new balance.
pub async fn reverse(
    conn: &mut PgConnection,
    user_id: i64,
    order_id: i64,
    price: Money,
) -> Result<Money, LedgerError> {
    let m = UserMovement::order("reversal", order_id, user_id, price.rupiah(), SALES);
    m.record(conn).await
}

/// An admin credits a reseller. Returns the new balance.
pub async fn top_up(
    conn: &mut PgConnection,
    user_id: i64,
    amount: Money,
    action: &AdminAction,
) -> Result<Money, LedgerError> {
    UserMovement::admin("topup", user_id, amount.rupiah(), action)
        .record(conn)
        .await
}

/// A deposit ticket is paid: its whole amount (kode unik included) is credited to the reseller.
/// At most once per ticket, by the `ledger_one_credit_per_ticket` index, whoever approves it.
/// Returns the new balance.
pub async fn deposit(
    conn: &mut PgConnection,
    user_id: i64,
    ticket_id: i64,
    amount: Money,
) -> Result<Money, LedgerError> {
    UserMovement {
        kind: "deposit",
        order_id: None,
        ticket_id: Some(ticket_id),
        user_id,
        delta: amount.rupiah(),
        system_account: DEPOSITS,
        admin: None,
    }
    .record(conn)
    .await
}

/// An admin debits a reseller, never below zero. Returns the new balance.
pub async fn deduct(
    conn: &mut PgConnection,
    user_id: i64,
    amount: Money,
    action: &AdminAction,
) -> Result<Money, LedgerError> {
    UserMovement::admin("deduction", user_id, -amount.rupiah(), action)
        .record(conn)
        .await
}

/// A user's current balance, or `None` if they have no account.
pub async fn balance(conn: &mut PgConnection, user_id: i64) -> Result<Option<Money>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("select balance from accounts where user_id = $1 and kind = 'user'")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(b,)| Money::from_rupiah(b)))
}

/// A movement between one user account and one system account. `delta` is the signed change
/// to the user's balance; the system account gets the opposite.
struct UserMovement<'a> {
    kind: &'static str,
    order_id: Option<i64>,
    ticket_id: Option<i64>,
    user_id: i64,
    delta: i64,
    system_account: i64,
    admin: Option<&'a AdminAction>,
}

impl<'a> UserMovement<'a> {
    fn order(kind: &'static str, order_id: i64, user_id: i64, delta: i64, system: i64) -> Self {
        Self {
            kind,
            order_id: Some(order_id),
            ticket_id: None,
            user_id,
            delta,
            system_account: system,
            admin: None,
        }
    }

    fn admin(kind: &'static str, user_id: i64, delta: i64, action: &'a AdminAction) -> Self {
        Self {
            kind,
            order_id: None,
            ticket_id: None,
            user_id,
            delta,
            system_account: TOPUP_SOURCE,
            admin: Some(action),
        }
    }

    /// One statement: the conditional balance update (see [`parts`]), the transaction and both
    /// entries. If the balance would go negative, no row is updated and nothing is inserted.
    async fn record(self, conn: &mut PgConnection) -> Result<Money, LedgerError> {
        let mut q = Sql::new();
        let acct = parts::balance_change(&mut q, self.user_id, self.delta);
        let txn = q.with("ledger_txn", |q| {
            q.push(
                "insert into ledger_txns
                        (kind, order_id, amount, actor, note, idempotency_key, ticket_id)
                 select ",
            )
            .bind(self.kind)
            .push(", ")
            .bind(self.order_id)
            .push(", ")
            .bind(self.delta.abs())
            .push(", ")
            .bind(self.admin.map(|a| a.admin_id))
            .push(", ")
            .bind(self.admin.map(|a| a.note.as_str()).unwrap_or(""))
            .push(", ")
            .bind(self.admin.and_then(|a| a.idempotency_key.as_deref()))
            .push(", ")
            .bind(self.ticket_id)
            .push(" from ")
            .cte(acct)
            .push(" returning txn_id");
        });
        parts::entries(&mut q, txn, acct, self.delta, self.system_account);
        q.push(" select balance from ").cte(acct);
        let row: Option<i64> = q.query_scalar().fetch_optional(&mut *conn).await?;
        match row {
            Some(balance) => Ok(Money::from_rupiah(balance)),
            None if balance(conn, self.user_id).await?.is_none() => {
                Err(LedgerError::NoAccount(self.user_id))
            }
            None => Err(LedgerError::InsufficientBalance),
        }
    }
}
