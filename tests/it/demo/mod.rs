//! `loket demo` as a newcomer runs it: the real binary on a pseudo-terminal, no DATABASE_URL,
//! a purchase and its receipt, a deposit, the bank's interest, the reports, a broadcast, a
//! failover from `utama` to Digiflazz and the menu typed at the prompt, then Ctrl-C typed on the
//! terminal.
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

mod failover;
use failover::fail_over_to_digiflazz;

/// Everything the terminal showed, and a signal for each new piece.
#[derive(Default)]
struct Screen {
    text: Mutex<String>,
    grew: Condvar,
}

impl Screen {
    /// Waits until `needle` appears after byte `from`; returns where it ends.
    fn wait_for(&self, needle: &str, from: usize, within: Duration) -> usize {
        let deadline = Instant::now() + within;
        let mut text = self.text.lock().unwrap();
        loop {
            if let Some(at) = text.get(from..).and_then(|t| t.find(needle)) {
                return from + at + needle.len();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "`{needle}` did not appear within {within:?}; the terminal showed:\n{text}"
            );
            text = self.grew.wait_timeout(text, left).unwrap().0;
        }
    }
}

fn open_pty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let done = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(done, 0, "openpty: {}", std::io::Error::last_os_error());
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

#[test]
fn the_demo_reaches_its_prompt_completes_a_purchase_and_a_deposit_and_ctrl_c_leaves_nothing() {
    let (master, slave) = open_pty();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.arg("demo")
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // A session of its own with the pty as its controlling terminal, as a shell would start
    // it: Ctrl-C typed there reaches it as SIGINT through the terminal.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let pid = child.id();
    drop(cmd);

    let screen = Arc::new(Screen::default());
    let mut reader = File::from(master.try_clone().unwrap());
    let shown = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        // EIO once the last process holding the terminal has gone.
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            shown
                .text
                .lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
            shown.grew.notify_all();
        }
    });
    let mut keyboard = File::from(master);

    let at = screen.wait_for("Anda> ", 0, Duration::from_secs(60));
    let banner = screen.text.lock().unwrap().clone();
    for promised in ["…5", "…6", "Ctrl-C untuk keluar"] {
        assert!(
            banner.contains(promised),
            "the banner explains `{promised}`:\n{banner}"
        );
    }
    keyboard.write_all(b"/beli s5 081234567890\r").unwrap();
    // Both under the purchase; "diproses" without a sound (R47).
    let quiet = "(membalas \"/beli s5 081234567890\", tanpa bunyi)";
    let at = screen.wait_for(quiet, at, Duration::from_secs(30));
    let at = screen.wait_for("sedang diproses", at, Duration::from_secs(5));
    let loud = "(membalas \"/beli s5 081234567890\")";
    let at = screen.wait_for(loud, at, Duration::from_secs(30));
    let at = screen.wait_for("SUKSES", at, Duration::from_secs(5));
    let at = screen.wait_for("SN: ", at, Duration::from_secs(5));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));
    let at = complain_then_resend(&mut keyboard, &screen, at);

    // The purchase's receipt, for the customer, at the reseller's own selling price.
    let trxid = {
        let text = screen.text.lock().unwrap();
        let from = text[..at].rfind("ID transaksi: ").unwrap() + "ID transaksi: ".len();
        text[from..from + 20].to_owned()
    };
    keyboard
        .write_all(format!("/struk {trxid} 7rb\r").as_bytes())
        .unwrap();
    let at = screen.wait_for("[gambar]", at, Duration::from_secs(30));
    let at = screen.wait_for(".png", at, Duration::from_secs(5));
    let at = screen.wait_for("Harga jual: Rp7.000", at, Duration::from_secs(5));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));

    let at = deposit_then_interest(&mut keyboard, &screen, at);

    // The reports: as text, as a CSV file shown in part, and as a picture.
    keyboard.write_all(b"/laporan hari ini\r").unwrap();
    let at = screen.wait_for("Penjualan: Rp5.500", at, Duration::from_secs(30));
    keyboard.write_all(b"/laporan csv\r").unwrap();
    let at = screen.wait_for("[dokumen laporan-", at, Duration::from_secs(30));
    let at = screen.wait_for("trxid,waktu_wib,user_id", at, Duration::from_secs(5));
    keyboard.write_all(b"/laporan xlsx\r").unwrap();
    let at = screen.wait_for(".xlsx, ", at, Duration::from_secs(30));
    keyboard.write_all(b"/grafik\r").unwrap();
    let at = screen.wait_for("[gambar]", at, Duration::from_secs(30));
    let at = screen.wait_for("Penjualan dan laba harian", at, Duration::from_secs(5));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));

    // The audit trail: the demo admin's own changes, the gangguan just set among them.
    keyboard.write_all(b"/gangguan s5 sibuk\r").unwrap();
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(30));
    keyboard.write_all(b"/audit\r").unwrap();
    let at = screen.wait_for("Jejak audit", at, Duration::from_secs(30));
    let at = screen.wait_for(
        "gangguan produk s5: normal → gangguan: sibuk",
        at,
        Duration::from_secs(5),
    );
    keyboard.write_all(b"/normal s5\r").unwrap();
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(30));

    // A broadcast to the sandbox's two other resellers: previewed, sent with its first button.
    keyboard.write_all(b"/siaran Promo pulsa murah!\r").unwrap();
    let at = screen.wait_for("akan dikirim ke 2 reseller", at, Duration::from_secs(30));
    let at = screen.wait_for("[1] ✅ Kirim", at, Duration::from_secs(5));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));
    keyboard.write_all(b"1\r").unwrap();
    let at = screen.wait_for("selesai: 2 terkirim", at, Duration::from_secs(30));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));

    let at = fail_over_to_digiflazz(&mut keyboard, &screen, at);

    // The menu's categories end with Lainnya: the demo's one product in no category.
    keyboard.write_all(b"/beli\r").unwrap();
    let at = screen.wait_for("Pilih kategori", at, Duration::from_secs(30));
    let at = screen.wait_for("] Lainnya (1)", at, Duration::from_secs(5));
    screen.wait_for("Anda> ", at, Duration::from_secs(5));

    keyboard.write_all(&[0x03]).unwrap();
    let (exited, exit) = std::sync::mpsc::channel();
    std::thread::spawn(move || exited.send(child.wait()));
    let status = exit
        .recv_timeout(Duration::from_secs(30))
        .expect("the demo stops on Ctrl-C")
        .unwrap();
    assert!(status.success(), "the demo exits cleanly: {status:?}");
    screen.wait_for("dihentikan dan dihapus", at, Duration::from_secs(5));

    // Its throwaway cluster: directory gone and no server left running.
    let base = std::env::temp_dir();
    let prefix = format!("loket-pg-{pid}-");
    let left: Vec<_> = std::fs::read_dir(&base)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .collect();
    assert!(
        left.is_empty(),
        "throwaway PostgreSQL left behind: {left:?}"
    );
    let running = Command::new("pgrep")
        .args(["-f", &prefix])
        .output()
        .unwrap();
    assert!(
        running.stdout.is_empty(),
        "processes left running: {}",
        String::from_utf8_lossy(&running.stdout)
    );
}

