//! Log output. Fields are structured; untrusted values are logged with `%`/`?` so the JSON
//! formatter escapes them and a newline in a supplier message cannot forge a log line.
//! Everything about one order runs inside an `order` span carrying its trxid, so every line
//! about it, in either format, names the order.
use std::path::Path;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{Format, Json, JsonFields};
use tracing_subscriber::fmt::{MakeWriter, SubscriberBuilder};

use crate::config::LogFormat;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,hyper=warn,reqwest=warn"))
}

/// One JSON object per line: the event's fields at the top level, and under `spans` the
/// fields of every span it happened in (an order's `trxid` among them).
pub fn json<W>(writer: W) -> SubscriberBuilder<JsonFields, Format<Json>, EnvFilter, W>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_target(false)
        .with_writer(writer)
        .json()
        .flatten_event(true)
        .with_current_span(false)
}

/// Installs the global subscriber. `RUST_LOG` overrides the default level.
pub fn init(format: LogFormat) {
    let result = match format {
        LogFormat::Json => json(std::io::stdout).try_init(),
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter())
            .with_target(false)
            .try_init(),
    };
    // A second init (tests) keeps the first subscriber.
    let _ = result;
}

/// Plain-text logs into a file, for `loket demo`, whose terminal is the chat.
pub fn init_to_file(path: &Path) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_target(false)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
    Ok(())
}
