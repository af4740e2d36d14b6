//! Where the time went during a run: CPU seconds by process group, and PostgreSQL
//! transactions, so that a missed target can be explained by numbers.
use std::time::{Duration, Instant};

use sqlx::PgPool;

#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    at: Instant,
    loket: f64,
    postgres: f64,
    bench: f64,
    commits: i64,
}

/// The difference between two snapshots.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub wall: Duration,
    /// CPU seconds of `loket serve`, of every PostgreSQL backend, and of this process (the
    /// fake Telegram, the supplier simulator and the load generator).
    pub loket: f64,
    pub postgres: f64,
    pub bench: f64,
    /// Transactions committed in loket's database (read-only ones included).
    pub commits: i64,
}

pub async fn snapshot(pool: &PgPool, loket_pid: Option<u32>) -> anyhow::Result<Snapshot> {
    let (commits,): (i64,) = sqlx::query_as(
        "select xact_commit from pg_stat_database where datname = current_database()",
    )
    .fetch_one(pool)
    .await?;
    let postgres = std::fs::read_dir("/proc")?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            stat.contains("(postgres)").then(|| cpu_of(&stat)).flatten()
        })
        .sum();
    let read = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| cpu_of(&s))
            .unwrap_or(0.0)
    };
    Ok(Snapshot {
        at: Instant::now(),
        loket: loket_pid.map_or(0.0, read),
        postgres,
        bench: read(std::process::id()),
        commits,
    })
}

impl Snapshot {
    pub fn since(&self, before: &Snapshot) -> Usage {
        Usage {
            wall: self.at.saturating_duration_since(before.at),
            loket: self.loket - before.loket,
            postgres: self.postgres - before.postgres,
            bench: self.bench - before.bench,
            commits: self.commits - before.commits,
        }
    }
}

/// utime + stime, in seconds. The process name may hold spaces, so fields are counted from
/// the closing parenthesis.
fn cpu_of(stat: &str) -> Option<f64> {
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3 of stat(5), utime 14 and stime 15.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some((utime + stime) / ticks.max(1.0))
}
