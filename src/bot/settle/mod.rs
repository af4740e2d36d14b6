//! `/pending` and `/selesai`: the open orders, and an admin settling one; failing a pending
//! order asks first ([`question`]).
use std::sync::Arc;

use sqlx::PgConnection;

use crate::bot::{BotContext, Caller, Reply};
use crate::domain::TrxId;
use crate::orders::queries;
use crate::orders::{Guard, Resolution, ResolveOutcome};
use crate::text::admin as say;
use crate::text::bot::order_not_found;
use crate::text::lists::{Beyond, Paged};

pub(in crate::bot) mod args;
pub(super) mod question;

/// One page of the open orders. All of them are read, so every one is on some page and the
/// header can say how many there are.
pub async fn pending(
    ctx: &Arc<BotContext>,
    conn: &mut PgConnection,
    page: usize,
    beyond: Beyond,
) -> sqlx::Result<Paged> {
    let open = queries::open_orders(conn, i64::MAX).await?;
    let lines: Vec<_> = open.iter().map(crate::bot::account::line).collect();
    let stuck_minutes = (ctx.stuck_after.as_secs() / 60) as i64;
    Ok(crate::text::lists::pending(
        &lines,
        stuck_minutes,
        chrono::Utc::now(),
        page,
        beyond,
    ))
}

/// `/selesai`. Failing a `pending` order asks first (see [`question`]); the rest is decided
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
            return question::ask(ctx, caller, &o, note).await;
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
