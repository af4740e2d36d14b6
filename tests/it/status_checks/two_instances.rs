//! Two instances on one database both check open attempts, and never the same one at the same
//! due time: the claim skips what the other holds and moves the next check in one statement.
use std::time::Duration;

use super::{DIGIFLAZZ_THEN_UTAMA, checks_of, options, reference, simulator, wait_for_checks};
use crate::fake_supplier::{self, Script};
use crate::helpers::spawn_pair;

/// Long enough between checks that one instance's consecutive checks are told apart from two
/// instances checking at once (those come within milliseconds).
const FIRST: Duration = Duration::from_millis(200);

#[tokio::test]
async fn two_instances_never_check_the_same_attempt_at_the_same_due_time() {
    let utama = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let (b, mut a) = spawn_pair(options(&utama, url, FIRST)).await;
    sqlx::query(DIGIFLAZZ_THEN_UTAMA)
        .execute(&b.db.pool)
        .await
        .unwrap();
    // Several open attempts, due at the same moments on both instances.
    let mut refs = Vec::new();
    for dest in ["081234567899", "081234567889", "081234567879"] {
        refs.push(reference(&b.buy("s5", dest).await.order));
    }
    for r in &refs {
        wait_for_checks(&sim, r, 4).await;
    }
    for r in &refs {
        let times: Vec<std::time::Instant> = sim.journal(|j| {
            (j.transactions.iter())
                .filter(|t| t.repeat && &t.ref_id == r)
                .map(|t| t.at)
                .collect()
        });
        for pair in times.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(
                gap >= FIRST / 2,
                "{r} checked twice {gap:?} apart: {:?}",
                times.windows(2).map(|p| p[1] - p[0]).collect::<Vec<_>>()
            );
        }
        // Each request follows a claim (a first attempt's ref is its trxid).
        let claimed: i32 = sqlx::query_scalar("select checks from orders where trxid = $1")
            .bind(r)
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
        assert!(
            claimed as usize >= checks_of(&sim, r),
            "{r}: {claimed} claims"
        );
    }
    a.stop().await;
    b.finish().await;
}
