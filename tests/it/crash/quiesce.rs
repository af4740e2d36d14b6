//! After the last kill: let the last instance run until nothing is in flight, then see that
//! every order still open is one admins are shown.
use std::collections::HashSet;
use std::time::{Duration, Instant};

use loket::digiflazz::webhook::{EVENT_HEADER, SIGNATURE_HEADER};
use loket::sandbox::sim::biller::SimBiller;
use loket::sandbox::sim::digiflazz::{SimDigiflazz, WebhookSent};
use loket::sandbox::sim::telegram::{FakeTelegram, FakeUser};
use sqlx::PgConnection;

use crate::helpers::ADMIN;

const QUIET_WITHIN: Duration = Duration::from_secs(300);

#[derive(Debug, Default)]
pub struct Settled {
    pub waited: Duration,
    /// Callbacks the simulator gave up on (loket was down through its retries), sent again
    /// as a supplier resends an unacknowledged callback.
    pub resent_callbacks: usize,
    /// Digiflazz webhooks loket did not take (it was down), sent again the same way.
    pub resent_webhooks: usize,
}

/// Waits until the simulators have sent every callback they owe, no update waits at Telegram,
/// no order is `sending` or `pending`, and the outbox is empty.
pub async fn drive(
    conn: &mut PgConnection,
    tg: &FakeTelegram,
    sim: &SimBiller,
    digiflazz: &Webhooks<'_>,
) -> Settled {
    let began = Instant::now();
    let mut settled = Settled::default();
    let mut resent: HashSet<String> = HashSet::new();
    let mut resent_hooks: HashSet<Vec<u8>> = HashSet::new();
    loop {
        let owed = super::owed::owed(sim);
        let (sending, pending, unsent, unhandled): (i64, i64, i64, i64) = sqlx::query_as(
            "select (select count(*) from orders where status = 'sending'),
                    (select count(*) from orders where status = 'pending'),
                    (select count(*) from outbox where sent_at is null and dead_reason is null),
                    (select count(*) from inbound_updates where processed_at is null)",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        // Waiting at Telegram, or stored and not handled yet.
        let updates = tg.pending_updates() + unhandled as usize;
        if owed.is_empty() && sending == 0 && pending == 0 && unsent == 0 && updates == 0 {
            settled.waited = began.elapsed();
            return settled;
        }
        if began.elapsed() >= QUIET_WITHIN {
            let which = super::owed::describe(conn, &owed).await;
            panic!(
                "not quiet after {QUIET_WITHIN:?}: {} callbacks owed, {sending} sending, \
                 {pending} pending, {unsent} unsent messages, {updates} updates waiting\n{which}",
                super::owed::count(&owed)
            );
        }
        settled.resent_webhooks += digiflazz.resend_lost(&mut resent_hooks).await;
        if owed.is_empty() {
            let lost: Vec<String> = sim.journal(|j| {
                j.callbacks
                    .iter()
                    .filter(|(_, answered)| *answered != 200)
                    .map(|(q, _)| q.clone())
                    .collect()
            });
            for q in lost {
                if resent.insert(q.clone()) {
                    let answer = sim.send_again(&q).await;
                    assert_eq!(answer.0, 200, "resent callback refused: {answer:?} for {q}");
                    settled.resent_callbacks += 1;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The Digiflazz simulator and where loket takes its webhooks.
pub struct Webhooks<'a> {
    pub sim: &'a SimDigiflazz,
    pub url: String,
}

impl Webhooks<'_> {
    /// Sends again, once, every webhook loket did not answer 200 (it was down): Digiflazz's
    /// webhook is its only word on a pending transaction. Returns how many were sent.
    async fn resend_lost(&self, resent: &mut HashSet<Vec<u8>>) -> usize {
        let lost: Vec<WebhookSent> = self.sim.journal(|j| {
            (j.webhooks.iter())
                .filter(|w| w.answered != 200 && !w.forged)
                .cloned()
                .collect()
        });
        let http = reqwest::Client::new();
        let mut sent = 0;
        for w in lost.into_iter().filter(|w| resent.insert(w.body.clone())) {
            let answer = (http.post(&self.url))
                .header(EVENT_HEADER, "update")
                .header(SIGNATURE_HEADER, &w.signature)
                .header("Content-Type", "application/json")
                .body(w.body.clone())
                .send()
                .await
                .map(|r| r.status().as_u16());
            assert!(
                matches!(answer, Ok(200)),
                "resent webhook for {} refused: {answer:?}",
                w.ref_id
            );
            sent += 1;
        }
        sent
    }
}

#[derive(Debug, Default)]
pub struct Listed {
    pub unknown: usize,
    /// Shown on one of the pages of `/pending`.
    pub by_pending: usize,
    /// Not among those, but announced to the admin by the stuck-order alert.
    pub by_alert: usize,
}

/// Every order left `unknown` must be one an admin can see: in the `/pending` listing, or in a
/// stuck-order alert that reached the admin.
pub async fn unknown_orders_listed_for_admins(
    conn: &mut PgConnection,
    tg: &FakeTelegram,
) -> Listed {
    let unknown: Vec<(String,)> =
        sqlx::query_as("select trxid from orders where status = 'unknown' order by order_id")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    let listing = pending_pages(tg).await;
    let mut listed = Listed {
        unknown: unknown.len(),
        ..Listed::default()
    };
    let deadline = Instant::now() + Duration::from_secs(150);
    let mut rest: Vec<&str> = Vec::new();
    for (trxid,) in &unknown {
        if listing.contains(trxid.as_str()) {
            listed.by_pending += 1;
        } else {
            rest.push(trxid);
        }
    }
    while !rest.is_empty() {
        let alerts: Vec<String> = tg
            .messages_to(ADMIN)
            .into_iter()
            .filter(|m| m.plain_text.starts_with('⏰'))
            .map(|m| m.plain_text)
            .collect();
        let before = rest.len();
        rest.retain(|trxid| !alerts.iter().any(|a| a.contains(trxid)));
        listed.by_alert += before - rest.len();
        assert!(
            Instant::now() < deadline,
            "unknown orders no admin was shown: {rest:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    listed
}

/// Every page of `/pending`, read the way an admin would: page 1, then each page it names.
async fn pending_pages(tg: &FakeTelegram) -> String {
    let admin = &FakeUser::new(ADMIN, "Admin").with_username("boss");
    let ask = |text: String, expect: String| async move {
        let mark = tg.message_mark();
        tg.user_sends(admin, &text).await;
        tg.wait_for_message_after(
            mark,
            ADMIN,
            |m| m.plain_text.contains(&expect) || m.plain_text.contains("Tidak ada transaksi"),
            Duration::from_secs(15),
        )
        .await
        .unwrap_or_else(|| panic!("{text} is answered"))
        .plain_text
    };
    let first = ask("/pending".into(), "Belum selesai".into()).await;
    let pages: usize = first
        .split_once("halaman 1/")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut listing = first;
    for page in 2..=pages {
        listing.push_str(&ask(format!("/pending {page}"), format!("halaman {page}/")).await);
    }
    listing
}

/// Stops the last instance gracefully once its outbox is empty. A stuck-order alert queued in
/// the last moment starts it again to send that, so that every queued message was sent.
pub async fn stop_when_sent(conn: &mut PgConnection, loket: &mut super::process::Loket) {
    let deadline = Instant::now() + QUIET_WITHIN;
    loop {
        while unsent(conn).await > 0 {
            assert!(Instant::now() < deadline, "the outbox does not drain");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        loket.terminate().await;
        if unsent(conn).await == 0 {
            return;
        }
        loket.start().await;
    }
}

async fn unsent(conn: &mut PgConnection) -> i64 {
    sqlx::query_scalar("select count(*) from outbox where sent_at is null and dead_reason is null")
        .fetch_one(conn)
        .await
        .unwrap()
}
