//! `POST /deposit/mutasi/{token}`: bank mutations from a bank-mutation service (Moota and the
//! like). Each item is stored, then the body acknowledged; a credit that matches one open ticket
//! credits it, and every other credit reaches admins (see [`crate::deposits::receive`]).
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, KeyInit, Mac};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use sqlx::PgPool;
use subtle::ConstantTimeEq;

use super::client_ip;
use crate::deposits::{self, MutationRules, ReceiveError, Refused};

pub const PATH: &str = "/deposit/mutasi/{token}";
const SIGNATURE_HEADER: &str = "signature";
/// A day of mutations of a busy account is well under this; it also bounds a body's items.
const MAX_BODY_BYTES: usize = 1 << 20;

#[derive(Clone)]
pub struct MutationHook {
    pub pool: PgPool,
    pub rules: MutationRules,
    pub token: SecretString,
    pub secret: Option<SecretString>,
    /// `DEPOSIT_ALLOW_IPS`; empty means any caller (then the secret guards it).
    pub allow: std::sync::Arc<[IpNet]>,
    pub trusted_proxies: std::sync::Arc<[IpNet]>,
}

/// The route, when `DEPOSIT_WEBHOOK_TOKEN` is set; without it the endpoint does not exist.
pub fn route(settings: &crate::config::Settings, pool: &PgPool) -> Option<axum::Router> {
    let deposits = &settings.deposits;
    let hook = MutationHook {
        pool: pool.clone(),
        rules: MutationRules {
            admins: settings.admin_ids.clone().into(),
            ticket_hours: deposits.ticket_hours,
        },
        token: deposits.webhook_token.clone()?,
        secret: deposits.webhook_secret.clone(),
        allow: deposits.allow.clone().into(),
        trusted_proxies: settings.http.trusted_proxies.clone().into(),
    };
    let route = axum::Router::new().route(PATH, axum::routing::post(receive));
    Some(route.with_state(hook))
}

pub async fn receive(
    State(hook): State<MutationHook>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    // Like the supplier's callback: a wrong token looks like a route that does not exist, and
    // is told to no one (anyone may guess at paths).
    if !bool::from(
        token
            .as_bytes()
            .ct_eq(hook.token.expose_secret().as_bytes()),
    ) {
        return (StatusCode::NOT_FOUND, String::new());
    }
    let client = client_ip(peer.ip(), &headers, &hook.trusted_proxies);
    let refused = if !hook.allow.is_empty() && !hook.allow.iter().any(|net| net.contains(&client)) {
        Some(Refused::NotAllowed(client))
    } else if body.len() > MAX_BODY_BYTES {
        Some(Refused::TooLarge(body.len()))
    } else if let Some(secret) = &hook.secret
        && !signed(secret, &headers, &body)
    {
        Some(Refused::BadSignature)
    } else {
        None
    };
    if let Some(why) = refused {
        return refuse(&hook, why, &body).await;
    }
    match deposits::receive(&hook.pool, &hook.rules, &body).await {
        Ok(received) => (
            StatusCode::OK,
            format!(
                "{{\"status\":\"ok\",\"received\":{},\"credited\":{},\"invalid\":{}}}",
                received.outcomes.len(),
                received.credited(),
                received.invalid()
            ),
        ),
        Err(ReceiveError::Refused(why)) => answer(&why),
        Err(ReceiveError::Database(e)) => retry(&e),
    }
}

/// A body refused whole: nothing stored, admins told (grouped), and the status that says why.
async fn refuse(hook: &MutationHook, why: Refused, body: &[u8]) -> (StatusCode, String) {
    match deposits::refuse(&hook.pool, &hook.rules, &why, body).await {
        Ok(()) => answer(&why),
        Err(e) => retry(&e),
    }
}

fn answer(why: &Refused) -> (StatusCode, String) {
    match why {
        Refused::Payload(e) => (StatusCode::BAD_REQUEST, e.to_string()),
        Refused::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "body too large".into()),
        Refused::BadSignature => (StatusCode::UNAUTHORIZED, "bad signature".into()),
        Refused::NotAllowed(_) => (StatusCode::FORBIDDEN, String::new()),
    }
}

/// What was stored stays; sent again, it is found stored and not acted on twice.
fn retry(e: &deposits::DepositError) -> (StatusCode, String) {
    tracing::error!(error = %e, "bank mutations not all stored; asking the service to retry");
    (StatusCode::SERVICE_UNAVAILABLE, "retry".into())
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
