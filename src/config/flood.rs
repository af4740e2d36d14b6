//! Flood control's budget, as configured (`FLOOD_MAX_PER_MIN`); `intake::flood` applies it.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimits {
    /// Updates a minute from a chat whose user pressed /start; 0 turns flood control off.
    pub per_min: u32,
}

impl FloodLimits {
    pub const DEFAULT_PER_MIN: u32 = 20;

    /// Someone who never pressed /start has no reason to say much: a quarter of the budget.
    pub fn budget(&self, started: bool) -> usize {
        let per_min = self.per_min as usize;
        if started {
            per_min
        } else {
            (per_min / 4).max(1)
        }
    }
}

impl Default for FloodLimits {
    fn default() -> Self {
        Self {
            per_min: Self::DEFAULT_PER_MIN,
        }
    }
}
