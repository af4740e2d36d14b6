//! Seeding, and the two Telegram-side runs: purchases end to end (a) and the rate-limited
//! drain of a backlog (d).
use std::time::{Duration, Instant};

use futures::StreamExt;
use sqlx::PgPool;

use super::stack::{ADMIN, Run, Stack};
use crate::domain::{Money, ProductCode};
use crate::ledger::{self, AdminAction};
use crate::sandbox::sim::telegram::{FakeTelegram, FakeUser, SentMessage};
use crate::{products, users};

pub const PRODUCT: &str = "s5";
const FIRST_RESELLER: i64 = 700_000_001;
const FIRST_DRAIN_CHAT: i64 = 900_000_001;

/// Registers `n` resellers, each with ample balance, and the product they buy.
pub async fn seed_resellers(pool: &PgPool, n: u32) -> anyhow::Result<Vec<i64>> {
    let ids: Vec<i64> = (0..i64::from(n)).map(|i| FIRST_RESELLER + i).collect();
    seed_users(pool, &ids).await?;
    Ok(ids)
}

/// Registers each of `ids` (chat = id) with ample balance, and the product they buy.
pub async fn seed_users(pool: &PgPool, ids: &[i64]) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    let code = ProductCode::parse(PRODUCT).map_err(|e| anyhow::anyhow!("{e}"))?;
    products::upsert(
        &mut conn,
        &code,
        None,
        Money::from_rupiah(5_150),
        "Pulsa 5.000",
    )
    .await?;
    for &id in ids {
        let mut tx = pool.begin().await?;
        users::register(&mut tx, id, id, None, &format!("Reseller {id}")).await?;
        let action = AdminAction {
            admin_id: ADMIN,
            note: "bench".into(),
            idempotency_key: None,
        };
        ledger::top_up(&mut tx, id, Money::from_rupiah(1_000_000_000), &action).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// A destination ending in 0: the simulator answers PENDING, then calls back SUKSES.
pub fn destination(reseller: i64, nth: u32) -> String {
    format!("08{:06}{:03}0", reseller % 1_000_000, nth % 1000)
}

#[derive(Debug, Clone, Copy)]
pub struct Purchases {
    pub count: usize,
    pub resellers: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Purchases {
    pub fn per_sec(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64()
    }
}

/// (a) Every reseller sends `per_reseller` `/beli` at once; done when every SUKSES message has
/// reached the fake Telegram.
pub async fn purchases(
    stack: &Stack,
    resellers: &[i64],
    per_reseller: u32,
) -> anyhow::Result<Purchases> {
    let telegram = &stack.telegram;
    let mark = telegram.message_mark();
    let people: Vec<FakeUser> = resellers
        .iter()
        .map(|id| FakeUser::new(*id, "Reseller"))
        .collect();
    let started = Instant::now();
    let mut asked = std::collections::HashMap::new();
    for nth in 0..per_reseller {
        for person in &people {
            let text = format!("/beli {PRODUCT} {}", destination(person.id, nth));
            telegram.user_sends(person, &text).await;
            asked.insert((person.id, destination(person.id, nth)), Instant::now());
        }
    }
    let expected = asked.len();
    let done = wait_messages(telegram, mark, expected, Duration::from_secs(120), |m| {
        m.text.contains("SUKSES")
    })
    .await?;
    let last = done.iter().map(|m| m.at).max().unwrap_or(started);
    let mut latencies: Vec<Duration> = done
        .iter()
        .filter_map(|m| {
            let dest = m
                .plain_text
                .lines()
                .find_map(|l| l.strip_prefix("Tujuan: "))?;
            let asked_at = asked.get(&(m.chat_id, dest.trim().to_owned()))?;
            Some(m.at.saturating_duration_since(*asked_at))
        })
        .collect();
    latencies.sort();
    Ok(Purchases {
        count: expected,
        resellers: resellers.len(),
        elapsed: last.saturating_duration_since(started),
        p50: percentile(&latencies, 50.0),
        p99: percentile(&latencies, 99.0),
    })
}

/// Waits until `expected` messages sent to `telegram` after `mark` match, and returns them.
pub async fn wait_messages(
    telegram: &FakeTelegram,
    mark: usize,
    expected: usize,
    within: Duration,
    matches: impl Fn(&SentMessage) -> bool,
) -> anyhow::Result<Vec<SentMessage>> {
    let deadline = Instant::now() + within;
    let mut seen = mark;
    let mut found = Vec::new();
    loop {
        let now = telegram.message_mark();
        if now > seen {
            let sent = telegram.sent_messages();
            found.extend(sent[seen..now].iter().filter(|m| matches(m)).cloned());
            seen = now;
        }
        if found.len() >= expected {
            return Ok(found);
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "only {} of {expected} messages arrived within {within:?}",
            found.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Drain {
    pub messages: usize,
    pub elapsed: Duration,
    pub too_many_requests: usize,
    pub peak_rss: u64,
}

impl Drain {
    pub fn per_sec(&self) -> f64 {
        (self.messages.saturating_sub(1)) as f64 / self.elapsed.as_secs_f64()
    }
}

/// (d) `n` messages to `n` chats are queued before loket starts, on its own database; then
/// loket runs at Telegram's pace against a fake that enforces it. Measured from the first send
/// to the last.
pub async fn drain(stack: &Stack, n: u32) -> anyhow::Result<Drain> {
    sqlx::query(
        "insert into outbox (dedup_key, chat_id, text)
         select 'bench:drain:' || g, $1 + g, 'Pesan uji antrean nomor ' || g
           from generate_series(0, $2 - 1) g",
    )
    .bind(FIRST_DRAIN_CHAT)
    .bind(i64::from(n))
    .execute(&stack.drain_pool)
    .await?;
    let telegram = &stack.drain_telegram;
    let refused_before = telegram.too_many_requests();
    let mark = telegram.message_mark();
    let loket = stack.start_loket(Run::Drain).await?;
    let last_chat = FIRST_DRAIN_CHAT + i64::from(n);
    let within = Duration::from_secs(u64::from(n) / 20 + 30);
    let sent = wait_messages(telegram, mark, n as usize, within, |m| {
        (FIRST_DRAIN_CHAT..last_chat).contains(&m.chat_id)
    })
    .await?;
    let peak_rss = loket.stop().await?;
    let first = sent.iter().map(|m| m.at).min();
    let last = sent.iter().map(|m| m.at).max();
    let elapsed = match (first, last) {
        (Some(f), Some(l)) => l.saturating_duration_since(f),
        _ => Duration::ZERO,
    };
    let chats: std::collections::HashSet<i64> = sent.iter().map(|m| m.chat_id).collect();
    anyhow::ensure!(chats.len() == sent.len(), "a drain message was sent twice");
    Ok(Drain {
        messages: sent.len(),
        elapsed,
        too_many_requests: telegram.too_many_requests() - refused_before,
        peak_rss,
    })
}

/// Runs `f` over `items` with at most `concurrency` at a time.
pub async fn for_each_concurrent<T, F, Fut>(
    items: Vec<T>,
    concurrency: usize,
    f: F,
) -> anyhow::Result<()>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut stream = futures::stream::iter(items.into_iter().map(f)).buffer_unordered(concurrency);
    while let Some(result) = stream.next().await {
        result?;
    }
    Ok(())
}
