//! The one table `loket bench` prints.
use std::time::Duration;

use super::{BenchArgs, Figures};

const MB: f64 = 1024.0 * 1024.0;

/// `/proc/loadavg`'s first three fields: another build on the machine shows here.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

pub fn print(f: &Figures, args: &BenchArgs, load_before: &str, load_after: &str, took: Duration) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let date = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    let mut rows = throughput_rows(f);
    rows.extend(pace_rows(f));
    println!();
    println!(
        "loket bench, {date}, {cores} cores, load average {load_before} before / {load_after} after, {:.0} s in all",
        took.as_secs_f64()
    );
    println!("| | figure | value | ratio to f | target |\n|---|---|---|---|---|");
    for row in &rows {
        println!("| {} |", row.join(" | "));
    }
    println!();
    println!(
        "a–c: the fake Telegram enforces no limits and loket runs with TELEGRAM_PACE=bench (no pace); \
         real Telegram allows 30 messages/s, about 15 purchases/s."
    );
    println!(
        "d: a second loket at Telegram's pace (1/s per chat, 30/s overall) against a fake enforcing it, \
         on its own database, running alongside f, a, b and c (about 30 sends and 60 small transactions a second)."
    );
    println!(
        "g, h: after d, on d's database, at Telegram's pace against the fake enforcing it; g's flood comes from \
         a chat that never pressed /start, the askers are registered resellers."
    );
    print_cpu(f, cores);
    if let Some((a, b)) = &f.statements {
        super::statements::print("a", "purchase", f.purchases.count as f64, a);
        super::statements::print("b", "callback", f.callbacks.requests as f64, b);
        println!();
    }
    println!(
        "Ledger invariants after the run: {}. Resellers {}, purchases each {}.",
        if f.violations == 0 {
            "all hold".to_owned()
        } else {
            format!("{} VIOLATED", f.violations)
        },
        args.resellers,
        args.purchases_each
    );
}

/// Rows f, a, b and c: what loket does per second against the yardstick, and how fast.
fn throughput_rows(f: &Figures) -> Vec<[String; 5]> {
    let tps = f.pgbench.tps;
    let a = f.purchases.per_sec();
    let b = f.callbacks.per_sec();
    vec![
        [
            "f".into(),
            format!(
                "pgbench -N, {} clients (= loket's pool), {} s",
                f.pgbench.clients, f.pgbench.secs
            ),
            format!("{tps:.0} tx/s"),
            "1".into(),
            "yardstick".into(),
        ],
        [
            "a".into(),
            format!(
                "purchases end to end: {} by {} resellers at once",
                f.purchases.count, f.purchases.resellers
            ),
            format!("{a:.0} /s"),
            format!("{:.3}", a / tps),
            format!("≥ 0.20: {}", verdict(a >= 0.20 * tps)),
        ],
        [
            "".into(),
            "  /beli sent → SUKSES delivered, p50 / p99".into(),
            format!("{} / {}", ms(f.purchases.p50), ms(f.purchases.p99)),
            "".into(),
            "".into(),
        ],
        [
            "b".into(),
            format!(
                "callbacks: {} distinct + {} repeats, {} connections",
                f.callbacks.requests - f.callbacks.duplicates,
                f.callbacks.duplicates,
                f.callbacks.concurrency
            ),
            format!("{b:.0} /s"),
            format!("{:.3}", b / tps),
            format!(
                "≥ 0.50: {}{}",
                verdict(b >= 0.50 * tps),
                if f.callbacks.not_ok > 0 {
                    format!(" ({} not 200!)", f.callbacks.not_ok)
                } else {
                    String::new()
                }
            ),
        ],
        [
            "c".into(),
            format!(
                "callback → sendMessage at {}/s, p50 / p99 ({} samples)",
                f.latency.rate, f.latency.samples
            ),
            format!("{} / {}", ms(f.latency.p50), ms(f.latency.p99)),
            "".into(),
            format!(
                "p99 < 50 ms: {}",
                verdict(f.latency.p99 < Duration::from_millis(50))
            ),
        ],
    ]
}

/// Rows d, g, h and e: at Telegram's pace, and the memory.
fn pace_rows(f: &Figures) -> Vec<[String; 5]> {
    let rss = f.peak_rss.0.max(f.peak_rss.1);
    let d = &f.drain;
    vec![
        [
            "d".into(),
            format!(
                "drain: {} messages to {} chats, fake enforcing 30/s + 1/s per chat",
                d.messages, d.messages
            ),
            format!("{:.1} /s, {} × 429", d.per_sec(), d.too_many_requests),
            "".into(),
            format!(
                "≥ 29/s, 0 × 429: {}",
                verdict(d.per_sec() >= 29.0 && d.too_many_requests == 0)
            ),
        ],
        [
            "g".into(),
            format!(
                "another chat's /saldo while one chat floods {} messages, p50 / p99 ({} samples)",
                f.flood.flood, f.flood.samples
            ),
            format!("{} / {}", ms(f.flood.p50), ms(f.flood.p99)),
            "".into(),
            format!(
                "p99 < 1 s: {}",
                verdict(f.flood.samples > 0 && f.flood.p99 < Duration::from_secs(1))
            ),
        ],
        [
            "h".into(),
            format!(
                "/beli → first answer (\"diproses\") on an idle bot at Telegram's pace, p50 / p99 ({} samples)",
                f.flood.buys
            ),
            format!("{} / {}", ms(f.flood.buy_p50), ms(f.flood.buy_p99)),
            "".into(),
            "as before".into(),
        ],
        [
            "e".into(),
            format!(
                "loket peak RSS (VmHWM): runs a–c {:.1} MB, run d {:.1} MB",
                f.peak_rss.0 as f64 / MB,
                f.peak_rss.1 as f64 / MB
            ),
            format!("{:.1} MB", rss as f64 / MB),
            "".into(),
            format!("< 64 MB: {}", verdict((rss as f64) < 64.0 * MB)),
        ],
    ]
}

/// Where the CPU went during runs a and b, per purchase and per callback.
fn print_cpu(f: &Figures, cores: usize) {
    let cores_f = cores.max(1) as f64;
    for (run, used, done) in [
        ("a", &f.usage.0, f.purchases.count as f64),
        ("b", &f.usage.1, f.callbacks.requests as f64),
    ] {
        let wall = used.wall.as_secs_f64();
        println!(
            "CPU during {run} ({wall:.1} s wall, {:.0} % of {cores} cores busy): loket {:.1} s, PostgreSQL {:.1} s, \
             this process (fake Telegram, simulator, load) {:.1} s; {:.2} PostgreSQL transactions and {:.2} ms of loket CPU per {}.",
            100.0 * (used.loket + used.postgres + used.bench) / (wall * cores_f),
            used.loket,
            used.postgres,
            used.bench,
            used.commits as f64 / done,
            1000.0 * used.loket / done,
            if run == "a" { "purchase" } else { "callback" },
        );
    }
}
