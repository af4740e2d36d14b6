//! `/metrics`: what it counts, what it reads from the database, and who may read it.
use std::collections::HashMap;
use std::time::Duration;

use crate::helpers::{TOKEN, spawn_app_with_sim};

/// `name{labels} value` lines of the exposition, by series.
fn series(body: &str) -> HashMap<String, f64> {
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.rsplit_once(' '))
        .map(|(k, v)| (k.to_owned(), v.parse().unwrap()))
        .collect()
}

#[tokio::test]
async fn metrics_count_orders_supplier_answers_callbacks_sends_and_the_books() {
    let (app, sim) = spawn_app_with_sim().await;
    app.buy("s5", "081234567890").await; // accepted, then SUKSES by callback
    app.buy("s5", "081234567891").await; // rejected at once
    app.buy("s5", "081234567896").await; // HTTP 500: unknown
    sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 1)
        .await;
    app.wait_count(
        "select count(*) from outbox where sent_at is not null and dedup_key like '%:final'",
        2,
    )
    .await;
    let wrong = format!("http://{}/biller/callback/{TOKEN}x?status=0", app.addr);
    assert_eq!(app.http.get(wrong).send().await.unwrap().status(), 404);
    app.monitor.check_books().await.unwrap();

    let response = app
        .http
        .get(format!("http://{}/metrics", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let body = response.text().await.unwrap();
    let m = series(&body);
    for (name, want) in [
        ("loket_database_up", 1.0),
        ("loket_orders{status=\"success\"}", 1.0),
        ("loket_orders{status=\"failed\"}", 1.0),
        ("loket_orders{status=\"unknown\"}", 1.0),
        ("loket_orders{status=\"sending\"}", 0.0),
        ("loket_supplier_request_duration_seconds_count", 3.0),
        (
            "loket_supplier_request_duration_seconds_bucket{le=\"+Inf\"}",
            3.0,
        ),
        ("loket_supplier_answers_total{answer=\"accepted\"}", 1.0),
        ("loket_supplier_answers_total{answer=\"rejected\"}", 1.0),
        ("loket_supplier_answers_total{answer=\"unknown\"}", 1.0),
        ("loket_callbacks_total{outcome=\"applied\"}", 1.0),
        ("loket_callbacks_total{outcome=\"bad_token\"}", 1.0),
        ("loket_callbacks_total{outcome=\"duplicate\"}", 0.0),
        ("loket_outbox_dead", 0.0),
        ("loket_invariants_ok", 1.0),
        ("loket_invariant_violations", 0.0),
    ] {
        assert_eq!(m.get(name), Some(&want), "{name} in:\n{body}");
    }
    assert!(
        m["loket_outbox_sends_total{result=\"sent\"}"] >= 2.0,
        "{body}"
    );
    assert!(m["loket_invariants_checked_timestamp_seconds"] > 1.7e9);
    // Buckets are cumulative: the fast simulator lands in the first one.
    assert_eq!(
        m["loket_supplier_request_duration_seconds_bucket{le=\"0.05\"}"],
        3.0
    );

    // Anyone not on METRICS_ALLOW_IPS (here: 127.0.0.1 only) finds nothing there.
    let outsider = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let hidden = outsider
        .get(format!("http://{}/metrics", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);
    assert!(hidden.text().await.unwrap().is_empty());
    app.finish().await;
}
