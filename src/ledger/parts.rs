//! The ledger's parts of statements that other modules compose (see [`crate::sql`]): a change
//! that moves money writes its movement by calling these, inside its own statement, so that
//! only this module writes `ledger_txns`, `ledger_entries` and a balance.
use super::{HOLDS, SALES};
use crate::domain::Money;
use crate::sql::{Cte, Sql};

/// A hold being written: the debit of the buyer's balance, and what the order it is for needs.
pub struct Hold {
    acct: Cte,
    amount: i64,
}

impl Hold {
    /// A clause with one row when the balance covered the hold, none when it did not: what the
    /// order it is for is inserted from, so that no order exists without its hold.
    pub fn taken(&self) -> Cte {
        self.acct
    }
}

/// The debit of `amount` from user `user_id` for an order, unless that would take their balance
/// below zero (then [`Hold::taken`] has no row, and nothing of the movement is written).
pub fn hold(q: &mut Sql, user_id: i64, amount: Money) -> Hold {
    let amount = amount.rupiah();
    let acct = balance_change(q, user_id, -amount);
    Hold { acct, amount }
}

/// The hold's movement (user → `holds`) for the order in `order`, a clause returning its
/// `order_id`: written only when the order was.
pub fn record_hold(q: &mut Sql, hold: &Hold, order: Cte) {
    let txn = q.with("ledger_txn", |q| {
        q.push("insert into ledger_txns (kind, order_id, amount) select 'hold', order_id, ")
            .bind(hold.amount)
            .push(" from ")
            .cte(order)
            .push(" returning txn_id");
    });
    entries(q, txn, hold.acct, -hold.amount, HOLDS);
}

/// A sale: order `order_id`'s held `amount` moves from `holds` to `sales`. A sale leaves the
/// user's balance as it is, so it takes no lock on it.
pub fn post(q: &mut Sql, order_id: i64, amount: Money) {
    let amount = amount.rupiah();
    let txn = q.with("ledger_txn", |q| {
        q.push("insert into ledger_txns (kind, order_id, amount) values ('post', ")
            .bind(order_id)
            .push(", ")
            .bind(amount)
            .push(") returning txn_id");
    });
    q.with("ledger_entries", |q| {
        q.push("insert into ledger_entries (txn_id, account_id, amount) select txn_id, ")
            .bind(HOLDS)
            .push(", ")
            .bind(-amount)
            .push(" from ")
            .cte(txn)
            .push(" union all select txn_id, ")
            .bind(SALES)
            .push(", ")
            .bind(amount)
            .push(" from ")
            .cte(txn);
    });
}

/// User `user_id`'s balance, as an expression (null if they have no account).
pub fn balance_of(q: &mut Sql, user_id: i64) {
    q.push("(select balance from accounts where user_id = ")
        .bind(user_id)
        .push(" and kind = 'user')");
}

/// The user side of a movement: user `user_id`'s balance changes by `delta` unless that would
/// take it below zero, in which case no row is updated and the clauses reading it write nothing.
/// PostgreSQL re-checks the condition under the row lock (Read Committed), so concurrent debits
/// cannot both pass. The clause returns the account's id, balance and version after.
pub(super) fn balance_change(q: &mut Sql, user_id: i64, delta: i64) -> Cte {
    q.with("ledger_acct", |q| {
        q.push("update accounts set balance = balance + ")
            .bind(delta)
            .push(", version = version + 1 where user_id = ")
            .bind(user_id)
            .push(" and kind = 'user' and balance + ")
            .bind(delta)
            .push(" >= 0 returning account_id, balance, version");
    })
}

/// A movement's two entries, after its `txn` (returning `txn_id`) and the user's `acct`: `delta`
/// to the user's account, with its balance and version after, and the opposite to `system`.
pub(super) fn entries(q: &mut Sql, txn: Cte, acct: Cte, delta: i64, system: i64) {
    q.with("ledger_entries", |q| {
        q.push(
            "insert into ledger_entries (txn_id, account_id, amount, balance_after, account_version)
             select t.txn_id, a.account_id, ",
        )
        .bind(delta)
        .push(", a.balance, a.version from ")
        .cte(txn)
        .push(" t, ")
        .cte(acct)
        .push(" a union all select txn_id, ")
        .bind(system)
        .push(", ")
        .bind(-delta)
        .push(", null, null from ")
        .cte(txn);
    });
}

/// Opens user `user_id`'s account, at zero, unless they have one: for the statement that
/// registers them, so that no user is without an account.
pub fn open_account(q: &mut Sql, user_id: i64) {
    q.with("ledger_account", |q| {
        q.push("insert into accounts (kind, user_id, balance) select 'user', ")
            .bind(user_id)
            .push(", 0 where not exists (select 1 from accounts where user_id = ")
            .bind(user_id)
            .push(") on conflict (user_id) do nothing");
    });
}