#[tokio::test]
async fn the_demo_refuses_a_database_that_has_real_users() {
    let app = crate::helpers::spawn_app(crate::helpers::Options::with_supplier(
        "http://127.0.0.1:9".parse().unwrap(),
    ))
    .await;
    let prices_before = app.count("select sum(price)::bigint from products").await;
    let url = app.db.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_loket"))
            .arg("demo")
            .env("DATABASE_URL", url)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(text.contains("real user(s)"), "{text}");
    assert_eq!(
        app.count("select sum(price)::bigint from products").await,
        prices_before,
        "no demo price was written"
    );
    assert_eq!(app.count("select count(*) from users").await, 2);
    app.finish().await;
}

/// A complaint about the purchase just made (its trxid read off the screen): the admin's
/// message (you are the admin too) with its buttons, and "Kirim ulang hasil" pressed by number.
fn complain_then_resend(keyboard: &mut File, screen: &Screen, at: usize) -> usize {
    let trxid = {
        let text = screen.text.lock().unwrap();
        let found = regex::Regex::new(r"ID transaksi: (\d{20})").unwrap();
        found.captures(&text).expect("the purchase's trxid")[1].to_owned()
    };
    keyboard
        .write_all(format!("/komplain {trxid} belum masuk\r").as_bytes())
        .unwrap();
    let at = screen.wait_for("Komplain #1", at, Duration::from_secs(30));
    let at = screen.wait_for("Kirim ulang hasil", at, Duration::from_secs(30));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));
    keyboard.write_all(b"1\r").unwrap();
    let at = screen.wait_for("Hasil transaksi dikirim ulang", at, Duration::from_secs(30));
    screen.wait_for("Anda> ", at, Duration::from_secs(5))
}

/// A deposit from ticket to credit (the ticket, its QRIS, the sandbox bank's transfer), then the
/// bank's interest with cents beside a fee: both stored, the interest told to the admin (you).
fn deposit_then_interest(keyboard: &mut File, screen: &Screen, at: usize) -> usize {
    keyboard.write_all(b"/deposit 50rb\r").unwrap();
    let at = screen.wait_for("Tiket deposit #1", at, Duration::from_secs(30));
    let at = screen.wait_for("QRIS tiket deposit #1", at, Duration::from_secs(30));
    keyboard.write_all(b"bayar\r").unwrap();
    let at = screen.wait_for("mutasinya dilaporkan", at, Duration::from_secs(30));
    let at = screen.wait_for("Deposit tiket #1 masuk", at, Duration::from_secs(30));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));
    keyboard.write_all(b"bunga\r").unwrap();
    let at = screen.wait_for("\"received\":2", at, Duration::from_secs(30));
    let at = screen.wait_for("tidak bisa dibaca", at, Duration::from_secs(30));
    screen.wait_for("Anda> ", at, Duration::from_secs(5))
}
