//! A bank-mutation service, as Moota and its peers behave: it watches an account and POSTs each
//! new mutation to the shop's webhook as a JSON array, signed with HMAC-SHA256 of the raw body in
//! the `Signature` header, and posts again when it gets no 2xx.
use reqwest::Url;
use serde_json::{Value, json};

use crate::http::mutations::signature;

#[derive(Debug, Clone)]
pub struct SimBank {
    /// The shop's webhook, `…/deposit/mutasi/{token}`.
    pub webhook: Url,
    /// The shared secret; `None` sends no `Signature` header.
    pub secret: Option<String>,
    pub account_number: String,
    http: reqwest::Client,
}

/// One mutation as the service writes it: amounts and balances as strings with two decimals,
/// dated now in the bank's local time (WIB, no zone).
pub fn mutation(
    id: &str,
    account_number: &str,
    amount: i64,
    kind: &str,
    description: &str,
) -> Value {
    mutation_of(
        id,
        account_number,
        &format!("{amount}.00"),
        kind,
        description,
    )
}

/// As [`mutation`], with the amount written as given (`"1234.56"` for interest with cents).
pub fn mutation_of(
    id: &str,
    account_number: &str,
    amount: &str,
    kind: &str,
    description: &str,
) -> Value {
    json!({
        "id": id,
        "bank_id": "VLagzqBj42D",
        "account_number": account_number,
        "bank_type": "bca",
        "date": wib_now(),
        "amount": amount,
        "description": description,
        "type": kind,
        "balance": "25000000.00",
    })
}

/// Now, as a bank's statement writes it: WIB, no zone.
pub fn wib_now() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

impl SimBank {
    pub fn new(webhook: Url, secret: Option<String>) -> Self {
        Self {
            webhook,
            secret,
            account_number: "1234567890".into(),
            http: reqwest::Client::new(),
        }
    }

    /// A transfer of `amount` into the account, reported under `id`.
    pub fn credit(&self, id: &str, amount: i64, from: &str) -> Value {
        let description = format!("TRSF E-BANKING CR 2911/FTSCY/WS95031 {amount}.00 {from}");
        mutation(id, &self.account_number, amount, "CR", &description)
    }

    /// The bank's monthly interest, with cents as banks pay it: an item loket cannot read.
    pub fn interest(&self, id: &str, amount_with_cents: &str) -> Value {
        mutation_of(id, &self.account_number, amount_with_cents, "CR", "BUNGA")
    }

    /// POSTs `mutations` as one body, signed; returns the status and body of the answer.
    pub async fn post(&self, mutations: &[Value]) -> anyhow::Result<(u16, String)> {
        let body = serde_json::to_vec(mutations)?;
        self.post_raw(body, self.secret.as_deref()).await
    }

    /// POSTs `body` as it is, signed with `secret` (or unsigned): for bodies a test forges.
    pub async fn post_raw(
        &self,
        body: Vec<u8>,
        secret: Option<&str>,
    ) -> anyhow::Result<(u16, String)> {
        let mut request = self
            .http
            .post(self.webhook.clone())
            .header("content-type", "application/json");
        if let Some(secret) = secret {
            request = request.header("Signature", signature(secret, &body));
        }
        let response = request.body(body).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }
}
