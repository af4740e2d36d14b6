//! Our client for Digiflazz's buyer API. Like `BillerClient`: timeouts, no redirects, capped
//! answers, and a purchase that never fails — every way it can go wrong is an [`Answer`].
use std::fmt;

use reqwest::Url;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::report::Report;
use super::sign;
use super::wire::{
    BalanceData, CommandRequest, Envelope, InquiryPlnData, InquiryPlnRequest, TransactionData,
    TransactionRequest, lenient_rupiah, lenient_text,
};
use crate::biller::{describe_transport_error, read_capped};
use crate::config::DigiflazzSettings;

mod lists;

pub use lists::{PlnCustomer, Product};

/// A transaction's answer is a few hundred bytes; more is not one.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// The whole prepaid price list runs to a few megabytes.
const MAX_PRICE_LIST_BYTES: usize = 16 * 1024 * 1024;

/// Digiflazz's buyer API. Cheap to clone (one shared connection pool).
#[derive(Clone)]
pub struct DigiflazzClient {
    http: reqwest::Client,
    settings: DigiflazzSettings,
}

impl fmt::Debug for DigiflazzClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigiflazzClient")
            .field("url", &self.settings.url.as_str())
            .field("username", &self.settings.username)
            .finish_non_exhaustive()
    }
}

/// What a transaction (or its status check) came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Digiflazz answered about this ref_id with a status it documents; `report.verdict` is
    /// always `Some`.
    Clear(Report),
    /// No answer we can act on (timeout, connection error, HTTP 5xx, garbage, an answer about
    /// another ref_id, a status Digiflazz does not document): the money stays held and the same
    /// call is repeated later as the status check.
    Unknown(String),
}

/// Why `balance`, `price_list` or `inquiry_pln` gave nothing. Its Display is what
/// `loket check` shows an operator: what went wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigiflazzError {
    #[error(
        "Digiflazz refused our signature (rc 41: {message}): check DIGIFLAZZ_USERNAME and \
         DIGIFLAZZ_API_KEY (the development key works only in development mode, the production \
         key only in production)"
    )]
    BadSignature { message: String },
    #[error(
        "Digiflazz does not know this server's IP address (rc 45: {message}): add this \
         server's public IP in Digiflazz's whitelist (Atur Koneksi > API) for the mode the key \
         belongs to"
    )]
    IpNotWhitelisted { message: String },
    #[error("Digiflazz refused (rc {rc}: {message})")]
    Refused { rc: String, message: String },
    #[error("Digiflazz could not be reached: {0}")]
    Transport(String),
    #[error("Digiflazz's answer could not be read: {0}")]
    Malformed(String),
}

impl DigiflazzError {
    fn refused(rc: String, message: String) -> Self {
        match rc.as_str() {
            "41" => Self::BadSignature { message },
            "45" => Self::IpNotWhitelisted { message },
            _ => Self::Refused { rc, message },
        }
    }
}

impl DigiflazzClient {
    pub fn new(settings: &DigiflazzSettings) -> Self {
        Self {
            http: crate::biller::supplier_http(settings.timeout),
            settings: settings.clone(),
        }
    }

    /// Buys `sku` for `customer_no` under our `ref_id`, at no more than `max_price` when
    /// given. Digiflazz has no separate status call: sending the same request again (same
    /// ref_id) is the status check, answered with the transaction's current state and never
    /// charged twice. Never fails: every failure is [`Answer::Unknown`].
    #[tracing::instrument(name = "Send transaction to Digiflazz", skip_all, fields(ref_id = %ref_id, sku = %sku))]
    pub async fn transaction(
        &self,
        ref_id: &str,
        sku: &str,
        customer_no: &str,
        max_price: Option<i64>,
    ) -> Answer {
        let s = &self.settings;
        let body = TransactionRequest {
            username: s.username.clone(),
            buyer_sku_code: sku.to_owned(),
            customer_no: customer_no.to_owned(),
            ref_id: ref_id.to_owned(),
            sign: sign::transaction(&s.username, &s.api_key, ref_id),
            max_price,
        };
        let answer = match self
            .post::<_, TransactionData>("transaction", &body, MAX_ANSWER_BYTES)
            .await
        {
            Ok(data) => judge(ref_id, Report::from_data(&data)),
            Err(why) => Answer::Unknown(why.to_string()),
        };
        let kind = match &answer {
            Answer::Clear(r) => r.status.as_str(),
            Answer::Unknown(_) => "unknown",
        };
        tracing::info!(answer = kind, "Digiflazz answered");
        answer
    }

