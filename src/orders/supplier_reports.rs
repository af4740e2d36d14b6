//! The rows the order paths append to `supplier_reports` for the supplier reconciler
//! (`crate::supplier`), as SQL embedded in statements they already run: a report costs the
//! purchase and callback paths no extra round trip, and reads or locks nothing more. An order
//! whose refund the supplier paid for stands charged nothing, like a failed one (R36).
use crate::sql::{Cte, Sql};

/// An accepted answer's report, for the order in `o` (the clause that wrote it) and the balance
/// the answer reported (`saldo`, none when it had none). Its charge is what the order stands
/// charged at once the answer is recorded: nothing if it failed already (a faster GAGAL
/// callback), else the answer's `total` just stored.
pub(super) fn answer_report(q: &mut Sql, o: Cte, saldo: Option<i64>) {
    q.with("report", |q| {
        // An answer about an attempt the order already left reports nothing: its figures would
        // land in the next supplier's book (R43).
        q.push(
            "insert into supplier_reports (source, order_id, saldo, charge, supplier)
             select 'answer', o.order_id, ",
        )
        .bind(saldo)
        .push(
            ", case when o.status = 'failed' or o.refund_source = 'supplier' then 0
                    else coalesce(o.supplier_cost, o.callback_harga, 0) end, o.supplier from ",
        )
        .cte(o)
        .push(" o where o.current");
    });
}

/// A callback's report: for a callback settled against order `order_id`, the charge the order
/// stands at after it (nothing once failed: the supplier gave it back; else the answer's `total`,
/// or this callback's `harga` when the answer was lost); for any other callback that reported a
/// balance `saldo`, the balance alone; for the rest, nothing.
pub(super) fn callback_report(
    q: &mut Sql,
    settled_on: Option<i64>,
    saldo: Option<i64>,
    harga: Option<i64>,
    supplier: &str,
) {
    // The reporter's book: after a failover the order's current supplier is another one.
    match settled_on {
        Some(order_id) => {
            q.with("report", |q| {
                q.push(
                    "insert into supplier_reports (source, order_id, saldo, charge, supplier)
                     select 'callback', o.order_id, ",
                )
                .bind(saldo)
                .push(
                    ", case when o.status = 'failed' or o.refund_source = 'supplier' then 0
                            else coalesce(o.supplier_cost, ",
                )
                .bind(harga)
                .push(", o.callback_harga, 0) end, ")
                .bind(supplier)
                .push(" from orders o where o.order_id = ")
                .bind(order_id);
            });
        }
        None if saldo.is_some() => {
            q.with("report", |q| {
                q.push(
                    "insert into supplier_reports (source, order_id, saldo, charge, supplier)
                     values ('callback', null, ",
                )
                .bind(saldo)
                .push(", null, ")
                .bind(supplier)
                .push(")");
            });
        }
        None => {}
    }
}

/// A refund the supplier paid for (R36): the order's charge there falls to nothing, so the
/// reconciler's book expects the order's cost back, as for an order that failed.
pub(super) async fn refund_report(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    admin_id: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into supplier_reports (source, order_id, charge, admin_id)
         values ('refund', $1, 0, $2)",
    )
    .bind(order_id)
    .bind(admin_id)
    .execute(conn)
    .await?;
    Ok(())
}
