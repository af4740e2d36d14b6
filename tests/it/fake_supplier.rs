//! A supplier that answers however a test scripts it, on a real socket: a delay past our
//! timeout, 5xx pages, empty or truncated JSON, a reset connection, or a callback first.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::post;
use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Clone)]
pub enum Script {
    Reply {
        status: u16,
        body: &'static str,
        delay: Duration,
    },
    /// Accept the connection, read the request, and close it without a word.
    Reset,
}

impl Script {
    pub fn reply(status: u16, body: &'static str) -> Self {
        Script::Reply {
            status,
            body,
            delay: Duration::ZERO,
        }
    }
}

pub struct FakeSupplier {
    pub url: Url,
    pub requests: Arc<Mutex<Vec<serde_json::Value>>>,
}

pub async fn start(script: Script) -> FakeSupplier {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    match script {
        Script::Reset => {
            let seen = requests.clone();
            tokio::spawn(async move {
                while let Ok((mut socket, _)) = listener.accept().await {
                    let mut buf = vec![0u8; 8192];
                    let _ = socket.read(&mut buf).await;
                    seen.lock().unwrap().push(serde_json::Value::Null);
                    let _ = socket.shutdown().await;
                }
            });
        }
        Script::Reply {
            status,
            body,
            delay,
        } => {
            let seen = requests.clone();
            let app = axum::Router::new().route(
                "/service/in/json",
                post(move |axum::Json(req): axum::Json<serde_json::Value>| {
                    let seen = seen.clone();
                    async move {
                        seen.lock().unwrap().push(req);
                        tokio::time::sleep(delay).await;
                        (StatusCode::from_u16(status).unwrap(), body)
                    }
                }),
            );
            tokio::spawn(async move { axum::serve(listener, app).await });
        }
    }
    FakeSupplier {
        url: Url::parse(&format!("http://{addr}")).unwrap(),
        requests,
    }
}
