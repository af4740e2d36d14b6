//! Everyone who writes is known: a command, or a purchase typed as lines, notes its sender
//! before it runs; /start also tells admins of a new reseller (see [`crate::registration`]).
use std::sync::Arc;

use super::{BotContext, Caller};
use crate::users::{self, Started, Who};

/// The caller as `users` registers them: approved at once unless `REGISTRATION=approval` holds
/// new users back (admins never wait).
fn who<'a>(ctx: &BotContext, caller: &'a Caller) -> Who<'a> {
    Who {
        user_id: caller.user_id,
        chat_id: caller.chat_id,
        username: caller.username.as_deref(),
        full_name: caller.name.as_str(),
        approved: !ctx.registration.needs_approval() || ctx.is_admin(caller.user_id),
    }
}

/// Everyone who writes is registered (balance 0); the chat is where they hear from us. Only
/// /start counts as having started, for flood control.
pub(super) async fn note(
    conn: &mut sqlx::PgConnection,
    ctx: &BotContext,
    caller: &Caller,
) -> sqlx::Result<()> {
    users::note(conn, &who(ctx, caller)).await?;
    Ok(())
}

/// [`note`] for what is not a command (purchases typed as lines).
pub(in crate::bot) async fn note_caller(
    ctx: &Arc<BotContext>,
    caller: &Caller,
) -> sqlx::Result<()> {
    note(&mut *ctx.pool.acquire().await?, ctx, caller).await
}

/// /start: registered as started, and admins told at a reseller's first.
pub(super) async fn start(ctx: &BotContext, caller: &Caller) -> sqlx::Result<Started> {
    let who = who(ctx, caller);
    crate::registration::start(&ctx.pool, &ctx.admins, ctx.registration, who).await
}
