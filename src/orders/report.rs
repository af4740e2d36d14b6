//! A report about an order: what it says happened, and who says so.

/// What a report says happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Success,
    Failed,
}

/// Who is reporting, for the audit trail (`placed`, an order's first event, is written by the
/// statement that inserts it: see `place`).
pub(super) enum Source<'a> {
    Supplier,
    Recovery,
    /// The supplier's callback, with the balance (`Saldo:`) and price (`Harga:`) it reported,
    /// which the order keeps.
    Callback {
        saldo: Option<i64>,
        harga: Option<i64>,
    },
    Admin {
        admin_id: i64,
        note: &'a str,
    },
    /// The order moving to its route's next supplier: which to which.
    Failover {
        note: &'a str,
    },
}

impl Source<'_> {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Source::Supplier => "supplier",
            Source::Recovery => "recovery",
            Source::Callback { .. } => "callback",
            Source::Admin { .. } => "admin",
            Source::Failover { .. } => "failover",
        }
    }

    pub(super) fn actor(&self) -> Option<i64> {
        match self {
            Source::Admin { admin_id, .. } => Some(*admin_id),
            _ => None,
        }
    }

    /// The figures a callback reported (`Saldo:`, `Harga:`); none from anyone else.
    pub(super) fn figures(&self) -> (Option<i64>, Option<i64>) {
        match self {
            Source::Callback { saldo, harga } => (*saldo, *harga),
            _ => (None, None),
        }
    }

    pub(super) fn note(&self) -> Option<&str> {
        match self {
            Source::Admin { note, .. } | Source::Failover { note } => Some(note),
            _ => None,
        }
    }
}

/// A report about one order whose row the caller has locked.
pub(super) struct Report<'a> {
    pub kind: ReportKind,
    pub sn: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub source: Source<'a>,
    /// A GAGAL that says the product or the supplier failed (not the customer's input): the
    /// order may move to its route's next supplier instead of failing (R43).
    pub fails_over: bool,
}
