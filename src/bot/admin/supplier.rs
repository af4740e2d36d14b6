//! `/saldoserver` and `/depositserver`: the supplier's side of the money, for admins.
use sqlx::PgConnection;

use crate::bot::Caller;
use crate::domain::Money;
use crate::supplier::{self, Recorded};
use crate::text::supplier as say;

pub async fn balance(
    conn: &mut PgConnection,
    caller: &Caller,
    accept: bool,
) -> sqlx::Result<String> {
    if !accept {
        return Ok(say::balance(&supplier::balance(conn).await?));
    }
    let recorded =
        supplier::accept_reported(conn, caller.user_id, caller.chat_id, caller.message_id).await?;
    Ok(match recorded {
        Some(Recorded::Now) => {
            tracing::info!(
                admin_id = caller.user_id,
                "supplier book set to the reported balance"
            );
            say::ACCEPTED.to_owned()
        }
        Some(Recorded::Already) => say::ALREADY_RECORDED.to_owned(),
        None => say::NOTHING_TO_ACCEPT.to_owned(),
    })
}

pub async fn deposit(
    conn: &mut PgConnection,
    caller: &Caller,
    amount: Money,
) -> sqlx::Result<String> {
    let recorded = supplier::record_deposit(
        conn,
        caller.user_id,
        caller.chat_id,
        caller.message_id,
        amount,
    )
    .await?;
    Ok(match recorded {
        Recorded::Now => {
            tracing::info!(
                admin_id = caller.user_id,
                amount = amount.rupiah(),
                "deposit to the supplier recorded"
            );
            say::deposit_recorded(amount)
        }
        Recorded::Already => say::ALREADY_RECORDED.to_owned(),
    })
}
