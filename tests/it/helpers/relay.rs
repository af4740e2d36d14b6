//! A TCP relay between the application and PostgreSQL that a test can cut and restore. Cut, it
//! drops every connection it carries and closes each new one at once, as when the database
//! server goes away; restored, it carries connections again. The test's own pool goes to the
//! server directly, so it can read what was (not) stored meanwhile.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::Url;
use sqlx::postgres::PgConnectOptions;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::task::AbortHandle;

pub struct DbRelay {
    /// `DATABASE_URL` through the relay.
    pub url: String,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    cut: AtomicBool,
    carried: Mutex<Vec<AbortHandle>>,
}

/// Where the relay connects: the server's Unix socket, or its TCP address.
#[derive(Clone)]
enum Upstream {
    Socket(String),
    Tcp(String, u16),
}

impl DbRelay {
    /// Relays to the server of `database_url` (a Unix socket or TCP).
    pub async fn start(database_url: &str) -> Self {
        let options: PgConnectOptions = database_url.parse().unwrap();
        let upstream = match options.get_socket() {
            Some(dir) => {
                Upstream::Socket(format!("{}/.s.PGSQL.{}", dir.display(), options.get_port()))
            }
            None => Upstream::Tcp(options.get_host().to_owned(), options.get_port()),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        tokio::spawn(accept(listener, upstream, state.clone()));
        Self {
            url: through(database_url, port),
            state,
        }
    }

    /// The database goes away: every connection is dropped, and new ones are closed at once.
    pub fn cut(&self) {
        let mut carried = self.state.carried.lock().unwrap();
        self.state.cut.store(true, Ordering::SeqCst);
        for connection in carried.drain(..) {
            connection.abort();
        }
    }

    /// The database is back.
    pub fn restore(&self) {
        self.state.cut.store(false, Ordering::SeqCst);
    }
}

/// `database_url` with its server replaced by the relay on 127.0.0.1:`port`.
fn through(database_url: &str, port: u16) -> String {
    let mut url = Url::parse(database_url).unwrap();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "host" && k != "port")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(port)).unwrap();
    url.set_query(None);
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(kept);
    }
    url.to_string()
}

async fn accept(listener: tokio::net::TcpListener, upstream: Upstream, state: Arc<State>) {
    while let Ok((client, _)) = listener.accept().await {
        // Decided under the lock `cut` takes, so no connection slips past a cut.
        let mut carried = state.carried.lock().unwrap();
        if state.cut.load(Ordering::SeqCst) {
            drop(client);
            continue;
        }
        let upstream = upstream.clone();
        let connection = tokio::spawn(async move {
            match upstream {
                Upstream::Socket(path) => {
                    if let Ok(server) = tokio::net::UnixStream::connect(path).await {
                        pipe(client, server).await;
                    }
                }
                Upstream::Tcp(host, port) => {
                    if let Ok(server) = tokio::net::TcpStream::connect((host, port)).await {
                        pipe(client, server).await;
                    }
                }
            }
        });
        carried.push(connection.abort_handle());
    }
}

async fn pipe(mut client: tokio::net::TcpStream, mut server: impl AsyncRead + AsyncWrite + Unpin) {
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}
