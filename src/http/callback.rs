//! `GET /biller/callback/{token}`: the supplier reporting a final status.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use super::AppState;
use crate::biller::parse_callback;
use crate::metrics::CallbackResult;
use crate::orders::{CallbackAudit, CallbackOutcome};

/// Where the supplier calls back; the token is the route's only credential.
pub const PATH: &str = "/biller/callback/{token}";

/// Every answer is one of these constant bodies: nothing about orders, balances or errors leaks.
const OK: (StatusCode, &str) = (StatusCode::OK, "OK");
const NOT_FOUND: (StatusCode, &str) = (StatusCode::NOT_FOUND, "");
const FORBIDDEN: (StatusCode, &str) = (StatusCode::FORBIDDEN, "");
/// Only when we could not record the callback, so that the supplier sends it again.
const RETRY: (StatusCode, &str) = (StatusCode::SERVICE_UNAVAILABLE, "RETRY");

pub async fn biller_callback(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
) -> (StatusCode, &'static str) {
    // Compared in constant time: the token is the callback's only credential. A wrong token
    // looks exactly like a route that does not exist.
    let expected = state.callback_token.expose_secret().as_bytes();
    if !bool::from(token.as_bytes().ct_eq(expected)) {
        state.metrics.callback(CallbackResult::BadToken);
        return NOT_FOUND;
    }
    let client = state.client(peer, &headers);
    if !state.callback_allow.is_empty()
        && !state.callback_allow.iter().any(|net| net.contains(&client))
    {
        tracing::warn!(client = %client, peer = %peer.ip(), "callback from an address not on CALLBACK_ALLOW_IPS");
        state.metrics.callback(CallbackResult::ForbiddenPeer);
        return FORBIDDEN;
    }
    let query = query.unwrap_or_default();
    let audit = CallbackAudit {
        peer_ip: client.to_string(),
        raw_query: query.clone(),
    };
    let result = match parse_callback(&query) {
        Ok(cb) => (state.orders.apply_callback(&cb, &audit).await).map(|o| (counted(o), OK)),
        // Recorded and reported to admins, and answered 200 like every callback we recorded:
        // any other answer only makes the supplier send the same request again, forever.
        Err(why) => {
            let recorded = state.orders.record_invalid_callback(&audit, &why).await;
            recorded.map(|()| (CallbackResult::Invalid, OK))
        }
    };
    let (outcome, answer) = result.unwrap_or_else(|e| {
        tracing::error!(error = %e, "callback not recorded; asking the supplier to retry");
        (CallbackResult::Retry, RETRY)
    });
    state.metrics.callback(outcome);
    answer
}

/// The series an applied callback counts in. Every outcome the orders module can return is
/// named here, so a new one does not compile until it has its series.
pub(super) fn counted(outcome: CallbackOutcome) -> CallbackResult {
    match outcome {
        CallbackOutcome::Applied => CallbackResult::Applied,
        CallbackOutcome::Duplicate => CallbackResult::Duplicate,
        CallbackOutcome::Reversal => CallbackResult::Reversal,
        CallbackOutcome::Conflict => CallbackResult::Conflict,
        CallbackOutcome::Mismatch => CallbackResult::Mismatch,
        CallbackOutcome::Contradictory => CallbackResult::Contradictory,
        CallbackOutcome::UnknownRefid => CallbackResult::UnknownRefid,
        CallbackOutcome::AfterRefund => CallbackResult::AfterRefund,
        CallbackOutcome::FailedOver => CallbackResult::FailedOver,
        CallbackOutcome::EarlierAttempt => CallbackResult::EarlierAttempt,
        CallbackOutcome::Pending => CallbackResult::Pending,
    }
}
