//! Product routes (`product_routes`): which suppliers sell a product, in which order, under
//! which of their codes and at what cost (R42). A product with no route is sold by `utama`
//! under its own code at its own cost, as before routes existed.
//!
//! `/rute` shows a route ([`show`]) and replaces it ([`set`], audited); the purchase learns where
//! its first attempt goes from its own read ([`first_step`]) and where the next one goes after
//! a failure from [`next_step`]. Cut-offs are filled by a supplier's price list, not by admins.
mod change;
pub mod sync;
mod usable;

pub use change::set;
pub use usable::{
    Step, first_step, first_step_joins, next_step, next_step_at, next_step_of, read_first_step,
};

pub use crate::domain::route::{Refusal, RouteChange, RouteView, ShownStep, StepInput, StepsError};

use chrono::NaiveTime;
use sqlx::PgConnection;

use crate::domain::cutoff::Cutoff;
use crate::domain::route::DEFAULT_SUPPLIER;

/// A product found by its code, as a route needs it.
struct Product {
    product_id: i64,
    code: String,
    name: String,
    price: i64,
    cost: Option<i64>,
}

async fn product(conn: &mut PgConnection, code: &str) -> sqlx::Result<Option<Product>> {
    let row: Option<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "select product_id, code, name, price, cost from products where lower(code) = lower($1)",
    )
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(product_id, code, name, price, cost)| Product {
        product_id,
        code,
        name,
        price,
        cost,
    }))
}

type StepRow = (
    i32,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<NaiveTime>,
    Option<NaiveTime>,
    Option<String>,
);

/// The product `code`'s route with each supplier's standing, or its default step; `None` when
/// there is no such product.
pub async fn show(conn: &mut PgConnection, code: &str) -> sqlx::Result<Option<RouteView>> {
    let Some(p) = product(&mut *conn, code).await? else {
        return Ok(None);
    };
    // The default step is utama's, read the same way as a route's steps.
    let rows: Vec<StepRow> = sqlx::query_as(
        "select c.position::int, c.supplier, c.sku, c.cost,
                case when s.state = 'paused' then coalesce(s.paused_reason, '') end,
                s.balance, c.cut_off_start, c.cut_off_end, c.held
           from (select r.position, r.supplier, r.sku,
                        coalesce(r.cost, case when r.supplier = $3 then $4 end) as cost,
                        r.cut_off_start, r.cut_off_end, r.held
                   from product_routes r where r.product_id = $1
                 union all
                 select 0, $3, $2, $4, null::time, null::time, null::text
                  where not exists (select 1 from product_routes where product_id = $1)) c
           left join suppliers s on s.code = c.supplier
          order by c.position",
    )
    .bind(p.product_id)
    .bind(&p.code)
    .bind(DEFAULT_SUPPLIER)
    .bind(p.cost)
    .fetch_all(conn)
    .await?;
    let default = rows.first().is_some_and(|r| r.0 == 0);
    let steps = rows
        .into_iter()
        .map(
            |(_, supplier, sku, cost, paused, balance, start, end, held)| ShownStep {
                supplier,
                sku,
                cost,
                paused,
                balance,
                cut_off: Cutoff::from_columns(start, end),
                held: sync::Held::from_column(held.as_deref()),
            },
        )
        .collect();
    Ok(Some(RouteView {
        code: p.code,
        name: p.name,
        price: p.price,
        default,
        steps,
    }))
}
