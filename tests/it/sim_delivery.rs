//! The simulated supplier's callbacks do not depend on the request that placed the order: a
//! client that gives up (its timeout, or a SIGKILL) still gets called back, as from a real
//! supplier, and the journal shows every attempt.
use std::time::Duration;

use loket::sandbox::sim::biller::{SimBiller, SimConfig};
use reqwest::Url;
use secrecy::SecretString;

use crate::helpers::PASSWORD;

#[tokio::test]
async fn a_callback_sent_before_the_answer_still_lands_when_the_client_hangs_up() {
    // Our side of the callback, slower to answer than the client below waits for its answer.
    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let app = axum::Router::new().route(
        "/biller/callback/{token}",
        axum::routing::get(move |axum::extract::RawQuery(q): axum::extract::RawQuery| {
            let seen = seen_tx.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(400)).await;
                let _ = seen.send(q.unwrap_or_default());
                "OK"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let callback_url = format!(
        "http://{}/biller/callback/secret-token",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    let sim = SimBiller::new(SimConfig {
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        callback_url: Some(Url::parse(&callback_url).unwrap()),
        callback_delay: Duration::from_millis(50),
        hang: Duration::from_secs(2),
        reversal_delay: Duration::ZERO,
    });
    let base = sim.clone().spawn().await.unwrap();

    // A destination ending in 7: the SUKSES callback is sent before the answer. The client
    // hangs up while the simulator waits for our side to take that callback.
    let trxid = "22110111373985338";
    let sign = loket::biller::sign("usertesting", &SecretString::from(PASSWORD), trxid);
    let body = serde_json::json!({
        "user": "usertesting", "sign": sign, "trxid": trxid, "cmd": "trx",
        "idpel": "081234567897", "produk": "s5"
    });
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let gave_up = impatient
        .post(base.join("/service/in/json").unwrap())
        .json(&body)
        .send()
        .await;
    assert!(gave_up.is_err_and(|e| e.is_timeout()), "the client gave up");

    let query = tokio::time::timeout(Duration::from_secs(10), seen_rx.recv())
        .await
        .expect("the callback reached our side")
        .unwrap();
    assert!(
        query.starts_with(&format!("status=0&refid={trxid}&")),
        "{query}"
    );
    assert!(
        sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 1)
            .await,
        "the callback is journaled as sent"
    );
    sim.journal(|j| {
        assert_eq!(j.callbacks[0], (query.clone(), 200));
        let tries: Vec<_> = j
            .tries
            .iter()
            .map(|t| (t.nth, t.attempt, t.answered))
            .collect();
        assert_eq!(tries, [(0, 1, 200)]);
        assert_eq!(j.tries[0].said, "OK");
    });
}
