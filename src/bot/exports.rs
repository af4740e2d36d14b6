//! `/pengguna xlsx` and `/mutasi <user_id> [xlsx]`: reading only, so no transaction; the file
//! leaves through the outbox with the reply, in the transaction that marks the update handled.
use sqlx::PgConnection;

use crate::bot::Reply;
use crate::bot::account;
use crate::outbox::{Attachment, Document};
use crate::reports::exports::{self, Sheet};
use crate::reports::{csv, today_wib};
use crate::text::admin::admin_not_registered;
use crate::text::exports as say;

fn document(bytes: Vec<u8>, file_name: String, caption: String) -> Reply {
    Reply::with(caption, Attachment::Document(Document { bytes, file_name }))
}

pub async fn users_xlsx(conn: &mut PgConnection) -> anyhow::Result<Reply> {
    Ok(match exports::users_xlsx(conn).await? {
        Sheet::File { bytes, rows } => {
            let today = today_wib(chrono::Utc::now());
            document(bytes, say::users_file_name(today), say::users_caption(rows))
        }
        Sheet::Empty => Reply::text(say::NO_USERS),
        Sheet::TooMany => Reply::text(say::users_too_many(csv::MAX_ROWS)),
    })
}

/// Who asks for `of`'s statement decides what they get: a reseller only ever their own; an
/// admin anyone's, as text or (`xlsx`) the whole ledger as a file.
pub async fn statement(
    conn: &mut PgConnection,
    caller: i64,
    is_admin: bool,
    of: Option<i64>,
    xlsx: bool,
) -> anyhow::Result<Reply> {
    if !is_admin && (xlsx || of.is_some_and(|id| id != caller)) {
        return Ok(Reply::text(say::OTHERS_LEDGER_REFUSED));
    }
    match (of, xlsx) {
        (None, false) => Ok(Reply::text(account::statement(conn, caller, None).await?)),
        (None, true) => Ok(Reply::text(say::LEDGER_WHOSE)),
        // A reseller naming their own id reads their own statement, as if unnamed.
        (Some(user_id), false) if user_id == caller => {
            Ok(Reply::text(account::statement(conn, caller, None).await?))
        }
        (Some(user_id), false) => {
            let of = Some(user_id);
            Ok(Reply::text(account::statement(conn, user_id, of).await?))
        }
        (Some(user_id), true) => ledger_xlsx(conn, user_id).await,
    }
}

async fn ledger_xlsx(conn: &mut PgConnection, user_id: i64) -> anyhow::Result<Reply> {
    let Some(sheet) = exports::ledger_xlsx(conn, user_id).await? else {
        return Ok(Reply::text(admin_not_registered(user_id)));
    };
    Ok(match sheet {
        Sheet::File { bytes, rows } => {
            let today = today_wib(chrono::Utc::now());
            let name = say::ledger_file_name(user_id, today);
            document(bytes, name, say::ledger_caption(user_id, rows))
        }
        Sheet::Empty => Reply::text(say::ledger_empty(user_id)),
        Sheet::TooMany => Reply::text(say::ledger_too_many(user_id, csv::MAX_ROWS)),
    })
}
