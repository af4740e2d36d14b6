//! How many reports in a row a drift must hold before it is believed.
//!
//! The supplier reports its balance as it stood when it answered or called back, and those
//! reports reach us in another order when orders are in flight together. So consecutive reports
//! can show the same passing difference by chance. The more other orders were in flight when a
//! report was recorded, the more reports in a row its drift must hold. When nothing else is in
//! flight, two are enough.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// Reports in a row a drift needs when no other order is in flight.
const QUIET: i32 = 2;
/// At most this many more, however busy the moment.
const MOST_MORE: i32 = 50;
/// How far before a batch's first order the orders that may overlap it are looked for.
const OVERLAP_IDS: i64 = 1_000;

/// A report as the count needs it: its order, and when it was recorded.
pub(super) struct Recorded {
    pub order_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// For each of `reports`, in order, how many reports in a row its drift must hold.
pub(super) async fn patience(
    conn: &mut PgConnection,
    reports: &[Recorded],
) -> sqlx::Result<Vec<i32>> {
    let (Some(first), Some(last)) = (
        reports.iter().map(|r| r.at).min(),
        reports.iter().map(|r| r.at).max(),
    ) else {
        return Ok(Vec::new());
    };
    let ids: Vec<i64> = reports.iter().filter_map(|r| r.order_id).collect();
    let lowest = ids.iter().min().copied().unwrap_or(0) - OVERLAP_IDS;
    // The batch's own orders; recent ones that finished during it or since its orders were
    // placed; and every order open now.
    let spans: Vec<Span> = sqlx::query_as(
        "select order_id, created_at, finished_at from orders where order_id = any($1)
         union
         select order_id, created_at, finished_at from orders
          where order_id >= $2 and created_at <= $4
            and finished_at >= least($3, (select min(created_at) from orders where order_id = any($1)))
         union
         select order_id, created_at, finished_at from orders where status in ('sending', 'pending')",
    )
    .bind(&ids)
    .bind(lowest)
    .bind(first)
    .bind(last)
    .fetch_all(conn)
    .await?;
    Ok(reports.iter().map(|r| needed(r, &spans)).collect())
}

/// An order's time in flight: placed, and finished (`None`: still open).
type Span = (i64, DateTime<Utc>, Option<DateTime<Utc>>);

/// Two, and one more for each other order in flight at some moment between the placing of the
/// report's own order and the report: the supplier's balance in it was taken somewhere in that
/// time (an answer can reach us after the order's callback), so any of them may be in our book
/// and not in that balance, or the other way round.
fn needed(report: &Recorded, spans: &[Span]) -> i32 {
    let since = spans
        .iter()
        .find(|(id, ..)| Some(*id) == report.order_id)
        .map_or(report.at, |(_, created, _)| *created);
    let others = spans
        .iter()
        .filter(|(id, created, finished)| {
            Some(*id) != report.order_id
                && *created <= report.at
                && finished.is_none_or(|f| f >= since)
        })
        .count();
    QUIET + i32::try_from(others).unwrap_or(i32::MAX).min(MOST_MORE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, second).unwrap()
    }

    #[test]
    fn only_other_orders_in_flight_since_the_report_s_order_was_placed_lengthen_the_wait() {
        let spans: Vec<Span> = vec![
            (1, at(2), Some(at(5))), // the report's own order
            (2, at(1), Some(at(9))), // in flight across it
            (3, at(3), None),        // still open
            (4, at(0), Some(at(1))), // finished before order 1 was placed
            (5, at(7), Some(at(8))), // placed after the report
        ];
        let report = Recorded {
            order_id: Some(1),
            at: at(5),
        };
        assert_eq!(needed(&report, &spans), 4);
        // Order 4's answer arriving late: everything placed since order 4 counts.
        let late = Recorded {
            order_id: Some(4),
            at: at(6),
        };
        assert_eq!(needed(&late, &spans), 5);
        let quiet = Recorded {
            order_id: Some(9),
            at: at(59),
        };
        assert_eq!(needed(&quiet, &spans[..2]), 2);
    }

    #[test]
    fn however_busy_the_wait_has_a_ceiling() {
        let spans: Vec<Span> = (0..500).map(|id| (id, at(0), None)).collect();
        let report = Recorded {
            order_id: None,
            at: at(1),
        };
        assert_eq!(needed(&report, &spans), QUIET + MOST_MORE);
    }
}
