//! `/produk sync digiflazz` (R46): the supplier's price list read at most once per
//! [`SYNC_EVERY_MINUTES`] (claimed in `suppliers` before the call), compared with every route
//! step at that supplier, previewed, and kept until an admin answers; ✅ writes what was
//! previewed ([`apply`]). Selling prices are never touched: a step whose new cost reaches a
//! product's price at some level is held out of its route instead, until a later sync finds
//! it under every price or `/rute` sets the route again (which refuses such a cost).
mod apply;
mod compare;

pub use apply::{Applied, apply, cancel};
pub use compare::{RouteStep, compare, cut_off};

pub use crate::domain::price_sync::{
    Held, PRICE_LIST_SUPPLIER, SYNC_EVERY_MINUTES, SYNC_PREVIEW_MINUTES, SyncDecided, SyncPreview,
    SyncRefusal,
};

use chrono::NaiveTime;
use sqlx::{PgConnection, PgPool};

use crate::digiflazz::{DigiflazzClient, DigiflazzError, Product};
use crate::levels;
use crate::supplier::registry;

/// Digiflazz's rc when its price list was asked for too often.
const RC_LIMITED: &str = "83";

/// Where the question was asked: the admin's command message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub chat_id: i64,
    pub message_id: i64,
}

/// What `/produk sync` came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Synced {
    Refused(SyncRefusal),
    /// The same command seen again (a redelivery): its question stands, or was answered.
    AskedBefore(Option<SyncDecided>),
    Previewed(SyncPreview),
}

/// Reads `supplier`'s price list (with `client`, when it is configured) and keeps the preview
/// as the question asked by the command at `key`.
pub async fn preview(
    pool: &PgPool,
    client: Option<&DigiflazzClient>,
    supplier: &str,
    key: Key,
    admin_id: i64,
) -> anyhow::Result<Synced> {
    let mut conn = pool.acquire().await?;
    if let Err(registry::Refusal::Unknown { known }) = registry::known(&mut conn, supplier).await? {
        return Ok(Synced::Refused(SyncRefusal::UnknownSupplier { known }));
    }
    if supplier != PRICE_LIST_SUPPLIER {
        let supplier = supplier.to_owned();
        return Ok(Synced::Refused(SyncRefusal::NoPriceList { supplier }));
    }
    let Some(client) = client else {
        return Ok(Synced::Refused(SyncRefusal::NotConfigured));
    };
    if let Some(decided) = apply::asked(&mut conn, key).await? {
        return Ok(Synced::AskedBefore(decided));
    }
    let fetched_at =
        match registry::claim_price_list(&mut conn, supplier, SYNC_EVERY_MINUTES).await? {
            Ok(at) => at,
            Err(minutes) => return Ok(Synced::Refused(SyncRefusal::TooSoon { minutes })),
        };
    // No pooled connection waits on Digiflazz, which may take its whole timeout to answer.
    drop(conn);
    let list = match client.price_list().await {
        Ok(list) => list,
        Err(e) => return Ok(Synced::Refused(refusal(&e))),
    };
    let mut conn = pool.acquire().await?;
    let preview = judge(&mut conn, supplier, &list).await?;
    let asked = apply::Asked {
        key,
        supplier,
        admin_id,
        fetched_at,
    };
    apply::ask(&mut conn, &asked, &preview.writes).await?;
    Ok(Synced::Previewed(preview))
}

/// `list` against the steps at `supplier` and the levels' prices now.
pub async fn judge(
    conn: &mut PgConnection,
    supplier: &str,
    list: &[Product],
) -> sqlx::Result<SyncPreview> {
    let steps = steps_at(conn, supplier).await?;
    let (codes, costs) = compare::sold_costs(&steps, list);
    // A cost at or above a level's price is one below that price plus a rupiah (as `/rute`).
    let above: Vec<i64> = costs.iter().map(|c| c.saturating_add(1)).collect();
    let below = levels::below_cost(conn, &codes, &above).await?;
    Ok(compare(supplier, &steps, list, &below))
}

type StepRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<NaiveTime>,
    Option<NaiveTime>,
    Option<String>,
);

/// Every step at `supplier`, products in code order.
async fn steps_at(conn: &mut PgConnection, supplier: &str) -> sqlx::Result<Vec<RouteStep>> {
    let rows: Vec<StepRow> = sqlx::query_as(
        "select r.product_id, p.code, r.sku, r.cost, r.cut_off_start, r.cut_off_end, r.held
           from product_routes r join products p using (product_id)
          where r.supplier = $1
          order by lower(p.code)",
    )
    .bind(supplier)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(product_id, code, sku, cost, start, end, held)| RouteStep {
                product_id,
                code,
                sku,
                cost,
                cut_off: start.zip(end).filter(|(s, e)| s != e),
                held: Held::from_column(held.as_deref()),
            },
        )
        .collect())
}

/// Why the list was not read, each cause its own refusal; logged here (the error's Display
/// names no secret: the key only ever feeds the sign).
fn refusal(e: &DigiflazzError) -> SyncRefusal {
    match e {
        DigiflazzError::Refused { rc, .. } if rc == RC_LIMITED => {
            tracing::warn!(error = %e, "price list limited by Digiflazz");
            SyncRefusal::Limited
        }
        DigiflazzError::Refused { rc, message } => {
            tracing::warn!(error = %e, "price list refused");
            SyncRefusal::Refused {
                rc: rc.clone(),
                message: message.clone(),
            }
        }
        DigiflazzError::BadSignature { .. } | DigiflazzError::IpNotWhitelisted { .. } => {
            tracing::error!(error = %e, "price list refused: our Digiflazz account");
            SyncRefusal::Account
        }
        DigiflazzError::Transport(_) | DigiflazzError::Malformed(_) => {
            tracing::warn!(error = %e, "price list not read");
            SyncRefusal::Unreachable
        }
    }
}
