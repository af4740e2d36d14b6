//! `/rute`: a product's route of suppliers shown, replaced or cleared (R42). The bot renders
//! what `routes` answers; the change and its audit row are theirs.
use sqlx::PgConnection;

use crate::bot::Caller;
use crate::bot::commands::RouteCommand;
use crate::domain::ProductCode;
use crate::routes::{self, RouteChange};
use crate::text::routes as say;

pub(in crate::bot) mod args;

pub async fn run(
    conn: &mut PgConnection,
    caller: &Caller,
    code: &ProductCode,
    command: RouteCommand,
) -> sqlx::Result<String> {
    let steps = match command {
        RouteCommand::Show => return shown(conn, code, say::route).await,
        RouteCommand::Set(steps) => steps,
        RouteCommand::Clear => Vec::new(),
    };
    let admin_id = caller.user_id;
    match routes::set(conn, admin_id, code.as_str(), &steps).await? {
        RouteChange::Refused(refusal) => Ok(say::refused(code.as_str(), &refusal)),
        RouteChange::Done { before, after } => {
            tracing::info!(admin_id, product = code.as_str(), %before, %after, "route set");
            shown(conn, code, say::saved).await
        }
    }
}

async fn shown(
    conn: &mut PgConnection,
    code: &ProductCode,
    say: fn(&routes::RouteView) -> String,
) -> sqlx::Result<String> {
    Ok(match routes::show(conn, code.as_str()).await? {
        Some(view) => say(&view),
        None => say::no_product(code.as_str()),
    })
}
