//! The suppliers loket buys from, as rows of `suppliers`: which exist, which are paused by an
//! admin and why, and the balance each last reported. A pause or resume is one transaction with
//! its audit row and the alert to the other admins (R41), so each exists exactly when the change
//! does.
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::audit::{self, Action, Entry};
use crate::domain::Money;
use crate::outbox;
use crate::text::suppliers as say;

pub use crate::text::suppliers::{Paused, Refusal, SupplierLine};

/// The supplier configured by `BILLER_*`, there from the start: a report that names no supplier
/// is its.
pub const UTAMA: &str = "utama";

/// The longest pause reason, in characters: it is shown in `/supplier` and in alerts.
pub const REASON_MAX_CHARS: usize = 200;

type Row = (
    String,
    Option<String>,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<i64>,
);

fn line((code, reason, by, at, balance, balance_at, book, drift): Row) -> SupplierLine {
    SupplierLine {
        code,
        paused: reason.zip(at).map(|(reason, at)| Paused { reason, by, at }),
        balance: balance.map(Money::from_rupiah).zip(balance_at),
        book: book
            .zip(drift)
            .map(|(b, d)| (Money::from_rupiah(b), Money::from_rupiah(d))),
    }
}

/// Every supplier, the first registered first, with its book where the reconciler keeps one.
pub async fn list(conn: &mut PgConnection) -> sqlx::Result<Vec<SupplierLine>> {
    let rows: Vec<Row> = sqlx::query_as(
        "select s.code, s.paused_reason, s.paused_by, s.paused_at, s.balance, s.balance_at,
                b.book, b.drift
           from suppliers s left join supplier_balance b on b.supplier = s.code
          order by s.created_at, s.code",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(line).collect())
}

/// The codes of every supplier, for a refusal to list.
pub async fn codes(conn: &mut PgConnection) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("select code from suppliers order by created_at, code")
        .fetch_all(conn)
        .await
}

/// Whether `code` is a supplier; if not, the refusal naming those there are.
pub async fn known(conn: &mut PgConnection, code: &str) -> sqlx::Result<Result<(), Refusal>> {
    let found: Option<String> = sqlx::query_scalar("select code from suppliers where code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match found {
        Some(_) => Ok(()),
        None => Err(unknown(conn).await?),
    })
}

async fn unknown(conn: &mut PgConnection) -> sqlx::Result<Refusal> {
    Ok(Refusal::Unknown {
        known: codes(conn).await?,
    })
}

/// Adds supplier `code` (and its book) if it is not there yet: at start, for each supplier
/// configured. Running it again changes nothing.
pub async fn ensure(pool: &PgPool, code: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("insert into suppliers (code) values ($1) on conflict (code) do nothing")
        .bind(code)
        .execute(&mut *tx)
        .await?;
    sqlx::query("insert into supplier_balance (supplier) values ($1) on conflict do nothing")
        .bind(code)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The balance supplier `code` reported, as `/supplier` shows it; on the caller's transaction.
pub async fn record_balance(
    conn: &mut PgConnection,
    code: &str,
    balance: Money,
) -> sqlx::Result<()> {
    sqlx::query("update suppliers set balance = $2, balance_at = now() where code = $1")
        .bind(code)
        .bind(balance.rupiah())
        .execute(conn)
        .await?;
    Ok(())
}

/// Who asked, and whom else to tell.
#[derive(Debug, Clone, Copy)]
pub struct Admin<'a> {
    pub admin_id: i64,
    pub admins: &'a [i64],
}

impl Admin<'_> {
    fn others(&self) -> Vec<i64> {
        self.admins
            .iter()
            .copied()
            .filter(|a| *a != self.admin_id)
            .collect()
    }
}

/// The supplier's pause as it stands, locked for the change; `None` when there is no such one.
async fn lock(conn: &mut PgConnection, code: &str) -> sqlx::Result<Option<Option<Paused>>> {
    type Pause = (Option<String>, Option<i64>, Option<DateTime<Utc>>);
    let row: Option<Pause> = sqlx::query_as(
        "select paused_reason, paused_by, paused_at from suppliers where code = $1 for update",
    )
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(reason, by, at)| reason.zip(at).map(|(reason, at)| Paused { reason, by, at })))
}

