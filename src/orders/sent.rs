//! A supplier's synchronous answer, whichever supplier gave it, as the order reads it.
use crate::biller::{SupplierAnswer, refusal_fails_over};
use crate::digiflazz::{self, FailClass, Verdict};

/// The figures an answer may carry: the supplier's own transaction id, what it charged and
/// our deposit left there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub supplier_trxid: Option<String>,
    pub cost: Option<i64>,
    pub saldo: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Taken and in process; the result comes later.
    Accepted(Figures),
    /// Delivered at once, with its SN when there is one.
    Succeeded {
        figures: Figures,
        sn: Option<String>,
    },
    /// Refused; `fails_over` when the refusal says the product or the supplier failed, not the
    /// customer's input (R43).
    Rejected {
        figures: Figures,
        reason: String,
        fails_over: bool,
    },
    /// No answer to act on: the money stays held and nothing moves to another supplier.
    Unknown { why: String },
}

impl Sent {
    pub fn from_utama(answer: &SupplierAnswer) -> Self {
        match answer {
            SupplierAnswer::Accepted {
                supplier_trxid,
                cost,
                saldo,
            } => Self::Accepted(Figures {
                supplier_trxid: supplier_trxid.clone(),
                cost: *cost,
                saldo: *saldo,
            }),
            SupplierAnswer::Rejected {
                reason,
                supplier_trxid,
                cost,
                saldo,
            } => Self::Rejected {
                figures: Figures {
                    supplier_trxid: supplier_trxid.clone(),
                    cost: *cost,
                    saldo: *saldo,
                },
                reason: reason.clone(),
                fails_over: refusal_fails_over(reason),
            },
            SupplierAnswer::Unknown { why } => Self::Unknown { why: why.clone() },
        }
    }

    pub fn from_digiflazz(answer: &digiflazz::Answer) -> Self {
        let report = match answer {
            digiflazz::Answer::Clear(report) => report,
            digiflazz::Answer::Unknown(why) => return Self::Unknown { why: why.clone() },
        };
        let figures = Figures {
            supplier_trxid: None,
            cost: report.price,
            saldo: report.buyer_last_saldo,
        };
        match report.verdict {
            Some(Verdict::Success) => Self::Succeeded {
                figures,
                sn: report.sn.clone(),
            },
            Some(Verdict::Pending) => Self::Accepted(figures),
            Some(Verdict::Failed(class)) => Self::Rejected {
                // A failure charges nothing, whatever price the answer names.
                figures: Figures {
                    cost: None,
                    ..figures
                },
                reason: format!("{} (rc {})", report.message, report.rc),
                fails_over: FailClass::fails_over(class),
            },
            None => Self::Unknown {
                why: format!("status {:?} rc {:?}", report.status, report.rc),
            },
        }
    }
}
