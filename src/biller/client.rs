use std::fmt;
use std::time::Duration;

use md5::{Digest, Md5};
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::answer::{SupplierAnswer, parse_answer};
use super::wire::PurchaseRequest;
use crate::config::BillerSettings;
use crate::domain::Destination;
use crate::metrics::{self, Metrics};

/// Answers larger than this are not a purchase answer; reading them whole would let a broken
/// supplier exhaust our memory.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The supplier's JSON API. Cheap to clone (one shared connection pool).
#[derive(Clone)]
pub struct BillerClient {
    http: reqwest::Client,
    endpoint: Url,
    user: String,
    password: SecretString,
    metrics: Metrics,
}

/// `md5(user + password + trxid)` in lowercase hex. Derived from the password and the public
/// trxid, so it would let anyone who sees it brute-force the password offline: it is
/// serialised into the request body and shown nowhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Sign(String);

impl Sign {
    /// The lowercase hex md5 of `parts` one after another: the shape of every md5 sign our
    /// suppliers ask for (this one's and Digiflazz's), which differ only in their parts.
    pub fn md5_of(parts: &[&str]) -> Self {
        let mut md5 = Md5::new();
        for part in parts {
            md5.update(part.as_bytes());
        }
        Self(hex::encode(md5.finalize()))
    }

    pub fn matches(&self, candidate: &str) -> bool {
        subtle::ConstantTimeEq::ct_eq(self.0.as_bytes(), candidate.as_bytes()).into()
    }
}

impl fmt::Debug for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sign([redacted])")
    }
}

impl Serialize for Sign {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

pub fn sign(user: &str, password: &SecretString, trxid: &str) -> Sign {
    Sign::md5_of(&[user, password.expose_secret(), trxid])
}

impl fmt::Debug for BillerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BillerClient")
            .field("endpoint", &self.endpoint.as_str())
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The HTTP client every supplier's API is called with: bounded by `timeout`, and never
/// following a redirect, which would replay the signed body somewhere the supplier did not say.
pub fn supplier_http(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("loket/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a TLS backend is compiled in")
}

impl BillerClient {
    pub fn new(settings: &BillerSettings) -> Self {
        Self {
            http: supplier_http(settings.timeout),
            endpoint: settings.endpoint(),
            user: settings.user.clone(),
            password: settings.password.clone(),
            metrics: Metrics::default(),
        }
    }

    /// Reports each purchase's latency and answer kind to `metrics`.
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = metrics;
        self
    }

    /// Sends one purchase. Never fails: every way the call can go wrong is an answer, and all
    /// of them except an explicit rejection keep the customer's money held.
    #[tracing::instrument(name = "Send purchase to supplier", skip_all, fields(trxid = %trxid, product = %product, dest = %dest.masked()))]
    pub async fn purchase(&self, trxid: &str, product: &str, dest: &Destination) -> SupplierAnswer {
        let body = PurchaseRequest {
            user: self.user.clone(),
            sign: sign(&self.user, &self.password, trxid),
            trxid: trxid.to_owned(),
            cmd: "trx".into(),
            idpel: dest.to_string(),
            produk: product.to_string(),
        };
        let started = std::time::Instant::now();
        let answer = match self
            .http
            .post(self.endpoint.clone())
            .json(&body)
            .send()
            .await
        {
            Ok(response) => {
                let status = response.status().as_u16();
                match read_capped(response, MAX_ANSWER_BYTES).await {
                    Ok(bytes) => parse_answer(status, &bytes),
                    Err(why) => SupplierAnswer::Unknown { why },
                }
            }
            Err(e) => SupplierAnswer::Unknown {
                why: describe_transport_error(&e),
            },
        };
        let elapsed = started.elapsed();
        let kind = answer_kind(&answer);
        self.metrics.supplier_answered(elapsed, kind);
        tracing::info!(
            elapsed_ms = elapsed.as_millis() as u64,
            answer = kind.as_str(),
            "supplier answered"
        );
        answer
    }
}

/// The answer's body, refused once it grows past `max` bytes.
pub async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > max {
                    return Err(format!("answer larger than {max} bytes"));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => return Err(format!("answer cut off: {}", describe_transport_error(&e))),
        }
    }
}

/// The error without its URL (which could one day carry credentials) and without a body.
pub fn describe_transport_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "broken answer"
    } else {
        "request failed"
    };
    let mut detail = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.into()
    } else {
        format!("{kind}: {detail}")
    }
}

fn answer_kind(a: &SupplierAnswer) -> metrics::Answer {
    match a {
        SupplierAnswer::Accepted { .. } => metrics::Answer::Accepted,
        SupplierAnswer::Rejected { .. } => metrics::Answer::Rejected,
        SupplierAnswer::Unknown { .. } => metrics::Answer::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_is_lowercase_md5_of_user_password_trxid() {
        // md5("usertesting" + "rahasia" + "22110111373985338"), computed independently.
        let s = sign(
            "usertesting",
            &SecretString::from("rahasia"),
            "22110111373985338",
        );
        assert_eq!(s.0, "8597fee8c0dbf2b19ad0f9d20169ef71");
        assert!(s.matches("8597fee8c0dbf2b19ad0f9d20169ef71"));
        assert!(!s.matches("8597FEE8C0DBF2B19AD0F9D20169EF71"));
        assert_eq!(format!("{s:?}"), "Sign([redacted])");
    }
}
