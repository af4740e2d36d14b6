//! What the simulator does with a transaction, chosen by the last digit of `customer_no`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0–4: `Sukses` at once.
    Sukses,
    /// 5: `Pending`, then a webhook `Sukses`.
    PendingThenSukses,
    /// 6: `Pending`, then a webhook `Gagal` rc 55.
    PendingThenGagal,
    /// 7: `Gagal` rc 54 at once (the customer's number).
    GagalCustomer,
    /// 8: `Gagal` rc 53 at once (the product).
    GagalProduct,
    /// 9: `Pending`, and no webhook.
    PendingSilent,
}

pub fn outcome_for(customer_no: &str) -> Outcome {
    match customer_no.trim().chars().last() {
        Some('5') => Outcome::PendingThenSukses,
        Some('6') => Outcome::PendingThenGagal,
        Some('7') => Outcome::GagalCustomer,
        Some('8') => Outcome::GagalProduct,
        Some('9') => Outcome::PendingSilent,
        _ => Outcome::Sukses,
    }
}

/// A serial number that is the same for the same ref_id.
pub(super) fn serial_number(ref_id: &str) -> String {
    format!("{:020}", crate::fingerprint::fnv1a(ref_id))
}
