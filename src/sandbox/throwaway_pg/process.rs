//! Running the server's programs as the server's user, and the watcher process that stops the
//! server and removes its directory once the owner is gone.
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};

use super::{ThrowawayError, ThrowawayPostgres};

impl ThrowawayPostgres {
    pub(super) fn spawn_watcher(&mut self) -> Result<(), ThrowawayError> {
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

    pub(super) fn run(&self, program: &str, args: &[&str]) -> Result<Output, ThrowawayError> {
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

pub(super) fn output_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

pub(super) fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Single-quotes a string for /bin/sh.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
