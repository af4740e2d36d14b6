//! Built-in stand-ins for the outside world, used by tests, the demo and operators rehearsing
//! before going live.
pub mod bank;
pub mod biller;
pub mod digiflazz;
pub mod telegram;
