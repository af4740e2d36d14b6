//! Integration tests: one binary, real PostgreSQL, real HTTP on 127.0.0.1.
mod helpers;

mod bot;
mod callbacks;
mod catalogue;
mod concurrency;
mod crash;
mod demo;
mod deposits;
mod docs;
mod fake_supplier;
mod hostile;
mod json_logs;
mod ledger;
mod logs;
mod margins;
mod model;
mod operations;
mod orders;
mod proxy;
mod reports;
mod sim_biller;
mod sim_delivery;
mod sim_record;
mod supplier_answers;
mod supplier_callbacks;
mod two_instances;
