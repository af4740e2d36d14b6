//! The audit row every authenticated callback leaves in `callback_log`, with its report for the
//! supplier reconciler, in one statement.
use super::supplier_reports::callback_report;
use crate::biller::Callback;
use crate::sql::Sql;

/// Where a callback came from, as received (the token is in the path, never in here).
#[derive(Debug, Clone)]
pub struct CallbackAudit {
    pub peer_ip: String,
    pub raw_query: String,
}

/// The `peer_ip` of a report loket asked for itself: Digiflazz's answer to a status check
/// (R45), told apart from a webhook by it.
pub const STATUS_CHECK_PEER: &str = "status-check";

impl CallbackAudit {
    /// Where a status check's answer came from: our own request `checks` about `reference`.
    pub fn status_check(reference: &str, checks: i32) -> Self {
        Self {
            peer_ip: STATUS_CHECK_PEER.to_owned(),
            raw_query: format!("status check {checks} of ref_id {reference}"),
        }
    }
}

/// Audit rows keep this much of a query; enough to investigate, bounded against abuse.
const MAX_AUDIT_QUERY: usize = 2048;

/// How a callback stands to the order it names, for what [`insert_log`] writes beside its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Settled {
    /// Not applied to an order (unknown, mismatched, contradictory or unreadable).
    No,
    /// Applied, and the status change it made kept its figures on the order.
    Changed,
    /// Applied to an order that stays as it was (a duplicate, a conflict): its figures are kept
    /// on the order here.
    Unchanged,
}

/// Records a callback with its report for the supplier reconciler; when it was settled against
/// its order without changing it, the supplier's figures are kept on the order too, in the same
/// statement.
pub(super) async fn insert_log(
    conn: &mut sqlx::PgConnection,
    audit: &CallbackAudit,
    supplier: &str,
    cb: Option<&Callback>,
    order_id: Option<i64>,
    (outcome, detail): (&str, &str),
    settled: Settled,
) -> Result<i64, sqlx::Error> {
    let mut raw = audit.raw_query.as_str();
    if raw.len() > MAX_AUDIT_QUERY {
        let mut end = MAX_AUDIT_QUERY;
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        raw = &raw[..end];
    }
    let (saldo, harga) = cb.map_or((None, None), |c| (c.details.saldo, c.details.harga));
    let mut q = Sql::new();
    callback_report(
        &mut q,
        order_id.filter(|_| settled != Settled::No),
        saldo,
        harga,
        supplier,
    );
    if let Some(order_id) = order_id.filter(|_| settled == Settled::Unchanged)
        && (saldo.is_some() || harga.is_some())
    {
        q.with("figures", |q| {
            q.push("update orders set callback_saldo = coalesce(")
                .bind(saldo)
                .push(", callback_saldo), callback_harga = coalesce(")
                .bind(harga)
                .push(", callback_harga) where order_id = ")
                .bind(order_id);
        });
    }
    q.push(
        " insert into callback_log (peer_ip, raw_query, refid, order_id, outcome, detail,
                                    product, qty, saldo, harga) values (",
    )
    .bind(&audit.peer_ip)
    .push(", ")
    .bind(raw)
    .push(", ")
    .bind(cb.map(|c| c.refid.as_str()))
    .push(", ")
    .bind(order_id)
    .push(", ")
    .bind(outcome)
    .push(", ")
    .bind(detail)
    .push(", ")
    .bind(cb.and_then(|c| c.product.as_deref()))
    .push(", ")
    .bind(cb.and_then(|c| c.qty.as_deref()))
    .push(", ")
    .bind(saldo)
    .push(", ")
    .bind(harga)
    .push(") returning callback_id");
    let id: i64 = q.query_scalar().fetch_one(conn).await?;
    Ok(id)
}
