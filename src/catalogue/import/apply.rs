//! The question a previewed file asks, and its answer. The answer is recorded in the same
//! transaction that applies the file, under the question's row lock, so a second press (or a
//! redelivered one) finds it answered and applies nothing; the audit row (R38) is written
//! with it.
use sqlx::{PgConnection, PgPool};

use super::{Line, write};
use crate::audit::{self, Action, Entry};
pub use crate::domain::catalogue_import::{Decided, PREVIEW_MINUTES};
use crate::levels::{self, BelowCost};
use crate::text::audit as say;

/// Where the question was asked: the admin's document message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub chat_id: i64,
    pub message_id: i64,
}

/// A document handled again (a redelivery) may find its question answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    Open,
    Before(Decided),
}

/// What a ✅ did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// No such question (never asked, or a made-up press).
    Unasked,
    Before(Decided),
    /// Asked more than [`PREVIEW_MINUTES`] ago: nothing applied; the file must be sent again.
    Expired,
    /// A category or brand the file names was removed since the preview; nothing applied and
    /// the question stays open.
    Missing {
        brand: bool,
        name: String,
    },
    /// `unchanged`: lines that changed something at preview time but no longer do, as
    /// someone made the same change since. `below_cost`: level prices below a cost price the
    /// file changed, which admins are told about (R34).
    Done {
        added: i64,
        changed: i64,
        unchanged: i64,
        below_cost: Vec<BelowCost>,
    },
}

fn decided(decision: Option<&str>, added: Option<i32>, changed: Option<i32>) -> Option<Decided> {
    match decision? {
        "applied" => Some(Decided::Applied {
            added: added.map_or(0, i64::from),
            changed: changed.map_or(0, i64::from),
        }),
        _ => Some(Decided::Cancelled),
    }
}

/// Keeps the lines to apply until an admin answers. Asked again about the same document, the
/// first question stands.
pub async fn ask(
    pool: &PgPool,
    key: Key,
    asked_by: i64,
    file_name: &str,
    lines: &[Line],
) -> anyhow::Result<Asked> {
    let json = serde_json::to_string(lines)?;
    let mut conn = pool.acquire().await?;
    sqlx::query(
        "insert into catalogue_imports (chat_id, message_id, asked_by, file_name, lines)
         values ($1, $2, $3, $4, $5::jsonb) on conflict (chat_id, message_id) do nothing",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(asked_by)
    .bind(file_name)
    .bind(json)
    .execute(&mut *conn)
    .await?;
    let (decision, added, changed): (Option<String>, Option<i32>, Option<i32>) = sqlx::query_as(
        "select decision, added, changed from catalogue_imports
          where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(decided(decision.as_deref(), added, changed).map_or(Asked::Open, Asked::Before))
}

/// The question under its row lock, and whether it has expired, judged in the same statement:
/// nothing else can answer it until this transaction ends.
struct Question {
    file_name: String,
    lines: String,
    decision: Option<String>,
    added: Option<i32>,
    changed: Option<i32>,
    expired: bool,
}

from_row!(Question {
    file_name,
    lines,
    decision,
    added,
    changed,
    expired
});

async fn lock(conn: &mut PgConnection, key: Key) -> sqlx::Result<Option<Question>> {
    sqlx::query_as(
        "select file_name, lines::text as lines, decision, added, changed,
                created_at < now() - make_interval(mins => $3) as expired
           from catalogue_imports
          where chat_id = $1 and message_id = $2 for update",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(PREVIEW_MINUTES)
    .fetch_optional(conn)
    .await
}

/// ✅: every kept line written in one statement, and the question answered, in one
/// transaction. The file's values win over any change made since the preview: the admin
/// confirmed the file. Level prices left below a cost price it changed are told to `admins`
/// in the same transaction (the preview's edit is no durable message).
pub async fn apply(
    pool: &PgPool,
    key: Key,
    admin_id: i64,
    admins: &[i64],
) -> anyhow::Result<Applied> {
    let mut tx = pool.begin().await?;
    let Some(question) = lock(&mut tx, key).await? else {
        return Ok(Applied::Unasked);
    };
    let (decision, added, changed) = (
        question.decision.as_deref(),
        question.added,
        question.changed,
    );
    if let Some(before) = decided(decision, added, changed) {
        return Ok(Applied::Before(before));
    }
    if question.expired {
        return Ok(Applied::Expired);
    }
    let lines: Vec<Line> = serde_json::from_str(&question.lines)?;
    if let Some((brand, name)) = write::missing_group(&mut tx, &lines).await? {
        return Ok(Applied::Missing { brand, name });
    }
    let written = write::products(&mut tx, &lines).await?;
    let below_cost = levels::below_cost(&mut tx, &written.costs.0, &written.costs.1).await?;
    levels::tell_below_cost(&mut tx, admins, None, &below_cost).await?;
    sqlx::query(
        "update catalogue_imports
            set decision = 'applied', decided_by = $3, decided_at = now(),
                added = $4, changed = $5, lines = '[]'
          where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(admin_id)
    .bind(i32::try_from(written.added.len())?)
    .bind(i32::try_from(written.changed.len())?)
    .execute(&mut *tx)
    .await?;
    if !(written.added.is_empty() && written.changed.is_empty()) {
        let entry = Entry::new(admin_id, Action::Import, say::file(&question.file_name))
            .change("", say::imported(&written.added, &written.changed));
        audit::record(&mut tx, &entry).await?;
    }
    crate::outbox::commit(tx).await?;
    let (added, changed) = (written.added.len(), written.changed.len());
    Ok(Applied::Done {
        added: i64::try_from(added)?,
        changed: i64::try_from(changed)?,
        unchanged: i64::try_from(lines.len() - added - changed)?,
        below_cost,
    })
}

/// ❌: the question answered, nothing applied. `None` when there is no such question.
pub async fn cancel(pool: &PgPool, key: Key, admin_id: i64) -> sqlx::Result<Option<Asked>> {
    let mut tx = pool.begin().await?;
    let Some(question) = lock(&mut tx, key).await? else {
        return Ok(None);
    };
    let (decision, added, changed) = (
        question.decision.as_deref(),
        question.added,
        question.changed,
    );
    if let Some(before) = decided(decision, added, changed) {
        return Ok(Some(Asked::Before(before)));
    }
    sqlx::query(
        "update catalogue_imports
            set decision = 'cancelled', decided_by = $3, decided_at = now(), lines = '[]'
          where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(admin_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(Asked::Open))
}

/// The name of the file a question is about; empty when there is no such question.
pub async fn file_name(pool: &PgPool, key: Key) -> sqlx::Result<String> {
    let name: Option<String> = sqlx::query_scalar(
        "select file_name from catalogue_imports where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .fetch_optional(pool)
    .await?;
    Ok(name.unwrap_or_default())
}
