//! Balances moved by hand: an admin's top-up or deduction, and the notice that tells the
//! reseller, in one transaction, keyed so that a redelivered command counts once.
use sqlx::PgPool;

use crate::audit::{self, Action, Entry};
use crate::domain::Money;
use crate::ledger::{self, AdminAction, LedgerError};
use crate::text::bot::{deducted_notice, topped_up_notice};
use crate::{outbox, users};

/// Which way the money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `/topup`: into the reseller's balance.
    Credit,
    /// `/tarik`: out of it, never below zero.
    Debit,
}

/// What became of a movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// Done; the reseller's balance after it.
    Done { balance: Money },
    /// No such reseller; nothing moved.
    NotRegistered,
    /// The same command was already recorded; nothing moved again.
    AlreadyDone,
    /// A deduction larger than the balance (shown as it stands); nothing moved.
    Insufficient { balance: Money },
}

/// One admin command that moves money.
#[derive(Debug, Clone)]
pub struct AdminMove {
    pub admin_id: i64,
    pub user_id: i64,
    pub amount: Money,
    pub direction: Direction,
    pub note: String,
    /// The command's own key (its chat and message): the same key never moves money twice.
    pub key: String,
}

/// Moves the money and queues the reseller's notice, in one transaction: the notice is sent
/// exactly when the money moved.
pub async fn move_by_admin(pool: &PgPool, mv: &AdminMove) -> Result<Moved, sqlx::Error> {
    let AdminMove {
        user_id,
        amount,
        direction,
        ..
    } = *mv;
    let action = AdminAction {
        admin_id: mv.admin_id,
        note: mv.note.clone(),
        idempotency_key: Some(mv.key.clone()),
    };
    let action = &action;
    let mut tx = pool.begin().await?;
    let Some(chat) = users::chat_of(&mut tx, user_id).await? else {
        return Ok(Moved::NotRegistered);
    };
    let moved = match direction {
        Direction::Credit => ledger::top_up(&mut tx, user_id, amount, action).await,
        Direction::Debit => ledger::deduct(&mut tx, user_id, amount, action).await,
    };
    let balance = match moved {
        Ok(balance) => balance,
        Err(LedgerError::AlreadyRecorded) => return Ok(Moved::AlreadyDone),
        Err(LedgerError::NoAccount(_)) => return Ok(Moved::NotRegistered),
        Err(LedgerError::InsufficientBalance) => {
            drop(tx);
            let mut conn = pool.acquire().await?;
            let balance = ledger::balance(&mut conn, user_id)
                .await?
                .unwrap_or_default();
            return Ok(Moved::Insufficient { balance });
        }
        Err(LedgerError::Database(e)) => return Err(e),
    };
    let notice = match direction {
        Direction::Credit => topped_up_notice(amount, balance),
        Direction::Debit => deducted_notice(amount, balance),
    };
    let key = format!("balance:{}", mv.key);
    outbox::enqueue(&mut tx, &key, chat, notice).await?;
    audit::record(&mut tx, &trail(mv, balance)).await?;
    outbox::commit(tx).await?;
    Ok(Moved::Done { balance })
}

/// The audit row of a movement: the balance before and after, and the admin's note.
fn trail(mv: &AdminMove, after: Money) -> Entry {
    let (action, before) = match mv.direction {
        Direction::Credit => (Action::TopUp, after.rupiah() - mv.amount.rupiah()),
        Direction::Debit => (Action::Deduction, after.rupiah() + mv.amount.rupiah()),
    };
    let note = if mv.note.is_empty() {
        String::new()
    } else {
        format!(" ({})", mv.note)
    };
    Entry::new(mv.admin_id, action, format!("reseller {}", mv.user_id)).change(
        format!("saldo {}", Money::from_rupiah(before)),
        format!("saldo {after}{note}"),
    )
}
