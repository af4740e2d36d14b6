//! What a callback is checked against before the state table decides: the order it names, and
//! how its outcome leaves that order; the facts an alert about it shows.
use super::Order;
use super::callback::{CallbackOutcome, Reporter};
use super::callback_log::Settled;
use crate::biller::{Callback, CallbackStatus, same_number};
use crate::text::callback::CallbackFacts;

/// How a callback's outcome left its order, for [`insert_log`].
pub(super) fn settled_by(outcome: CallbackOutcome) -> Settled {
    match outcome {
        // The status change that settled the order kept the callback's figures with it.
        CallbackOutcome::Applied | CallbackOutcome::Reversal => Settled::Changed,
        CallbackOutcome::Duplicate
        | CallbackOutcome::Conflict
        | CallbackOutcome::AfterRefund
        | CallbackOutcome::FailedOver
        | CallbackOutcome::EarlierAttempt
        | CallbackOutcome::Pending => Settled::Unchanged,
        CallbackOutcome::Mismatch
        | CallbackOutcome::Contradictory
        | CallbackOutcome::UnknownRefid => Settled::No,
    }
}

/// A callback must be about the order it names: the same destination, and, when its message
/// opens with `Transaksi <code>.<dest>`, the same product code and destination there too.
/// Anything else is a misrouted or forged report and changes nothing.
pub(super) fn mismatch(cb: &Callback, order: &Order, by: Reporter) -> Option<String> {
    if order.supplier != by.supplier {
        return Some(format!("the order's attempt is at {}", order.supplier));
    }
    let Some(dest) = cb.dest.as_deref() else {
        return Some("callback without dest".into());
    };
    if !same_number(dest, order.destination.as_str()) {
        return Some(format!(
            "callback says dest {dest}, order is to {}",
            order.destination
        ));
    }
    let subject = cb.details.subject.as_ref()?;
    if !subject.code.eq_ignore_ascii_case(order.sku())
        || !same_number(&subject.dest, order.destination.as_str())
    {
        return Some(format!(
            "message says {}.{}, order is {}.{}",
            subject.code, subject.dest, order.product_code, order.destination
        ));
    }
    None
}

pub(super) async fn earlier_supplier(
    tx: &mut sqlx::PgConnection,
    order_id: i64,
    attempt: i16,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select supplier from order_attempts where order_id = $1 and attempt = $2")
        .bind(order_id)
        .bind(attempt)
        .fetch_optional(tx)
        .await
}

pub(super) fn facts(cb: &Callback) -> CallbackFacts<'_> {
    CallbackFacts {
        status: match cb.status {
            CallbackStatus::Success => 0,
            CallbackStatus::Failed => 1,
        },
        refid: &cb.refid,
        product: cb.product.as_deref(),
        qty: cb.qty.as_deref(),
        dest: cb.dest.as_deref(),
        sn: cb.details.sn.as_deref(),
        saldo: cb.details.saldo,
        harga: cb.details.harga,
        tgl: cb.details.tgl.as_deref(),
        message: &cb.message,
    }
}
