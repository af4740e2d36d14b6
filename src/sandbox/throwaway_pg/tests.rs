use super::*;
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::Duration;

fn psql(args: &[&str], sql: &str) -> String {
    let bin = find_bin().map(|b| b.join("psql")).filter(|p| p.is_file());
    let out = Command::new(bin.unwrap_or_else(|| "psql".into()))
        .args(args)
        .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .output()
        .expect("run psql");
    assert!(out.status.success(), "psql failed: {}", output_text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn query(pg: &ThrowawayPostgres, sql: &str) -> String {
    let dir = pg.socket_dir().to_str().unwrap();
    psql(
        &["-h", dir, "-p", "5432", "-U", "postgres", "-d", "postgres"],
        sql,
    )
}

fn pipes_held_by(pid: u32) -> usize {
    let fds = fs::read_dir(format!("/proc/{pid}/fd")).unwrap().flatten();
    fds.filter(|fd| {
        fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy().starts_with("pipe:"))
    })
    .count()
}

#[test]
fn start_query_and_url_forms() {
    let t = Instant::now();
    let pg = ThrowawayPostgres::start(false).unwrap();
    eprintln!("start(false) took {:?}", t.elapsed());
    assert_eq!(query(&pg, "select 1"), "1");
    assert_eq!(query(&pg, "show fsync"), "off");
    assert!(pg.socket_dir().join(".s.PGSQL.5432").as_os_str().len() < 100);
    assert_eq!(psql(&[pg.url()], "select current_database()"), "postgres");
    assert_eq!(
        psql(&[&pg.url_for("template1")], "select current_database()"),
        "template1"
    );
}

#[test]
fn two_clusters_at_once_and_stop() {
    let mut a = ThrowawayPostgres::start(false).unwrap();
    let b = ThrowawayPostgres::start(true).unwrap();
    assert_ne!(a.socket_dir(), b.socket_dir());
    assert_eq!(query(&a, "select 1"), "1");
    assert_eq!(query(&b, "show fsync"), "on");
    // Each watcher must hold only its own pipe, or stopping one would hang on the other.
    for pg in [&a, &b] {
        assert_eq!(pipes_held_by(pg.watcher.as_ref().unwrap().id()), 1);
    }
    let dir = a.socket_dir().to_path_buf();
    a.stop();
    assert!(!dir.exists());
    a.stop();
    assert_eq!(query(&b, "select 2"), "2");
    drop(b);
}

#[test]
fn removes_stale_directories() {
    let mut dead = Command::new("true").spawn().unwrap();
    let pid = dead.id();
    dead.wait().unwrap();
    let stale = PathBuf::from(format!(
        "{}/{PREFIX}stale-{}",
        socket_base(),
        std::process::id()
    ));
    fs::create_dir_all(stale.join("data")).unwrap();
    fs::write(stale.join("data/postmaster.pid"), format!("{pid}\n")).unwrap();
    let _pg = ThrowawayPostgres::start(false).unwrap();
    assert!(!stale.exists());
}

#[tokio::test]
async fn sqlx_connects_to_both_urls() {
    let pg = ThrowawayPostgres::start(false).unwrap();
    for url in [pg.url().to_string(), pg.url_for("template1")] {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let one: i32 = sqlx::query_scalar("select 1")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(one, 1);
        pool.close().await;
    }
}

const CHILD_ENV: &str = "LOKET_THROWAWAY_PG_SIGKILL_CHILD";

/// Acts as the victim of `watcher_cleans_up_after_sigkill`; does nothing in a normal run.
#[test]
fn sigkill_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let pg = ThrowawayPostgres::start(false).unwrap();
    println!("DIR={}", pg.socket_dir().display());
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn watcher_cleans_up_after_sigkill() {
    let name = module_path!()
        .split_once("::")
        .map_or(module_path!(), |(_, rest)| rest);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &format!("{name}::sigkill_child"),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = io::BufReader::new(child.stdout.take().unwrap()).lines();
    let dir = lines
        .map_while(Result::ok)
        .find_map(|l| l.split_once("DIR=").map(|(_, d)| PathBuf::from(d)));
    let dir = dir.expect("child printed no DIR= line");
    let pid_file = fs::read_to_string(dir.join("data/postmaster.pid")).unwrap();
    let server_pid: i32 = pid_file.lines().next().unwrap().parse().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while (dir.exists() || unsafe { libc::kill(server_pid, 0) } == 0) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!dir.exists(), "{} survived its owner", dir.display());
    assert_ne!(
        unsafe { libc::kill(server_pid, 0) },
        0,
        "server {server_pid} survived its owner"
    );
}
