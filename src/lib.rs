//! loket: a Telegram counter for prepaid-product resellers, on PostgreSQL.
//!
//! # Layout
//! - [`cli`]: the command line; `src/main.rs` only calls [`cli::run`].
//! - [`domain`]: money, product codes, destinations, trxids and statuses, parsed at the edge.
//! - [`schema`]: the migrations, embedded (and `row.rs`: `FromRow` without the proc macro).
//! - [`ledger`]: double-entry movements inside the caller's transaction, and their invariants.
//! - [`orders`]: the order state machine: place, supplier answer, callback, admin, recovery.
//! - [`biller`]: the supplier's wire format, our signed client and the callback parser.
//! - [`bot`]: Telegram commands and purchases by chat; polling and the webhook.
//! - [`intake`]: updates stored before they are acknowledged, handled per chat, flood control.
//! - [`http`]: the callback endpoint, the webhook, health probes and `/metrics`.
//! - [`monitor`]: invariant checks (maintenance mode) and alerts about stuck orders.
//! - [`metrics`]: counters and the Prometheus exposition.
//! - [`outbox`] and [`text`]: what people are told, durably and in Indonesian.
//! - [`sim`]: a built-in supplier and Telegram sandbox for tests, demos and rehearsals.
//! - [`demo`] and [`check`]: `loket demo` (the sandbox) and `loket check` (before going live).
//! - [`bench`]: `loket bench`, throughput and latency against PostgreSQL's own commit rate.
#[macro_use]
mod row;

pub mod bench;
pub mod biller;
pub mod bot;
pub mod check;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod fingerprint;
pub mod http;
pub mod intake;
pub mod ledger;
pub mod metrics;
pub mod monitor;
pub mod orders;
pub mod outbox;
pub mod products;
pub mod schema;
pub mod sim;
pub mod startup;
pub mod telemetry;
pub mod text;
pub mod throwaway_pg;
pub mod users;
