//! Price levels and cost prices; the supplier's balance, its reconciliation and the cost guard.
mod below_cost;
mod drift;
mod guard;
mod levels;
pub(crate) mod supplier;
