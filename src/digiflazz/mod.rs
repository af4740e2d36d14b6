//! Digiflazz, the wholesaler whose buyer API (developer.digiflazz.com) is public: its JSON,
//! its md5 signs, the table that classifies its answers, its webhook's signature, and our
//! client. A supplier beside `biller`, complete on its own; nothing here touches orders.
//! docs/supplier-api.md ("Digiflazz") describes the wire format and where each rule comes from.
mod client;
pub mod rc;
mod report;
pub mod sign;
pub mod webhook;
pub mod wire;

pub use client::{Answer, DigiflazzClient, DigiflazzError, PlnCustomer, Product};
pub use rc::{FailClass, Verdict, classify};
pub use report::Report;
pub use webhook::{Event, EventError, WebhookRefusal, parse_event, verify};
