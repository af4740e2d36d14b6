//! Everyone who writes is known: a command, or a purchase typed as lines, notes its sender
//! before it runs.
use std::sync::Arc;

use super::{BotContext, Caller};
use crate::users;

/// Everyone who writes is registered (balance 0); the chat is where they hear from us. Only
/// /start counts as having started, for flood control.
pub(super) async fn note(conn: &mut sqlx::PgConnection, caller: &Caller) -> sqlx::Result<()> {
    let (id, chat, name) = (caller.user_id, caller.chat_id, caller.name.as_str());
    users::note(conn, id, chat, caller.username.as_deref(), name).await?;
    Ok(())
}

/// [`note`] for what is not a command (purchases typed as lines).
pub(in crate::bot) async fn note_caller(
    ctx: &Arc<BotContext>,
    caller: &Caller,
) -> sqlx::Result<()> {
    note(&mut *ctx.pool.acquire().await?, caller).await
}
