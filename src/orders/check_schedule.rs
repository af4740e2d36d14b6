//! The status checks' schedule on the order (migration 0035): which open Digiflazz attempts are
//! due, their claim, the alerts already queued, the stop after 89 days. Every statement reads
//! through the partial index `orders_digiflazz_checks`, whose predicate the SQL repeats as is.
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::status_check::{CheckSchedule, MOST_BETWEEN_CHECKS};

/// Attempts claimed at once; the next batch is claimed right after, when this one was full.
const BATCH: i64 = 20;

/// The first "still open" alert comes after this; then one a day.
const FIRST_ALERT_AFTER: Duration = Duration::from_secs(30 * 60);

/// An attempt claimed for its check: its next check is already moved forward.
#[derive(Debug, Clone)]
pub(super) struct Claimed {
    pub(super) order_id: i64,
    pub(super) attempt: i16,
    /// When the attempt began.
    pub(super) started: DateTime<Utc>,
    /// Checks started, this one included.
    pub(super) checks: i32,
    pub(super) alerts: i16,
}

from_row!(Claimed {
    order_id,
    attempt,
    started,
    checks,
    alerts
});

/// Claims up to a batch of due attempts: the rows are picked `for update skip locked` and their
/// next check moved forward (the wait doubling with each check, at most an hour) in the same
/// statement, which commits before Digiflazz is asked. Another instance skips them while the
/// statement runs and finds them not due after. Also says whether the batch was full.
pub(super) async fn claim_due(
    pool: &PgPool,
    schedule: CheckSchedule,
) -> Result<(Vec<Claimed>, bool), sqlx::Error> {
    let claimed: Vec<Claimed> = sqlx::query_as(
        "with due as (
             select order_id from orders
              where supplier = 'digiflazz' and status in ('pending', 'unknown')
                and (check_at <= now()
                     or (check_at is null
                         and coalesce(attempt_at, created_at) <= now() - make_interval(secs => $1)))
              order by check_at nulls first, order_id
              limit $3
              for update skip locked)
         update orders o
            set checks = o.checks + 1,
                check_at = now() + make_interval(secs => least($1 * power(2, least(o.checks, 30)), $2))
           from due
          where o.order_id = due.order_id
         returning o.order_id, o.attempt, coalesce(o.attempt_at, o.created_at) as started,
                   o.checks, o.check_alerts as alerts",
    )
    .bind(schedule.first.as_secs_f64())
    .bind(MOST_BETWEEN_CHECKS.as_secs_f64())
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    let full = claimed.len() as i64 == BATCH;
    Ok((claimed, full))
}

/// How long until the next check is due; `None` when no attempt is open.
pub(super) async fn next_due(
    pool: &PgPool,
    schedule: CheckSchedule,
) -> Result<Option<Duration>, sqlx::Error> {
    let secs: Option<f64> = sqlx::query_scalar(
        "select extract(epoch from
                    min(coalesce(check_at,
                                 coalesce(attempt_at, created_at) + make_interval(secs => $1)))
                    - now())::float8
           from orders
          where supplier = 'digiflazz' and status in ('pending', 'unknown')
            and (check_at is null or check_at < 'infinity')",
    )
    .bind(schedule.first.as_secs_f64())
    .fetch_one(pool)
    .await?;
    Ok(secs.map(|s| Duration::from_secs_f64(s.max(0.0))))
}

/// How many "still open" alerts an attempt open this long should have had: none before half an
/// hour, one then, and one more for each whole day.
pub(super) fn alerts_due(open_for: Duration) -> i16 {
    if open_for < FIRST_ALERT_AFTER {
        return 0;
    }
    let days = open_for.as_secs() / 86_400;
    i16::try_from(1 + days).unwrap_or(i16::MAX)
}

/// Records that alert `threshold` is queued, if no other check did and the attempt is still
/// open; returns the order's status then.
pub(super) async fn mark_alerted(
    conn: &mut PgConnection,
    due: &Claimed,
    threshold: i16,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "update orders set check_alerts = $3
          where order_id = $1 and attempt = $2 and check_alerts < $3
            and supplier = 'digiflazz' and status in ('pending', 'unknown')
         returning status",
    )
    .bind(due.order_id)
    .bind(due.attempt)
    .bind(threshold)
    .fetch_optional(conn)
    .await
}

/// No more checks for the attempt (`check_at` at infinity), if it is still open and checked;
/// returns the order's trxid and status then.
pub(super) async fn stop_checking(
    conn: &mut PgConnection,
    due: &Claimed,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "update orders set check_at = 'infinity'
          where order_id = $1 and attempt = $2 and check_at < 'infinity'
            and supplier = 'digiflazz' and status in ('pending', 'unknown')
         returning trxid, status",
    )
    .bind(due.order_id)
    .bind(due.attempt)
    .fetch_optional(conn)
    .await
}
