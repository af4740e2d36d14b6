//! `/metrics`: what it counts, what it reads from the database, and who may read it.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::helpers::{
    Options, TOKEN, TestApp, callback_query, simulator, spawn_app, spawn_app_with_sim,
};

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

/// Every value of each label, as the exposition lists them from the first scrape.
const LABELS: [(&str, &str, &[&str]); 3] = [
    (
        "loket_callbacks_total",
        "outcome",
        &[
            "applied",
            "duplicate",
            "reversal",
            "conflict",
            "mismatch",
            "contradictory",
            "unknown_refid",
            "invalid",
            "bad_token",
            "forbidden_peer",
            "retry",
        ],
    ),
    (
        "loket_supplier_answers_total",
        "answer",
        &["accepted", "rejected", "unknown"],
    ),
    (
        "loket_outbox_sends_total",
        "result",
        &["sent", "retry", "dead"],
    ),
];

async fn scrape(app: &TestApp) -> HashMap<String, f64> {
    let url = format!("http://{}/metrics", app.addr);
    let response = app.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    series(&response.text().await.unwrap())
}

/// Scrapes until `ready` holds of the figures (at most 15 s).
async fn scrape_until(
    app: &TestApp,
    ready: impl Fn(&HashMap<String, f64>) -> bool,
) -> HashMap<String, f64> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let m = scrape(app).await;
        if ready(&m) {
            return m;
        }
        assert!(Instant::now() < deadline, "never ready: {m:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn metrics_show_contradictory_callbacks_waiting_updates_the_last_poll_and_the_build() {
    let (app, _sim) = spawn_app_with_sim().await;
    let m = scrape(&app).await;
    for (name, label, values) in LABELS {
        for value in values {
            let series = format!("{name}{{{label}=\"{value}\"}}");
            assert_eq!(m.get(&series), Some(&0.0), "{series}");
        }
    }
    let build = format!(
        "loket_build_info{{version=\"{}\"}}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(m.get(&build), Some(&1.0));
    assert_eq!(m.get("loket_intake_waiting"), Some(&0.0));
    assert_eq!(m.get("loket_intake_oldest_waiting_seconds"), Some(&0.0));

    // A status its own text contradicts: recorded, answered 200, and counted.
    let placed = app.buy("s5", "081234567890").await;
    let trxid = placed.order.trxid.to_string();
    let text = "Transaksi s5.081234567890 SUKSES, SN: 4455";
    let query = callback_query(1, &trxid, "081234567890", text);
    assert_eq!(app.callback(&query).await, (200, "OK".into()));
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'contradictory'")
            .await,
        1
    );
    // One chat's head in the hand of an instance that died with it (its lease has an hour to
    // run) 90 s after it arrived, and the chat's next update behind it: both wait.
    sqlx::query(
        "insert into inbound_updates (update_id, payload, chat_id, received_at, locked_until)
         values (900001, '{}', 777, now() - interval '90 seconds', now() + interval '1 hour'),
                (900002, '{}', 777, now() - interval '30 seconds', null)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    let last_poll = "loket_telegram_last_poll_timestamp_seconds";
    let m = scrape_until(&app, |m| m.contains_key(last_poll)).await;
    assert_eq!(m["loket_callbacks_total{outcome=\"contradictory\"}"], 1.0);
    assert_eq!(m["loket_intake_waiting"], 2.0);
    let oldest = m["loket_intake_oldest_waiting_seconds"];
    assert!((90.0..150.0).contains(&oldest), "{oldest}");
    let now = chrono::Utc::now().timestamp() as f64;
    assert!(
        (now - 60.0..=now + 1.0).contains(&m[last_poll]),
        "{}",
        m[last_poll]
    );
    app.finish().await;
}

#[tokio::test]
async fn in_webhook_mode_no_poll_time_is_shown() {
    let mut opts = Options::with_supplier(simulator().spawn().await.unwrap());
    opts.webhook = true;
    let app = spawn_app(opts).await;
    let m = scrape(&app).await;
    let build = format!(
        "loket_build_info{{version=\"{}\"}}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(m.get(&build), Some(&1.0));
    assert!(
        !m.contains_key("loket_telegram_last_poll_timestamp_seconds"),
        "{m:#?}"
    );
    app.finish().await;
}
