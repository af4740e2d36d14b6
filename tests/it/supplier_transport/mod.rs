//! R26: the supplier is reached over verified TLS and no redirect is followed. A server that
//! would accept the purchase, reached any other way (behind a certificate nobody vouches for,
//! or at the end of a redirect), never gets it: the order is `unknown` and the money held.
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::http::Method;

use crate::helpers::{RESELLER, TestApp};

mod redirects;
mod tls;

/// What a supplier that takes the purchase answers.
const ACCEPTED: &str = r#"{"total": 5150, "status": true, "reason": "Transaksi s5.081234567890 sedang diproses", "saldo": "1000000"}"#;

/// A request a server received: method, path and body.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub body: String,
}

pub type Requests = Arc<Mutex<Vec<Seen>>>;

/// Answers any request, at any path and with any method, with [`ACCEPTED`], and records it:
/// whatever way a purchase reached it, it would be taken.
pub fn accepting(requests: Requests) -> Router {
    Router::new()
        .fallback(
            |State(seen): State<Requests>,
             method: Method,
             OriginalUri(uri): OriginalUri,
             body: String| async move {
                seen.lock().unwrap().push(Seen {
                    method,
                    path: uri.path().to_owned(),
                    body,
                });
                ([("content-type", "application/json")], ACCEPTED)
            },
        )
        .with_state(requests)
}

/// `n` s5 orders (Rp5.500 each) from the reseller's Rp50.000 are all `unknown` with their money
/// held: nothing refunded, nothing sold.
pub async fn all_unknown_and_held(app: &TestApp, trxids: &[String]) {
    for trxid in trxids {
        assert_eq!(app.status(trxid).await, "unknown", "{trxid}");
    }
    let n = trxids.len() as i64;
    assert_eq!(app.balance(RESELLER).await, 50_000 - n * 5_500);
    let holds: i64 = app
        .count("select coalesce(sum(amount), 0)::bigint from ledger_entries where account_id = 2")
        .await;
    assert_eq!(holds, n * 5_500, "held, not refunded");
    assert_eq!(
        app.count("select count(*) from ledger_txns where kind in ('post', 'void')")
            .await,
        0
    );
}
