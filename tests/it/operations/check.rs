//! `loket check`, run as the binary an operator runs, against the fake Telegram.
use std::process::Command;
use std::time::Duration;

use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram};

use crate::helpers::{
    ADMIN, PASSWORD, TOKEN, TestDb, WEBHOOK_SECRET, admin, simulator, spawn_app_with_sim,
};

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

/// A whole environment for `loket check` against `tg`, in webhook mode or polling.
fn environment(
    database: &str,
    supplier: &str,
    tg: &FakeTelegram,
    webhook: bool,
) -> Vec<(&'static str, String)> {
    let mut vars = vec![
        ("DATABASE_URL", database.to_owned()),
        ("TELOXIDE_TOKEN", tg.token().to_owned()),
        ("TELOXIDE_API_URL", tg.url()),
        ("BILLER_URL", supplier.to_owned()),
        ("BILLER_USER", "usertesting".into()),
        ("BILLER_PASSWORD", PASSWORD.into()),
        ("CALLBACK_TOKEN", TOKEN.into()),
        ("ADMIN_IDS", ADMIN.to_string()),
    ];
    if webhook {
        vars.push(("TELEGRAM_WEBHOOK_URL", "https://loket.example.com".into()));
        vars.push(("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET.into()));
    }
    vars
}

/// The lines `loket check` printed about the webhook.
fn webhook_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("ok    webhook:") || l.starts_with("WARN  webhook:"))
        .collect()
}

#[tokio::test]
async fn check_tells_how_telegram_delivers_updates_and_what_went_wrong() {
    let db = TestDb::new().await;
    let supplier = simulator().spawn().await.unwrap();
    let fakes: Vec<FakeTelegram> = futures::future::join_all(
        (0..5).map(|_| async { FakeTelegram::start(FakeConfig::default()).await.unwrap() }),
    )
    .await;
    let ours = "https://loket.example.com/telegram/webhook";
    // 0: webhook mode as loket set it; Telegram holds two updates and failed 5 min ago.
    fakes[0].set_webhook(ours, Some(WEBHOOK_SECRET));
    for text in ["/saldo", "/harga"] {
        fakes[0].user_sends(&admin(), text).await;
    }
    let failure = "Wrong response from the webhook: 502 Bad Gateway";
    fakes[0].webhook_failed(failure, Duration::from_secs(300));
    // 1: webhook mode, but another program's webhook, with the bot's token in its path.
    let token = fakes[1].token().to_owned();
    fakes[1].set_webhook(&format!("https://old.example/bot{token}/hook?key=k1"), None);
    // 2: webhook mode before the first start. 3: polling, a webhook still set. 4: polling.
    fakes[3].set_webhook(ours, Some(WEBHOOK_SECRET));
    let tasks = fakes.iter().enumerate().map(|(i, tg)| {
        // Cases 0 to 2 are in webhook mode, given the base address: loket adds the path.
        let vars = environment(&db.url, supplier.as_str(), tg, i < 3);
        tokio::task::spawn_blocking(move || check(&vars))
    });
    let results = futures::future::join_all(tasks).await;
    let outs: Vec<String> = results.into_iter().map(|r| r.unwrap().1).collect();

    assert!(
        outs[0].contains(&format!(
            "ok    telegram: bot @loket_bot (id 123456), webhook at {ours}"
        )),
        "{}",
        outs[0]
    );
    let want: [&[&str]; 5] = [
        &[
            &format!("ok    webhook: Telegram delivers to {ours}; 2 update(s) waiting at Telegram"),
            &format!(
                "WARN  webhook: Telegram's last delivery failed 5 min ago: {failure}. Fix: check \
                 that the proxy forwards /telegram/webhook to loket, that its certificate is \
                 valid, and that loket is running"
            ),
        ],
        &[&format!(
            "WARN  webhook: Telegram delivers to https://old.example/bot…/hook?…, not to {ours} \
             (TELEGRAM_WEBHOOK_URL); 0 update(s) waiting at Telegram. `loket serve` sets its own \
             at start; if this stays so after a start, look for setWebhook errors in its log, or \
             another program using this bot's token"
        )],
        &[&format!(
            "ok    webhook: not set yet (`loket serve` sets {ours} at start); 0 update(s) \
             waiting at Telegram"
        )],
        &[&format!(
            "WARN  webhook: Telegram still has a webhook ({ours}), and getUpdates fails while it \
             does; 0 update(s) waiting at Telegram. `loket serve` removes it (deleteWebhook) when \
             it starts polling. For webhook mode instead, set TELEGRAM_WEBHOOK_URL and \
             TELEGRAM_WEBHOOK_SECRET"
        )],
        &["ok    webhook: none set, as long polling needs; 0 update(s) waiting at Telegram"],
    ];
    for (i, (out, want)) in outs.iter().zip(want).enumerate() {
        assert_eq!(webhook_lines(out), want, "case {i}:\n{out}");
        assert!(
            !out.contains(&token) && !out.contains(WEBHOOK_SECRET),
            "{out}"
        );
        assert!(!out.contains("FAIL"), "case {i}:\n{out}");
    }
    db.finish().await;
}
