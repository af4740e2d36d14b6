//! Reading a bank-mutation service's webhook body: an array of mutations, each item judged on
//! its own. An item that cannot be read is kept as it came (capped) with what is wrong with it,
//! so that one odd item (bank interest with cents) never hides a reseller's transfer beside it.
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::dated::{Dated, read_date};
use crate::domain::Money;
pub use crate::domain::deposit::{ItemProblem, PayloadError};

/// What of an unreadable item is kept for a person to look at; the rest is dropped.
pub const RAW_MAX_CHARS: usize = 2000;

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
    /// As the service wrote it: its local time, no zone.
    pub date: String,
    /// `date` read as WIB (see [`read_date`]).
    pub dated: Dated,
    pub amount: Money,
    pub description: String,
    pub kind: MutationKind,
    pub balance: String,
}

impl<'a> From<&'a Mutation> for crate::text::bank::MutationFacts<'a> {
    fn from(m: &'a Mutation) -> Self {
        Self {
            bank_type: &m.bank_type,
            account_number: &m.account_number,
            date: &m.date,
            amount: m.amount,
            description: &m.description,
        }
    }
}

/// An item that could not be read: kept raw, under an id made from its content when it has no
/// readable one of its own, so that the same item posted again is stored once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub source_id: String,
    /// The item as JSON, at most [`RAW_MAX_CHARS`].
    pub raw: String,
    pub problem: ItemProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Readable(Mutation),
    Unreadable(Unreadable),
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
/// Only a body that is not such a list is an error; every item of a list is read on its own.
pub fn parse_payload(body: &[u8]) -> Result<Vec<Item>, PayloadError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| PayloadError::NotJson(e.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(_) => vec![value],
        _ => return Err(PayloadError::NotAList),
    };
    Ok(items.into_iter().map(read_item).collect())
}

fn read_item(item: Value) -> Item {
    match mutation_of(&item) {
        Ok(m) => Item::Readable(m),
        Err(problem) => {
            let whole = item.to_string();
            Item::Unreadable(Unreadable {
                // The id of the content, not the service's: a corrected item sent later under
                // the service's id is a new mutation, while the same bad item again is not.
                source_id: format!("invalid:{}", &hex::encode(Sha256::digest(&whole))[..32]),
                raw: whole.chars().take(RAW_MAX_CHARS).collect(),
                problem,
            })
        }
    }
}

fn mutation_of(item: &Value) -> Result<Mutation, ItemProblem> {
    if !item.is_object() {
        return Err(ItemProblem::NotAnObject);
    }
    let wire = Wire::deserialize(item).map_err(|e| ItemProblem::Shape(e.to_string()))?;
    let source_id = wire
        .mutation_id
        .or(wire.id)
        .map(|v| text_of(&v))
        .filter(|id| !id.is_empty() && id.len() <= 100 && !id.starts_with("invalid:"))
        .ok_or(ItemProblem::NoId)?;
    let kind = match wire.kind.trim().to_ascii_uppercase().as_str() {
        "CR" => MutationKind::Credit,
        "DB" => MutationKind::Debit,
        _ => return Err(ItemProblem::UnknownType(clip(Some(wire.kind), 20))),
    };
    let amount = amount_of(&wire.amount)?;
    let date = clip(wire.date, 40);
    Ok(Mutation {
        source_id,
        bank_type: clip(wire.bank_type, 30),
        account_number: clip(wire.account_number.as_ref().map(text_of), 40),
        dated: read_date(&date),
        date,
        amount,
        description: clip(wire.description, 500),
        kind,
        balance: clip(wire.balance.as_ref().map(text_of), 40),
    })
}

fn clip(s: Option<String>, n: usize) -> String {
    s.unwrap_or_default().chars().take(n).collect()
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `150123`, `"150123"`, `"150123.00"` or `150123.0`: whole rupiah, positive.
fn amount_of(v: &Value) -> Result<Money, ItemProblem> {
    let text: String = text_of(v).chars().take(40).collect();
    let whole = match text.split_once('.') {
        Some((whole, cents)) if cents.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(ItemProblem::NotWhole(text)),
        None => text.as_str(),
    };
    match whole.parse::<i64>() {
        Ok(n) if (1..=1_000_000_000_000).contains(&n) => Ok(Money::from_rupiah(n)),
        _ => Err(ItemProblem::NotPositive(text)),
    }
}

#[cfg(test)]
mod tests;
