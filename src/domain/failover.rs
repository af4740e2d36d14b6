//! How far an order may travel along its route (R43).
use std::time::Duration;

/// How far an order may travel along its route: `FAILOVER_MAX` attempts in all, started within
/// `FAILOVER_WINDOW_SECS` of the order (a reseller waiting longer would rather have the money
/// back than a late delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailoverPolicy {
    pub max_attempts: i16,
    pub window: Duration,
}

impl Default for FailoverPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 2,
            window: Duration::from_secs(60),
        }
    }
}
