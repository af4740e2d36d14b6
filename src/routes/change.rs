//! `/rute <kode> <langkah,…>` and `/rute <kode> hapus`: a product's route replaced whole, in one
//! transaction with its audit row (R38, R42), or refused with nothing changed.
use chrono::NaiveTime;
use sqlx::{Connection, PgConnection};

use super::{Product, product};
use crate::audit::{self, Action, Entry};
use crate::domain::route::{
    DEFAULT_SUPPLIER, Refusal, RouteChange, StepInput, check_steps, steps_text,
};
use crate::levels;
use crate::text::audit as say;

/// A step as it was: position, supplier, SKU, cost, cut-off start and end.
type Was = (
    i16,
    String,
    String,
    Option<i64>,
    Option<NaiveTime>,
    Option<NaiveTime>,
);

/// Two admins changing one product's route at once take turns (keyed by the product).
const ROUTE_LOCK: i32 = 7_342;

/// Replaces product `code`'s route with `steps`, or with none (back to the default) when
/// `steps` is empty. Refused, changing nothing: an unknown product or supplier, a malformed
/// route (`check_steps`), a step costing as much as the product sells for at any level.
pub async fn set(
    conn: &mut PgConnection,
    admin_id: i64,
    code: &str,
    steps: &[StepInput],
) -> sqlx::Result<RouteChange> {
    if !steps.is_empty()
        && let Err(e) = check_steps(steps)
    {
        return Ok(RouteChange::Refused(Refusal::Steps(e)));
    }
    let mut tx = conn.begin().await?;
    let Some(p) = product(&mut tx, code).await? else {
        return Ok(RouteChange::Refused(Refusal::UnknownProduct));
    };
    sqlx::query("select pg_advisory_xact_lock($1, hashint8($2))")
        .bind(ROUTE_LOCK)
        .bind(p.product_id)
        .execute(&mut *tx)
        .await?;
    if let Some(refusal) = refusal(&mut tx, &p, steps).await? {
        return Ok(RouteChange::Refused(refusal));
    }
    let mut was: Vec<Was> = sqlx::query_as(
        "delete from product_routes where product_id = $1
         returning position, supplier, sku, cost, cut_off_start, cut_off_end",
    )
    .bind(p.product_id)
    .fetch_all(&mut *tx)
    .await?;
    was.sort_by_key(|r| r.0);
    let before = steps_text(was.iter().map(|w| (w.1.as_str(), w.2.as_str(), w.3)));
    let after = steps_text(steps.iter().map(|s| {
        (
            s.supplier.as_str(),
            s.sku.as_str(),
            s.cost.map(|c| c.rupiah()),
        )
    }));
    let suppliers: Vec<&str> = steps.iter().map(|s| s.supplier.as_str()).collect();
    let skus: Vec<&str> = steps.iter().map(|s| s.sku.as_str()).collect();
    let costs: Vec<Option<i64>> = steps.iter().map(|s| s.cost.map(|c| c.rupiah())).collect();
    // A step kept (same supplier and SKU) keeps the cut-off its price list gave it.
    let kept = |s: &StepInput| was.iter().find(|w| w.1 == s.supplier && w.2 == s.sku);
    let starts: Vec<Option<NaiveTime>> = steps.iter().map(|s| kept(s).and_then(|w| w.4)).collect();
    let ends: Vec<Option<NaiveTime>> = steps.iter().map(|s| kept(s).and_then(|w| w.5)).collect();
    sqlx::query(
        "insert into product_routes
                (product_id, position, supplier, sku, cost, cut_off_start, cut_off_end)
         select $1, n, supplier, sku, cost, cut_off_start, cut_off_end
           from unnest($2::text[], $3::text[], $4::bigint[], $5::time[], $6::time[])
                with ordinality as s (supplier, sku, cost, cut_off_start, cut_off_end, n)",
    )
    .bind(p.product_id)
    .bind(&suppliers)
    .bind(&skus)
    .bind(&costs)
    .bind(&starts)
    .bind(&ends)
    .execute(&mut *tx)
    .await?;
    if before != after {
        let entry = Entry::new(admin_id, Action::Route, say::product(&p.code))
            .change(before.clone(), after.clone());
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(RouteChange::Done { before, after })
}

/// Why `steps` cannot be `p`'s route, read under the route's lock.
async fn refusal(
    conn: &mut PgConnection,
    p: &Product,
    steps: &[StepInput],
) -> sqlx::Result<Option<Refusal>> {
    let known: Vec<String> = sqlx::query_scalar("select code from suppliers order by code")
        .fetch_all(&mut *conn)
        .await?;
    if let Some(step) = steps.iter().find(|s| !known.contains(&s.supplier)) {
        return Ok(Some(Refusal::UnknownSupplier {
            supplier: step.supplier.clone(),
            known,
        }));
    }
    // What each step costs: its own, else at utama the product's (the default step's cost).
    let costed: Vec<(&str, i64)> = steps
        .iter()
        .filter_map(|s| {
            let cost = s.cost.map(|c| c.rupiah());
            let cost = cost.or(p.cost.filter(|_| s.supplier == DEFAULT_SUPPLIER))?;
            Some((s.supplier.as_str(), cost))
        })
        .collect();
    if costed.is_empty() {
        return Ok(None);
    }
    // A cost at or above a level's price is one below that price plus a rupiah: the levels'
    // own check (R34) finds both.
    let codes = vec![p.code.clone(); costed.len()];
    let above: Vec<i64> = costed.iter().map(|(_, c)| c.saturating_add(1)).collect();
    let found = levels::below_cost(conn, &codes, &above).await?;
    Ok(costed.into_iter().find_map(|(supplier, cost)| {
        let b = found.iter().find(|b| b.cost == cost.saturating_add(1))?;
        Some(Refusal::NotBelowPrice {
            supplier: supplier.to_owned(),
            cost,
            level: b.level.clone(),
            price: b.price,
        })
    }))
}
