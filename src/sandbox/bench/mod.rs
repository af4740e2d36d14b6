//! `loket bench`: the real `loket serve` against a durable throwaway PostgreSQL, the supplier
//! simulator (callbacks at once) and the fake Telegram, measured against PostgreSQL's own
//! commit rate on the same server in the same run (absolute times vary between runs here;
//! ratios to pgbench do much less).
//!
//! Runs f `pgbench -N`, then a purchases end to end, b callbacks at full speed and c callback
//! latency at a light load; alongside them, d drains a backlog under Telegram's limits; e is the
//! peak RSS of each loket. Last, at Telegram's pace: h, `/beli` on an idle bot, and g, other
//! chats' `/saldo` while one chat floods.
use std::time::{Duration, Instant};

mod callbacks;
mod flood;
mod load;
mod pgbench;
mod report;
mod stack;
mod statements;
mod usage;

use crate::ledger::check_invariants;
use stack::{Run, Stack};

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// Resellers buying at the same time in the purchase run.
    #[arg(long, default_value_t = 200)]
    pub resellers: u32,
    /// Purchases each of them makes.
    #[arg(long, default_value_t = 10)]
    pub purchases_each: u32,
    /// Distinct orders called back in the callback run (one in five is repeated on top).
    #[arg(long, default_value_t = 2000)]
    pub callbacks: u32,
    /// Connections the callback run uses.
    #[arg(long, default_value_t = 32)]
    pub callback_connections: usize,
    /// Callbacks per second in the latency run, and how many.
    #[arg(long, default_value_t = 10)]
    pub latency_rate: u32,
    #[arg(long, default_value_t = 100)]
    pub latency_samples: u32,
    /// Messages in the backlog the drain run delivers, each to its own chat.
    #[arg(long, default_value_t = 2000)]
    pub drain: u32,
    /// Messages the flooding chat sends in run g, and other chats' `/saldo` measured meanwhile.
    #[arg(long, default_value_t = 200)]
    pub flood: u32,
    #[arg(long, default_value_t = 20)]
    pub flood_samples: u32,
    /// `/beli` sent one at a time to an idle bot in run h.
    #[arg(long, default_value_t = 10)]
    pub idle_buys: u32,
    /// How long pgbench runs, in seconds.
    #[arg(long, default_value_t = 10)]
    pub pgbench_secs: u32,
    /// Also list the SQL statements of runs a and b with their calls and execution time
    /// (loads `pg_stat_statements`, which costs a little on every statement).
    #[arg(long)]
    pub statements: bool,
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let load_before = report::load_average();
    step("starting PostgreSQL (fsync on), the supplier simulator and the fake Telegram");
    let mut stack = Stack::start(args.statements).await?;
    let result = measure(&stack, &args).await;
    stack.pg.stop();
    if result.is_err() {
        eprintln!("loket bench: loket's log is in {}", stack.log.display());
    }
    let figures = result?;
    let load_after = report::load_average();
    report::print(
        &figures,
        &args,
        &load_before,
        &load_after,
        started.elapsed(),
    );
    let _ = std::fs::remove_file(&stack.log);
    Ok(())
}

pub struct Figures {
    pub pgbench: pgbench::PgBench,
    pub purchases: load::Purchases,
    pub callbacks: callbacks::Callbacks,
    pub latency: callbacks::Latency,
    pub drain: load::Drain,
    pub flood: flood::Flood,
    /// Peak RSS of the loket without a pace (a–c) and of the one draining (d), in bytes.
    pub peak_rss: (u64, u64),
    pub violations: usize,
    /// During runs a and b.
    pub usage: (usage::Usage, usage::Usage),
    /// With `--statements`: what PostgreSQL executed during runs a and b.
    pub statements: Option<(Vec<statements::Statement>, Vec<statements::Statement>)>,
}

