//! `loket sim-biller` as an operator runs it: the real binary, over HTTP.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use md5::{Digest, Md5};

/// Kills the simulator however the test ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_simulator_answers_the_specs_request_and_calls_back_in_the_specs_shape() {
    // Our side of the callback: a plain listener recording what arrives.
    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let app = axum::Router::new().route(
        "/biller/callback/{token}",
        axum::routing::get(move |axum::extract::RawQuery(q): axum::extract::RawQuery| {
            let seen = seen_tx.clone();
            async move {
                let _ = seen.send(q.unwrap_or_default());
                "OK"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let callback_url = format!(
        "http://{}/biller/callback/secret-token",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_loket"))
            .args([
                "sim-biller",
                "--addr",
                "127.0.0.1:0",
                "--user",
                "usertesting",
                "--callback-delay-ms",
                "50",
            ])
            .args([
                "--password",
                "passwordtesting",
                "--callback-url",
                &callback_url,
            ])
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_owned();

    // The supplier's example request (docs/supplier-api.md), signed for the simulator's password.
    let trxid = "22110111373985338";
    let sign = hex::encode(Md5::digest(
        format!("usertestingpasswordtesting{trxid}").as_bytes(),
    ));
    let body = serde_json::json!({
        "user": "usertesting", "sign": sign, "trxid": trxid, "cmd": "trx", "idpel": "0812xxxxxx", "produk": "s5"
    });
    let http = reqwest::Client::new();
    let answer: serde_json::Value = http
        .post(format!("{base}/service/in/json"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(answer["status"], true);
    assert_eq!(answer["reason"], "Transaksi s5.0812xxxxxx sedang diproses");
    assert_eq!(answer["total"], 5150);
    assert!(
        answer["saldo"]
            .as_str()
            .unwrap()
            .bytes()
            .all(|b| b.is_ascii_digit())
    );
    for field in ["trxtime", "elapsed", "ftrxid"] {
        assert!(!answer[field].is_null(), "{field} missing");
    }
    assert_eq!(
        (&answer["user"], &answer["kodeproduk"], &answer["tujuan"]),
        (&"usertesting".into(), &"s5".into(), &"0812xxxxxx".into())
    );

    let query = tokio::time::timeout(Duration::from_secs(10), seen_rx.recv())
        .await
        .unwrap()
        .unwrap();
    let prefix = format!(
        "status=0&refid={trxid}&product=banktrf&qty=1&dest=0812xxxxxx&message=Transaksi+s5.0812xxxxxx+SUKSES,+SN:+"
    );
    assert!(query.starts_with(&prefix), "{query}");
    let message: String = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "message")
        .unwrap()
        .1
        .into_owned();
    let shape = regex::Regex::new(r"^Transaksi s5\.0812xxxxxx SUKSES, SN: \d{16}, Saldo: Rp[\d,]+, Harga: 5,150, Tgl: \d\d/\d\d \d\d:\d\d:\d\d$").unwrap();
    assert!(shape.is_match(&message), "{message}");

    // A wrong sign is refused in the supplier's GAGAL shape, and nobody is called back.
    let mut forged = body.clone();
    forged["trxid"] = "22110111373985339".into();
    let refused: serde_json::Value = http
        .post(format!("{base}/service/in/json"))
        .json(&forged)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refused["status"], false);
    assert!(refused["reason"].as_str().unwrap().contains("GAGAL"));
    assert!(refused.get("saldo").is_none());
    assert!(
        tokio::time::timeout(Duration::from_millis(300), seen_rx.recv())
            .await
            .is_err()
    );
    drop(child);
}
