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

/// A reseller's latest balance movements, newest first.
pub async fn statement(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> Result<Vec<StatementEntry>, sqlx::Error> {
    sqlx::query_as(
        "select t.created_at, t.kind, e.amount, e.balance_after
           from ledger_entries e
           join ledger_txns t on t.txn_id = e.txn_id
          where e.account_id = (select account_id from accounts where user_id = $1)
          order by e.entry_id desc
          limit $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}
