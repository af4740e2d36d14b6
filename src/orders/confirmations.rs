//! `purchase_confirmations`: the question a repeat purchase asks ("the same product for the
//! same destination again?"), keyed by the /beli message that asked it. The decision is taken
//! once, by a guarded update; the order it leads to is keyed by that same message, so even a
//! decision taken twice could not buy twice.
use sqlx::PgPool;

use crate::domain::{Destination, ProductCode};

/// How long a question stays answerable; later, buying again means typing /beli again.
const ANSWERABLE_MINUTES: i32 = 10;

/// The /beli message that asked, and who asked it.
#[derive(Debug, Clone, Copy)]
pub struct Asker {
    pub chat_id: i64,
    pub message_id: i64,
    pub user_id: i64,
}

/// What a press on the question's buttons found.
#[derive(Debug)]
pub enum Answer {
    /// Never asked, already answered, or too old to answer.
    Gone,
    /// Asked by someone else.
    NotYours,
    /// Decided now by this press; the purchase the question was about.
    Decided {
        yes: bool,
        product: ProductCode,
        destination: Destination,
    },
}

/// Records the question; a redelivered /beli asks the same one again and changes nothing.
pub async fn ask(
    pool: &PgPool,
    asker: Asker,
    product: &ProductCode,
    destination: &Destination,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into purchase_confirmations (chat_id, message_id, user_id, product_code, destination)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(asker.chat_id)
    .bind(asker.message_id)
    .bind(asker.user_id)
    .bind(product.as_str())
    .bind(destination.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes `presser`'s decision on the question `chat_id`/`message_id` asked, once.
pub async fn decide(pool: &PgPool, presser: Asker, yes: bool) -> Result<Answer, sqlx::Error> {
    let owner: Option<i64> = sqlx::query_scalar(
        "select user_id from purchase_confirmations where chat_id = $1 and message_id = $2",
    )
    .bind(presser.chat_id)
    .bind(presser.message_id)
    .fetch_optional(pool)
    .await?;
    match owner {
        None => return Ok(Answer::Gone),
        Some(owner) if owner != presser.user_id => return Ok(Answer::NotYours),
        Some(_) => {}
    }
    let decided: Option<(String, String)> = sqlx::query_as(
        "update purchase_confirmations set decision = $3, decided_at = now()
          where chat_id = $1 and message_id = $2 and decision is null
            and created_at > now() - make_interval(mins => $4)
         returning product_code, destination",
    )
    .bind(presser.chat_id)
    .bind(presser.message_id)
    .bind(if yes { "confirmed" } else { "cancelled" })
    .bind(ANSWERABLE_MINUTES)
    .fetch_optional(pool)
    .await?;
    let Some((code, dest)) = decided else {
        return Ok(Answer::Gone);
    };
    // Both were parsed before they were stored; a row that no longer parses is corrupt.
    let corrupt = |column: &str, e: String| sqlx::Error::ColumnDecode {
        index: column.into(),
        source: e.into(),
    };
    Ok(Answer::Decided {
        yes,
        product: ProductCode::parse(&code).map_err(|e| corrupt("product_code", e.to_string()))?,
        destination: Destination::parse(&dest)
            .map_err(|e| corrupt("destination", e.to_string()))?,
    })
}
