//! End to end through the real start-up path: fake Telegram, supplier simulator, PostgreSQL.
mod admin;
mod alert_flood;
mod broadcasts;
mod dead_letters;
mod delivery;
mod flood;
mod habits;
mod intake;
mod list_pages;
mod long_lists;
mod purchase;
mod receipt;
mod registration;
mod replies;
mod settle;
