//! The cost guard: what the supplier charged an order, against what we sold it for and the
//! product's cost price. A sale at a loss takes the product off sale at once (every further
//! sale would lose money too); a charge above the cost price only tells admins the new cost,
//! with the levels priced below it. The stored cost price stays the admin's: a charge is one
//! report, and taking it as the cost would reprice every markup level to resellers without
//! anyone deciding; the alert gives the `/produk` line that accepts it.
use std::collections::HashMap;

use sqlx::PgConnection;

use crate::domain::Money;
use crate::{levels, outbox, text::supplier as say};

/// What the guard needs about one order, read for a whole batch of reports at once.
#[derive(Debug, Clone)]
pub(super) struct OrderFacts {
    trxid: String,
    product_code: String,
    /// What the reseller paid, and the price level it was priced at (none on orders placed
    /// before levels existed).
    price: i64,
    level: Option<String>,
    /// The product's cost price now.
    product_cost: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Charged {
    pub charge: i64,
    pub report_id: i64,
}

/// The facts about `order_ids`, in one statement.
pub(super) async fn facts(
    conn: &mut PgConnection,
    order_ids: &[i64],
) -> sqlx::Result<HashMap<i64, OrderFacts>> {
    type Row = (i64, String, String, i64, Option<String>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "select o.order_id, o.trxid, o.product_code, o.price, l.name, p.cost
           from orders o left join products p on lower(p.code) = lower(o.product_code)
           left join price_levels l on l.level_id = o.level_id
          where o.order_id = any($1)",
    )
    .bind(order_ids)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, trxid, product_code, price, level, product_cost)| {
            let facts = OrderFacts {
                trxid,
                product_code,
                price,
                level,
                product_cost,
            };
            (id, facts)
        })
        .collect())
}

/// Judges a charge the book has just learned; queries only when there is something to do.
/// Either alert lists the levels whose price is below the charge (R34).
pub(super) async fn check(
    conn: &mut PgConnection,
    admins: &[i64],
    order: &OrderFacts,
    c: Charged,
) -> sqlx::Result<()> {
    let (trxid, code) = (order.trxid.as_str(), order.product_code.as_str());
    let charge = Money::from_rupiah(c.charge);
    if c.charge > order.price {
        let sold_at = Money::from_rupiah(order.price);
        let reason = say::loss_reason(trxid, charge, sold_at, order.level.as_deref());
        let deactivated = sqlx::query(
            "update products set active = false, inactive_reason = $2, updated_at = now()
              where lower(code) = lower($1) and active",
        )
        .bind(code)
        .bind(&reason)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        tracing::warn!(
            trxid,
            product = code,
            charge = c.charge,
            price = order.price,
            level = order.level.as_deref(),
            deactivated,
            "sale at a loss"
        );
        let below = levels::below_cost(conn, &[code.to_owned()], &[c.charge]).await?;
        let text = say::sale_at_a_loss(code, &reason, deactivated, &below);
        let key = format!("costguard:loss:{}", c.report_id);
        return outbox::alert_admins(conn, admins, &key, &text).await;
    }
    if let Some(cost) = order.product_cost
        && c.charge > cost
    {
        tracing::warn!(
            trxid,
            product = code,
            charge = c.charge,
            cost,
            "supplier charged above the cost price"
        );
        let below = levels::below_cost(conn, &[code.to_owned()], &[c.charge]).await?;
        let text = say::cost_rose(code, trxid, Money::from_rupiah(cost), charge, &below);
        // Once per product and new cost: every later sale at that cost says nothing new.
        let key = format!("costguard:cost:{}:{}", code.to_lowercase(), c.charge);
        return outbox::alert_admins(conn, admins, &key, &text).await;
    }
    Ok(())
}
