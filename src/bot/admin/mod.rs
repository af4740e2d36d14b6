//! Admins looking after resellers and the business: a balance moved by hand, the resellers
//! and their blocks; the supplier's balance ([`supplier`]) and messages Telegram refused
//! ([`undelivered`]); the audit trail ([`audit`]). Each command that changes something logs who
//! did it (R25, R27) and leaves its audit row (R38).
use std::sync::Arc;

use sqlx::PgConnection;

use crate::balances::{self, AdminMove, Direction, Moved};
use crate::bot::{BotContext, Caller};
use crate::domain::Money;
use crate::text::admin::{self as say, UserLine};
use crate::users;

pub(in crate::bot) mod args;
pub(super) mod audit;
pub(super) mod supplier;
pub(super) mod undelivered;

/// `/topup` and `/tarik`, keyed by the admin's message so a redelivered command counts once.
pub async fn move_balance(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    user_id: i64,
    amount: Money,
    note: String,
    credit: bool,
) -> anyhow::Result<String> {
    let direction = if credit {
        Direction::Credit
    } else {
        Direction::Debit
    };
    let request = AdminMove {
        admin_id: caller.user_id,
        user_id,
        amount,
        direction,
        note,
        key: caller.message_key(),
    };
    let balance = match balances::move_by_admin(&ctx.pool, &request).await? {
        Moved::Done { balance } => balance,
        Moved::AlreadyDone => return Ok(say::admin_already_done().into()),
        Moved::NotRegistered => return Ok(say::admin_not_registered(user_id)),
        Moved::Insufficient { balance } => {
            return Ok(say::admin_cannot_deduct(user_id, balance, amount));
        }
    };
    tracing::info!(
        admin_id = caller.user_id,
        user_id,
        amount = amount.rupiah(),
        credit,
        balance = balance.rupiah(),
        "balance moved by admin"
    );
    let verb = if credit { say::ADDED } else { say::DEDUCTED };
    Ok(say::admin_balance_moved(verb, user_id, amount, balance))
}

pub async fn users(conn: &mut PgConnection) -> sqlx::Result<String> {
    let rows = users::list(conn, 100).await?;
    let lines: Vec<UserLine> = rows
        .iter()
        .map(|u| UserLine {
            user_id: u.user_id,
            name: &u.full_name,
            username: u.username.as_deref(),
            balance: Money::from_rupiah(u.balance),
            blocked: u.blocked,
            level: &u.level,
        })
        .collect();
    Ok(say::users(&lines))
}

pub async fn block(
    conn: &mut PgConnection,
    caller: &Caller,
    user_id: i64,
    blocked: bool,
) -> sqlx::Result<String> {
    if !users::set_blocked(conn, caller.user_id, user_id, blocked).await? {
        return Ok(say::admin_not_registered(user_id));
    }
    tracing::info!(
        admin_id = caller.user_id,
        user_id,
        blocked,
        "reseller block changed"
    );
    Ok(say::user_block_changed(user_id, blocked))
}
