//! A previewed sync's question and its answer. The answer is recorded in the transaction that
//! writes the steps, under the question's row lock, so a second press (or another admin's)
//! finds it answered and writes nothing; the audit row (R38) is written with it.
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::Key;
use crate::audit::{self, Action, Entry};
use crate::domain::price_sync::{Held, SYNC_PREVIEW_MINUTES, StepWrite, SyncDecided};
use crate::levels;
use crate::supplier::registry;
use crate::text::price_sync as say;

/// A question about to be asked.
pub(super) struct Asked<'a> {
    pub key: Key,
    pub supplier: &'a str,
    pub admin_id: i64,
    pub fetched_at: DateTime<Utc>,
}

/// What a ✅ did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// No such question (never asked, or a made-up press).
    Unasked,
    Before(SyncDecided),
    /// Asked more than [`SYNC_PREVIEW_MINUTES`] ago: nothing written.
    Expired,
    /// A newer sync read the list since: nothing written; that one's preview is the one to answer.
    Stale,
    /// `changed` steps written, of which `held` are out of their route now.
    Done {
        changed: i64,
        held: i64,
    },
}

fn decided(decision: Option<&str>, changed: Option<i32>) -> Option<SyncDecided> {
    match decision? {
        "applied" => Some(SyncDecided::Applied {
            changed: changed.map_or(0, i64::from),
        }),
        _ => Some(SyncDecided::Cancelled),
    }
}

