//! Digiflazz's JSON, spelled the way Digiflazz spells it. Shared by our client and the
//! simulator so both speak exactly one format. Every answer is wrapped as `{"data": …}`.
//!
//! Answer fields are optional and loosely typed on purpose: amounts come as numbers or numeric
//! strings, and a missing `status` must read as "unknown", never as a parse error that could be
//! mistaken for a failure.
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::biller::wire::{lenient_rupiah, lenient_text};

/// Every answer and the webhook body: `{"data": …}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub data: T,
}

/// `POST {DIGIFLAZZ_URL}/transaction`: a purchase, and the same body again is its status check.
#[derive(Serialize, Deserialize)]
pub struct TransactionRequest<S> {
    pub username: String,
    pub buyer_sku_code: String,
    pub customer_no: String,
    pub ref_id: String,
    /// `md5(username + apiKey + ref_id)`.
    pub sign: S,
    /// Digiflazz refuses (rc 69) rather than sell above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price: Option<i64>,
}

/// The answer to a transaction or a status check, and the webhook's `data`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct TransactionData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_no: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_sku_code: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Value>,
    /// `Sukses`, `Pending` or `Gagal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    /// The response code (`00`, `03`, `54`, …), see `digiflazz::rc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rc: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sn: Option<Value>,
    /// Our deposit at Digiflazz after this transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_last_saldo: Option<Value>,
    /// What Digiflazz charged us.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tele: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa: Option<Value>,
}

/// `POST {DIGIFLAZZ_URL}/cek-saldo` (`cmd` is `deposit`) and `/price-list` (`cmd` is
/// `prepaid`): the same three fields, told apart by their sign's suffix.
#[derive(Serialize, Deserialize)]
pub struct CommandRequest<S> {
    pub cmd: String,
    pub username: String,
    pub sign: S,
}

/// The answer to `cek-saldo`: `deposit`, or `rc` and `message` when refused.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BalanceData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rc: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Value>,
}

/// One row of the prepaid price list. (A refused price list's `data` is an object with `rc`
/// and `message` instead of a list.)
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct PriceListItem {
    #[serde(default)]
    pub product_name: Option<Value>,
    #[serde(default)]
    pub category: Option<Value>,
    #[serde(default)]
    pub brand: Option<Value>,
    #[serde(default, rename = "type")]
    pub kind: Option<Value>,
    #[serde(default)]
    pub seller_name: Option<Value>,
    #[serde(default)]
    pub price: Option<Value>,
    #[serde(default)]
    pub buyer_sku_code: Option<Value>,
    #[serde(default)]
    pub buyer_product_status: Option<Value>,
    #[serde(default)]
    pub seller_product_status: Option<Value>,
    /// `HH:MM`, WIB.
    #[serde(default)]
    pub start_cut_off: Option<Value>,
    #[serde(default)]
    pub end_cut_off: Option<Value>,
    #[serde(default)]
    pub desc: Option<Value>,
}

/// `POST {DIGIFLAZZ_URL}/inquiry-pln`: who a PLN meter belongs to, before selling it a token.
#[derive(Serialize, Deserialize)]
pub struct InquiryPlnRequest<S> {
    pub username: String,
    pub customer_no: String,
    /// `md5(username + apiKey + customer_no)`.
    pub sign: S,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct InquiryPlnData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rc: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_no: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter_no: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscriber_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_power: Option<Value>,
}

/// `true`/`false`, as Digiflazz sends product statuses (a string `"true"` is read too).
pub fn lenient_bool(v: &Option<Value>) -> Option<bool> {
    match v.as_ref()? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
