//! `POST /supplier/digiflazz/{token}`: Digiflazz's webhook about one of our attempts (R43).
//! The path's token is the callback's (`CALLBACK_TOKEN`); the body must carry a valid
//! `X-Hub-Signature` under `DIGIFLAZZ_WEBHOOK_SECRET`, else 401 and nothing is stored.
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use super::AppState;
use super::callback::counted;
use crate::digiflazz::{parse_event, verify};
use crate::metrics::CallbackResult;
use crate::orders::CallbackAudit;

pub const PATH: &str = "/supplier/digiflazz/{token}";
/// A webhook is one transaction's fields; anything larger is not one.
const MAX_BODY_BYTES: usize = 64 * 1024;
const SIGNATURE_HEADER: &str = "X-Hub-Signature";

const OK: (StatusCode, &str) = (StatusCode::OK, "OK");
const NOT_FOUND: (StatusCode, &str) = (StatusCode::NOT_FOUND, "");
const UNAUTHORIZED: (StatusCode, &str) = (StatusCode::UNAUTHORIZED, "");
const RETRY: (StatusCode, &str) = (StatusCode::SERVICE_UNAVAILABLE, "RETRY");

pub async fn webhook(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> (StatusCode, &'static str) {
    // Without Digiflazz configured, or with a wrong token, the route does not exist.
    let expected = state.callback_token.expose_secret().as_bytes();
    let Some(secret) = state.digiflazz_secret.as_ref() else {
        return NOT_FOUND;
    };
    if !bool::from(token.as_bytes().ct_eq(expected)) {
        state.metrics.callback(CallbackResult::BadToken);
        return NOT_FOUND;
    }
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let refused = if body.len() > MAX_BODY_BYTES {
        Some("body too large".to_owned())
    } else {
        verify(secret, &body, signature)
            .err()
            .map(|e| e.to_string())
    };
    if let Some(why) = refused {
        tracing::warn!(peer = %peer.ip(), why = %why, "Digiflazz webhook refused");
        state.metrics.callback(CallbackResult::BadSignature);
        return UNAUTHORIZED;
    }
    let audit = CallbackAudit {
        peer_ip: state.client(peer, &headers).to_string(),
        raw_query: String::from_utf8_lossy(&body).into_owned(),
    };
    let result = match parse_event(&body) {
        Ok(report) => (state.orders.apply_digiflazz(&report, &audit).await).map(counted),
        // Signed by Digiflazz yet unreadable: kept and told like an unreadable callback.
        Err(why) => (state
            .orders
            .record_invalid_webhook(&audit, &why.to_string())
            .await)
            .map(|()| CallbackResult::Invalid),
    };
    match result {
        Ok(outcome) => {
            state.metrics.callback(outcome);
            OK
        }
        Err(e) => {
            tracing::error!(error = %e, "Digiflazz webhook not recorded; asking it to retry");
            state.metrics.callback(CallbackResult::Retry);
            RETRY
        }
    }
}
