//! Where an attempt goes: the first usable step of a product's route, as a part of the
//! purchase's own read ([`first_step`], [`first_step_joins`]) or, after a failed attempt, by
//! itself ([`next_step`]).
//!
//! A step is usable when a price list has not held it (R46), its supplier is active and now
//! (WIB) is outside the step's cut-off; a
//! supplier whose last reported balance is short of the step's cost is tried last. A product
//! with no route has one step: `utama`, its own code, its own cost,
//! under the same rules.
use chrono::NaiveTime;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row as _};

use crate::domain::cutoff::now_wib;
use crate::sql::Sql;

/// Where one attempt goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub supplier: String,
    /// The supplier's own code for the product: what is sent to it.
    pub sku: String,
    /// What it charges; `None` until known.
    pub cost: Option<i64>,
}

/// The first usable step of the product a statement names `p`, as three columns (supplier,
/// sku, cost), read by [`read_first_step`]; the statement adds [`first_step_joins`] to its
/// `from` items. All three are null when no step is usable: the caller must then refuse the
/// purchase (`text::routes::no_usable_supplier`), never send it anywhere.
pub fn first_step(q: &mut Sql) {
    q.push("route_step.supplier, route_step.sku, route_step.cost");
}

/// The join [`first_step`] needs, after products named `p` (which may be a left join's
/// nothing: then so is the step).
pub fn first_step_joins(q: &mut Sql) {
    usable_step_join(q, now_wib(), &[]);
}

/// Reads the step [`first_step`] gave from the columns of `row` from `first` on; `None` when
/// no step is usable.
pub fn read_first_step(row: &PgRow, first: usize) -> sqlx::Result<Option<Step>> {
    let supplier: Option<String> = row.try_get(first)?;
    let sku: Option<String> = row.try_get(first + 1)?;
    let cost: Option<i64> = row.try_get(first + 2)?;
    Ok(supplier.zip(sku).map(|(supplier, sku)| Step {
        supplier,
        sku,
        cost,
    }))
}

/// The first usable step of product `product_id` whose supplier is not in `tried`: where the
/// next attempt goes, or `None` when there is nowhere left.
pub async fn next_step(
    conn: &mut PgConnection,
    product_id: i64,
    tried: &[String],
) -> sqlx::Result<Option<Step>> {
    next_step_at(conn, product_id, tried, now_wib()).await
}

/// [`next_step`] of the product coded `code` (an order knows its product by code).
pub async fn next_step_of(
    conn: &mut PgConnection,
    code: &str,
    tried: &[String],
) -> sqlx::Result<Option<Step>> {
    let mut q = Sql::new();
    q.push("select ");
    first_step(&mut q);
    q.push(" from products p");
    usable_step_join(&mut q, now_wib(), tried);
    q.push(" where lower(p.code) = lower(").bind(code).push(")");
    let row = q.query().fetch_optional(conn).await?;
    match row {
        Some(row) => read_first_step(&row, 0),
        None => Ok(None),
    }
}

/// [`next_step`] as if it were `now` (WIB).
pub async fn next_step_at(
    conn: &mut PgConnection,
    product_id: i64,
    tried: &[String],
    now: NaiveTime,
) -> sqlx::Result<Option<Step>> {
    let mut q = Sql::new();
    q.push("select ");
    first_step(&mut q);
    q.push(" from products p");
    usable_step_join(&mut q, now, tried);
    q.push(" where p.product_id = ").bind(product_id);
    let row = q.query().fetch_optional(conn).await?;
    match row {
        Some(row) => read_first_step(&row, 0),
        None => Ok(None),
    }
}

/// `route_step`: the first step of `p`'s route (or its default step) usable at `now` whose
/// supplier is not in `tried`. The cut-off test is `Cutoff::covers` (`domain::cutoff`) in SQL:
/// from start up to, not including, end, across midnight when start is the later; equal ends
/// close nothing, as `Cutoff::from_columns` reads them.
fn usable_step_join(q: &mut Sql, now: NaiveTime, tried: &[String]) {
    q.push(
        " left join lateral (
            select c.supplier, c.sku, c.cost
              from (select r.position, r.supplier, r.sku,
                           coalesce(r.cost, case when r.supplier = 'utama' then p.cost end) as cost,
                           r.cut_off_start, r.cut_off_end
                      from product_routes r
                     where r.product_id = p.product_id and r.held is null
                    union all
                    select 0, 'utama', p.code, p.cost, null::time, null::time
                     where p.product_id is not null
                       and not exists (select 1 from product_routes r
                                        where r.product_id = p.product_id)) c
              cross join (select ",
    )
    .bind(now)
    .push(
        "::time as now) w
              join suppliers s on s.code = c.supplier
             where s.state = 'active'
               and not coalesce(c.cut_off_start <> c.cut_off_end and case
                     when c.cut_off_start < c.cut_off_end
                       then w.now >= c.cut_off_start and w.now < c.cut_off_end
                       else w.now >= c.cut_off_start or w.now < c.cut_off_end end, false)
               and c.supplier <> all(",
    )
    .bind(tried)
    // A supplier whose last reported balance is short of the step's cost goes last rather than
    // out: that balance is only as fresh as its last report, and a shop with one supplier that
    // topped up there would otherwise be refused until a report nobody can trigger.
    .push(
        "::text[])
             order by (s.balance is not null and c.cost is not null and s.balance < c.cost),
                      c.position
             limit 1) route_step on true",
    );
}
