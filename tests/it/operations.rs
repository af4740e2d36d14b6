//! What an operator relies on: `/metrics` and `loket check`.
use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::helpers::{PASSWORD, TOKEN, admin, simulator, spawn_app_with_sim};

/// `name{labels} value` lines of the exposition, by series.
fn series(body: &str) -> HashMap<String, f64> {
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.rsplit_once(' '))
        .map(|(k, v)| (k.to_owned(), v.parse().unwrap()))
        .collect()
}

#[tokio::test]
async fn metrics_count_orders_supplier_answers_callbacks_sends_and_the_books() {
    let (app, sim) = spawn_app_with_sim().await;
    app.buy("s5", "081234567890").await; // accepted, then SUKSES by callback
    app.buy("s5", "081234567891").await; // rejected at once
    app.buy("s5", "081234567896").await; // HTTP 500: unknown
    sim.wait_for(Duration::from_secs(10), |j| j.callbacks.len() == 1)
        .await;
    app.wait_count(
        "select count(*) from outbox where sent_at is not null and dedup_key like '%:final'",
        2,
    )
    .await;
    let wrong = format!("http://{}/biller/callback/{TOKEN}x?status=0", app.addr);
    assert_eq!(app.http.get(wrong).send().await.unwrap().status(), 404);
    app.monitor.check_books().await.unwrap();

    let response = app
        .http
        .get(format!("http://{}/metrics", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let body = response.text().await.unwrap();
    let m = series(&body);
    for (name, want) in [
        ("loket_database_up", 1.0),
        ("loket_orders{status=\"success\"}", 1.0),
        ("loket_orders{status=\"failed\"}", 1.0),
        ("loket_orders{status=\"unknown\"}", 1.0),
        ("loket_orders{status=\"sending\"}", 0.0),
        ("loket_supplier_request_duration_seconds_count", 3.0),
        (
            "loket_supplier_request_duration_seconds_bucket{le=\"+Inf\"}",
            3.0,
        ),
        ("loket_supplier_answers_total{answer=\"accepted\"}", 1.0),
        ("loket_supplier_answers_total{answer=\"rejected\"}", 1.0),
        ("loket_supplier_answers_total{answer=\"unknown\"}", 1.0),
        ("loket_callbacks_total{outcome=\"applied\"}", 1.0),
        ("loket_callbacks_total{outcome=\"bad_token\"}", 1.0),
        ("loket_callbacks_total{outcome=\"duplicate\"}", 0.0),
        ("loket_outbox_dead", 0.0),
        ("loket_invariants_ok", 1.0),
        ("loket_invariant_violations", 0.0),
    ] {
        assert_eq!(m.get(name), Some(&want), "{name} in:\n{body}");
    }
    assert!(
        m["loket_outbox_sends_total{result=\"sent\"}"] >= 2.0,
        "{body}"
    );
    assert!(m["loket_invariants_checked_timestamp_seconds"] > 1.7e9);
    // Buckets are cumulative: the fast simulator lands in the first one.
    assert_eq!(
        m["loket_supplier_request_duration_seconds_bucket{le=\"0.05\"}"],
        3.0
    );

    // Anyone not on METRICS_ALLOW_IPS (here: 127.0.0.1 only) finds nothing there.
    let outsider = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let hidden = outsider
        .get(format!("http://{}/metrics", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);
    assert!(hidden.text().await.unwrap().is_empty());
    app.finish().await;
}

/// Runs `loket check` with exactly these variables, away from any `.env`.
fn check(vars: &[(&str, String)]) -> (bool, String) {
    let dir = std::env::temp_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("check")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .current_dir(dir)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn check_reports_each_part_and_a_fix_for_each_failure() {
    let (app, _sim) = spawn_app_with_sim().await;
    // Admin 900 has pressed /start; 901 never has, so Telegram cannot write to them.
    app.ask(&admin(), "/start", "Selamat datang").await;
    let supplier = simulator().spawn().await.unwrap();
    let good: Vec<(&str, String)> = vec![
        ("DATABASE_URL", app.db.url.clone()),
        ("TELOXIDE_TOKEN", app.tg.token().to_owned()),
        ("TELOXIDE_API_URL", app.tg.url()),
        ("BILLER_URL", supplier.to_string()),
        ("BILLER_USER", "usertesting".into()),
        ("BILLER_PASSWORD", PASSWORD.into()),
        ("CALLBACK_TOKEN", TOKEN.into()),
        ("CALLBACK_ALLOW_IPS", "203.0.113.7".into()),
        ("TRUSTED_PROXIES", "172.16.0.0/12".into()),
        ("ADMIN_IDS", "900,901".into()),
        ("PUBLIC_URL", "https://loket.example.com".into()),
    ];
    let with = |var: &'static str, value: &str| -> Vec<(&str, String)> {
        let mut vars: Vec<_> = good.iter().filter(|(k, _)| *k != var).cloned().collect();
        vars.push((var, value.to_owned()));
        vars
    };
    let tasks = [
        good.clone(),
        with(
            "TELOXIDE_TOKEN",
            "123456:this-is-not-the-token-botfather-gave",
        ),
        with("BILLER_URL", "http://127.0.0.1:9"),
        with(
            "DATABASE_URL",
            &app.db.url.replacen("/loket_", "/missing_", 1),
        ),
        good.iter()
            .filter(|(k, _)| *k != "CALLBACK_TOKEN")
            .cloned()
            .collect(),
        with("ADMIN_IDS", "900"),
    ]
    .map(|vars| tokio::task::spawn_blocking(move || check(&vars)));
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }

    let (ok, out) = &results[0];
    assert!(*ok, "{out}");
    let migrations = format!(
        "all {} migrations applied",
        loket::schema::MIGRATOR.iter().count()
    );
    for line in [
        "ok    configuration: 2 admin(s)",
        "ok    database: PostgreSQL 1",
        &migrations,
        "ok    telegram: bot @loket_bot (id 123456), long polling",
        "ok    supplier: ",
        &format!("https://loket.example.com/biller/callback/{TOKEN}"),
        "Callbacks accepted only from: 203.0.113.7/32",
        "Trusted proxies (their X-Forwarded-For names the caller): 172.16.0.0/12",
    ] {
        assert!(out.contains(line), "`{line}` missing from:\n{out}");
    }
    assert!(!out.contains("FAIL"), "{out}");
    assert!(
        !out.contains(PASSWORD),
        "the supplier password is never shown"
    );
    let warnings: Vec<_> = out.lines().filter(|l| l.starts_with("WARN")).collect();
    assert_eq!(
        warnings,
        [
            "WARN  admins: Telegram cannot message admin 901 (Bad Request: chat not found). \
          Fix: that admin opens the bot in Telegram and presses /start, or correct ADMIN_IDS"
        ],
        "{out}"
    );
    let (ok, out) = &results[5];
    assert!(*ok, "{out}");
    assert!(
        out.contains("ok    admins: Telegram can message all 1 admin(s)") && !out.contains("WARN"),
        "{out}"
    );

    let expect_fail = |i: usize, part: &str, fix: &str| {
        let (ok, out) = &results[i];
        assert!(!*ok, "{out}");
        let fails: Vec<_> = out.lines().filter(|l| l.starts_with("FAIL")).collect();
        assert_eq!(fails.len(), 1, "exactly one failure:\n{out}");
        assert!(fails[0].starts_with(&format!("FAIL  {part}: ")), "{out}");
        assert!(fails[0].contains(fix), "`{fix}` in:\n{out}");
    };
    expect_fail(1, "telegram", "@BotFather");
    expect_fail(2, "supplier", "Fix: check BILLER_URL");
    expect_fail(3, "database", "does not exist");
    expect_fail(4, "configuration", "CALLBACK_TOKEN");
    assert_eq!(results[4].1.lines().count(), 1, "{}", results[4].1);
    app.finish().await;
}

#[tokio::test]
async fn sigterm_stops_serve_within_five_seconds_with_150_replies_queued_to_one_admin() {
    use crate::helpers::{ADMIN, TestDb, admin, seed};
    use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};

    let db = TestDb::new().await;
    seed(&db.pool).await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let supplier = simulator().spawn().await.unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut serve = tokio::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("serve")
        .env_clear()
        .envs([
            ("DATABASE_URL", db.url.clone()),
            ("TELOXIDE_TOKEN", tg.token().to_owned()),
            ("TELOXIDE_API_URL", tg.url()),
            ("BILLER_URL", supplier.to_string()),
            ("BILLER_USER", "usertesting".into()),
            ("BILLER_PASSWORD", PASSWORD.into()),
            ("HTTP_ADDR", addr.to_string()),
            ("CALLBACK_TOKEN", TOKEN.into()),
            ("ADMIN_IDS", ADMIN.to_string()),
            ("RUST_LOG", "warn".into()),
        ])
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    assert!(tg.wait_until_polling(Duration::from_secs(30)).await);
    // Admins are never refused for flooding, so every one of these is answered, one a second.
    for _ in 0..150 {
        tg.user_sends(&admin(), "/saldo").await;
    }
    let queued = "select count(*) from outbox where chat_id = 900 and dedup_key like 'reply:%'";
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n: i64 = sqlx::query_scalar(queued)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if n == 150 && !tg.messages_to(ADMIN).is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "{n} of 150 replies queued");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let asked = Instant::now();
    // SAFETY: signalling our own child, which has not been reaped yet.
    unsafe { libc::kill(serve.id().unwrap() as i32, libc::SIGTERM) };
    let status = tokio::time::timeout(Duration::from_secs(20), serve.wait())
        .await
        .expect("loket serve exits after SIGTERM")
        .unwrap();
    let took = asked.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(5), "took {took:?} to stop");

    // What was not sent stays queued for the next start; nothing was given up on.
    let (sent, unsent, dead): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where sent_at is not null),
                count(*) filter (where sent_at is null and dead_reason is null),
                count(*) filter (where dead_reason is not null)
           from outbox where chat_id = 900 and dedup_key like 'reply:%'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((sent + unsent, dead), (150, 0));
    assert!(unsent >= 100, "{sent} sent, {unsent} still queued");
    db.finish().await;
}
