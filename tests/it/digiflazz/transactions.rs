//! Each verdict by last digit, refusals, lost answers and the status check.
use std::time::Duration;

use loket::digiflazz::{Answer, DigiflazzClient, FailClass, Report, Verdict};
use loket::sandbox::sim::digiflazz::Failure;
use secrecy::SecretString;

use super::setup;

fn clear(answer: Answer) -> Report {
    match answer {
        Answer::Clear(report) => report,
        Answer::Unknown(why) => panic!("expected a clear answer, got unknown: {why}"),
    }
}

#[tokio::test]
async fn each_last_digit_gives_its_verdict() {
    let s = setup(Duration::from_secs(5)).await;
    let cases = [
        ("0812000010", Some(Verdict::Success)),
        ("0812000014", Some(Verdict::Success)),
        ("0812000015", Some(Verdict::Pending)),
        ("0812000016", Some(Verdict::Pending)),
        ("0812000017", Some(Verdict::Failed(FailClass::Customer))),
        ("0812000018", Some(Verdict::Failed(FailClass::Product))),
        ("0812000019", Some(Verdict::Pending)),
    ];
    for (i, (number, verdict)) in cases.into_iter().enumerate() {
        let ref_id = format!("digit-{i}");
        let r = clear(s.client.transaction(&ref_id, "tsel5", number, None).await);
        assert_eq!(r.verdict, verdict, "{number}");
        assert_eq!(r.ref_id, ref_id);
        assert_eq!(r.customer_no, number);
    }
    let ok = clear(
        s.client
            .transaction("digit-0", "tsel5", "0812000010", None)
            .await,
    );
    assert!(ok.sn.is_some(), "a Sukses carries an SN");
    assert_eq!(ok.price, Some(5_250));
    assert_eq!(ok.rc, "00");
}

#[tokio::test]
async fn a_wrong_key_gets_the_signature_refusal_and_balance_explains_it() {
    let s = setup(Duration::from_secs(5)).await;
    let mut wrong = s.settings.clone();
    wrong.api_key = SecretString::from("not-the-key");
    let client = DigiflazzClient::new(&wrong);
    let r = clear(
        client
            .transaction("ref-sign", "tsel5", "0812000010", None)
            .await,
    );
    assert_eq!(r.rc, "41");
    assert_eq!(r.verdict, Some(Verdict::Failed(FailClass::Account)));
    assert_eq!(s.sim.journal(|j| j.charges), 0);
    let e = client.balance().await.unwrap_err().to_string();
    assert!(
        e.contains("DIGIFLAZZ_USERNAME") && e.contains("DIGIFLAZZ_API_KEY"),
        "{e}"
    );
    assert!(!e.contains("not-the-key"), "{e}");
}

#[tokio::test]
async fn an_ip_refusal_from_balance_says_to_whitelist_this_server() {
    let s = setup(Duration::from_secs(5)).await;
    assert_eq!(s.client.balance().await, Ok(10_000_000));
    s.sim.refuse_ip(true);
    let e = s.client.balance().await.unwrap_err().to_string();
    assert!(e.contains("rc 45") && e.contains("whitelist"), "{e}");
}

#[tokio::test]
async fn no_answer_a_5xx_and_garbage_are_unknown_and_the_status_check_finds_the_truth() {
    let s = setup(Duration::from_millis(500)).await;
    for (i, failure) in [Failure::Hang, Failure::ServerError, Failure::Garbage]
        .into_iter()
        .enumerate()
    {
        s.sim.set_failure(failure);
        let ref_id = format!("lost-{i}");
        let answer = s
            .client
            .transaction(&ref_id, "tsel5", "0812000010", None)
            .await;
        assert!(
            matches!(answer, Answer::Unknown(_)),
            "{failure:?}: {answer:?}"
        );
        s.sim.set_failure(Failure::None);
        // The same request again is the status check: the transaction did happen.
        let r = clear(
            s.client
                .transaction(&ref_id, "tsel5", "0812000010", None)
                .await,
        );
        assert_eq!(r.verdict, Some(Verdict::Success), "{failure:?}");
    }
    assert_eq!(s.sim.journal(|j| j.charges), 3, "each ref charged once");
}

#[tokio::test]
async fn a_repeated_ref_is_answered_with_its_state_and_not_charged_twice() {
    let s = setup(Duration::from_secs(5)).await;
    let before = s.sim.balance();
    let first = clear(
        s.client
            .transaction("ref-9", "xld10", "0812000019", None)
            .await,
    );
    assert_eq!(first.verdict, Some(Verdict::Pending));
    let again = clear(
        s.client
            .transaction("ref-9", "xld10", "0812000019", None)
            .await,
    );
    assert_eq!(again.verdict, Some(Verdict::Pending));
    s.sim.settle("ref-9", true);
    let settled = clear(
        s.client
            .transaction("ref-9", "xld10", "0812000019", None)
            .await,
    );
    assert_eq!(settled.verdict, Some(Verdict::Success));
    assert!(settled.sn.is_some());
    assert_eq!(s.sim.balance(), before - 51_500);
    assert_eq!(s.sim.journal(|j| j.charges), 1);
    let repeats = s
        .sim
        .journal(|j| j.transactions.iter().filter(|t| t.repeat).count());
    assert_eq!(repeats, 2);
}

#[tokio::test]
async fn a_price_above_max_price_is_a_product_failure_and_costs_nothing() {
    let s = setup(Duration::from_secs(5)).await;
    let r = clear(
        s.client
            .transaction("ref-max", "xld10", "0812000010", Some(50_000))
            .await,
    );
    assert_eq!(r.rc, "69");
    assert_eq!(r.verdict, Some(Verdict::Failed(FailClass::Product)));
    assert!(FailClass::Product.fails_over());
    assert_eq!(s.sim.journal(|j| j.charges), 0);
}
