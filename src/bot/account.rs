//! What a reseller reads: prices, history, one order, statement.
use sqlx::PgConnection;

use crate::domain::Money;
use crate::orders::Order;
use crate::orders::queries;
use crate::text::bot::{self as say, OrderLine, StatementLine};
use crate::text::lists::{self, PriceLine};
use crate::{ledger, products};

const LIST_LIMIT: i64 = 10;

/// One page of the price list (or of a search in it): every product is on some page.
pub async fn prices(
    conn: &mut PgConnection,
    user_id: i64,
    filter: Option<&str>,
    page: usize,
) -> sqlx::Result<String> {
    let (level, list) = products::list_active(conn, user_id, filter).await?;
    let lines: Vec<PriceLine> = list
        .iter()
        .map(|p| PriceLine {
            code: &p.code,
            name: &p.name,
            price: Money::from_rupiah(p.price),
            disrupted: p.disrupted,
        })
        .collect();
    Ok(lists::prices(&lines, filter, page, &level))
}

pub fn line(o: &Order) -> OrderLine<'_> {
    OrderLine {
        trxid: o.trxid.as_str(),
        product_code: o.product_code.as_str(),
        product_name: &o.product_name,
        destination: o.destination.as_str(),
        price: o.price,
        status: o.status(),
        sn: o.sn.as_deref(),
        reason: o.supplier_reason.as_deref(),
        created_at: o.created_at,
    }
}

pub async fn history(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<String> {
    let orders = queries::recent_for_user(conn, user_id, LIST_LIMIT).await?;
    Ok(say::history(&orders.iter().map(line).collect::<Vec<_>>()))
}

pub async fn check(
    conn: &mut PgConnection,
    trxid: &str,
    viewer: Option<i64>,
) -> sqlx::Result<String> {
    Ok(match queries::visible_to(conn, trxid, viewer).await? {
        Some(order) => say::order_detail(&line(&order)),
        None => say::order_not_found().into(),
    })
}

pub async fn statement(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<String> {
    let entries = ledger::statement(conn, user_id, LIST_LIMIT).await?;
    let lines: Vec<StatementLine> = entries
        .into_iter()
        .map(|e| StatementLine {
            at: e.created_at,
            kind: e.kind,
            amount: Money::from_rupiah(e.amount),
            balance_after: Money::from_rupiah(e.balance_after),
        })
        .collect();
    Ok(say::statement(&lines))
}
