//! A private, throwaway PostgreSQL cluster for tests and `loket demo`.
//!
//! The server listens only on a Unix socket inside its own temporary directory, so any
//! number of clusters (e.g. parallel test binaries) run side by side without port clashes.
//! A detached watcher process stops the server and deletes the directory as soon as the
//! owning process goes away, even on SIGKILL or an exit that skips destructors.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

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

    fn spawn_watcher(&mut self) -> Result<(), ThrowawayError> {
        let pg_ctl = quote(&self.bin.join("pg_ctl").to_string_lossy());
        let (dir, data) = (quote(&self.dir), quote(&format!("{}/data", self.dir)));
        let script = format!(
            "while read -r _; do :; done\n\
             {pg_ctl} -D {data} -m fast -w -t 20 stop >/dev/null 2>&1 ||\n\
             {pg_ctl} -D {data} -m immediate -w -t 10 stop >/dev/null 2>&1\n\
             rm -rf {dir}"
        );
        let mut cmd = Command::new("/bin/sh");
        cmd.args(["-c", &script])
            .current_dir("/")
            .stdin(Stdio::piped());
        // Its own process group, so a Ctrl-C aimed at the test run does not kill the cleaner.
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        // std creates the pipe with O_CLOEXEC: no other child inherits our end of it.
        let spawned = self.as_server_user(&mut cmd).spawn();
        let mut child = spawned.map_err(|e| ThrowawayError::Spawn("/bin/sh".into(), e))?;
        self.watcher_stdin = child.stdin.take();
        self.watcher = Some(child);
        Ok(())
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<Output, ThrowawayError> {
        let mut cmd = Command::new(self.bin.join(program));
        cmd.args(args).current_dir(&self.dir).stdin(Stdio::null());
        (self.as_server_user(&mut cmd).output())
            .map_err(|e| ThrowawayError::Spawn(program.into(), e))
    }

    fn as_server_user<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        // The same as `runuser -u postgres --`, without depending on util-linux and PAM.
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid);
        }
        // The server and the watcher outlive us, so they must not hold descriptors we inherited
        // (e.g. a CI runner's output pipes, which it waits on). Close-on-exec rather than close
        // keeps std's exec-error pipe working; on kernels without close_range this is a no-op.
        #[cfg(target_os = "linux")]
        unsafe {
            cmd.pre_exec(|| {
                use libc::{CLOSE_RANGE_CLOEXEC, SYS_close_range};
                libc::syscall(SYS_close_range, 3u32, u32::MAX, CLOSE_RANGE_CLOEXEC);
                Ok(())
            });
        }
        cmd
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Highest /usr/lib/postgresql/<version>/bin with initdb, else the directory of `initdb` on PATH.
fn find_bin() -> Option<PathBuf> {
    let versions = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten();
    let best = versions
        .filter(|e| e.path().join("bin/initdb").is_file())
        .max_by_key(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.split('.')
                .map(|p| p.parse::<u64>().unwrap_or(0))
                .collect::<Vec<_>>()
        });
    if let Some(e) = best {
        return Some(e.path().join("bin"));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
}

fn postgres_user() -> Option<(u32, u32)> {
    // getpwnam's static buffer is read at once, before another call could reuse it.
    let pw = unsafe { libc::getpwnam(c"postgres".as_ptr()) };
    (!pw.is_null()).then(|| unsafe { ((*pw).pw_uid, (*pw).pw_gid) })
}

/// temp_dir(), unless it is not UTF-8 or so long that the socket path would not fit sun_path.
fn socket_base() -> String {
    let tmp = std::env::temp_dir().to_str().map(str::to_string);
    // <base>/loket-pg-<pid>-<n>/.s.PGSQL.5432.lock must stay under 100 bytes.
    tmp.filter(|t| t.len() + 50 < 100)
        .unwrap_or_else(|| "/tmp".into())
}

fn create_dir(base: &str, run_as: Option<(u32, u32)>) -> Result<String, ThrowawayError> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = format!("{base}/{PREFIX}{}-{n}", std::process::id());
        match fs::DirBuilder::new().mode(0o700).create(&dir) {
            // Left behind by an earlier process with our pid, whose server still runs.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => return Err(ThrowawayError::TempDir(dir, e)),
            Ok(()) => {}
        }
        if let Some((uid, gid)) = run_as
            && let Err(e) = std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
        {
            let _ = fs::remove_dir(&dir);
            return Err(ThrowawayError::TempDir(dir, e));
        }
        return Ok(dir);
    }
}

/// Best effort: deletes clusters whose watcher never got to run (machine rebooted, watcher killed).
fn remove_stale(base: &str) {
    let entries = fs::read_dir(base).into_iter().flatten().flatten();
    for entry in entries.filter(|e| e.file_name().to_string_lossy().starts_with(PREFIX)) {
        let dir = entry.path();
        let stale = match fs::read_to_string(dir.join("data/postmaster.pid")) {
            Ok(pid_file) => pid_file
                .lines()
                .next()
                .and_then(|l| l.trim().parse::<i32>().ok())
                .is_some_and(|pid| {
                    pid > 0
                        && unsafe { libc::kill(pid, 0) } != 0
                        && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
                }),
            // No pid file: being set up right now, or stopped but not removed; only old ones are stale.
            Err(_) => entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| {
                SystemTime::now().duration_since(t).unwrap_or_default() > Duration::from_secs(3600)
            }),
        };
        if stale {
            tracing::info!(dir = %dir.display(), "removing stale throwaway PostgreSQL directory");
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

fn output_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Single-quotes a string for /bin/sh.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
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
