//! What the machine provides: the server's binaries, the `postgres` user, and a private
//! directory for each cluster, with the ones a dead process left behind cleared away.
use std::fs;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use super::{PREFIX, ThrowawayError};

/// Highest /usr/lib/postgresql/<version>/bin with initdb, else the directory of `initdb` on PATH.
pub(super) fn find_bin() -> Option<PathBuf> {
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

pub(super) fn postgres_user() -> Option<(u32, u32)> {
    // getpwnam's static buffer is read at once, before another call could reuse it.
    let pw = unsafe { libc::getpwnam(c"postgres".as_ptr()) };
    (!pw.is_null()).then(|| unsafe { ((*pw).pw_uid, (*pw).pw_gid) })
}

/// temp_dir(), unless it is not UTF-8 or so long that the socket path would not fit sun_path.
pub(super) fn socket_base() -> String {
    let tmp = std::env::temp_dir().to_str().map(str::to_string);
    // <base>/loket-pg-<pid>-<n>/.s.PGSQL.5432.lock must stay under 100 bytes.
    tmp.filter(|t| t.len() + 50 < 100)
        .unwrap_or_else(|| "/tmp".into())
}

pub(super) fn create_dir(base: &str, run_as: Option<(u32, u32)>) -> Result<String, ThrowawayError> {
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
pub(super) fn remove_stale(base: &str) {
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
