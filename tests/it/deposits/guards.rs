//! R15 for the bank-mutation webhook: a webhook without a signing secret takes bodies only from
//! its service's addresses, judged as the callback is (through `TRUSTED_PROXIES`).
use super::{books, open_ticket};
use crate::helpers::{MUTATION_TOKEN, spawn_app_with_sim_set};

#[tokio::test]
async fn a_webhook_without_a_secret_takes_only_its_services_addresses() {
    let (app, _sim) = spawn_app_with_sim_set(|opts| {
        opts.deposits.webhook_secret = None;
        opts.deposits.allow = vec!["203.0.113.7/32".parse().unwrap()];
        opts.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let ticket = open_ticket(&app, "100rb").await;
    let url = format!("http://{}/deposit/mutasi/{MUTATION_TOKEN}", app.addr);
    let bank = loket::sandbox::sim::bank::SimBank::new(url.parse().unwrap(), None);
    let body = serde_json::to_vec(&[bank.credit("FORGED-1", ticket.amount, "PENIPU")]).unwrap();
    let post = |forwarded: Option<&'static str>| {
        let mut request = app.http.post(&url).body(body.clone());
        if let Some(hops) = forwarded {
            request = request.header("x-forwarded-for", hops);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };

    // Whoever learned the URL, from anywhere else, stores nothing: from this machine (the
    // proxy, naming no caller), a stranger behind it, or one claiming the service's address to
    // the proxy (its claim is left of the hop the proxy appended).
    assert_eq!(post(None).await, 403);
    assert_eq!(post(Some("198.51.100.9")).await, 403);
    assert_eq!(post(Some("203.0.113.7, 198.51.100.9")).await, 403);
    assert_eq!(app.count("select count(*) from bank_mutations").await, 0);
    assert_eq!(books(&app, ticket.ticket_id).await.0, "open");
    // Admins hear of it (a service that moved would otherwise be refused in silence).
    let told = app
        .message(crate::helpers::ADMIN, "DEPOSIT_ALLOW_IPS")
        .await;
    assert!(told.plain_text.contains("127.0.0.1"), "{}", told.plain_text);

    // The service itself, through the proxy: credited.
    assert_eq!(post(Some("203.0.113.7")).await, 200);
    assert_eq!(books(&app, ticket.ticket_id).await.0, "credited");
    app.finish().await;
}
