//! The real `loket serve` process: started with the suite's environment, killed with SIGKILL,
//! started again. Every life is recorded so notifications can be traced to the instance that
//! sent them.
use std::fs::OpenOptions;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long after a kill a request that process had already written may still arrive.
const WRITTEN_BEFORE_DEATH: Duration = Duration::from_millis(250);

/// One run of the binary, from spawn to its end.
#[derive(Debug, Clone, Copy)]
pub struct Life {
    pub started: Instant,
    pub ended: Option<Instant>,
    /// Ended by SIGKILL, not by a graceful stop.
    pub killed: bool,
}

pub struct Loket {
    env: Vec<(String, String)>,
    pub http_addr: String,
    pub log: PathBuf,
    child: Option<Child>,
    pub lives: Vec<Life>,
    http: reqwest::Client,
}

impl Loket {
    pub fn new(env: Vec<(String, String)>, http_addr: String, log: PathBuf) -> Self {
        Self {
            env,
            http_addr,
            log,
            child: None,
            lives: Vec::new(),
            http: reqwest::Client::new(),
        }
    }

    /// Starts the binary; returns once it answers on /healthz.
    pub async fn start(&mut self) {
        assert!(self.child.is_none(), "loket is already running");
        for attempt in 0..5 {
            let log = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.log)
                .expect("crash log file");
            let err = log.try_clone().expect("crash log file");
            let child = Command::new(env!("CARGO_BIN_EXE_loket"))
                .arg("serve")
                .env_clear()
                .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .stdin(Stdio::null())
                .stdout(Stdio::from(log))
                .stderr(Stdio::from(err))
                .spawn()
                .expect("loket binary starts");
            self.child = Some(child);
            self.lives.push(Life {
                started: Instant::now(),
                ended: None,
                killed: false,
            });
            if self.wait_healthy(Duration::from_secs(20)).await {
                return;
            }
            // It exited at start (e.g. the port was still taken): count that life as ended.
            self.kill();
            eprintln!("loket did not come up (attempt {attempt}); starting it again");
        }
        panic!("loket did not start; see {}", self.log.display());
    }

    async fn wait_healthy(&mut self, within: Duration) -> bool {
        let url = format!("http://{}/healthz", self.http_addr);
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(child) = self.child.as_mut()
                && child.try_wait().ok().flatten().is_some()
            {
                return false;
            }
            if let Ok(r) = self.http.get(&url).send().await
                && r.status().is_success()
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    /// SIGKILL: no shutdown hook runs, nothing is flushed or acknowledged.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // std's kill is SIGKILL on Unix.
            let _ = child.kill();
            let _ = child.wait();
            if let Some(life) = self.lives.last_mut() {
                life.ended = Some(Instant::now());
                life.killed = true;
            }
        }
    }

    /// Stops the last instance the way an operator does (SIGTERM) and waits for it.
    pub async fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id() as i32;
            // SAFETY: signalling our own child, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(20);
            while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let _ = child.kill();
            let _ = child.wait();
            if let Some(life) = self.lives.last_mut() {
                life.ended = Some(Instant::now());
            }
        }
    }

    /// Which life a moment belongs to: the one running then, or else one that ended just
    /// before. The kernel still delivers what a process had written to a socket when SIGKILL
    /// came, so a request it sent can reach the fake Telegram a moment after it died.
    pub fn life_at(&self, at: Instant) -> Option<usize> {
        let running = |l: &Life| l.started <= at && l.ended.is_none_or(|end| at <= end);
        let just_ended = |l: &Life| {
            l.started <= at && l.ended.is_some_and(|end| at <= end + WRITTEN_BEFORE_DEATH)
        };
        (self.lives.iter().position(running)).or_else(|| self.lives.iter().rposition(just_ended))
    }
}

impl Drop for Loket {
    fn drop(&mut self) {
        self.kill();
    }
}
