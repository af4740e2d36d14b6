//! Admin refunds in the load (R36): `/refund` of recent orders, half of the time one whose
//! supplier will reverse the SUKSES (destinations ending in 9, reversed `reversal_delay` after
//! it), so that refunds race reversals; now and then the same command twice, and amounts above
//! the price. Reversals no refund reached still happen.
use std::sync::{Arc, Mutex};

use loket::sandbox::sim::telegram::{FakeTelegram, FakeUser};
use rand::RngExt;
use rand::rngs::StdRng;
use tokio::sync::watch;

use super::{Sent, pause};
use crate::helpers::ADMIN;

/// One `/refund` the admin sent.
#[derive(Debug, Clone)]
pub struct SentRefund {
    pub trxid: String,
    /// `None` for `penuh`.
    pub part: Option<i64>,
    pub supplier: bool,
}

pub(super) async fn refunds(
    mut rng: StdRng,
    tg: FakeTelegram,
    pool: sqlx::PgPool,
    sent: Arc<Mutex<Sent>>,
    mut stopped: watch::Receiver<bool>,
) {
    let admin = FakeUser::new(ADMIN, "Admin").with_username("boss");
    while pause(&mut stopped, rng.random_range(500..2_000)).await {
        // Orders a reversal may still reach, and a few others.
        let recent: Result<Vec<(String, i64, bool)>, _> = sqlx::query_as(
            "select trxid, price, destination like '%9' from orders
              where status in ('pending', 'success') and refunded is null
              order by order_id desc limit 30",
        )
        .fetch_all(&pool)
        .await;
        let Ok(recent) = recent else { continue };
        let racing: Vec<_> = recent.iter().filter(|(_, _, nine)| *nine).collect();
        let pick = match (racing.is_empty(), recent.is_empty()) {
            (false, _) if rng.random_bool(0.5) => racing[rng.random_range(0..racing.len())],
            (_, false) => &recent[rng.random_range(0..recent.len())],
            (_, true) => continue,
        };
        let (trxid, price, _) = pick;
        let part = rng
            .random_bool(0.5)
            .then(|| rng.random_range(1..=price / 1_000 + 1) * 1_000);
        let supplier = rng.random_bool(0.4);
        let text = format!(
            "/refund {trxid} {}{} komplain",
            part.map_or("penuh".to_owned(), |p| p.to_string()),
            if supplier { " supplier" } else { "" }
        );
        let times = if rng.random_bool(0.2) { 2 } else { 1 };
        for _ in 0..times {
            tg.user_sends(&admin, &text).await;
            sent.lock().unwrap().refunds.push(SentRefund {
                trxid: trxid.clone(),
                part,
                supplier,
            });
        }
    }
}