    /// Our deposit at Digiflazz (`cek-saldo`), in whole rupiah.
    pub async fn balance(&self) -> Result<i64, DigiflazzError> {
        let s = &self.settings;
        let body = CommandRequest {
            cmd: "deposit".into(),
            username: s.username.clone(),
            sign: sign::balance(&s.username, &s.api_key),
        };
        let data: BalanceData = self.post("cek-saldo", &body, MAX_ANSWER_BYTES).await?;
        if let Some(deposit) = lenient_rupiah(&data.deposit) {
            return Ok(deposit);
        }
        Err(match lenient_text(&data.rc) {
            Some(rc) => {
                DigiflazzError::refused(rc, lenient_text(&data.message).unwrap_or_default())
            }
            None => DigiflazzError::Malformed("no deposit and no rc".into()),
        })
    }

    /// Who the PLN meter `meter` belongs to (`inquiry-pln`).
    pub async fn inquiry_pln(&self, meter: &str) -> Result<PlnCustomer, DigiflazzError> {
        let s = &self.settings;
        let body = InquiryPlnRequest {
            username: s.username.clone(),
            customer_no: meter.to_owned(),
            sign: sign::inquiry_pln(&s.username, &s.api_key, meter),
        };
        let data: InquiryPlnData = self.post("inquiry-pln", &body, MAX_ANSWER_BYTES).await?;
        PlnCustomer::from_data(&data)
    }

    /// Posts `body` to `{url}/{path}` and reads `{"data": …}` from the answer.
    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        cap: usize,
    ) -> Result<T, DigiflazzError> {
        let url: Url = self.settings.endpoint(path);
        let response = (self.http.post(url).json(body).send().await)
            .map_err(|e| DigiflazzError::Transport(describe_transport_error(&e)))?;
        let status = response.status();
        let bytes = read_capped(response, cap)
            .await
            .map_err(DigiflazzError::Transport)?;
        if status.is_server_error() {
            return Err(DigiflazzError::Transport(format!(
                "HTTP {}",
                status.as_u16()
            )));
        }
        // Digiflazz answers refusals (a bad sign, an unknown IP) with a 4xx and the usual
        // envelope: read the body whatever the status, and only then give up.
        serde_json::from_slice::<Envelope<T>>(&bytes)
            .map(|e| e.data)
            .map_err(|e| {
                DigiflazzError::Malformed(format!(
                    "HTTP {}, not the JSON envelope: {e}",
                    status.as_u16()
                ))
            })
    }
}

/// A report about `ref_id` with a documented status is clear; anything else is unknown.
fn judge(ref_id: &str, report: Report) -> Answer {
    if report.ref_id != ref_id {
        return Answer::Unknown(format!(
            "answer is about ref_id `{}`, not ours",
            report.ref_id
        ));
    }
    if report.verdict.is_none() {
        return Answer::Unknown(format!(
            "status `{}` is not one Digiflazz documents",
            report.status
        ));
    }
    Answer::Clear(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digiflazz::wire::TransactionData;
    use serde_json::json;

    fn report(ref_id: &str, status: &str) -> Report {
        Report::from_data(&TransactionData {
            ref_id: Some(json!(ref_id)),
            status: Some(json!(status)),
            rc: Some(json!("00")),
            ..TransactionData::default()
        })
    }

    #[test]
    fn an_answer_about_another_ref_id_is_unknown() {
        assert!(matches!(
            judge("ours", report("theirs", "Sukses")),
            Answer::Unknown(_)
        ));
        assert!(matches!(
            judge("ours", report("ours", "Sukses")),
            Answer::Clear(_)
        ));
    }

    #[test]
    fn an_undocumented_status_is_unknown() {
        assert!(matches!(
            judge("ours", report("ours", "Diproses")),
            Answer::Unknown(_)
        ));
    }

    #[test]
    fn refusals_explain_what_to_do_without_secrets() {
        let sign = DigiflazzError::refused("41".into(), "Signature Anda salah".into());
        assert!(sign.to_string().contains("DIGIFLAZZ_API_KEY"), "{sign}");
        let ip = DigiflazzError::refused("45".into(), "IP Anda tidak kami kenali".into());
        assert!(ip.to_string().contains("whitelist"), "{ip}");
    }
}
