//! Admins' view of messages Telegram refused for good: the list, one order's result, a resend.
use sqlx::PgConnection;

use crate::bot::Caller;
use crate::orders::queries;
use crate::outbox::{DeadLetter, undelivered};
use crate::text::bot::{order_detail, order_not_found};
use crate::text::dead as say;

/// Most dead letters `/gagalkirim` reads; it shows as many as fit in one message.
const LIST_LIMIT: i64 = 20;

pub async fn list(conn: &mut PgConnection) -> sqlx::Result<String> {
    let newest = undelivered::newest(conn, LIST_LIMIT).await?;
    let (total, results) = undelivered::counts(conn).await?;
    let views: Vec<_> = newest.iter().map(DeadLetter::view).collect();
    Ok(say::list(&views, total, results))
}

/// `/cek` for an admin: any order, and whether its result reached the reseller.
pub async fn check(conn: &mut PgConnection, trxid: &str) -> sqlx::Result<String> {
    let Some(order) = queries::visible_to(conn, trxid, None).await? else {
        return Ok(order_not_found().into());
    };
    let dead = undelivered::results_of_order(conn, order.order_id).await?;
    let views: Vec<_> = dead.iter().map(DeadLetter::view).collect();
    Ok(order_detail(&crate::bot::account::line(&order)) + &say::order_note(&views))
}

pub async fn resend(
    conn: &mut PgConnection,
    caller: &Caller,
    outbox_id: i64,
) -> sqlx::Result<String> {
    Ok(
        match undelivered::resend(conn, caller.user_id, outbox_id).await? {
            Some(chat_id) => {
                tracing::info!(
                    admin_id = caller.user_id,
                    outbox_id,
                    chat_id,
                    "undelivered message queued again"
                );
                say::resend_queued(outbox_id, chat_id)
            }
            None => say::resend_not_dead(outbox_id),
        },
    )
}