async fn measure(stack: &Stack, args: &BenchArgs) -> anyhow::Result<Figures> {
    // d is paced by Telegram's limits, not by this machine: it runs alongside the others, on
    // its own loket, database and fake Telegram, so the whole bench takes about as long as d.
    step(&format!(
        "d: draining {} messages under Telegram's limits, alongside the rest",
        args.drain
    ));
    let (drain, rest) = tokio::join!(load::drain(stack, args.drain), measure_unpaced(stack, args));
    let (drain, mut figures) = (drain?, rest?);
    figures.drain = drain;
    figures.peak_rss.1 = drain.peak_rss;
    step(&format!(
        "h: {} /beli on an idle bot; g: {} chats' /saldo while one chat floods {} messages",
        args.idle_buys, args.flood_samples, args.flood
    ));
    figures.flood = flood::run(stack, args.flood, args.flood_samples, args.idle_buys).await?;
    for pool in [&stack.pool, &stack.drain_pool] {
        figures.violations += check_invariants(&mut *pool.acquire().await?).await?.len();
    }
    Ok(figures)
}

/// f, then a, b and c against the loket without a pace.
async fn measure_unpaced(stack: &Stack, args: &BenchArgs) -> anyhow::Result<Figures> {
    let clients = crate::startup::POOL_SIZE;
    step(&format!(
        "f: pgbench -N, {clients} clients, {} s",
        args.pgbench_secs
    ));
    let pgbench = pgbench::run(&stack.pg, clients, args.pgbench_secs).await?;
    step(&format!("seeding {} resellers", args.resellers));
    let resellers = load::seed_resellers(&stack.pool, args.resellers).await?;
    let loket = stack.start_loket(Run::Unpaced).await?;
    let outcome = async {
        step(&format!(
            "a: {} purchases by {} resellers",
            args.resellers * args.purchases_each,
            args.resellers
        ));
        let profile = Profile::new(&stack.pool, args.statements);
        profile.reset().await?;
        let before = usage::snapshot(&stack.pool, loket.pid()).await?;
        let purchases = load::purchases(stack, &resellers, args.purchases_each).await?;
        let used_a = usage::snapshot(&stack.pool, loket.pid())
            .await?
            .since(&before);
        let statements_a = profile.read().await?;
        let wanted = args.callbacks + args.latency_samples;
        step(&format!("seeding {wanted} orders awaiting a callback"));
        let flood = callbacks::seed_pending(stack, &resellers, args.callbacks, 1).await?;
        let light = callbacks::seed_pending(stack, &resellers, args.latency_samples, 2).await?;
        stack.wait_outbox_empty(Duration::from_secs(60)).await?;
        step("b: callbacks at full speed");
        profile.reset().await?;
        let before = usage::snapshot(&stack.pool, loket.pid()).await?;
        let callbacks = callbacks::flood(&loket, &flood, args.callback_connections).await?;
        let used_b = usage::snapshot(&stack.pool, loket.pid())
            .await?
            .since(&before);
        let statements_b = profile.read().await?;
        stack.wait_outbox_empty(Duration::from_secs(60)).await?;
        step(&format!("c: callback latency at {}/s", args.latency_rate));
        let latency = callbacks::latency(stack, &loket, &light, args.latency_rate).await?;
        stack.wait_outbox_empty(Duration::from_secs(60)).await?;
        let statements = statements_a.zip(statements_b);
        anyhow::Ok((purchases, callbacks, latency, (used_a, used_b), statements))
    }
    .await;
    let first_rss = loket.stop().await?;
    let (purchases, callbacks, latency, usage, statements) = outcome?;
    Ok(Figures {
        pgbench,
        purchases,
        callbacks,
        latency,
        drain: load::Drain::default(),
        flood: flood::Flood::default(),
        peak_rss: (first_rss, 0),
        violations: 0,
        usage,
        statements,
    })
}

/// `pg_stat_statements` around a run, when asked for.
struct Profile<'a> {
    pool: &'a sqlx::PgPool,
    on: bool,
}

impl<'a> Profile<'a> {
    fn new(pool: &'a sqlx::PgPool, on: bool) -> Self {
        Self { pool, on }
    }

    async fn reset(&self) -> sqlx::Result<()> {
        match self.on {
            true => statements::reset(self.pool).await,
            false => Ok(()),
        }
    }

    async fn read(&self) -> sqlx::Result<Option<Vec<statements::Statement>>> {
        match self.on {
            true => statements::since_reset(self.pool).await.map(Some),
            false => Ok(None),
        }
    }
}

fn step(what: &str) {
    eprintln!("loket bench: {what}");
}
