//! The question a previewed file asks, and its answer. The answer is recorded in the same
//! transaction that applies the file, under the question's row lock, so a second press (or a
//! redelivered one) finds it answered and applies nothing.
use sqlx::{PgConnection, PgPool};

use super::Line;

/// Where the question was asked: the admin's document message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub chat_id: i64,
    pub message_id: i64,
}

/// An answer already given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Applied { added: i64, changed: i64 },
    Cancelled,
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
    /// A category or brand the file names was removed since the preview; nothing applied and
    /// the question stays open.
    Missing {
        brand: bool,
        name: String,
    },
    /// `unchanged`: lines that changed something at preview time but no longer do, as
    /// someone made the same change since.
    Done {
        added: i64,
        changed: i64,
        unchanged: i64,
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

type QuestionRow = (String, Option<String>, Option<i32>, Option<i32>);

async fn lock(conn: &mut PgConnection, key: Key) -> sqlx::Result<Option<QuestionRow>> {
    sqlx::query_as(
        "select lines::text, decision, added, changed from catalogue_imports
          where chat_id = $1 and message_id = $2 for update",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .fetch_optional(conn)
    .await
}

/// ✅: every kept line written in one statement, and the question answered, in one
/// transaction. The file's values win over any change made since the preview: the admin
/// confirmed the file.
pub async fn apply(pool: &PgPool, key: Key, admin_id: i64) -> anyhow::Result<Applied> {
    let mut tx = pool.begin().await?;
    let Some((json, decision, added, changed)) = lock(&mut tx, key).await? else {
        return Ok(Applied::Unasked);
    };
    if let Some(before) = decided(decision.as_deref(), added, changed) {
        return Ok(Applied::Before(before));
    }
    let lines: Vec<Line> = serde_json::from_str(&json)?;
    let category: Vec<Option<String>> = lines.iter().map(|l| l.category.clone()).collect();
    let brand: Vec<Option<String>> = lines.iter().map(|l| l.brand.clone()).collect();
    let missing: Option<(bool, String)> = sqlx::query_as(
        "select false, n from unnest($1::text[]) n
          where n is not null and not exists (select 1 from categories where lower(name) = lower(n))
         union all
         select true, n from unnest($2::text[]) n
          where n is not null and not exists (select 1 from brands where lower(name) = lower(n))
         limit 1",
    )
    .bind(&category)
    .bind(&brand)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((brand, name)) = missing {
        return Ok(Applied::Missing { brand, name });
    }
    let code: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    let name: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    let cost: Vec<Option<i64>> = lines.iter().map(|l| l.cost).collect();
    let price: Vec<i64> = lines.iter().map(|l| l.price).collect();
    let active: Vec<bool> = lines.iter().map(|l| l.active).collect();
    // Only rows that change are written (and counted); `xmax = 0` tells an insert from an
    // update. Level prices and orders are other tables: untouched.
    let written: Vec<(bool,)> = sqlx::query_as(
        "insert into products (code, name, category_id, brand_id, cost, price, active)
         select f.code, f.name,
                (select category_id from categories where lower(name) = lower(f.category)),
                (select brand_id from brands where lower(name) = lower(f.brand)),
                f.cost, f.price, f.active
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                       $6::bigint[], $7::boolean[])
                as f (code, name, category, brand, cost, price, active)
         on conflict (lower(code)) do update
            set name = excluded.name, category_id = excluded.category_id,
                brand_id = excluded.brand_id, cost = excluded.cost, price = excluded.price,
                active = excluded.active,
                inactive_reason = case when excluded.active then null
                                       else products.inactive_reason end,
                updated_at = now()
          where (products.name, products.category_id, products.brand_id, products.cost,
                 products.price, products.active)
                is distinct from
                (excluded.name, excluded.category_id, excluded.brand_id, excluded.cost,
                 excluded.price, excluded.active)
         returning (xmax = 0)",
    )
    .bind(&code)
    .bind(&name)
    .bind(&category)
    .bind(&brand)
    .bind(&cost)
    .bind(&price)
    .bind(&active)
    .fetch_all(&mut *tx)
    .await?;
    let added = written.iter().filter(|(inserted,)| *inserted).count();
    let changed = written.len() - added;
    let unchanged = lines.len() - written.len();
    sqlx::query(
        "update catalogue_imports
            set decision = 'applied', decided_by = $3, decided_at = now(),
                added = $4, changed = $5, lines = '[]'
          where chat_id = $1 and message_id = $2",
    )
    .bind(key.chat_id)
    .bind(key.message_id)
    .bind(admin_id)
    .bind(i32::try_from(added)?)
    .bind(i32::try_from(changed)?)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Applied::Done {
        added: i64::try_from(added)?,
        changed: i64::try_from(changed)?,
        unchanged: i64::try_from(unchanged)?,
    })
}

/// ❌: the question answered, nothing applied. `None` when there is no such question.
pub async fn cancel(pool: &PgPool, key: Key, admin_id: i64) -> sqlx::Result<Option<Asked>> {
    let mut tx = pool.begin().await?;
    let Some((_, decision, added, changed)) = lock(&mut tx, key).await? else {
        return Ok(None);
    };
    if let Some(before) = decided(decision.as_deref(), added, changed) {
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
