//! A reseller's statement (`/mutasi`): their latest movements, read from the entries.
use sqlx::PgConnection;

/// One line of a reseller's statement (`/mutasi`).
#[derive(Debug, Clone)]
pub struct StatementEntry {
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub kind: String,
    pub amount: i64,
    pub balance_after: i64,
}

from_row!(StatementEntry {
    created_at,
    kind,
    amount,
    balance_after
});

/// A reseller's latest balance movements, newest first; `None` when `user_id` has no account
/// (never registered), which an admin asking for it is told.
pub async fn statement(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> Result<Option<Vec<StatementEntry>>, sqlx::Error> {
    let Some(account) = account_of(conn, user_id).await? else {
        return Ok(None);
    };
    let entries = sqlx::query_as(
        "select t.created_at, t.kind, e.amount, e.balance_after
           from ledger_entries e
           join ledger_txns t on t.txn_id = e.txn_id
          where e.account_id = $1
          order by e.entry_id desc
          limit $2",
    )
    .bind(account)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(Some(entries))
}

async fn account_of(conn: &mut PgConnection, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select account_id from accounts where user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// One movement of a reseller's ledger, for the admins' file (`/mutasi <user> xlsx`).
#[derive(Debug, Clone)]
pub struct LedgerLine {
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub kind: String,
    /// Signed: what the movement did to the reseller's balance.
    pub amount: i64,
    pub balance_after: i64,
    /// The trxid of the order it belongs to (hold, void, reversal, refund), read the way the
    /// ledger's invariant checks read orders.
    pub trxid: Option<String>,
    /// The admin's note on a top-up or deduction, the ticket or bank reference of a deposit.
    pub note: String,
}

from_row!(LedgerLine {
    created_at,
    kind,
    amount,
    balance_after,
    trxid,
    note
});

/// A reseller's movements oldest first, at most `limit` of them; `None` when they have no
/// account (never registered).
pub async fn ledger_lines(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> Result<Option<Vec<LedgerLine>>, sqlx::Error> {
    let Some(account) = account_of(conn, user_id).await? else {
        return Ok(None);
    };
    let lines = sqlx::query_as(
        "select t.created_at, t.kind, e.amount, e.balance_after, o.trxid, t.note
           from ledger_entries e
           join ledger_txns t on t.txn_id = e.txn_id
           left join orders o on o.order_id = t.order_id
          where e.account_id = $1
          order by e.entry_id
          limit $2",
    )
    .bind(account)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(Some(lines))
}
