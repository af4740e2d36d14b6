//! `LOG_FORMAT=json`: one JSON object per line, and every line about an order names its trxid.
use std::time::Duration;

use serde_json::Value;

use crate::helpers::spawn_app_with_sim;
use crate::logs::{Capture, in_own_process};

const NAME: &str =
    "json_logs::every_json_line_about_an_order_carries_its_trxid_and_no_full_destination";
const CHILD: &str = "LOKET_JSON_LOG_CHILD";

/// The events loket writes about one order, by message.
const ABOUT_AN_ORDER: &[&str] = &[
    "order held",
    "supplier answered",
    "supplier answer unknown; money stays held",
    "callback recorded",
    "order resolved",
];

#[test]
fn every_json_line_about_an_order_carries_its_trxid_and_no_full_destination() {
    if !in_own_process(NAME, CHILD, &[("RUST_LOG", "info")]) {
        return;
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = loket::telemetry::json(move || writer.clone());
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber here");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let trxids = runtime.block_on(async {
        let (app, sim) = spawn_app_with_sim().await;
        let ok = app.buy("s5", "081234567890").await;
        let rejected = app.buy("s5", "081234567891").await;
        let broken = app.buy("s5", "081234567896").await;
        sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 1)
            .await;
        app.finish().await;
        [ok.order.trxid, rejected.order.trxid, broken.order.trxid]
    });

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let trxid_of = |line: &Value| -> Option<String> {
        let own = line.get("trxid").and_then(Value::as_str).map(str::to_owned);
        let spans = line.get("spans").and_then(Value::as_array);
        let from_span = spans
            .into_iter()
            .flatten()
            .find_map(|s| s.get("trxid").and_then(Value::as_str).map(str::to_owned));
        own.or(from_span)
    };
    let mut about = std::collections::HashMap::<String, usize>::new();
    for line in &lines {
        let message = line["message"].as_str().unwrap_or_default();
        if !ABOUT_AN_ORDER.contains(&message) {
            continue;
        }
        let trxid = trxid_of(line).unwrap_or_else(|| panic!("no trxid on: {line}"));
        *about.entry(trxid.trim_matches('"').to_owned()).or_default() += 1;
    }
    for trxid in &trxids {
        assert!(
            about.get(trxid.as_str()).copied().unwrap_or(0) >= 2,
            "lines about {trxid}: {about:?}\n{logs}"
        );
    }
    assert!(!logs.contains("081234567890"), "destinations are masked");
    assert!(logs.contains("0812****7890"), "the masked form is there");
}
