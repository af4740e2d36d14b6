//! Admins' refunds in the model (R36): one per SUKSES, from Rp1 up to what was paid, never
//! after a reversal; a refund closes the order's open complaint (R37).
use super::{Model, Status};

impl Model {
    /// Why the attempt's order cannot be refunded `part` (the whole price when `None`), if it
    /// cannot.
    pub(super) fn refusal(&self, attempt: usize, part: Option<i64>) -> Option<&'static str> {
        let Some(o) = self.orders.get(&attempt) else {
            return Some("not found");
        };
        if o.refunded.is_some() {
            return Some("already refunded");
        }
        if o.reversed {
            return Some("reversed");
        }
        if o.status != Status::Success {
            return Some("not success");
        }
        (part.unwrap_or(o.price) > o.price).then_some("out of range")
    }

    pub(super) fn refund(&mut self, attempt: usize, part: Option<i64>) -> &'static str {
        if let Some(refused) = self.refusal(attempt, part) {
            return refused;
        }
        let o = self.orders.get_mut(&attempt).unwrap();
        let amount = part.unwrap_or(o.price);
        o.refunded = Some(amount);
        self.balances[o.user] += amount;
        self.close_refunded(attempt);
        "refunded"
    }
}
