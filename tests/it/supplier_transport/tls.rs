//! TLS to the supplier is verified: a real TLS server on 127.0.0.1 whose certificate is valid
//! for that address but signed by nobody loket trusts gets no purchase, though it would accept
//! one.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{ServerConfig, crypto};

use super::{Requests, accepting, all_unknown_and_held};
use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, spawn_app};

/// A self-signed certificate for 127.0.0.1 and localhost, valid from 2000 to 2100, and its key:
/// made once with openssl and kept, so the test needs no certificate generator.
const SELF_SIGNED: &str = include_str!("self-signed-127.0.0.1.pem");

/// How each TLS handshake the server saw ended (`Err`: why it failed).
type Handshakes = Arc<Mutex<Vec<Result<(), String>>>>;

struct TlsSupplier {
    url: Url,
    handshakes: Handshakes,
    requests: Requests,
}

/// Accepts TCP connections and finishes their TLS handshake before axum sees them.
struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: TlsAcceptor,
    handshakes: Handshakes,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, peer)) = self.tcp.accept().await else {
                continue;
            };
            let shaken = tokio::time::timeout(Duration::from_secs(5), self.acceptor.accept(tcp))
                .await
                .map_err(|_| "handshake timed out".to_owned())
                .and_then(|r| r.map_err(|e| e.to_string()));
            let outcome = shaken.as_ref().map(|_| ()).map_err(Clone::clone);
            self.handshakes.lock().unwrap().push(outcome);
            if let Ok(tls) = shaken {
                return (tls, peer);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

async fn start() -> TlsSupplier {
    let certs: Vec<CertificateDer> = CertificateDer::pem_slice_iter(SELF_SIGNED.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(SELF_SIGNED.as_bytes()).unwrap();
    let config = ServerConfig::builder_with_provider(Arc::new(crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let (handshakes, requests) = (Handshakes::default(), Requests::default());
    let listener = TlsListener {
        tcp,
        acceptor: TlsAcceptor::from(Arc::new(config)),
        handshakes: handshakes.clone(),
    };
    tokio::spawn(axum::serve(listener, accepting(requests.clone())).into_future());
    TlsSupplier {
        url: Url::parse(&format!("https://127.0.0.1:{}", addr.port())).unwrap(),
        handshakes,
        requests,
    }
}

/// R26: loket's client verifies the certificate. The server is a working TLS supplier that
/// accepts the purchase (a client that trusts its certificate gets `status: true`), but loket
/// does not trust it: the handshake fails, the signed request is never sent, and the order is
/// `unknown` with its money held, never `pending`.
#[tokio::test]
async fn a_supplier_behind_an_untrusted_certificate_gets_nothing_and_the_order_is_unknown() {
    let supplier = start().await;
    let endpoint = supplier.url.join("/service/in/json").unwrap();
    let only_the_certificate = &SELF_SIGNED[..SELF_SIGNED.find("-----BEGIN PRIVATE KEY").unwrap()];
    let trusting = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(only_the_certificate.as_bytes()).unwrap(),
        )
        .build()
        .unwrap();
    let control = trusting.post(endpoint).body("{}").send().await.unwrap();
    assert_eq!(control.status(), 200);
    assert!(control.text().await.unwrap().contains(r#""status": true"#));
    assert_eq!(supplier.requests.lock().unwrap().len(), 1);

    let app = spawn_app(Options::with_supplier(supplier.url.clone())).await;
    let placed = app.buy("s5", "081234567890").await;

    assert_eq!(placed.order.status().to_string(), "unknown");
    all_unknown_and_held(&app, &[placed.order.trxid.to_string()]).await;
    let handshakes = supplier.handshakes.lock().unwrap().clone();
    assert_eq!(
        handshakes.len(),
        2,
        "the control's and loket's: {handshakes:?}"
    );
    assert!(
        handshakes[1].is_err(),
        "loket refused the certificate: {handshakes:?}"
    );
    assert_eq!(
        supplier.requests.lock().unwrap().len(),
        1,
        "only the control's request arrived; loket's signed body never did"
    );
    app.finish().await;
}

/// A TLS failure of another kind: `https://` to a server that does not speak TLS at all. The
/// handshake fails, and the answer is unknown, never a refusal.
#[tokio::test]
async fn a_tls_handshake_failure_is_unknown() {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": false}"#)).await;
    let mut url = supplier.url.clone();
    url.set_scheme("https").unwrap();
    let client = crate::helpers::new_biller(url, Duration::from_secs(2));
    let answer = client
        .purchase(
            "26112400000000000001",
            "s5",
            &loket::domain::Destination::parse("081234567890").unwrap(),
        )
        .await;
    assert!(
        matches!(answer, loket::biller::SupplierAnswer::Unknown { .. }),
        "{answer:?}"
    );
}
