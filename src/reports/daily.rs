//! The daily summary: at `DAILY_REPORT_AT` (WIB) every admin gets today's and yesterday's sales
//! and profit, the open orders and the supplier's balance. Once per WIB day however many
//! instances run: the day's row in `daily_reports` and the admins' outbox rows are written in
//! one transaction, and a second instance's insert of the same day finds the row and sends
//! nothing. A start after the hour sends that day's summary then; days missed while loket was
//! down are not sent late.
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;
use tokio::sync::watch;

use super::{Period, chart, day_start, today_wib};
use crate::domain::Money;
use crate::outbox;
use crate::text::reports::{self as say, DailySummary};

/// Longest sleep between checks: a wall clock set forward (or a laptop waking) is noticed
/// within this, not only at the next computed moment.
const RECHECK: Duration = Duration::from_secs(300);

/// What a check did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Before today's hour: nothing to do until then.
    NotYet { due: DateTime<Utc> },
    /// Queued today's summary for every admin.
    Sent(NaiveDate),
    /// Today's summary was already queued (by us or another instance).
    AlreadySent(NaiveDate),
}

/// When `day`'s summary is due.
pub fn due_at(day: NaiveDate, at: NaiveTime) -> DateTime<Utc> {
    day_start(day) + (at - NaiveTime::MIN)
}

/// Queues today's summary if its hour has come and no instance has queued it yet.
pub async fn send_if_due(
    pool: &PgPool,
    admins: &[i64],
    at: NaiveTime,
    now: DateTime<Utc>,
) -> sqlx::Result<Check> {
    let today = today_wib(now);
    let due = due_at(today, at);
    if now < due {
        return Ok(Check::NotYet { due });
    }
    let mut tx = pool.begin().await?;
    // Waits for another instance inserting the same day, then finds its row.
    let claimed = sqlx::query("insert into daily_reports (day) values ($1) on conflict do nothing")
        .bind(today)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !claimed {
        return Ok(Check::AlreadySent(today));
    }
    let summary = summary(&mut tx, today).await?;
    let text = say::daily_summary(&summary);
    for admin in admins {
        let key = format!("daily:{today}:admin:{admin}");
        outbox::enqueue(&mut tx, &key, *admin, text.clone()).await?;
    }
    outbox::commit(tx).await?;
    Ok(Check::Sent(today))
}

async fn summary(conn: &mut sqlx::PgConnection, today: NaiveDate) -> sqlx::Result<DailySummary> {
    let yesterday = today.pred_opt().unwrap_or(today);
    let days = chart::days(
        conn,
        Period {
            from: yesterday,
            to: today,
        },
    )
    .await?;
    let of = |day: NaiveDate| days.iter().find(|d| d.day == day).copied();
    let (t, y) = (of(today), of(yesterday));
    let open: i64 = sqlx::query_scalar(
        "select count(*) from orders where status in ('sending', 'pending', 'unknown')",
    )
    .fetch_one(&mut *conn)
    .await?;
    let supplier: Option<(Option<i64>, Option<DateTime<Utc>>)> =
        sqlx::query_as("select saldo, saldo_at from supplier_balance where supplier = 'utama'")
            .fetch_optional(&mut *conn)
            .await?;
    let supplier = match supplier {
        Some((Some(saldo), Some(at))) => Some((
            Money::from_rupiah(saldo),
            (at + chrono::Duration::hours(super::WIB_HOURS))
                .format("%d/%m/%Y %H:%M")
                .to_string(),
        )),
        _ => None,
    };
    Ok(DailySummary {
        today,
        sales_today: t.map(|d| d.sales).unwrap_or_default(),
        profit_today: t.map(|d| d.profit).unwrap_or_default(),
        success_today: t.map_or(0, |d| d.success),
        sales_yesterday: y.map(|d| d.sales).unwrap_or_default(),
        profit_yesterday: y.map(|d| d.profit).unwrap_or_default(),
        success_yesterday: y.map_or(0, |d| d.success),
        open,
        supplier,
    })
}

/// Checks at start and then at each day's hour until `stop`. A failed check (the database
/// away) is retried a minute later; the day's row makes a retry safe.
pub async fn run(pool: PgPool, admins: Vec<i64>, at: NaiveTime, mut stop: watch::Receiver<bool>) {
    loop {
        let wait = match send_if_due(&pool, &admins, at, Utc::now()).await {
            Ok(Check::NotYet { due }) => until(due),
            Ok(Check::Sent(day)) => {
                tracing::info!(%day, admins = admins.len(), "daily summary queued");
                until(next_due(day, at))
            }
            Ok(Check::AlreadySent(day)) => until(next_due(day, at)),
            Err(e) => {
                tracing::warn!(error = %e, "daily summary check failed; will retry");
                Duration::from_secs(60)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait.min(RECHECK)) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

fn next_due(day: NaiveDate, at: NaiveTime) -> DateTime<Utc> {
    due_at(day.succ_opt().unwrap_or(day), at)
}

fn until(t: DateTime<Utc>) -> Duration {
    (t - Utc::now()).to_std().unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hour_is_wib() {
        let day = NaiveDate::from_ymd_opt(2025, 11, 26).unwrap();
        let at = NaiveTime::from_hms_opt(21, 0, 0).unwrap();
        assert_eq!(due_at(day, at).to_rfc3339(), "2025-11-26T14:00:00+00:00");
        let early = NaiveTime::from_hms_opt(6, 30, 0).unwrap();
        assert_eq!(due_at(day, early).to_rfc3339(), "2025-11-25T23:30:00+00:00");
    }
}
