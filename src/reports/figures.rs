//! The figures of `/laporan`: orders by outcome, revenue, what the supplier charged, profit,
//! reversals, money in, and the best products and resellers.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{Period, charge};
use crate::domain::Money;
pub use crate::text::reports::{Figures, Refunds, Top};

/// How many products and resellers the report ranks.
const TOP: i64 = 5;

struct TopRow {
    key: String,
    name: String,
    orders: i64,
    revenue: i64,
    profit: i64,
}

from_row!(TopRow {
    key,
    name,
    orders,
    revenue,
    profit
});

impl From<TopRow> for Top {
    fn from(r: TopRow) -> Self {
        Top {
            key: r.key,
            name: r.name,
            orders: r.orders,
            revenue: Money::from_rupiah(r.revenue),
            profit: Money::from_rupiah(r.profit),
        }
    }
}

/// The report for `period`. Orders count by the day they were placed; ledger movements
/// (reversals, deposits, top-ups) by the day they were booked.
pub async fn figures(conn: &mut PgConnection, period: Period) -> sqlx::Result<Figures> {
    let (start, end) = period.bounds();
    let (success, failed, open, revenue, cost, costed_revenue, uncosted): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = sqlx::query_as(concat!(
        "select count(*) filter (where o.status = 'success'),
                count(*) filter (where o.status = 'failed'),
                count(*) filter (where o.status in ('sending', 'pending', 'unknown')),
                coalesce(sum(o.price) filter (where o.status = 'success'), 0)::bigint,
                coalesce(sum(",
        charge!(),
        ") filter (where o.status = 'success'), 0)::bigint,
                coalesce(sum(o.price) filter (where o.status = 'success' and ",
        charge!(),
        " is not null), 0)::bigint,
                count(*) filter (where o.status = 'success' and ",
        charge!(),
        " is null)
           from orders o
          where o.created_at >= $1 and o.created_at < $2"
    ))
    .bind(start)
    .bind(end)
    .fetch_one(&mut *conn)
    .await?;
    let money = booked(conn, start, end).await?;
    let of = |kind: &str| {
        money
            .iter()
            .find(|(k, _, _)| k == kind)
            .map_or((0, Money::default()), |(_, n, sum)| {
                (*n, Money::from_rupiah(*sum))
            })
    };
    let (reversals, reversed) = of("reversal");
    let refunds = refunds(conn, start, end).await?;
    let (deposits, deposited) = of("deposit");
    let (topups, topped_up) = of("topup");
    let (deductions, deducted) = of("deduction");
    let top_products = top(conn, period, "o.product_code", "max(o.product_name)").await?;
    let top_resellers = top(
        conn,
        period,
        "o.user_id::text",
        "coalesce(max(u.full_name), '')",
    )
    .await?;
    Ok(Figures {
        period,
        success,
        failed,
        open,
        revenue: Money::from_rupiah(revenue),
        cost: Money::from_rupiah(cost),
        profit: Money::from_rupiah(
            costed_revenue - cost - refunds.shop_amount.rupiah() - refunds.supplier_amount.rupiah()
                + refunds.cost_back.rupiah(),
        ),
        uncosted,
        reversals,
        reversed,
        refunds,
        deposits,
        deposited,
        topups,
        topped_up,
        deductions,
        deducted,
        top_products: top_products.into_iter().map(Top::from).collect(),
        top_resellers: top_resellers.into_iter().map(Top::from).collect(),
    })
}

/// The ledger movements booked between `start` and `end` that a report counts by their own day:
/// (kind, how many, their sum).
async fn booked(
    conn: &mut PgConnection,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "select kind, count(*), sum(amount)::bigint from ledger_txns
          where kind in ('reversal', 'deposit', 'topup', 'deduction')
            and created_at >= $1 and created_at < $2
          group by kind",
    )
    .bind(start)
    .bind(end)
    .fetch_all(conn)
    .await
}

/// The refunds booked between `start` and `end` (R36), by who bore them; a supplier's with the
/// cost it paid back (what it had charged the order).
async fn refunds(
    conn: &mut PgConnection,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> sqlx::Result<Refunds> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(concat!(
        "select o.refund_source, count(*), sum(t.amount)::bigint,
                coalesce(sum(",
        charge!(),
        "), 0)::bigint
           from ledger_txns t join orders o on o.order_id = t.order_id
          where t.kind = 'refund' and t.created_at >= $1 and t.created_at < $2
          group by o.refund_source"
    ))
    .bind(start)
    .bind(end)
    .fetch_all(conn)
    .await?;
    let mut refunds = Refunds::default();
    for (source, n, amount, cost) in rows {
        let amount = Money::from_rupiah(amount);
        if source == "supplier" {
            refunds.supplier = n;
            refunds.supplier_amount = amount;
            refunds.cost_back = Money::from_rupiah(cost);
        } else {
            refunds.shop = n;
            refunds.shop_amount = amount;
        }
    }
    Ok(refunds)
}

/// The best `TOP` groups of successful orders by revenue; `key` and `name` are SQL over `o`
/// (the order) and `u` (its reseller), written here, never from input.
async fn top(
    conn: &mut PgConnection,
    period: Period,
    key: &'static str,
    name: &'static str,
) -> sqlx::Result<Vec<TopRow>> {
    let (start, end) = period.bounds();
    let sql = format!(
        "select {key} as key, {name} as name, count(*) as orders,
                sum(o.price)::bigint as revenue,
                coalesce(sum(o.price - {charge}) filter (where {charge} is not null), 0)::bigint as profit
           from orders o join users u on u.user_id = o.user_id
          where o.status = 'success' and o.created_at >= $1 and o.created_at < $2
          group by {key}
          order by revenue desc, orders desc, key
          limit $3",
        charge = charge!()
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(start)
        .bind(end)
        .bind(TOP)
        .fetch_all(conn)
        .await
}
