//! The HTTP side: the supplier's callback and health probes. Routes log their name, never the
//! raw path (it carries the callback token).
use std::net::SocketAddr;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use ipnet::IpNet;
use secrecy::SecretString;
use sqlx::PgPool;

use crate::metrics::Metrics;
use crate::orders::Orders;

pub mod callback;
mod client_ip;
pub mod digiflazz;
pub mod mutations;

pub use client_ip::client_ip;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub orders: Orders,
    pub callback_token: SecretString,
    /// `DIGIFLAZZ_WEBHOOK_SECRET`; without it the Digiflazz webhook route does not exist.
    pub digiflazz_secret: Option<SecretString>,
    pub callback_allow: std::sync::Arc<[IpNet]>,
    pub metrics: Metrics,
    pub metrics_allow: std::sync::Arc<[IpNet]>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (see [`client_ip`]).
    pub trusted_proxies: std::sync::Arc<[IpNet]>,
}

impl AppState {
    /// The address the allowlists judge: the peer, or the client a trusted proxy forwarded.
    fn client(&self, peer: SocketAddr, headers: &axum::http::HeaderMap) -> std::net::IpAddr {
        client_ip(peer.ip(), headers, &self.trusted_proxies)
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(callback::PATH, get(callback::biller_callback))
        .route(digiflazz::PATH, axum::routing::post(digiflazz::webhook))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// Serves until `shutdown` resolves, with the real peer address available to handlers (the
/// allowlists believe a header only when that peer is a trusted proxy).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Ready when the database answers: a load balancer should not send callbacks we cannot record.
async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (StatusCode, &'static str) {
    match sqlx::query("select 1").execute(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Only for clients on METRICS_ALLOW_IPS; to anyone else the route does not exist. Behind a
/// trusted proxy the client is who the proxy served, so an internet request the proxy passed
/// on does not count as coming from the proxy's private address.
async fn metrics(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let client = state.client(peer, &headers);
    if !state.metrics_allow.iter().any(|net| net.contains(&client)) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let body = state.metrics.render(read_shared(&state.pool).await);
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// The figures every instance shares, read through the tables' owners on one connection.
async fn read_shared(pool: &sqlx::PgPool) -> sqlx::Result<crate::metrics::Shared> {
    let mut conn = pool.acquire().await?;
    let orders = crate::orders::queries::count_by_status(&mut conn).await?;
    let (backlog, oldest_secs) = crate::outbox::backlog(&mut conn).await?;
    let (dead, _) = crate::outbox::undelivered::counts(&mut conn).await?;
    let (intake_waiting, intake_oldest_secs) = crate::intake::waiting(&mut conn).await?;
    let b = crate::supplier::balance(&mut conn, crate::supplier::UTAMA)
        .await?
        .unwrap_or_default();
    let supplier = crate::metrics::SupplierFigures {
        saldo: b.saldo.map(|s| s.rupiah()),
        saldo_at: b.saldo_at.map(|at| at.timestamp()),
        drift: b.drift.rupiah(),
        confirmed_drift: b.confirmed_drift.rupiah(),
        unreconciled: b.unreconciled,
    };
    Ok(crate::metrics::Shared {
        orders,
        backlog,
        oldest_secs,
        dead,
        intake_waiting,
        intake_oldest_secs,
        supplier,
    })
}
