//! The rows the order paths append to `supplier_reports` for the supplier reconciler
//! (`crate::supplier`), as SQL embedded in statements they already run: a report costs the
//! purchase and callback paths no extra round trip, and reads or locks nothing more.

/// An accepted answer's report (when `$7`), for the order `o` its statement just wrote, with
/// the reported balance `$4` (null when the answer had none). Its charge is what the order stands
/// charged at once the answer is recorded: nothing if it failed already (a faster GAGAL
/// callback), else the answer's `total` just stored.
macro_rules! answer_report {
    () => {
        "insert into supplier_reports (source, order_id, saldo, charge)
         select 'answer', o.order_id, $4,
                case when o.status = 'failed' then 0
                     else coalesce(o.supplier_cost, o.callback_harga, 0) end
           from o where $7"
    };
}

/// A callback's report: for a callback settled against order `$4` (`$11`), the charge the order
/// stands at after it (nothing once failed: the supplier gave it back; else the answer's `total`,
/// or this callback's `Harga` `$10` when the answer was lost); for any other callback that
/// reported a balance `$9`, the balance alone.
macro_rules! callback_report {
    () => {
        "insert into supplier_reports (source, order_id, saldo, charge)
         select 'callback', o.order_id, $9,
                case when o.status = 'failed' then 0
                     else coalesce(o.supplier_cost, $10, o.callback_harga, 0) end
           from orders o where $11 and o.order_id = $4
         union all
         select 'callback', null, $9, null where not $11 and $9 is not null"
    };
}
