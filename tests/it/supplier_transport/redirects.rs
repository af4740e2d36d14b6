//! No redirect is followed: the signed purchase goes only where `BILLER_URL` says.
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use reqwest::Url;

use super::{Requests, Seen, accepting, all_unknown_and_held};
use crate::helpers::{Options, spawn_app};

/// Each redirect status a server can answer a POST with: 301 and 302 (which clients following
/// them turn into a GET) and 307 and 308 (which keep the method and resend the body).
const REDIRECTS: [u16; 4] = [301, 302, 307, 308];

/// Binds 127.0.0.1 and serves `router` there; returns the base URL.
async fn serve(router: Router) -> Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, router).into_future());
    Url::parse(&format!("http://{addr}")).unwrap()
}

/// Answers its n-th request with `REDIRECTS[n]`, pointing at `to`, and records it.
fn redirecting(to: Url, requests: Requests) -> Router {
    let next = Arc::new(Mutex::new(0usize));
    Router::new().fallback(
        move |method: axum::http::Method, uri: axum::http::Uri, body: String| {
            let (to, requests, next) = (to.clone(), requests.clone(), next.clone());
            async move {
                let n = {
                    let mut seen = requests.lock().unwrap();
                    seen.push(Seen {
                        method,
                        path: uri.path().to_owned(),
                        body,
                    });
                    let mut next = next.lock().unwrap();
                    *next += 1;
                    *next - 1
                };
                let status = StatusCode::from_u16(REDIRECTS[n % REDIRECTS.len()]).unwrap();
                (status, [("location", to.to_string())], "")
            }
        },
    )
}

/// R26: a supplier that answers a purchase with a redirect to another server (here on this
/// machine, one that would accept the purchase) leaves the order `unknown` with its money held.
/// The other server never gets a request, so the signed body never reaches it.
#[tokio::test]
async fn a_redirect_is_not_followed_and_the_order_is_unknown() {
    let elsewhere = Requests::default();
    let elsewhere_url = serve(accepting(elsewhere.clone())).await;
    let redirected = Requests::default();
    let target = elsewhere_url.join("/service/in/json").unwrap();
    let supplier_url = serve(redirecting(target, redirected.clone())).await;
    let app = spawn_app(Options::with_supplier(supplier_url)).await;

    let mut trxids = Vec::new();
    for (i, status) in REDIRECTS.iter().enumerate() {
        let placed = app.buy("s5", &format!("08123456789{i}")).await;
        assert_eq!(
            placed.order.status().to_string(),
            "unknown",
            "answered {status}"
        );
        trxids.push(placed.order.trxid.to_string());
    }

    all_unknown_and_held(&app, &trxids).await;
    let asked = redirected.lock().unwrap().clone();
    assert_eq!(
        asked.len(),
        REDIRECTS.len(),
        "one request per order: {asked:?}"
    );
    for (seen, trxid) in asked.iter().zip(&trxids) {
        assert!(
            seen.method == "POST" && seen.path == "/service/in/json" && seen.body.contains(trxid),
            "{seen:?}"
        );
    }
    let reached = elsewhere.lock().unwrap().clone();
    assert!(
        reached.is_empty(),
        "the server redirected to got requests (and signed bodies): {reached:?}"
    );
    app.finish().await;
}
