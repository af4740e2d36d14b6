//! A private, throwaway PostgreSQL cluster for tests and `loket demo`.
//!
//! The server listens only on a Unix socket inside its own temporary directory, so any
//! number of clusters (e.g. parallel test binaries) run side by side without port clashes.
//! A detached watcher process stops the server and deletes the directory as soon as the
//! owning process goes away, even on SIGKILL or an exit that skips destructors.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin};
use std::time::Instant;

mod host;
mod process;

use host::{create_dir, find_bin, postgres_user, remove_stale, socket_base};
use process::{output_text, tail};

const PORT: u16 = 5432;
const PREFIX: &str = "loket-pg-";

/// A private PostgreSQL server in a temporary directory, reachable only over a Unix socket.
pub struct ThrowawayPostgres {
    dir: String,
    bin: PathBuf,
    run_as: Option<(u32, u32)>,
    url: String,
    watcher: Option<Child>,
    // Kept open for our whole lifetime: the watcher cleans up when it reads EOF.
    watcher_stdin: Option<ChildStdin>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThrowawayError {
    #[error(
        "PostgreSQL server binaries not found: install the Debian package postgresql (apt-get install postgresql)"
    )]
    NotInstalled,
    #[error(
        "running as root but there is no `postgres` system user to run the server as: install the Debian package postgresql, or run as a normal user"
    )]
    NoPostgresUser,
    #[error("cannot prepare the temporary directory {0}: {1}")]
    TempDir(String, io::Error),
    #[error("cannot run {0}: {1}")]
    Spawn(String, io::Error),
    #[error("initdb failed: {0}")]
    Initdb(String),
    #[error("server did not start: {0}")]
    Start(String),
}

impl ThrowawayPostgres {
    /// Synchronous (blocking): initdb + pg_ctl start, returns once the server accepts connections.
    /// `durable = false` turns off fsync/synchronous_commit/full_page_writes (tests); `true` keeps PostgreSQL's defaults (benchmarks).
    pub fn start(durable: bool) -> Result<Self, ThrowawayError> {
        Self::start_with(durable, "")
    }

    /// As [`start`](Self::start), with extra `postgresql.conf` lines (for instance, loading
    /// `pg_stat_statements`).
    pub fn start_with(durable: bool, settings: &str) -> Result<Self, ThrowawayError> {
        let started = Instant::now();
        let bin = find_bin().ok_or(ThrowawayError::NotInstalled)?;
        // initdb and postgres refuse to run as root.
        let run_as = match unsafe { libc::geteuid() } {
            0 => Some(postgres_user().ok_or(ThrowawayError::NoPostgresUser)?),
            _ => None,
        };
        let base = socket_base();
        remove_stale(&base);
        let dir = create_dir(&base, run_as)?;
        let url = format!(
            "postgres://postgres@localhost/postgres?host={}&port={PORT}",
            encode(&dir, true)
        );
        let (watcher, watcher_stdin) = (None, None);
        let mut pg = ThrowawayPostgres {
            dir,
            bin,
            run_as,
            url,
            watcher,
            watcher_stdin,
        };
        // From here on an early return drops `pg`, which cleans up.
        pg.spawn_watcher()?;

        let data = format!("{}/data", pg.dir);
        let fixed = "-U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8".split(' ');
        let out = pg.run(
            "initdb",
            &["-D", &data].into_iter().chain(fixed).collect::<Vec<_>>(),
        )?;
        if !out.status.success() {
            return Err(ThrowawayError::Initdb(tail(&output_text(&out))));
        }
        // Settings go into postgresql.conf because `pg_ctl -o` is re-parsed by a shell.
        let mut conf = format!(
            "\nlisten_addresses = ''\nunix_socket_directories = '{}'\nport = {PORT}\nmax_connections = 300\n",
            pg.dir.replace('\'', "''")
        );
        if !durable {
            conf.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        conf.push_str(settings);
        let conf_file = format!("{data}/postgresql.conf");
        (fs::OpenOptions::new().append(true).open(&conf_file))
            .and_then(|mut f| f.write_all(conf.as_bytes()))
            .map_err(|e| ThrowawayError::TempDir(conf_file, e))?;

        let log = format!("{}/server.log", pg.dir);
        let out = pg.run(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-w", "-t", "30", "start"],
        )?;
        if !out.status.success() {
            let log_tail = tail(&fs::read_to_string(&log).unwrap_or_default());
            let output = tail(&output_text(&out));
            let msg = Some(log_tail).filter(|t| !t.is_empty()).unwrap_or(output);
            return Err(ThrowawayError::Start(msg));
        }
        tracing::debug!(dir = pg.dir, elapsed = ?started.elapsed(), "throwaway PostgreSQL started");
        Ok(pg)
    }

    /// Connection URL for the `postgres` database as superuser `postgres` with trust auth, via the Unix socket.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Same server, another database name.
    pub fn url_for(&self, database: &str) -> String {
        let query = &self.url[self.url.find('?').unwrap_or(self.url.len())..];
        format!(
            "postgres://postgres@localhost/{}{query}",
            encode(database, false)
        )
    }

    /// The directory holding the socket (for tools like pgbench/psql: -h <dir> -p 5432 -U postgres).
    pub fn socket_dir(&self) -> &Path {
        Path::new(&self.dir)
    }

    /// The server's binaries (initdb, pg_ctl, pgbench, psql).
    pub fn bin_dir(&self) -> &Path {
        &self.bin
    }

    /// Stops the server (fast shutdown) and removes the directory. Idempotent.
    pub fn stop(&mut self) {
        // EOF tells the watcher to shut down; once it has exited the server is down and the
        // directory gone.
        drop(self.watcher_stdin.take());
        if let Some(Err(e)) = self.watcher.take().map(|mut w| w.wait()) {
            tracing::warn!("throwaway PostgreSQL watcher: {e}");
        }
        // In case the watcher was killed or never started.
        let data = format!("{}/data", self.dir);
        if Path::new(&data).join("postmaster.pid").exists() {
            let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        }
        if let Err(e) = fs::remove_dir_all(&self.dir)
            && e.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(
                dir = self.dir,
                "cannot remove the PostgreSQL directory: {e}"
            );
        }
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Percent-encodes all but unreserved characters (and '/' when `keep_slash`).
fn encode(s: &str, keep_slash: bool) -> String {
    let keep =
        |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/');
    let byte = |b: u8| match keep(b) {
        true => (b as char).to_string(),
        false => format!("%{b:02X}"),
    };
    s.bytes().map(byte).collect()
}

#[cfg(test)]
mod tests;
