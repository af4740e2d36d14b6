//! The supplier's side: callbacks at full speed (b) and at a light load for latency (c).
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::Mutex;

use super::load::{PRODUCT, for_each_concurrent, percentile, wait_messages};
use super::stack::{ADMIN, Loket, Stack};
use crate::biller::{BillerClient, SupplierAnswer};
use crate::config::BillerSettings;
use crate::domain::{Destination, ProductCode};
use crate::orders::{Orders, PurchaseRequest};
use crate::sandbox::sim::biller::supplier_query;

/// An order the supplier has accepted and not yet reported on.
#[derive(Debug, Clone)]
pub struct Pending {
    pub trxid: String,
    pub destination: String,
}

/// Places `n` orders through the library (not through Telegram) and records the supplier's
/// PENDING answer, leaving them waiting for a callback.
pub async fn seed_pending(
    stack: &Stack,
    resellers: &[i64],
    n: u32,
    series: u32,
) -> anyhow::Result<Vec<Pending>> {
    let biller = BillerClient::new(&BillerSettings {
        url: stack.sim_url.clone(),
        user: String::new(),
        password: SecretString::from(String::new()),
        timeout: Duration::from_secs(1),
    });
    let orders = Orders::new(stack.pool.clone(), biller, &[ADMIN]);
    let product = ProductCode::parse(PRODUCT).map_err(|e| anyhow::anyhow!("{e}"))?;
    let placed = Arc::new(Mutex::new(Vec::with_capacity(n as usize)));
    let jobs: Vec<u32> = (0..n).collect();
    for_each_concurrent(jobs, 16, |i| {
        let (orders, product, placed) = (orders.clone(), product.clone(), placed.clone());
        let user_id = resellers[i as usize % resellers.len()];
        let destination = format!("089{series}{i:07}0");
        async move {
            let req = PurchaseRequest {
                user_id,
                product,
                destination: Destination::parse(&destination)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
                source: None,
                counter: None,
            };
            let order = orders.open(&req).await?.order;
            let answer = SupplierAnswer::Accepted {
                supplier_trxid: None,
                cost: Some(5_000),
                saldo: None,
            };
            orders.record_answer(&order, &answer).await?;
            placed.lock().await.push(Pending {
                trxid: order.trxid.to_string(),
                destination,
            });
            Ok(())
        }
    })
    .await?;
    let placed = std::mem::take(&mut *placed.lock().await);
    Ok(placed)
}

/// The supplier's SUKSES report for an order, as the simulator words it.
fn success_query(order: &Pending) -> String {
    let message = format!(
        "Transaksi {PRODUCT}.{} SUKSES, SN: 0041{}, Saldo: Rp1.000.000, Harga: 5.000",
        order.destination,
        &order.trxid[order.trxid.len() - 8..]
    );
    supplier_query(0, &order.trxid, &order.destination, &message)
}

#[derive(Debug, Clone, Copy)]
pub struct Callbacks {
    pub requests: usize,
    pub duplicates: usize,
    pub concurrency: usize,
    pub elapsed: Duration,
    pub not_ok: usize,
}

impl Callbacks {
    pub fn per_sec(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// (b) Every order called back once, plus one in five a second time a little later, from
/// `concurrency` connections as fast as loket answers.
pub async fn flood(
    loket: &Loket,
    orders: &[Pending],
    concurrency: usize,
) -> anyhow::Result<Callbacks> {
    let base = loket.callback_url();
    let mut queries = Vec::with_capacity(orders.len() * 6 / 5);
    let mut duplicates = 0;
    for (i, order) in orders.iter().enumerate() {
        queries.push(success_query(order));
        if i % 5 == 4 {
            // A repeat of a report sent a few requests earlier, as a supplier retrying would.
            queries.push(success_query(&orders[i - 3]));
            duplicates += 1;
        }
    }
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let not_ok = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let requests = queries.len();
    let started = Instant::now();
    for_each_concurrent(queries, concurrency, |query| {
        let (http, not_ok) = (http.clone(), not_ok.clone());
        let mut url = base.clone();
        url.set_query(Some(&query));
        async move {
            let status = http.get(url).send().await?.status();
            if status != reqwest::StatusCode::OK {
                not_ok.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(())
        }
    })
    .await?;
    Ok(Callbacks {
        requests,
        duplicates,
        concurrency,
        elapsed: started.elapsed(),
        not_ok: not_ok.load(std::sync::atomic::Ordering::Relaxed),
    })
}

#[derive(Debug, Clone, Copy)]
pub struct Latency {
    pub samples: usize,
    pub rate: u32,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// (c) One callback every `1/rate` s; for each, the time from sending it to the SUKSES
/// message's `sendMessage` reaching the fake Telegram.
pub async fn latency(
    stack: &Stack,
    loket: &Loket,
    orders: &[Pending],
    rate: u32,
) -> anyhow::Result<Latency> {
    let base = loket.callback_url();
    let http = reqwest::Client::new();
    // Opened before the clock starts, so no sample pays for a TCP handshake.
    http.get(format!("http://{}/healthz", loket.addr))
        .send()
        .await?;
    let mark = stack.telegram.message_mark();
    let mut sent_at: HashMap<String, Instant> = HashMap::new();
    let gap = Duration::from_secs(1) / rate.max(1);
    let mut tick = tokio::time::interval(gap);
    let mut tasks = tokio::task::JoinSet::new();
    for order in orders {
        tick.tick().await;
        let mut url = base.clone();
        url.set_query(Some(&success_query(order)));
        sent_at.insert(order.trxid.clone(), Instant::now());
        let http = http.clone();
        tasks.spawn(async move { http.get(url).send().await.map(|r| r.status()) });
    }
    while let Some(done) = tasks.join_next().await {
        anyhow::ensure!(done?? == reqwest::StatusCode::OK, "a callback was refused");
    }
    let within = Duration::from_secs(30);
    let done = wait_messages(&stack.telegram, mark, orders.len(), within, |m| {
        m.text.contains("SUKSES")
    })
    .await?;
    let mut samples: Vec<Duration> = done
        .iter()
        .filter_map(|m| {
            let (trxid, at) = sent_at.iter().find(|(t, _)| m.text.contains(t.as_str()))?;
            let _ = trxid;
            Some(m.at.saturating_duration_since(*at))
        })
        .collect();
    samples.sort();
    anyhow::ensure!(
        samples.len() == orders.len(),
        "latency: {} of {} messages matched",
        samples.len(),
        orders.len()
    );
    Ok(Latency {
        samples: samples.len(),
        rate,
        p50: percentile(&samples, 50.0),
        p99: percentile(&samples, 99.0),
        max: samples.last().copied().unwrap_or_default(),
    })
}
