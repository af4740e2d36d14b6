//! loket: a Telegram counter for prepaid-product resellers, on PostgreSQL.
//!
//! How it is built, what it promises and how it speaks to the supplier: `docs/architecture.md`,
//! `docs/reliability.md` and `docs/supplier-api.md` in the repository.
//!
//! # Layout
//! - [`cli`]: the command line; `src/main.rs` only calls [`cli::run`].
//! - [`config`]: typed settings from the environment and `.env`; each error names its variable.
//! - [`startup`]: the one wiring function `serve`, the demo, the bench and the tests share.
//! - [`schema`]: the migrations, embedded in the binary.
//! - `row`: `FromRow` for plain structs, without sqlx's proc macro.
//! - [`named_enum`]: enums whose values have names and can all be listed (statuses, metric
//!   labels).
//! - [`sql`]: statements composed by the modules that own their parts, each binding its own
//!   values.
//! - [`domain`]: money, product codes, destinations, trxids and statuses, parsed at the edge.
//! - [`ledger`]: double-entry movements inside the caller's transaction or statement, and their
//!   invariants; the only code that writes them.
//! - [`audit`]: the audit trail: each admin change, written in the transaction that makes it.
//! - [`balances`]: an admin's top-up or deduction with the reseller's notice, in one transaction.
//! - [`deposits`]: resellers funding themselves: tickets with a kode unik, QRIS, admin approval
//!   and bank mutations, each credited once.
//! - [`complaints`]: a reseller's complaint about an order, and what admins did about it.
//! - [`levels`]: price levels; the one SQL rule that prices a product for a reseller.
//! - [`catalogue`]: categories, brands, the operator of a mobile prefix, gangguan, cut-off hours.
//! - [`menus`]: the state of the buying menus (`/beli` alone, a number alone), shared by
//!   instances.
//! - [`orders`]: the order state machine: place, supplier answer, callback, admin, recovery.
//! - [`products`]: the price list.
//! - [`supplier`]: our deposit at the supplier: its reported balance reconciled with what our
//!   orders were charged, a low balance and drift told, the cost guard.
//! - [`reports`]: `/laporan` over a range of WIB days, its CSV, `/grafik`, the daily summary.
//! - [`receipts`]: `/struk`, a SUKSES order's receipt for the reseller's customer, as a picture.
//! - [`drawing`]: what pictures share: the embedded font and PNG encoding.
//! - [`users`]: resellers and admins, by numeric Telegram id.
//! - [`biller`]: the supplier's wire format, our signed client and the callback parser.
//! - [`digiflazz`]: a second supplier, Digiflazz: its wire format, signs, the classification of
//!   its answers, its webhook signature and our client.
//! - [`telegram`]: the Bot API client every part shares, and the pace it keeps.
//! - [`intake`]: polling and the webhook; updates stored before they are acknowledged, handled
//!   per chat; flood control.
//! - [`bot`]: Telegram commands and purchases by chat.
//! - [`outbox`]: what people are told, durably: messages, their worker, dead letters.
//! - [`text`]: everything loket says, in Indonesian; it imports only [`domain`].
//! - [`http`]: the callback endpoint, the webhook, health probes and `/metrics`.
//! - [`monitor`]: invariant checks (maintenance mode) and alerts about stuck orders.
//! - [`metrics`]: counters and the Prometheus exposition.
//! - [`telemetry`]: log output; one span per order carrying its trxid.
//! - [`fingerprint`]: a small stable hash for deterministic ids and keys.
//! - [`grouped_alerts`]: alerts about unreadable callbacks and mutations and routes cut short, at
//!   most once a minute.
//! - [`wake`]: in-process wake-ups of the outbox and intake workers.
//! - [`check`]: `loket check` (before going live).
//! - [`sandbox`]: the supplier simulator and fake Telegram, `loket demo`, `loket bench` and the
//!   throwaway PostgreSQL; nothing in the product imports it.
// No function over 80 lines (clippy.toml), in the product and the sandbox alike.
#![deny(clippy::too_many_lines)]

#[macro_use]
mod row;
// Before everything that declares a named set (`domain`'s statuses, `metrics`' labels).
#[macro_use]
pub mod named_enum;

pub mod audit;
pub mod balances;
pub mod biller;
pub mod bot;
pub mod broadcasts;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod complaints;
pub mod config;
pub mod deposits;
pub mod digiflazz;
pub mod domain;
pub mod drawing;
pub mod fingerprint;
pub mod grouped_alerts;
pub mod http;
pub mod intake;
pub mod ledger;
pub mod levels;
pub mod menus;
pub mod metrics;
pub mod monitor;
pub mod orders;
pub mod outbox;
pub mod products;
pub mod receipts;
pub mod registration;
pub mod reports;
pub mod routes;
pub mod sandbox;
pub mod schema;
pub mod sql;
pub mod startup;
pub mod supplier;
pub mod telegram;
pub mod telemetry;
pub mod text;
pub mod users;
pub mod wake;
