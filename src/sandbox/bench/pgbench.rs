//! PostgreSQL's own commit rate on the same server in the same run: the yardstick every other
//! figure is divided by.
use std::process::Stdio;

use anyhow::Context;
use tokio::process::Command;

use crate::sandbox::throwaway_pg::ThrowawayPostgres;

/// A database of its own in the same cluster, so pgbench's tables never meet loket's.
pub const DATABASE: &str = "pgbench";

#[derive(Debug, Clone, Copy)]
pub struct PgBench {
    pub tps: f64,
    pub clients: u32,
    pub secs: u32,
}

/// `pgbench -i` then `pgbench -N` (TPC-B-like without the branch and teller updates) with
/// `clients` connections for `secs` seconds.
pub async fn run(pg: &ThrowawayPostgres, clients: u32, secs: u32) -> anyhow::Result<PgBench> {
    let socket = pg.socket_dir().to_string_lossy().into_owned();
    let base = ["-h", socket.as_str(), "-p", "5432", "-U", "postgres"];
    let out = pgbench(pg, &base, &["-i", "-q", DATABASE]).await?;
    anyhow::ensure!(out.status.success(), "pgbench -i failed: {}", stderr(&out));
    let (c, t) = (clients.to_string(), secs.to_string());
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .to_string();
    let args = ["-N", "-c", &c, "-j", &threads, "-T", &t, DATABASE];
    let out = pgbench(pg, &base, &args).await?;
    anyhow::ensure!(out.status.success(), "pgbench -N failed: {}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let tps = text
        .lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok())
        .with_context(|| format!("no tps in pgbench's output:\n{text}"))?;
    Ok(PgBench { tps, clients, secs })
}

async fn pgbench(
    pg: &ThrowawayPostgres,
    base: &[&str],
    args: &[&str],
) -> anyhow::Result<std::process::Output> {
    let bin = pg.bin_dir().join("pgbench");
    Command::new(&bin)
        .args(base)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .await
        .with_context(|| format!("cannot run {}", bin.display()))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_owned()
}
