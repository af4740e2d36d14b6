//! Digiflazz's webhook (developer.digiflazz.com/api/buyer/webhook): a `POST` of `{"data": …}`
//! with the same fields as a transaction answer, an `X-Digiflazz-Event` header (`create` or
//! `update`), and, when the webhook has a secret, `X-Hub-Signature: sha1=<hex>`, the HMAC-SHA1
//! of the raw body keyed by that secret. Verified on the raw bytes, before any parsing.
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;

use super::report::Report;
use super::wire::{Envelope, TransactionData};

pub const SIGNATURE_HEADER: &str = "X-Hub-Signature";
pub const EVENT_HEADER: &str = "X-Digiflazz-Event";
const PREFIX: &str = "sha1=";

/// Why a webhook's signature was not accepted; each is its own case so that logs say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WebhookRefusal {
    #[error("no X-Hub-Signature header")]
    MissingHeader,
    #[error("X-Hub-Signature does not start with `sha1=`")]
    WrongPrefix,
    #[error("X-Hub-Signature is not a hex SHA-1 digest")]
    BadHex,
    #[error("X-Hub-Signature does not match the body under DIGIFLAZZ_WEBHOOK_SECRET")]
    WrongMac,
}

/// A webhook's body, read into the fields of a transaction answer.
pub type Event = Report;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("webhook body is not Digiflazz's {{\"data\": …}} JSON: {0}")]
    NotJson(String),
    #[error("webhook body names no ref_id")]
    NoRefId,
}

/// Checks `header_value` (the `X-Hub-Signature` header, if any) against `raw_body`, comparing
/// the MACs in constant time.
pub fn verify(
    secret: &SecretString,
    raw_body: &[u8],
    header_value: Option<&str>,
) -> Result<(), WebhookRefusal> {
    let value = header_value.ok_or(WebhookRefusal::MissingHeader)?.trim();
    let hex_mac = value
        .strip_prefix(PREFIX)
        .ok_or(WebhookRefusal::WrongPrefix)?;
    let given = hex::decode(hex_mac).map_err(|_| WebhookRefusal::BadHex)?;
    if given.len() != 20 {
        return Err(WebhookRefusal::BadHex);
    }
    let mut mac = mac(secret.expose_secret());
    mac.update(raw_body);
    // `verify_slice` compares in constant time (it is built on `subtle`).
    mac.verify_slice(&given)
        .map_err(|_| WebhookRefusal::WrongMac)
}

/// The header value Digiflazz sends for `body` under `secret`: `sha1=<hex HMAC-SHA1>`. The
/// simulator signs its webhooks with it.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(body);
    format!("{PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
}

fn mac(secret: &str) -> Hmac<Sha1> {
    Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length")
}

/// Reads a (verified) webhook body. An unknown status is no error: the event's `verdict` is
/// then `None`, for the caller to leave the order as it is.
pub fn parse_event(raw_body: &[u8]) -> Result<Event, EventError> {
    let envelope: Envelope<TransactionData> =
        serde_json::from_slice(raw_body).map_err(|e| EventError::NotJson(e.to_string()))?;
    let event = Report::from_data(&envelope.data);
    if event.ref_id.trim().is_empty() {
        return Err(EventError::NoRefId);
    }
    Ok(event)
}

#[cfg(test)]
mod tests;
