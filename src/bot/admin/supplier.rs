//! `/saldoserver` and `/depositserver`: a supplier's side of the money, for admins; without a
//! code, `utama`'s.
use sqlx::PgConnection;

use crate::bot::Caller;
use crate::domain::Money;
use crate::supplier::{self, AdminMessage, Recorded, UTAMA};
use crate::text::{supplier as say, suppliers};

fn from(caller: &Caller) -> AdminMessage {
    AdminMessage {
        admin_id: caller.user_id,
        chat_id: caller.chat_id,
        message_id: caller.message_id,
    }
}

pub async fn balance(
    conn: &mut PgConnection,
    caller: &Caller,
    code: Option<&str>,
    accept: bool,
) -> sqlx::Result<String> {
    let code = code.unwrap_or(UTAMA);
    if !accept {
        return Ok(match supplier::balance(conn, code).await? {
            Ok(balance) => say::balance(&balance),
            Err(refusal) => suppliers::refusal(code, &refusal),
        });
    }
    let recorded = match supplier::accept_reported(conn, from(caller), code).await? {
        Ok(recorded) => recorded,
        Err(refusal) => return Ok(suppliers::refusal(code, &refusal)),
    };
    Ok(match recorded {
        Some(Recorded::Now) => {
            tracing::info!(
                admin_id = caller.user_id,
                supplier = code,
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
    code: Option<&str>,
) -> sqlx::Result<String> {
    let supplier = code.unwrap_or(UTAMA);
    let recorded = match supplier::record_deposit_to(conn, from(caller), supplier, amount).await? {
        Ok(recorded) => recorded,
        Err(refusal) => return Ok(suppliers::refusal(supplier, &refusal)),
    };
    Ok(match recorded {
        Recorded::Now => {
            tracing::info!(
                admin_id = caller.user_id,
                supplier,
                amount = amount.rupiah(),
                "deposit to the supplier recorded"
            );
            say::deposit_recorded(amount, code)
        }
        Recorded::Already => say::ALREADY_RECORDED.to_owned(),
    })
}
