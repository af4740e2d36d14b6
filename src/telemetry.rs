//! Log output. Fields are structured; untrusted values are logged with `%`/`?` so the JSON
//! formatter escapes them and a newline in a supplier message cannot forge a log line.
//! Everything about one order runs inside an `order` span carrying its trxid, so every line
//! about it, in either format, names the order.
use std::path::Path;

use tracing::Level;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogFormat;

/// `RUST_LOG` as `target=level` pairs and a default level (`info,sqlx=warn`); unset, loket's
/// own default; unreadable, the same with a word on stderr.
fn filter() -> Targets {
    let default = || {
        Targets::new().with_default(Level::INFO).with_targets([
            ("sqlx", Level::WARN),
            ("hyper", Level::WARN),
            ("reqwest", Level::WARN),
        ])
    };
    match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => spec.parse().unwrap_or_else(|e| {
            eprintln!("loket: RUST_LOG={spec:?} ignored ({e}); expected e.g. info,loket=debug");
            default()
        }),
        _ => default(),
    }
}

/// One JSON object per line: the event's fields at the top level, and under `spans` the
/// fields of every span it happened in (an order's `trxid` among them).
pub fn json<W>(writer: W) -> impl tracing::Subscriber + Send + Sync + 'static
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_target(false)
        .with_writer(writer)
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .finish()
        .with(filter())
}

/// Installs the global subscriber. `RUST_LOG` overrides the default level.
pub fn init(format: LogFormat) {
    let result = match format {
        LogFormat::Json => json(std::io::stdout).try_init(),
        LogFormat::Text => tracing_subscriber::fmt()
            .with_max_level(LevelFilter::TRACE)
            .with_target(false)
            .finish()
            .with(filter())
            .try_init(),
    };
    // A second init (tests) keeps the first subscriber.
    let _ = result;
}

/// Plain-text logs into a file, for `loket demo`, whose terminal is the chat.
pub fn init_to_file(path: &Path) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let _ = tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_target(false)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .finish()
        .with(filter())
        .try_init();
    Ok(())
}
