//! The simulator's webhooks, received over HTTP and verified with `webhook::verify`.
use std::time::Duration;

use loket::digiflazz::{Answer, FailClass, Verdict, WebhookRefusal, parse_event, verify};
use secrecy::SecretString;

use super::{WEBHOOK_SECRET, next_webhook, setup};

fn secret() -> SecretString {
    SecretString::from(WEBHOOK_SECRET)
}

#[tokio::test]
async fn pending_then_sukses_arrives_as_a_verified_update_webhook() {
    let mut s = setup(Duration::from_secs(5)).await;
    let answer = s
        .client
        .transaction("hook-5", "tsel5", "0812000015", None)
        .await;
    assert!(matches!(answer, Answer::Clear(ref r) if r.verdict == Some(Verdict::Pending)));
    let hook = next_webhook(&mut s.webhooks).await;
    assert_eq!(hook.event.as_deref(), Some("update"));
    assert_eq!(
        verify(&secret(), &hook.body, hook.signature.as_deref()),
        Ok(())
    );
    let event = parse_event(&hook.body).unwrap();
    assert_eq!(event.ref_id, "hook-5");
    assert_eq!(event.verdict, Some(Verdict::Success));
    assert!(event.sn.is_some());
}

#[tokio::test]
async fn pending_then_gagal_arrives_as_a_product_failure_and_gives_the_price_back() {
    let mut s = setup(Duration::from_secs(5)).await;
    let before = s.sim.balance();
    s.client
        .transaction("hook-6", "tsel5", "0812000016", None)
        .await;
    let hook = next_webhook(&mut s.webhooks).await;
    assert_eq!(
        verify(&secret(), &hook.body, hook.signature.as_deref()),
        Ok(())
    );
    let event = parse_event(&hook.body).unwrap();
    assert_eq!(event.verdict, Some(Verdict::Failed(FailClass::Product)));
    assert_eq!(s.sim.balance(), before);
    assert_eq!(event.buyer_last_saldo, Some(before));
}

#[tokio::test]
async fn a_forged_webhook_is_refused_and_duplicates_arrive_twice() {
    let mut s = setup(Duration::from_secs(5)).await;
    s.sim.forge_webhooks(true);
    s.sim.duplicate_webhooks(true);
    s.client
        .transaction("hook-forged", "tsel5", "0812000015", None)
        .await;
    let first = next_webhook(&mut s.webhooks).await;
    let second = next_webhook(&mut s.webhooks).await;
    assert_eq!(first.body, second.body);
    for hook in [first, second] {
        assert_eq!(
            verify(&secret(), &hook.body, hook.signature.as_deref()),
            Err(WebhookRefusal::WrongMac)
        );
    }
    assert!(
        s.sim
            .journal(|j| j.webhooks.iter().all(|w| w.forged && w.answered == 200))
    );
}

#[tokio::test]
async fn a_silent_pending_sends_no_webhook() {
    let mut s = setup(Duration::from_secs(5)).await;
    s.client
        .transaction("hook-9", "tsel5", "0812000019", None)
        .await;
    // A pending 5 sent after it is delivered first: nothing was queued for the 9.
    s.client
        .transaction("hook-5b", "tsel5", "0812000015", None)
        .await;
    let hook = next_webhook(&mut s.webhooks).await;
    assert_eq!(parse_event(&hook.body).unwrap().ref_id, "hook-5b");
    assert!(s.webhooks.try_recv().is_err());
    assert!(
        s.sim
            .journal(|j| j.webhooks.iter().all(|w| w.ref_id != "hook-9"))
    );
}
