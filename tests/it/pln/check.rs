//! `loket check` asks Digiflazz's balance: the deposit when all is right, the plain explanation
//! of a signature (rc 41) or IP-whitelist (rc 45) refusal, or that it cannot be reached.
use std::process::Command;

use super::*;
use crate::helpers::{ADMIN, PASSWORD, TOKEN};

/// Runs `loket check` with exactly these variables, away from any `.env`.
fn run_check(vars: &[(&str, String)]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("check")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn digiflazz_line(out: &str) -> &str {
    out.lines()
        .find(|l| l.contains(" digiflazz: "))
        .unwrap_or_else(|| panic!("no digiflazz line in:\n{out}"))
}

#[tokio::test]
async fn check_asks_digiflazz_balance_and_explains_each_refusal() {
    let db = TestDb::new().await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let biller = simulator().spawn().await.unwrap();
    let (good_sim, good) = digiflazz(API_KEY).await;
    good_sim.set_balance(2_345_000);
    let (ip_sim, ip) = digiflazz(API_KEY).await;
    ip_sim.refuse_ip(true);
    let base: Vec<(&str, String)> = vec![
        ("DATABASE_URL", db.url.clone()),
        ("TELOXIDE_TOKEN", tg.token().to_owned()),
        ("TELOXIDE_API_URL", tg.url()),
        ("BILLER_URL", biller.to_string()),
        ("BILLER_USER", "usertesting".into()),
        ("BILLER_PASSWORD", PASSWORD.into()),
        ("CALLBACK_TOKEN", TOKEN.into()),
        ("ADMIN_IDS", ADMIN.to_string()),
    ];
    let with = |url: &str, key: &str| {
        let mut vars = base.clone();
        vars.extend([
            ("DIGIFLAZZ_USERNAME", USERNAME.to_owned()),
            ("DIGIFLAZZ_API_KEY", key.to_owned()),
            ("DIGIFLAZZ_WEBHOOK_SECRET", "rahasia-webhook-pln".to_owned()),
            ("DIGIFLAZZ_URL", url.to_owned()),
        ]);
        vars
    };
    let wrong_key = "kunci-yang-salah-sekali";
    let cases = [
        with(good.url.as_str(), API_KEY),
        with(good.url.as_str(), wrong_key),
        with(ip.url.as_str(), API_KEY),
        with("http://127.0.0.1:9/v1", API_KEY),
        base.clone(),
    ]
    .map(|vars| tokio::task::spawn_blocking(move || run_check(&vars)));
    let mut results = Vec::new();
    for case in cases {
        results.push(case.await.unwrap());
    }

    let (ok, out) = &results[0];
    assert!(*ok, "{out}");
    let line = digiflazz_line(out);
    assert!(
        line.starts_with("ok    digiflazz: ") && line.contains("deposit Rp2.345.000"),
        "{out}"
    );
    let expect_fail = |i: usize, says: &[&str]| {
        let (ok, out) = &results[i];
        assert!(!*ok, "case {i}:\n{out}");
        let line = digiflazz_line(out);
        assert!(line.starts_with("FAIL  digiflazz: "), "case {i}:\n{out}");
        for s in says {
            assert!(line.contains(s), "`{s}` in case {i}:\n{out}");
        }
        let fails = out.lines().filter(|l| l.starts_with("FAIL")).count();
        assert_eq!(fails, 1, "only Digiflazz fails, case {i}:\n{out}");
    };
    expect_fail(1, &["rc 41", "DIGIFLAZZ_API_KEY"]);
    expect_fail(2, &["rc 45", "whitelist"]);
    expect_fail(3, &["could not be reached"]);
    for (_, out) in &results {
        assert!(!out.contains(API_KEY) && !out.contains(wrong_key), "{out}");
    }
    let (ok, out) = &results[4];
    assert!(*ok, "{out}");
    assert!(
        digiflazz_line(out).starts_with("skip  digiflazz: not configured"),
        "{out}"
    );
    db.finish().await;
}
