//! `DigiflazzClient` against the Digiflazz simulator, over real HTTP on 127.0.0.1: verdicts by
//! the customer number's last digit, refusals, answers lost, the status check, webhooks.
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::digiflazz::DigiflazzClient;
use loket::sandbox::sim::digiflazz::{SimConfig, SimDigiflazz};
use secrecy::SecretString;
use tokio::sync::mpsc::UnboundedReceiver;

mod lists;
mod transactions;
mod webhooks;

pub const USERNAME: &str = "budi";
pub const API_KEY: &str = "dev-kunci-simulator";
pub const WEBHOOK_SECRET: &str = "rahasia-webhook-simulator";

/// A webhook as our side received it: its `X-Hub-Signature`, `X-Digiflazz-Event` and body.
pub struct Received {
    pub signature: Option<String>,
    pub event: Option<String>,
    pub body: Vec<u8>,
}

pub struct Setup {
    pub sim: SimDigiflazz,
    pub client: DigiflazzClient,
    pub settings: DigiflazzSettings,
    pub webhooks: UnboundedReceiver<Received>,
}

/// The simulator, a client for it with `timeout`, and a listener receiving its webhooks.
pub async fn setup(timeout: Duration) -> Setup {
    let (tx, webhooks) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/digiflazz/webhook",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let tx = tx.clone();
                async move {
                    let header = |name: &str| {
                        headers
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    let _ = tx.send(Received {
                        signature: header("X-Hub-Signature"),
                        event: header("X-Digiflazz-Event"),
                        body: body.to_vec(),
                    });
                    "OK"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!(
        "http://{}/digiflazz/webhook",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    let sim = SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(WEBHOOK_SECRET),
        webhook_url: Some(hook.parse().unwrap()),
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    });
    let url = sim.clone().spawn().await.unwrap();
    let settings = DigiflazzSettings {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from(WEBHOOK_SECRET),
        url,
        timeout,
        check_first: Duration::from_secs(60),
    };
    Setup {
        client: DigiflazzClient::new(&settings),
        sim,
        settings,
        webhooks,
    }
}

/// The next webhook our side received, within a few seconds.
pub async fn next_webhook(rx: &mut UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a webhook within 5 s")
        .expect("the listener is alive")
}
