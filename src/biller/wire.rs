//! The supplier's JSON, spelled the way the supplier spells it. Shared by our client and the
//! built-in simulator so both speak exactly one format.
use serde::{Deserialize, Serialize};

/// `POST {BILLER_URL}/service/in/json`.
#[derive(Serialize, Deserialize)]
pub struct PurchaseRequest<S> {
    pub user: String,
    pub sign: S,
    pub trxid: String,
    pub cmd: String,
    pub idpel: String,
    pub produk: String,
}

/// The synchronous answer. Every field is optional and loosely typed on purpose: the supplier
/// sends numbers as strings and strings as numbers, and a missing `status` must read as
/// "unknown", not as a parse error that could be mistaken for a rejection.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PurchaseResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saldo: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trxtime: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ftrxid: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kodeproduk: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tujuan: Option<serde_json::Value>,
}

/// A JSON value as text, whether the supplier sent `"123"` or `123`.
pub fn lenient_text(v: &Option<serde_json::Value>) -> Option<String> {
    match v.as_ref()? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A whole rupiah amount, whether sent as `5000`, `"5000"` or `5000.0`.
pub fn lenient_rupiah(v: &Option<serde_json::Value>) -> Option<i64> {
    match v.as_ref()? {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_u64().and_then(|u| i64::try_from(u).ok()).or_else(|| {
                n.to_string()
                    .strip_suffix(".0")
                    .and_then(|s| s.parse().ok())
            })
        }),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
