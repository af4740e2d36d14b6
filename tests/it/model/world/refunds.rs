//! An admin's refund (R36), done to the real order desk.
use loket::domain::Money;
use loket::domain::TrxId;
use loket::domain::refund::{RefundAmount, RefundSource};
use loket::orders::{RefundError, RefundRequest, Refused};

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
        match self.orders.refund(&request).await {
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
}
