//! Price levels and cost prices; the supplier's balance, its reconciliation and the cost guard.
mod drift;
mod levels;
mod supplier;
