//! Who may call: wrong tokens and peers outside the allow list.
use crate::helpers::TOKEN;
use crate::hostile::snapshot;

use super::*;

#[tokio::test]
async fn wrong_tokens_look_like_no_route_and_write_nothing() {
    let (app, trxid) = app_with_pending_order(&[]).await;
    let before = snapshot(&app).await;
    let query = sukses(&trxid);
    let mut one_off = TOKEN.to_owned();
    one_off.replace_range(5..6, "X");
    for token in [
        one_off.as_str(),
        &TOKEN[..TOKEN.len() - 1],
        "",
        "x",
        &format!("{TOKEN}x"),
    ] {
        let url = format!("http://{}/biller/callback/{token}?{query}", app.addr);
        let r = app.http.get(url).send().await.unwrap();
        assert!(
            r.status() == 404 || r.status() == 405,
            "token {token:?} got {}",
            r.status()
        );
        assert_eq!(r.text().await.unwrap(), "");
    }
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn peers_outside_the_allow_list_are_refused_whatever_headers_say() {
    let (app, trxid) = app_with_pending_order(&["203.0.113.7", "10.0.0.0/8"]).await;
    let before = snapshot(&app).await;
    let url = format!("{}?{}", app.callback_url(), sukses(&trxid));
    for header in [None, Some("203.0.113.7"), Some("10.1.2.3, 203.0.113.7")] {
        let mut req = app.http.get(&url);
        if let Some(h) = header {
            req = req.header("X-Forwarded-For", h).header("X-Real-IP", h);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403, "X-Forwarded-For {header:?}");
    }
    assert_eq!(app.count("select count(*) from callback_log").await, 0);
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;

    let (app, trxid) = app_with_pending_order(&["127.0.0.1"]).await;
    assert_eq!(app.callback(&sukses(&trxid)).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "success");
    app.finish().await;
}
