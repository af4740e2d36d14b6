//! The simulated supplier keeps, trxid by trxid, every purchase request with its body, what it
//! answered, every callback it sent (and the copies a test sent again), and what it decided:
//! what the crash suite holds loket's books against.
use std::time::Duration;

use loket::sandbox::sim::biller::{Answer, Decided, SentBy, SimBiller, SimConfig};
use reqwest::Url;
use secrecy::SecretString;
use serde_json::json;

use crate::helpers::PASSWORD;

/// Our side of the callback: answers every callback "OK".
async fn callback_receiver() -> Url {
    let app = axum::Router::new().route(
        "/biller/callback/{token}",
        axum::routing::get(|| async { "OK" }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/biller/callback/secret-token",
        listener.local_addr().unwrap()
    );
    tokio::spawn(axum::serve(listener, app).into_future());
    Url::parse(&url).unwrap()
}

/// Posts a purchase of s5 for `idpel` under `trxid`, signed with `password`.
async fn buy(base: &Url, trxid: &str, idpel: &str, password: &str) {
    let sign = loket::biller::sign("usertesting", &SecretString::from(password), trxid);
    let body = json!({
        "user": "usertesting", "sign": sign, "trxid": trxid, "cmd": "trx", "idpel": idpel, "produk": "s5"
    });
    let url = base.join("/service/in/json").unwrap();
    reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_simulator_keeps_each_trxids_requests_answers_callbacks_and_decision() {
    let sim = SimBiller::new(SimConfig {
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        callback_url: Some(callback_receiver().await),
        callback_delay: Duration::from_millis(20),
        hang: Duration::from_secs(2),
        reversal_delay: Duration::ZERO,
    });
    let base = sim.clone().spawn().await.unwrap();
    buy(&base, "26112400000000000010", "081234567890", PASSWORD).await;
    buy(&base, "26112400000000000010", "081234567890", PASSWORD).await;
    buy(&base, "26112400000000000011", "081234567891", PASSWORD).await;
    buy(&base, "26112400000000000016", "081234567896", PASSWORD).await;
    buy(&base, "26112400000000000019", "081234567899", PASSWORD).await;
    buy(&base, "26112400000000000020", "081234567890", "wrong").await;
    // SUKSES for …0, SUKSES and GAGAL for …9.
    assert!(
        sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 3)
            .await
    );
    let first = sim.journal(|j| j.callbacks[0].0.clone());
    assert_eq!(sim.send_again(&first).await, (200, "OK".into()));

    let r = sim.records();
    assert_eq!(r.len(), 5, "{r:#?}");
    let open = sim.journal(|j| (j.requests_open, j.callbacks_open));
    assert_eq!(open, (0, 0), "nothing is open once everything was answered");
    let success = &r["26112400000000000010"];
    let answers: Vec<_> = success.requests.iter().map(|q| q.answer.clone()).collect();
    assert_eq!(
        answers,
        [Some(Answer::Accepted), Some(Answer::Accepted)],
        "a resend is kept"
    );
    assert!(
        success
            .requests
            .iter()
            .all(|q| q.sign_ok && q.body.contains("081234567890"))
    );
    let Decided::Success { sn } = &success.decided else {
        panic!("{:?}", success.decided)
    };
    assert!(first.contains(&format!("SN:+{sn},")), "{first}");
    let sent: Vec<_> = success
        .callbacks
        .iter()
        .map(|c| (c.status, c.by, c.answered))
        .collect();
    let by_supplier = SentBy::Supplier { nth: 0, attempt: 1 };
    assert_eq!(sent, [(0, by_supplier, 200), (0, SentBy::Again, 200)]);

    let refused = &r["26112400000000000011"];
    assert!(
        matches!(&refused.requests[0].answer, Some(Answer::Refused(why)) if why.contains("ROUTE"))
    );
    assert_eq!(refused.decided, Decided::Failed { by_callback: false });
    assert!(refused.callbacks.is_empty());
    let broken = &r["26112400000000000016"];
    assert_eq!(broken.requests[0].answer, Some(Answer::ServerError));
    assert_eq!(broken.decided, Decided::Nothing);
    let reversed = &r["26112400000000000019"];
    assert!(
        matches!(reversed.decided, Decided::Reversed { .. }),
        "{reversed:?}"
    );
    let statuses: Vec<u8> = reversed.callbacks.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [0, 1]);
    let forged = &r["26112400000000000020"];
    assert!(!forged.requests[0].sign_ok);
    assert_eq!(
        forged.decided,
        Decided::Nothing,
        "a bad sign is no purchase"
    );
}