/// Whether the command at `key` asked before: `None` if not, else its answer if any.
pub(super) async fn asked(
    conn: &mut PgConnection,
    key: Key,
) -> sqlx::Result<Option<Option<SyncDecided>>> {
    let row: Option<(Option<String>, Option<i32>)> = sqlx::query_as(
        "select decision, changed from price_list_syncs where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(decision, changed)| decided(decision.as_deref(), changed)))
}

/// Keeps what ✅ would write until an admin answers.
pub(super) async fn ask(
    conn: &mut PgConnection,
    q: &Asked<'_>,
    writes: &[StepWrite],
) -> anyhow::Result<()> {
    sqlx::query(
        "insert into price_list_syncs
                (chat_id, message_id, supplier, asked_by, fetched_at, steps)
         values ($1, $2, $3, $4, $5, $6::jsonb) on conflict (chat_id, message_id) do nothing",
    )
    .bind(q.key.chat_id)
    .bind(q.key.message_id)
    .bind(q.supplier)
    .bind(q.admin_id)
    .bind(q.fetched_at)
    .bind(serde_json::to_string(writes)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// The question under its row lock, whether it expired judged in the same statement.
type Question = (
    String,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<i32>,
    bool,
);

async fn lock(conn: &mut PgConnection, key: Key) -> sqlx::Result<Option<Question>> {
    sqlx::query_as(
        "select supplier, fetched_at, steps::text, decision, changed,
                created_at < now() - make_interval(mins => $3)
           from price_list_syncs
          where chat_id = $1 and message_id = $2 for update",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(SYNC_PREVIEW_MINUTES)
    .fetch_optional(conn)
    .await
}

/// ✅: the previewed steps written in one statement, the question answered and the audit row
/// recorded, in one transaction. A step whose cost reaches a price set since the preview is
/// held too: the check is made again here, under the same transaction.
pub async fn apply(pool: &PgPool, key: Key, admin_id: i64) -> anyhow::Result<Applied> {
    let mut tx = pool.begin().await?;
    let Some((supplier, fetched_at, steps, decision, changed, expired)) =
        lock(&mut tx, key).await?
    else {
        return Ok(Applied::Unasked);
    };
    if let Some(before) = decided(decision.as_deref(), changed) {
        return Ok(Applied::Before(before));
    }
    if expired {
        return Ok(Applied::Expired);
    }
    if registry::price_list_at(&mut tx, &supplier).await? != Some(fetched_at) {
        return Ok(Applied::Stale);
    }
    let mut writes: Vec<StepWrite> = serde_json::from_str(&steps)?;
    hold_below_cost(&mut tx, &mut writes).await?;
    let written = write(&mut tx, &supplier, &writes).await?;
    let held = writes
        .iter()
        .filter(|w| w.held.is_some() && written.contains(&(w.product_id, w.sku.clone())))
        .count();
    let changed = i32::try_from(written.len())?;
    sqlx::query(
        "update price_list_syncs
            set decision = 'applied', decided_by = $3, decided_at = now(), changed = $4,
                steps = '[]'
          where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(admin_id)
    .bind(changed)
    .execute(&mut *tx)
    .await?;
    if changed > 0 {
        let entry = Entry::new(admin_id, Action::PriceSync, say::subject(&supplier))
            .change("", say::audit_after(written.len(), held));
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Applied::Done {
        changed: i64::from(changed),
        held: i64::try_from(held)?,
    })
}

/// Holds every step whose cost now reaches its product's price at some level.
async fn hold_below_cost(conn: &mut PgConnection, writes: &mut [StepWrite]) -> sqlx::Result<()> {
    let (codes, above): (Vec<String>, Vec<i64>) = writes
        .iter()
        .filter(|w| w.held.is_none())
        .filter_map(|w| Some((w.code.clone(), w.cost?.saturating_add(1))))
        .unzip();
    let found = levels::below_cost(conn, &codes, &above).await?;
    for w in writes.iter_mut().filter(|w| w.held.is_none()) {
        let reached = w.cost.is_some_and(|c| {
            found
                .iter()
                .any(|b| b.code.eq_ignore_ascii_case(&w.code) && b.cost == c.saturating_add(1))
        });
        if reached {
            w.held = Some(Held::BelowCost);
        }
    }
    Ok(())
}

/// Every write in one statement, each only where the step is still the previewed SKU and
/// something changes; returns the steps written.
async fn write(
    conn: &mut PgConnection,
    supplier: &str,
    writes: &[StepWrite],
) -> sqlx::Result<Vec<(i64, String)>> {
    let ids: Vec<i64> = writes.iter().map(|w| w.product_id).collect();
    let skus: Vec<&str> = writes.iter().map(|w| w.sku.as_str()).collect();
    let costs: Vec<Option<i64>> = writes.iter().map(|w| w.cost).collect();
    let starts: Vec<Option<&str>> = writes
        .iter()
        .map(|w| w.cut_off.as_ref().map(|c| c.0.as_str()))
        .collect();
    let ends: Vec<Option<&str>> = writes
        .iter()
        .map(|w| w.cut_off.as_ref().map(|c| c.1.as_str()))
        .collect();
    let held: Vec<Option<&str>> = writes.iter().map(|w| w.held.map(Held::as_str)).collect();
    sqlx::query_as(
        "update product_routes r
            set cost = coalesce(w.cost, r.cost), cut_off_start = w.start::time,
                cut_off_end = w.stop::time, held = w.held, updated_at = now()
           from unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[],
                       $7::text[]) as w (product_id, sku, cost, start, stop, held)
          where r.product_id = w.product_id and r.supplier = $1 and r.sku = w.sku
            and (r.cost, r.cut_off_start, r.cut_off_end, r.held) is distinct from
                (coalesce(w.cost, r.cost), w.start::time, w.stop::time, w.held)
         returning r.product_id, r.sku",
    )
    .bind(supplier)
    .bind(&ids)
    .bind(&skus)
    .bind(&costs)
    .bind(&starts)
    .bind(&ends)
    .bind(&held)
    .fetch_all(conn)
    .await
}

/// ❌: the question answered, nothing written. `None` when there is no such question.
pub async fn cancel(
    pool: &PgPool,
    key: Key,
    admin_id: i64,
) -> sqlx::Result<Option<Option<SyncDecided>>> {
    let mut tx = pool.begin().await?;
    let Some((_, _, _, decision, changed, _)) = lock(&mut tx, key).await? else {
        return Ok(None);
    };
    if let Some(before) = decided(decision.as_deref(), changed) {
        return Ok(Some(Some(before)));
    }
    sqlx::query(
        "update price_list_syncs
            set decision = 'cancelled', decided_by = $3, decided_at = now(), steps = '[]'
          where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(admin_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(None))
}
