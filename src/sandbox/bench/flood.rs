//! Runs on a loket at Telegram's pace against a fake Telegram that enforces it: h, a `/beli`
//! on an idle bot until its first answer arrives ("sedang diproses", or the SUKSES itself when
//! the simulator's at-once callback overtakes the answer); then g, other chats' `/saldo` while
//! one chat floods.
use std::time::{Duration, Instant};

use super::load::{percentile, seed_users, wait_messages};
use super::stack::{Run, Stack};
use crate::sandbox::sim::telegram::FakeUser;

/// Never pressed /start: the stranger of the flood.
const FLOODER: i64 = 800_000_001;
const FIRST_ASKER: i64 = 800_100_001;
const FIRST_BUYER: i64 = 800_200_001;
/// Between two askers' `/saldo`, so that they spread over the flood.
const ASK_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, Default)]
pub struct Flood {
    pub flood: usize,
    pub samples: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub buys: usize,
    pub buy_p50: Duration,
    pub buy_p99: Duration,
}

pub async fn run(stack: &Stack, flood: u32, samples: u32, buys: u32) -> anyhow::Result<Flood> {
    let askers: Vec<i64> = (0..i64::from(samples)).map(|i| FIRST_ASKER + i).collect();
    seed_users(&stack.drain_pool, &askers).await?;
    // Each buyer buys once: a chat's second message waits a second for Telegram's pace.
    let buyers: Vec<i64> = (0..i64::from(buys)).map(|i| FIRST_BUYER + i).collect();
    seed_users(&stack.drain_pool, &buyers).await?;
    let telegram = &stack.drain_telegram;
    let loket = stack.start_loket(Run::Flood).await?;
    let outcome = async {
        // h: one at a time, each on an idle bot.
        let mut buy_latencies = Vec::new();
        for (nth, &buyer) in buyers.iter().enumerate() {
            let mark = telegram.message_mark();
            let asked = Instant::now();
            telegram
                .user_sends(
                    &FakeUser::new(buyer, "Pembeli"),
                    &format!("/beli s5 0813{nth:07}0"),
                )
                .await;
            let got = wait_messages(telegram, mark, 1, Duration::from_secs(30), |m| {
                m.chat_id == buyer
            })
            .await?;
            buy_latencies.push(got[0].at.saturating_duration_since(asked));
        }
        buy_latencies.sort();
        // g: the flood is typed first, then each asker's /saldo, a little apart.
        let flooder = FakeUser::new(FLOODER, "Penyusup");
        for _ in 0..flood {
            telegram.user_sends(&flooder, "/saldo").await;
        }
        let mark = telegram.message_mark();
        let mut asked = std::collections::HashMap::new();
        for &id in &askers {
            asked.insert(id, Instant::now());
            telegram
                .user_sends(&FakeUser::new(id, "Reseller"), "/saldo")
                .await;
            tokio::time::sleep(ASK_EVERY).await;
        }
        let answered = wait_messages(
            telegram,
            mark,
            askers.len(),
            Duration::from_secs(u64::from(flood) * 2 + 60),
            |m| asked.contains_key(&m.chat_id) && m.plain_text.contains("Saldo"),
        )
        .await?;
        let mut latencies: Vec<Duration> = answered
            .iter()
            .filter_map(|m| Some(m.at.saturating_duration_since(*asked.get(&m.chat_id)?)))
            .collect();
        latencies.sort();
        anyhow::Ok(Flood {
            flood: flood as usize,
            samples: latencies.len(),
            p50: percentile(&latencies, 50.0),
            p99: percentile(&latencies, 99.0),
            buys: buy_latencies.len(),
            buy_p50: percentile(&buy_latencies, 50.0),
            buy_p99: percentile(&buy_latencies, 99.0),
        })
    }
    .await;
    loket.stop().await?;
    outcome
}
