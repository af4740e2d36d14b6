//! `POST /deposit/mutasi/{token}`: bank mutations from a bank-mutation service (Moota and the
//! like). Each mutation is stored, then acknowledged; a credit that matches one open ticket
//! credits it (see [`crate::deposits::record`]).
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use sqlx::PgPool;
use subtle::ConstantTimeEq;

use crate::deposits::{self, MutationOutcome};

pub const PATH: &str = "/deposit/mutasi/{token}";
const SIGNATURE_HEADER: &str = "signature";
/// A day of mutations of a busy account is well under this.
const MAX_BODY_BYTES: usize = 1 << 20;

#[derive(Clone)]
pub struct MutationHook {
    pub pool: PgPool,
    pub admins: std::sync::Arc<[i64]>,
    pub token: SecretString,
    pub secret: Option<SecretString>,
    pub ticket_hours: u32,
}

pub async fn receive(
    State(hook): State<MutationHook>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    // Like the supplier's callback: a wrong token looks like a route that does not exist.
    if !bool::from(
        token
            .as_bytes()
            .ct_eq(hook.token.expose_secret().as_bytes()),
    ) {
        return (StatusCode::NOT_FOUND, String::new());
    }
    if body.len() > MAX_BODY_BYTES {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large".into());
    }
    if let Some(secret) = &hook.secret
        && !signed(secret, &headers, &body)
    {
        tracing::warn!("bank mutation with a missing or wrong signature; nothing stored");
        return (StatusCode::UNAUTHORIZED, "bad signature".into());
    }
    let mutations = match deposits::parse_payload(&body) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "bank mutation body refused; nothing stored");
            return (StatusCode::BAD_REQUEST, e.to_string());
        }
    };
    let mut credited = 0;
    for m in &mutations {
        match deposits::record(&hook.pool, &hook.admins, hook.ticket_hours, m).await {
            Ok(MutationOutcome::Credited { .. }) => credited += 1,
            Ok(_) => {}
            Err(e) => {
                // Earlier mutations of this body are stored; sent again, they are duplicates.
                tracing::error!(error = %e, "bank mutation not stored; asking the service to retry");
                return (StatusCode::SERVICE_UNAVAILABLE, "retry".into());
            }
        }
    }
    (
        StatusCode::OK,
        format!(
            "{{\"status\":\"ok\",\"received\":{},\"credited\":{credited}}}",
            mutations.len()
        ),
    )
}

/// The `Signature` header is the hex HMAC-SHA256 of the raw body under the shared secret,
/// compared in constant time.
fn signed(secret: &SecretString, headers: &HeaderMap, body: &[u8]) -> bool {
    let Some(given) = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| hex::decode(v.trim()).ok())
    else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) else {
        return false;
    };
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    bool::from(expected.as_slice().ct_eq(&given))
}

/// The signature a service computes for `body`; the sandbox's bank signs with it.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}
