//! The vocabulary of deposits that outlives a query: where a ticket stands, who credited it, and
//! why what an admin typed or a bank-mutation service sent cannot be taken.

/// Where a ticket stands. Only `Open` changes, once, to one of the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    Open,
    Credited,
    Rejected,
    Cancelled,
    Expired,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Credited => "credited",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Open,
            Self::Credited,
            Self::Rejected,
            Self::Cancelled,
            Self::Expired,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }
}

/// Who credits a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// An admin's ✅ (their user id).
    Admin(i64),
    /// The bank mutation (its row in `bank_mutations`) whose amount matched.
    Mutation(i64),
}

/// The mutation that credited a ticket before.
#[derive(Debug, Clone)]
pub struct Earlier {
    pub source_id: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BankAccountError {
    #[error("bank name must be 1 to 30 characters")]
    Bank,
    #[error("account number must be 4 to 30 digits")]
    Number,
    #[error("holder name must be 1 to 60 characters")]
    Holder,
}

/// Why an item could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemProblem {
    #[error("not a JSON object")]
    NotAnObject,
    #[error("`id` is missing, empty or longer than 100")]
    NoId,
    #[error("`type` must be CR or DB, got {0:?}")]
    UnknownType(String),
    #[error("`amount` {0:?} is not whole rupiah")]
    NotWhole(String),
    #[error("`amount` {0:?} is not a positive amount")]
    NotPositive(String),
    #[error("{0}")]
    Shape(String),
}

/// A body that holds no list of mutations at all: refused whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("expected an array of mutations")]
    NotAList,
}

/// Why a whole body was refused before any of its items was read. Each is told to admins (at
/// most once a minute): a service whose secret or address changed would otherwise have its
/// money refused in silence, body after body.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Not JSON, or JSON that is no list of mutations.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    #[error("a body of {0} bytes is over the limit")]
    TooLarge(usize),
    #[error("a missing or wrong signature")]
    BadSignature,
    #[error("a caller ({0}) not on DEPOSIT_ALLOW_IPS")]
    NotAllowed(std::net::IpAddr),
}
