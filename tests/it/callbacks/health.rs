//! Health probes, and the callback endpoint while the database is unreachable.
use std::time::Duration;

use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, TOKEN};

use super::*;

#[tokio::test]
async fn health_probes_and_an_unreachable_database() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let base = format!("http://{}", app.addr);
    assert_eq!(
        app.http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        app.http
            .get(format!("{base}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let query = sukses(&trxid);
    app.finish().await;

    // Same router, on a database that is not there: callbacks must be retried, not lost.
    let gone: sqlx::postgres::PgConnectOptions =
        "postgres://postgres@127.0.0.1:1/none".parse().unwrap();
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(1))
        .connect_lazy_with(gone);
    let supplier = fake_supplier::start(Script::reply(200, "{}")).await;
    let tg = loket::sandbox::sim::telegram::FakeTelegram::start(Default::default())
        .await
        .unwrap();
    let settings = crate::helpers::settings(
        "postgres://postgres@127.0.0.1:1/none",
        &Options::with_supplier(supplier.url),
        &tg,
    );
    let app = loket::startup::Application::build_with_pool(settings, pool)
        .await
        .unwrap();
    let addr = app.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = rx.await;
    }));
    let http = reqwest::Client::new();
    let r = http
        .get(format!("http://{addr}/biller/callback/{TOKEN}?{query}"))
        .send()
        .await;
    if r.is_err() {
        let _ = tx.send(());
        panic!("{r:?} / server: {:?}", server.await);
    }
    let r = r.unwrap();
    assert_eq!(
        (r.status().as_u16(), r.text().await.unwrap()),
        (503, "RETRY".into())
    );
    assert_eq!(
        http.get(format!("http://{addr}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        503
    );
    assert_eq!(
        http.get(format!("http://{addr}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let _ = tx.send(());
    let _ = server.await;
}
