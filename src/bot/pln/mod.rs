//! `/cekpln` and the PLN menu's check: who a PLN meter belongs to, asked of Digiflazz's
//! `inquiry-pln`. A check only tells; it never buys, and when it fails a purchase goes on
//! without it (R44).
use crate::digiflazz::{DigiflazzClient, DigiflazzError, FailClass, PlnCustomer, Verdict};
use crate::domain::PlnNumber;
use crate::text::pln as say;

pub(in crate::bot) mod args;

/// Digiflazz's rc when its limit on PLN checks is reached.
const RC_LIMITED: &str = "86";

/// `/cekpln`'s answer.
pub(super) async fn check(client: Option<&DigiflazzClient>, number: &PlnNumber) -> String {
    let Some(client) = client else {
        return say::NOT_CONFIGURED.to_owned();
    };
    match inquire(client, number).await {
        Ok(customer) => customer_text(&customer),
        Err(e) => refusal(&e, number),
    }
}

/// Asks Digiflazz; a failure is logged here (its Display names no secret: the key only ever
/// feeds the sign, and the sign is not in it).
pub(super) async fn inquire(
    client: &DigiflazzClient,
    number: &PlnNumber,
) -> Result<PlnCustomer, DigiflazzError> {
    let asked = client.inquiry_pln(number.as_str()).await;
    if let Err(e) = &asked {
        match e {
            DigiflazzError::BadSignature { .. } | DigiflazzError::IpNotWhitelisted { .. } => {
                tracing::error!(error = %e, "PLN check refused: our Digiflazz account");
            }
            _ => tracing::warn!(error = %e, "PLN check failed"),
        }
    }
    asked
}

pub(super) fn customer_text(c: &PlnCustomer) -> String {
    say::customer(&say::Customer {
        name: &c.name,
        meter_no: &c.meter_no,
        customer_no: &c.customer_no,
        subscriber_id: &c.subscriber_id,
        segment_power: &c.segment_power,
    })
}

/// Why the check told nothing, each cause its own message.
fn refusal(e: &DigiflazzError, number: &PlnNumber) -> String {
    match e {
        DigiflazzError::Refused { rc, .. } if rc == RC_LIMITED => say::LIMITED.to_owned(),
        DigiflazzError::Refused { rc, .. } => match crate::digiflazz::classify("Gagal", rc) {
            Some(Verdict::Failed(FailClass::Customer)) => say::unknown(number.as_str()),
            Some(Verdict::Failed(FailClass::Account)) => say::UNAVAILABLE.to_owned(),
            _ => say::UNREACHABLE.to_owned(),
        },
        DigiflazzError::BadSignature { .. } | DigiflazzError::IpNotWhitelisted { .. } => {
            say::UNAVAILABLE.to_owned()
        }
        DigiflazzError::Transport(_) | DigiflazzError::Malformed(_) => say::UNREACHABLE.to_owned(),
    }
}
