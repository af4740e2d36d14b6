use crate::named_enum::Named;

named_enum! {
    /// Where an order stands. See the state table in docs/architecture.md; `orders::transition` is
    /// the only code that moves an order between them.
    pub enum OrderStatus {
        /// Committed with its hold; the supplier request is (about to be) in flight.
        Sending = "sending",
        /// The supplier accepted it (`status:true`) and will call back.
        Pending = "pending",
        /// We do not know whether the supplier took it (timeout, 5xx, garbage, crash). Money
        /// stays held.
        Unknown = "unknown",
        Success = "success",
        Failed = "failed",
    }
}

impl OrderStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|status| status.as_str() == s)
    }

    /// Open orders still hold the reseller's money.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Sending | Self::Pending | Self::Unknown)
    }
}
