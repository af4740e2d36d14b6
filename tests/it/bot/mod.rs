//! End to end through the real start-up path: fake Telegram, supplier simulator, PostgreSQL.
mod admin;
mod delivery;
mod flood;
mod intake;
mod purchase;
