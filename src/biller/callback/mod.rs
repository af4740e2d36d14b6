//! The supplier's callback: `GET …?status=0|1&refid=…&product=…&qty=1&dest=…&message=…`.
//!
//! The query is parsed strictly (it decides where money goes); the human `message` leniently
//! (it only informs, and may only stop a callback, never move money by itself). Pure functions,
//! so they can be tested and fuzzed without a server.
//!
//! `product` and `qty` are kept as received but never decide anything: the supplier's own
//! examples send `product=banktrf` for an `s5` purchase. The order is found by `refid` and
//! checked against `dest` and the `Transaksi <code>.<dest>` that opens the message.
#[cfg(test)]
use super::message::parse_rupiah;
pub use super::message::{MessageDetails, Subject, parse_message, same_number};
use crate::domain::TrxId;

/// Longer queries are not from the supplier; refusing them early bounds all later work.
pub const MAX_QUERY_BYTES: usize = 4096;
const MAX_MESSAGE_CHARS: usize = 1024;
const MAX_FIELD_CHARS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackStatus {
    /// `status=0`
    Success,
    /// `status=1`
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub status: CallbackStatus,
    /// As received: a refid of another shape than ours is still a callback to record.
    pub refid: String,
    pub product: Option<String>,
    pub qty: Option<String>,
    pub dest: Option<String>,
    pub message: String,
    pub details: MessageDetails,
}

/// Why a callback was refused; recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectedCallback {
    #[error("query longer than {MAX_QUERY_BYTES} bytes")]
    TooLong,
    #[error("bad percent-encoding")]
    BadEncoding,
    #[error("not valid UTF-8")]
    NotUtf8,
    #[error("parameter `{0}` given more than once")]
    Repeated(&'static str),
    #[error("parameter `{0}` missing")]
    Missing(&'static str),
    #[error("status must be 0 or 1")]
    BadStatus,
    #[error("parameter `{0}` too long or has control characters")]
    BadField(&'static str),
}

const KNOWN: [&str; 6] = ["status", "refid", "product", "qty", "dest", "message"];

pub fn parse_callback(query: &str) -> Result<Callback, RejectedCallback> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(RejectedCallback::TooLong);
    }
    let mut values: [Option<String>; 6] = Default::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(raw_key)?;
        let Some(i) = KNOWN.iter().position(|k| *k == key) else {
            continue;
        };
        if values[i].is_some() {
            return Err(RejectedCallback::Repeated(KNOWN[i]));
        }
        values[i] = Some(decode(raw_value)?);
    }
    let [status, refid, product, qty, dest, message] = values;
    let status = match status.as_deref() {
        Some("0") => CallbackStatus::Success,
        Some("1") => CallbackStatus::Failed,
        Some(_) => return Err(RejectedCallback::BadStatus),
        None => return Err(RejectedCallback::Missing("status")),
    };
    let refid = short_field("refid", refid)?
        .filter(|r| !r.is_empty())
        .ok_or(RejectedCallback::Missing("refid"))?;
    let product = short_field("product", product)?;
    let dest = short_field("dest", dest)?;
    let qty = short_field("qty", qty)?;
    let message = message.unwrap_or_default();
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(RejectedCallback::BadField("message"));
    }
    let details = parse_message(&message);
    Ok(Callback {
        status,
        refid,
        product,
        qty,
        dest,
        message,
        details,
    })
}

impl Callback {
    /// The order it names, when the refid has the shape of our transaction ids.
    pub fn trxid(&self) -> Option<TrxId> {
        self.attempt().map(|r| r.trxid)
    }

    /// The order and attempt `refid` names (attempt 1 is the bare trxid, R43).
    pub fn attempt(&self) -> Option<crate::domain::AttemptRef> {
        crate::domain::AttemptRef::parse(&self.refid)
    }

    /// The message's own verdict contradicts `status` (`status=0` with GAGAL in the text, or
    /// `status=1` with SUKSES): then neither can be trusted to move money.
    pub fn contradicts_itself(&self) -> bool {
        self.details
            .verdict
            .is_some_and(|verdict| verdict != self.status)
    }
}

fn short_field(name: &'static str, v: Option<String>) -> Result<Option<String>, RejectedCallback> {
    match v {
        Some(s) if s.chars().count() > MAX_FIELD_CHARS || s.chars().any(char::is_control) => {
            Err(RejectedCallback::BadField(name))
        }
        other => Ok(other),
    }
}

/// `application/x-www-form-urlencoded` decoding that refuses what lenient decoders guess at:
/// a `%` not followed by two hex digits, and bytes that are not UTF-8.
fn decode(s: &str) -> Result<String, RejectedCallback> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                // Checked digit by digit: `from_str_radix` alone would take `%+A` as `%0A`.
                let byte = match bytes.get(i + 1..i + 3) {
                    Some([hi, lo]) if hi.is_ascii_hexdigit() && lo.is_ascii_hexdigit() => {
                        hex_value(*hi) << 4 | hex_value(*lo)
                    }
                    _ => return Err(RejectedCallback::BadEncoding),
                };
                out.push(byte);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| RejectedCallback::NotUtf8)
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => (digit | 0x20) - b'a' + 10,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