/// `/supplier jeda <kode> <alasan>`: no new attempt goes to `code` until it is resumed.
pub async fn pause(
    pool: &PgPool,
    who: Admin<'_>,
    code: &str,
    reason: &str,
) -> sqlx::Result<Result<Paused, Refusal>> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Err(Refusal::EmptyReason));
    }
    if reason.chars().count() > REASON_MAX_CHARS {
        return Ok(Err(Refusal::ReasonTooLong {
            max: REASON_MAX_CHARS,
        }));
    }
    let mut tx = pool.begin().await?;
    match lock(&mut tx, code).await? {
        None => return Ok(Err(unknown(&mut tx).await?)),
        Some(Some(paused)) => return Ok(Err(Refusal::AlreadyPaused(paused))),
        Some(None) => {}
    }
    let at: DateTime<Utc> = sqlx::query_scalar(
        "update suppliers set state = 'paused', paused_reason = $2, paused_by = $3,
                paused_at = now()
          where code = $1 returning paused_at",
    )
    .bind(code)
    .bind(reason)
    .bind(who.admin_id)
    .fetch_one(&mut *tx)
    .await?;
    let entry = Entry::new(who.admin_id, Action::SupplierPause, say::subject(code))
        .change(say::ACTIVE, say::paused_state(reason));
    audit::record(&mut tx, &entry).await?;
    let key = format!("suppliers:jeda:{code}:{}", at.timestamp_micros());
    let alert = say::paused_alert(code, who.admin_id, reason);
    outbox::alert_admins(&mut tx, &who.others(), &key, &alert).await?;
    outbox::commit(tx).await?;
    Ok(Ok(Paused {
        reason: reason.to_owned(),
        by: Some(who.admin_id),
        at,
    }))
}

/// `/supplier aktif <kode>`: a paused supplier sells again; returns the pause it ended.
pub async fn resume(
    pool: &PgPool,
    who: Admin<'_>,
    code: &str,
) -> sqlx::Result<Result<Paused, Refusal>> {
    let mut tx = pool.begin().await?;
    let paused = match lock(&mut tx, code).await? {
        None => return Ok(Err(unknown(&mut tx).await?)),
        Some(None) => return Ok(Err(Refusal::AlreadyActive)),
        Some(Some(paused)) => paused,
    };
    let at: DateTime<Utc> = sqlx::query_scalar(
        "update suppliers set state = 'active', paused_reason = null, paused_by = null,
                paused_at = null
          where code = $1 returning now()",
    )
    .bind(code)
    .fetch_one(&mut *tx)
    .await?;
    let entry = Entry::new(who.admin_id, Action::SupplierResume, say::subject(code))
        .change(say::paused_state(&paused.reason), say::ACTIVE);
    audit::record(&mut tx, &entry).await?;
    let key = format!("suppliers:aktif:{code}:{}", at.timestamp_micros());
    let alert = say::resumed_alert(code, who.admin_id);
    outbox::alert_admins(&mut tx, &who.others(), &key, &alert).await?;
    outbox::commit(tx).await?;
    Ok(Ok(paused))
}

/// The price list of `code` may be asked for now: claimed (the claim's time returned), or
/// claimed less than `every_minutes` ago (`Err`: how many minutes until it may be asked again).
/// One guarded update, so two admins or two instances cannot both ask (R46).
pub async fn claim_price_list(
    conn: &mut PgConnection,
    code: &str,
    every_minutes: i32,
) -> sqlx::Result<Result<DateTime<Utc>, i64>> {
    let claimed: Option<DateTime<Utc>> = sqlx::query_scalar(
        "update suppliers set price_list_at = clock_timestamp()
          where code = $1
            and (price_list_at is null
                 or price_list_at <= clock_timestamp() - make_interval(mins => $2))
          returning price_list_at",
    )
    .bind(code)
    .bind(every_minutes)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(at) = claimed {
        return Ok(Ok(at));
    }
    let minutes: Option<i64> = sqlx::query_scalar(
        "select greatest(1, ceil(extract(epoch from price_list_at + make_interval(mins => $2)
                                                  - clock_timestamp()) / 60))::bigint
           from suppliers where code = $1",
    )
    .bind(code)
    .bind(every_minutes)
    .fetch_optional(conn)
    .await?;
    Ok(Err(minutes.unwrap_or(1)))
}

/// When the price list of `code` was last claimed, on the caller's transaction, its row
/// share-locked so that a claim made meanwhile waits for the caller's commit.
pub async fn price_list_at(
    conn: &mut PgConnection,
    code: &str,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    let at: Option<Option<DateTime<Utc>>> =
        sqlx::query_scalar("select price_list_at from suppliers where code = $1 for share")
            .bind(code)
            .fetch_optional(conn)
            .await?;
    Ok(at.flatten())
}
