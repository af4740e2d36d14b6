//! Reading a bank-mutation service's webhook body: an array of mutations, every field checked,
//! nothing half-read.
use serde::Deserialize;
use serde_json::Value;

use crate::domain::Money;

/// Mutations in one request; a bank account's day rarely has more, and a larger body is refused.
pub const MAX_PER_REQUEST: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutationKind {
    Credit,
    Debit,
}

/// One mutation, as the service reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutation {
    pub source_id: String,
    pub bank_type: String,
    pub account_number: String,
    pub date: String,
    pub amount: Money,
    pub description: String,
    pub kind: MutationKind,
    pub balance: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("expected an array of mutations")]
    NotAnArray,
    #[error("more than {MAX_PER_REQUEST} mutations in one request")]
    TooMany,
    #[error("mutation {index}: {problem}")]
    Field { index: usize, problem: String },
}

/// The wire shape: every field a string, except `amount` (a string or a number) and `balance`.
#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    mutation_id: Option<Value>,
    #[serde(default)]
    bank_type: Option<String>,
    #[serde(default)]
    account_number: Option<Value>,
    #[serde(default)]
    date: Option<String>,
    amount: Value,
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    balance: Option<Value>,
}

/// Reads a webhook body: a JSON array of mutations (a single object is taken as an array of one).
/// Any bad mutation refuses the whole body, so that nothing is half-stored.
pub fn parse_payload(body: &[u8]) -> Result<Vec<Mutation>, PayloadError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| PayloadError::NotJson(e.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(_) => vec![value],
        _ => return Err(PayloadError::NotAnArray),
    };
    if items.len() > MAX_PER_REQUEST {
        return Err(PayloadError::TooMany);
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let field = |problem: String| PayloadError::Field { index, problem };
            let wire: Wire = serde_json::from_value(item).map_err(|e| field(e.to_string()))?;
            let source_id = wire
                .mutation_id
                .or(wire.id)
                .map(|v| text_of(&v))
                .filter(|id| !id.is_empty() && id.len() <= 100)
                .ok_or_else(|| field("`id` is missing, empty or longer than 100".into()))?;
            let kind = match wire.kind.trim().to_ascii_uppercase().as_str() {
                "CR" => MutationKind::Credit,
                "DB" => MutationKind::Debit,
                other => return Err(field(format!("`type` must be CR or DB, got {other:?}"))),
            };
            let amount = amount_of(&wire.amount).map_err(field)?;
            let clip = |s: Option<String>, n: usize| -> String {
                s.unwrap_or_default().chars().take(n).collect()
            };
            Ok(Mutation {
                source_id,
                bank_type: clip(wire.bank_type, 30),
                account_number: clip(wire.account_number.as_ref().map(text_of), 40),
                date: clip(wire.date, 40),
                amount,
                description: clip(wire.description, 500),
                kind,
                balance: clip(wire.balance.as_ref().map(text_of), 40),
            })
        })
        .collect()
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `150123`, `"150123"`, `"150123.00"` or `150123.0`: whole rupiah, positive.
fn amount_of(v: &Value) -> Result<Money, String> {
    let text = text_of(v);
    let whole = match text.split_once('.') {
        Some((whole, cents)) if cents.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(format!("`amount` {text:?} is not whole rupiah")),
        None => text.as_str(),
    };
    match whole.parse::<i64>() {
        Ok(n) if (1..=1_000_000_000_000).contains(&n) => Ok(Money::from_rupiah(n)),
        _ => Err(format!("`amount` {text:?} is not a positive amount")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_services_shape_with_string_or_number_amounts() {
        let body = br#"[
          {"id": "VLagzqBj42D", "bank_id": "VLagzqBj42D", "account_number": "1234567890",
           "bank_type": "bca", "date": "2026-11-29 10:15:00", "amount": "100123.00",
           "description": "TRSF E-BANKING CR 2911/FTSCY/WS95031 100123.00 TOKO MAJU",
           "type": "CR", "balance": "5100123.00"},
          {"id": 88, "account_number": 1234567890, "bank_type": "mandiri",
           "date": "2026-11-29 10:16:00", "amount": 50000, "description": "BIAYA ADM",
           "type": "db", "balance": 5050123}
        ]"#;
        let got = parse_payload(body).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].source_id, "VLagzqBj42D");
        assert_eq!(got[0].amount, Money::from_rupiah(100_123));
        assert_eq!(got[0].kind, MutationKind::Credit);
        assert_eq!(got[1].source_id, "88");
        assert_eq!(got[1].account_number, "1234567890");
        assert_eq!(got[1].amount, Money::from_rupiah(50_000));
        assert_eq!(got[1].kind, MutationKind::Debit);
    }

    #[test]
    fn a_bad_mutation_refuses_the_whole_body_with_its_reason() {
        let cases: [(&[u8], &str); 6] = [
            (b"not json", "not JSON"),
            (b"42", "array"),
            (
                br#"[{"id": "1", "amount": "10.50", "type": "CR"}]"#,
                "whole rupiah",
            ),
            (
                br#"[{"id": "1", "amount": "-5", "type": "CR"}]"#,
                "positive",
            ),
            (br#"[{"id": "1", "amount": "5", "type": "XX"}]"#, "CR or DB"),
            (br#"[{"amount": "5", "type": "CR"}]"#, "`id`"),
        ];
        for (body, why) in cases {
            let err = parse_payload(body).unwrap_err().to_string();
            assert!(err.contains(why), "{err} should mention {why}");
        }
    }
}
