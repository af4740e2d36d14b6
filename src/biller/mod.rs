//! The supplier ("biller"): our signed purchase request, its answers, and its callbacks.
//! docs/supplier-api.md describes the wire format this speaks.
mod answer;
pub mod callback;
mod client;
pub mod message;
pub mod wire;

pub use answer::{SupplierAnswer, parse_answer, refusal_fails_over};
pub use callback::{
    Callback, CallbackStatus, MessageDetails, RejectedCallback, parse_callback, same_number,
};
pub use client::{BillerClient, Sign, describe_transport_error, read_capped, sign, supplier_http};
