//! R24: secrets never reach a log line, even at TRACE.
use std::io::Write;
use std::sync::{Arc, Mutex};

use md5::{Digest, Md5};

use crate::helpers::{PASSWORD, TOKEN, spawn_app_with_sim};

#[derive(Clone, Default)]
pub(crate) struct Capture(pub(crate) Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const NAME: &str = "logs::no_secret_appears_in_trace_logs_of_a_purchase_a_callback_and_failures";
const CHILD: &str = "LOKET_LOG_CAPTURE_CHILD";

/// True in the child; in the parent, runs this test binary again for test `name` alone (with
/// `marker` set, and `envs`), asserts that run passed, and returns false. A test capturing logs
/// needs this: its global subscriber must see every thread and no other test.
pub(crate) fn in_own_process(name: &str, marker: &str, envs: &[(&str, &str)]) -> bool {
    if std::env::var_os(marker).is_some() {
        return true;
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(marker, "1")
        .envs(envs.iter().copied())
        .env_remove("TEST_LOG")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the capture run failed; its output is above"
    );
    false
}

/// Runs in a process of its own (this test binary, re-run for this test only), so that a
/// global TRACE subscriber sees every event of every thread and no other test shares it.
#[test]
fn no_secret_appears_in_trace_logs_of_a_purchase_a_callback_and_failures() {
    if !in_own_process(NAME, CHILD, &[]) {
        return;
    }
    let _ = tracing_log::LogTracer::builder()
        .with_max_level(log::LevelFilter::Trace)
        .init();
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber in this process");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    let (trxids, bot_token) = runtime.block_on(async {
        let (app, sim) = spawn_app_with_sim().await;
        let ok = app.buy("s5", "081234567890").await;
        let rejected = app.buy("s5", "081234567891").await;
        let broken = app.buy("s5", "081234567896").await;
        sim.wait_for(std::time::Duration::from_secs(10), |j| {
            j.callbacks.len() == 1
        })
        .await;
        app.wait_count(
            "select count(*) from outbox where dedup_key like '%:final'",
            2,
        )
        .await;
        // Telegram refusing a message, and Telegram unreachable for a moment.
        app.tg.fail_next_sends(1, None, loket::sandbox::sim::telegram::Failure::BadRequest("can't parse entities".into()));
        app.tg.block_chat(crate::helpers::ADMIN);
        sqlx::query("insert into outbox (dedup_key, chat_id, text) values ('log:1', 4242, 'x'), ('log:2', 900, 'y')")
            .execute(&app.db.pool)
            .await
            .unwrap();
        app.wait_count("select count(*) from outbox where dedup_key like 'log:%' and (sent_at is not null or dead_reason is not null)", 2).await;
        // A caller guessing at the token, and a malformed callback.
        let _ = app
            .http
            .get(format!(
                "http://{}/biller/callback/{}x?status=0",
                app.addr, TOKEN
            ))
            .send()
            .await;
        app.callback("status=9&refid=1").await;
        let trxids = vec![ok.order.trxid, rejected.order.trxid, broken.order.trxid];
        let bot_token = app.tg.token().to_owned();
        app.tg.shutdown().await;
        app.finish().await;
        (trxids, bot_token)
    });
    let config_error = {
        let vars = std::collections::HashMap::from([("CALLBACK_TOKEN", format!("{TOKEN}/../"))]);
        let src = loket::config::Source(|k: &str| vars.get(k).cloned());
        loket::config::Settings::from_source(&src)
            .unwrap_err()
            .to_string()
    };

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap() + &config_error;
    assert!(
        logs.contains("order resolved") && logs.contains("supplier answer unknown"),
        "capture works"
    );
    assert!(
        logs.lines().count() > 50,
        "TRACE output captured ({} lines)",
        logs.lines().count()
    );
    let mut secrets = vec![PASSWORD.to_owned(), TOKEN.to_owned(), bot_token.clone()];
    for trxid in &trxids {
        secrets.push(hex::encode(Md5::digest(
            format!("usertesting{PASSWORD}{trxid}").as_bytes(),
        )));
    }
    for secret in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "secret {secret} found in logs"
        );
    }
    assert!(
        !logs.contains("081234567890"),
        "destinations are masked in logs"
    );
}
