//! An admin's refund (R36), done as `/refund` does it: through `complaints::refund`, which
//! closes the order's open complaint in the refund's transaction (R37).
use loket::domain::Money;
use loket::domain::TrxId;
use loket::domain::refund::{RefundAmount, RefundSource};
use loket::orders::{RefundError, RefundRequest, Refunded, Refused};

use super::World;
use crate::helpers::ADMIN;

impl World {
    pub(super) async fn refund(
        &self,
        attempt: usize,
        part: Option<i64>,
        supplier: bool,
        key: usize,
    ) -> &'static str {
        let request = RefundRequest {
            trxid: TrxId::parse(&self.trxid(attempt)).unwrap(),
            admin_id: ADMIN,
            amount: part.map_or(RefundAmount::Full, |p| {
                RefundAmount::Part(Money::from_rupiah(p))
            }),
            source: if supplier {
                RefundSource::Supplier
            } else {
                RefundSource::Shop
            },
            reason: "komplain pelanggan".into(),
            idempotency_key: format!("model:{key}"),
            complaint_id: None,
        };
        outcome(loket::complaints::refund(&self.orders, &request).await)
    }
}

/// A refund's outcome, as the model labels it.
pub(super) fn outcome(done: Result<Refunded, RefundError>) -> &'static str {
    match done {
        Ok(_) => "refunded",
        Err(RefundError::Refused(refused)) => match *refused {
            Refused::NotFound => "not found",
            Refused::AlreadyRefunded { .. } => "already refunded",
            Refused::Reversed { .. } => "reversed",
            Refused::NotSuccess(_) => "not success",
            Refused::OutOfRange { .. } => "out of range",
        },
        Err(RefundError::Order(e)) => panic!("refund: {e}"),
    }
}
