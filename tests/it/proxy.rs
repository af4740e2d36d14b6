//! Behind a reverse proxy: `X-Forwarded-For` names the caller only when a trusted proxy is the
//! peer; from anyone else it is ignored, however it is spelled.
use std::net::IpAddr;

use crate::callbacks::{app_with_pending_order_behind, nets, sukses};
use crate::helpers::{Options, TestApp, simulator, spawn_app};
use crate::hostile::snapshot;

const SUPPLIER: &str = "203.0.113.7";

/// A client whose connections come from `from` (any 127/8 address reaches the app).
fn client_at(from: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(from))
        .build()
        .unwrap()
}

async fn call_back(
    app: &TestApp,
    from: [u8; 4],
    trxid: &str,
    forwarded: &[&str],
) -> reqwest::StatusCode {
    let mut req = client_at(from).get(format!("{}?{}", app.callback_url(), sukses(trxid)));
    for value in forwarded {
        req = req.header("X-Forwarded-For", *value);
    }
    req.send().await.unwrap().status()
}

async fn audited_peers(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("select peer_ip from callback_log order by 1")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn from_a_trusted_proxy_the_last_untrusted_hop_is_judged() {
    // The proxy is 127.0.0.1; the supplier's address is what it forwards.
    let (app, trxid) = app_with_pending_order_behind(&[SUPPLIER], &["127.0.0.1"]).await;
    let before = snapshot(&app).await;
    for forwarded in [
        &[][..],
        &["198.51.100.9"],
        // The supplier's address where the caller wrote it, left of what the proxy appended.
        &["203.0.113.7, 198.51.100.9"],
        &["203.0.113.7", "198.51.100.9"],
        // What the proxy appended is not an address: no caller is named, the proxy is judged.
        &["203.0.113.7, unknown"],
        &["203.0.113.7:443"],
    ] {
        let status = call_back(&app, [127, 0, 0, 1], &trxid, forwarded).await;
        assert_eq!(status, 403, "X-Forwarded-For {forwarded:?}");
    }
    // An untrusted peer forwarding the supplier's address is judged by its own.
    let status = call_back(&app, [127, 0, 0, 2], &trxid, &[SUPPLIER]).await;
    assert_eq!(status, 403);
    assert_eq!(snapshot(&app).await, before);
    assert!(audited_peers(&app).await.is_empty());

    // The caller's own guess on the left, the supplier as the proxy saw it, a second trusted
    // proxy hop after it.
    let forwarded = ["10.9.9.9, 203.0.113.7, 127.0.0.1"];
    let status = call_back(&app, [127, 0, 0, 1], &trxid, &forwarded).await;
    assert_eq!(status, 200);
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(audited_peers(&app).await, [SUPPLIER]);
    app.finish().await;
}

#[tokio::test]
async fn from_an_untrusted_peer_a_spoofed_header_changes_nothing() {
    let (app, trxid) = app_with_pending_order_behind(&["127.0.0.2"], &["127.0.0.1"]).await;
    let before = snapshot(&app).await;
    // 127.0.0.3 claims to be the allowed 127.0.0.2, and then to be behind the trusted proxy.
    for forwarded in [&["127.0.0.2"][..], &["127.0.0.2, 127.0.0.1"]] {
        let status = call_back(&app, [127, 0, 0, 3], &trxid, forwarded).await;
        assert_eq!(status, 403, "X-Forwarded-For {forwarded:?}");
    }
    assert_eq!(snapshot(&app).await, before);

    // The allowed peer itself is judged, and recorded, by its own address.
    let status = call_back(&app, [127, 0, 0, 2], &trxid, &["198.51.100.9"]).await;
    assert_eq!(status, 200);
    assert_eq!(app.status(&trxid).await, "success");
    assert_eq!(audited_peers(&app).await, ["127.0.0.2"]);
    app.finish().await;
}

#[tokio::test]
async fn metrics_passed_on_by_a_trusted_proxy_are_judged_by_the_caller() {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    opts.trusted_proxies = nets(&["127.0.0.1"]);
    let app = spawn_app(opts).await;
    let metrics = format!("http://{}/metrics", app.addr);
    let get = |forwarded: Option<&str>| {
        let mut req = app.http.get(&metrics);
        if let Some(value) = forwarded {
            req = req.header("X-Forwarded-For", value);
        }
        async move { req.send().await.unwrap().status() }
    };
    // METRICS_ALLOW_IPS is 127.0.0.1: a scraper on the proxy's host, not the internet behind it.
    assert_eq!(get(None).await, 200);
    assert_eq!(get(Some("127.0.0.1")).await, 200);
    assert_eq!(get(Some("198.51.100.9")).await, 404);
    assert_eq!(get(Some("127.0.0.1, 198.51.100.9")).await, 404);
    app.finish().await;
}
