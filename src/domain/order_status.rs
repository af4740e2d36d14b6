use std::fmt;

/// Where an order stands. See the state table in docs/architecture.md; `orders::transition` is the
/// only code that moves an order between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// Committed with its hold; the supplier request is (about to be) in flight.
    Sending,
    /// The supplier accepted it (`status:true`) and will call back.
    Pending,
    /// We do not know whether the supplier took it (timeout, 5xx, garbage, crash). Money stays held.
    Unknown,
    Success,
    Failed,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Pending => "pending",
            Self::Unknown => "unknown",
            Self::Success => "success",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sending" => Self::Sending,
            "pending" => Self::Pending,
            "unknown" => Self::Unknown,
            "success" => Self::Success,
            "failed" => Self::Failed,
            _ => return None,
        })
    }

    /// Open orders still hold the reseller's money.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Sending | Self::Pending | Self::Unknown)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
