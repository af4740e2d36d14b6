//! Admin commands. Each one that changes something logs who did it (R25, R27).
use std::sync::Arc;

use sqlx::PgConnection;

use crate::balances::{self, AdminMove, Direction, Moved};
use crate::bot::{BotContext, Caller, Reply, confirm_settle};
use crate::domain::{Money, ProductCode, TrxId};
use crate::orders::queries;
use crate::orders::{Guard, Resolution, ResolveOutcome};
use crate::text::admin::{self as say, UserLine};
use crate::text::bot::order_not_found;
use crate::text::levels as levels_say;
use crate::{products, users};

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
        key: format!("tg:{}:{}", caller.chat_id, caller.message_id),
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

/// `/produk`: the list price (and cost price) saved, or why not.
pub async fn set_product(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    code: &ProductCode,
    cost: Option<Money>,
    price: Money,
    name: &str,
) -> sqlx::Result<String> {
    let admins = &ctx.admins;
    let (written, below) =
        match products::save(&ctx.pool, admins, caller.user_id, code, cost, price, name).await? {
            products::Saved::Done {
                written,
                below_cost,
            } => (written, below_cost),
            products::Saved::BelowCost { cost } => {
                return Ok(levels_say::price_below_kept_cost(
                    code.as_str(),
                    price,
                    cost,
                ));
            }
        };
    let p = &written.product;
    tracing::info!(
        admin_id = caller.user_id,
        product = %p.code,
        price = p.price,
        cost = p.cost,
        active = p.active,
        levels_below_cost = below.len(),
        "product saved"
    );
    Ok(levels_say::product_saved(&written, &below))
}

pub async fn toggle_product(
    conn: &mut PgConnection,
    caller: &Caller,
    code: &ProductCode,
    active: bool,
) -> sqlx::Result<String> {
    if !products::set_active(conn, code, active).await? {
        return Ok(say::product_missing(code.as_str()));
    }
    tracing::info!(admin_id = caller.user_id, product = %code, active, "product toggled");
    Ok(say::product_toggled(code.as_str(), active))
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
    if !users::set_blocked(conn, user_id, blocked).await? {
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

/// One page of the open orders. All of them are read, so every one is on some page and the
/// header can say how many there are.
pub async fn pending(
    ctx: &Arc<BotContext>,
    conn: &mut PgConnection,
    page: usize,
) -> sqlx::Result<String> {
    let open = queries::open_orders(conn, i64::MAX).await?;
    let lines: Vec<_> = open.iter().map(super::reseller::line).collect();
    let stuck_minutes = (ctx.stuck_after.as_secs() / 60) as i64;
    Ok(crate::text::lists::pending(
        &lines,
        stuck_minutes,
        chrono::Utc::now(),
        page,
    ))
}

/// `/selesai`. Failing a `pending` order asks first (see `confirm_settle`); the rest is decided
/// at once.
pub async fn settle(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    trxid: &TrxId,
    success_sn: Option<String>,
    note: &str,
) -> anyhow::Result<Reply> {
    let resolution = match success_sn {
        Some(sn) => Resolution::Success { sn },
        None => Resolution::Failed,
    };
    let note = if note.is_empty() {
        say::SETTLED_BY_COMMAND
    } else {
        note
    };
    let outcome = ctx
        .orders
        .resolve(
            caller.user_id,
            trxid,
            &resolution,
            note,
            Guard::AskIfPending,
        )
        .await?;
    let text = match outcome {
        ResolveOutcome::NeedsConfirmation(o) => {
            return confirm_settle::ask(ctx, caller, &o, note).await;
        }
        ResolveOutcome::Resolved(o) => say::settled(o.trxid.as_str(), o.status()),
        ResolveOutcome::AlreadyResolved(o) | ResolveOutcome::Moved(o) => {
            say::settle_unchanged(o.trxid.as_str(), o.status())
        }
        ResolveOutcome::Conflict(o) => say::settle_conflict(o.trxid.as_str(), o.status()),
        ResolveOutcome::StillSending(o) => say::settle_still_sending(o.trxid.as_str()),
        ResolveOutcome::NotFound => order_not_found().into(),
    };
    Ok(Reply::text(text))
}
