//! Hostile callbacks: every field malformed or loaded, markup and SQL, raw bytes.
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::callbacks::{SUKSES_MSG, app_with_pending_order};
use crate::helpers::{ADMIN, RESELLER, TOKEN, reseller};

use super::*;

#[tokio::test]
async fn callbacks_with_hostile_fields_are_recorded_acknowledged_and_change_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let valid = |status: &str, product: &str, dest: &str, qty: &str, message: &str| {
        format!(
            "status={status}&refid={trxid}&product={product}&qty={qty}&dest={dest}&message={message}"
        )
    };
    let before = snapshot(&app).await;
    let refused = [
        // Status outside 0/1, including digits from other scripts and signs.
        valid("-1", "s5", DEST, "1", "x"),
        valid("%D9%A0", "s5", DEST, "1", "x"),
        valid("%EF%BC%90", "s5", DEST, "1", "x"),
        valid("%2B0", "s5", DEST, "1", "x"),
        valid("0+", "s5", DEST, "1", "x"),
        valid("0%00", "s5", DEST, "1", "x"),
        valid("true", "s5", DEST, "1", "x"),
        valid("SUKSES", "s5", DEST, "1", "x"),
        valid("0'+or+'1'%3D'1", "s5", DEST, "1", "x"),
        valid("%3Cb%3E0%3C%2Fb%3E", "s5", DEST, "1", "x"),
        // Broken percent-encoding in each position; `%+0` once decoded as `%00`.
        valid("%+0", "s5", DEST, "1", "x"),
        valid("0", "s5%", DEST, "1", "x"),
        valid("0", "s5", "0812%G0", "1", "x"),
        valid("0", "s5", DEST, "%1", "x"),
        valid("0", "s5", DEST, "1", "SN%3A+1%2"),
        // Bytes that are not UTF-8: overlong, surrogate, lone continuation.
        valid("0", "s5", DEST, "1", "%C0%AF"),
        valid("0", "s5", "%ED%A0%80", "1", "x"),
        valid("0", "%80", DEST, "1", "x"),
        // SQL where a trxid belongs, longer than any refid.
        format!("status=0&refid={trxid}%3B+drop+table+orders&product=s5&dest={DEST}"),
        // Control characters in short fields.
        valid("0", "s5%0D%0A", DEST, "1", "x"),
        valid("0", "s5", DEST, "1%1B[31m", "x"),
    ];
    // Answered 200 all the same: the supplier would otherwise send each one again forever.
    for query in &refused {
        assert_eq!(app.callback(query).await, (200, "OK".into()), "{query}");
    }
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'invalid'")
            .await,
        refused.len() as i64
    );
    // HTML where a trxid belongs is a refid of another shape: no order of ours.
    let script = format!("status=0&refid=%3Cscript%3E{trxid}&product=s5&dest={DEST}");
    assert_eq!(app.callback(&script).await, (200, "OK".into()));
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'unknown_refid'")
            .await,
        1
    );
    // One alert for the burst (at most one a minute per kind), nothing else changed.
    assert_eq!(
        without_admin_alerts(snapshot(&app).await),
        without_admin_alerts(before.clone())
    );
    app.message(ADMIN, "tidak bisa dibaca").await;

    // Parseable but about something else: acknowledged (or the supplier retries forever), the
    // admins alerted, the order untouched.
    // `product` is recorded but never decides, whatever it holds; the destination and the
    // message's `Transaksi <code>.<dest>` do.
    let other_product = SUKSES_MSG.replace("s5.", "x10.");
    let mismatched = [
        ("s5'--", "<b>0812</b>", SUKSES_MSG),
        ("s5", "1' or '1'='1", SUKSES_MSG),
        ("' or 1=1; --", DEST, other_product.as_str()),
        ("<i>s5</i>", "&lt;0812", SUKSES_MSG),
    ]
    .map(|(product, dest, message)| {
        encoded(&[
            ("status", "0"),
            ("refid", &trxid),
            ("product", product),
            ("qty", "1"),
            ("dest", dest),
            ("message", message),
        ])
    });
    for query in &mismatched {
        assert_eq!(app.callback(query).await, (200, "OK".into()), "{query}");
    }
    assert_eq!(
        app.count("select count(*) from callback_log where outcome = 'mismatch'")
            .await,
        mismatched.len() as i64
    );
    assert_eq!(
        without_admin_alerts(snapshot(&app).await),
        without_admin_alerts(before)
    );
    // The alerts quote what the supplier sent as text, never as markup.
    app.message(ADMIN, "<b>0812</b>").await;
    app.message(ADMIN, "&lt;0812").await;
    app.message(ADMIN, "<i>s5</i>").await;
    assert_eq!(app.status(&trxid).await, "pending");
    app.finish().await;
}

#[tokio::test]
async fn markup_and_sql_in_a_valid_sukses_arrive_as_plain_text() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let sn = "<b>1</b>'; drop table orders; --&amp;&lt;i&gt;x";
    let message = format!("Transaksi s5.{DEST} SUKSES, SN: {sn}, Saldo: Rp1,000");
    let query = encoded(&[
        ("status", "0"),
        ("refid", &trxid),
        ("product", "s5"),
        ("qty", "1"),
        ("dest", DEST),
        ("message", &message),
    ]);
    assert_eq!(app.callback(&query).await, (200, "OK".into()));
    let stored: Option<String> = sqlx::query_scalar("select sn from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored.as_deref(), Some(sn));
    let told = app.message(RESELLER, "SUKSES").await;
    assert!(told.plain_text.contains(sn), "{}", told.plain_text);
    let detail = app
        .ask(&reseller(), &format!("/cek {trxid}"), "Transaksi")
        .await;
    assert!(detail.plain_text.contains(sn), "{}", detail.plain_text);
    assert_eq!(app.count("select count(*) from orders").await, 1);
    app.finish().await;
}

/// What hyper does with bytes that are not UTF-8 in the request line: refused before any
/// handler runs, so nothing is recorded at all.
#[tokio::test]
async fn raw_bytes_in_the_request_line_are_refused_before_the_handler() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let before = snapshot(&app).await;
    for raw in [&b"\xff\xfe"[..], b"\xc3\x28", b"%00\x00"] {
        let mut request =
            format!("GET /biller/callback/{TOKEN}?status=0&refid={trxid}&message=").into_bytes();
        request.extend_from_slice(raw);
        request.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        stream.write_all(&request).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let status_line = String::from_utf8_lossy(&answer);
        let status_line = status_line.lines().next().unwrap_or_default();
        assert!(
            status_line.starts_with("HTTP/1.1 400"),
            "{raw:?}: {status_line:?}"
        );
    }
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;
}
