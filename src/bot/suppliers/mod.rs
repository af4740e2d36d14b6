//! `/supplier`: the suppliers loket buys from, for admins; an admin pauses one (no new attempt
//! goes to it) or resumes it, each audited and told to the other admins by the registry (R41).
use std::sync::Arc;

use sqlx::PgConnection;

use crate::bot::{BotContext, Caller};
use crate::supplier::registry::{self, Admin};
use crate::text::suppliers as say;

pub(in crate::bot) mod args;

use args::SupplierCommand;

pub async fn run(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    conn: &mut PgConnection,
    command: SupplierCommand,
) -> sqlx::Result<String> {
    let who = Admin {
        admin_id: caller.user_id,
        admins: &ctx.admins,
    };
    match command {
        SupplierCommand::List => {
            let suppliers = registry::list(conn).await?;
            Ok(say::list(&suppliers, chrono::Utc::now()))
        }
        SupplierCommand::Pause { code, reason } => Ok(
            match registry::pause(&ctx.pool, who, &code, &reason).await? {
                Ok(paused) => {
                    tracing::info!(admin_id = caller.user_id, supplier = %code, "supplier paused");
                    say::paused(&code, &paused.reason)
                }
                Err(refusal) => say::refusal(&code, &refusal),
            },
        ),
        SupplierCommand::Resume { code } => {
            Ok(match registry::resume(&ctx.pool, who, &code).await? {
                Ok(_) => {
                    tracing::info!(admin_id = caller.user_id, supplier = %code, "supplier resumed");
                    say::resumed(&code)
                }
                Err(refusal) => say::refusal(&code, &refusal),
            })
        }
    }
}
