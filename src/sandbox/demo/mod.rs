//! `loket demo`: the real `serve` path in a sandbox on this machine. A throwaway PostgreSQL
//! (unless `DATABASE_URL` is set), the supplier simulator and the fake Telegram Bot API run
//! in-process; the terminal is the reseller's chat.
mod bank;
mod catalogue;
mod chat;
mod seed;

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use secrecy::SecretString;

use crate::config::{Settings, Source};
use crate::sandbox::sim::bank::SimBank;
use crate::sandbox::sim::biller::{SimBiller, SimConfig};
use crate::sandbox::sim::telegram::{FakeConfig, FakeTelegram, FakeUser};
use crate::sandbox::throwaway_pg::ThrowawayPostgres;
use crate::startup::{self, Application};

pub use seed::{DEMO_USER, STARTING_BALANCE};

/// Short enough that a supplier that never answers (destination ending in 5) turns `unknown`
/// while the person is still watching.
const SUPPLIER_TIMEOUT_SECS: &str = "5";
/// Long enough to see "diproses" before the result.
const CALLBACK_DELAY: Duration = Duration::from_secs(2);
const HANG: Duration = Duration::from_secs(12);

pub async fn run(database_url: Option<String>) -> anyhow::Result<()> {
    let log_path = std::env::temp_dir().join("loket-demo.log");
    crate::telemetry::init_to_file(&log_path)
        .with_context(|| format!("cannot write the log file {}", log_path.display()))?;
    println!("Menyiapkan sandbox loket…");

    // Declared first so it is dropped (server stopped, directory removed) last.
    let mut throwaway = None;
    let database_url = match database_url {
        Some(url) => url,
        None => {
            let pg = tokio::task::spawn_blocking(|| ThrowawayPostgres::start(false))
                .await?
                .context("cannot start a throwaway PostgreSQL (or set DATABASE_URL)")?;
            let url = pg.url().to_owned();
            throwaway = Some(pg);
            url
        }
    };
    let tg = FakeTelegram::start(FakeConfig::default()).await?;
    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let sim_addr = sim_listener.local_addr()?;
    let secrets = Secrets::new();
    let settings = settings(&database_url, &tg, sim_addr, &secrets)?;
    let Secrets {
        password,
        callback_token,
        mutation_token,
        mutation_secret,
    } = secrets;

    let pool = startup::connect(&SecretString::from(database_url)).await?;
    startup::migrate(&pool).await?;
    seed::seed(&pool).await.context("cannot seed the sandbox")?;
    let bank_pool = pool.clone();
    let app = Application::build_with_pool(settings, pool).await?;
    let app_addr = app.local_addr();

    let callback_url = format!(
        "http://{}/biller/callback/{callback_token}",
        app.local_addr()
    );
    let sim = SimBiller::new(SimConfig {
        user: "demo".into(),
        password: SecretString::from(password),
        callback_url: Some(callback_url.parse()?),
        callback_delay: CALLBACK_DELAY,
        hang: HANG,
        reversal_delay: Duration::ZERO,
    });
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let sim_task = tokio::spawn(sim.serve(sim_listener, stopped(stop_rx.clone())));
    let server = tokio::spawn(app.run_until_stopped(stopped(stop_rx)));
    if !tg.wait_until_polling(Duration::from_secs(30)).await {
        anyhow::bail!("the bot did not start; see {}", log_path.display());
    }

    let webhook = format!("http://{}/deposit/mutasi/{mutation_token}", app_addr);
    let bank = bank::DemoBank {
        pool: bank_pool,
        bank: SimBank::new(webhook.parse()?, Some(mutation_secret)),
    };
    print!("{}", banner(&log_path, throwaway.is_some()));
    let user = FakeUser::new(DEMO_USER, seed::DEMO_NAME);
    chat::run(&tg, &user, &bank).await;

    println!("Menghentikan sandbox…");
    let _ = stop_tx.send(true);
    let served = server.await.context("loket task failed")?;
    let _ = sim_task.await;
    tg.shutdown().await;
    if let Some(mut pg) = throwaway {
        tokio::task::spawn_blocking(move || pg.stop()).await?;
        println!("PostgreSQL sementara dihentikan dan dihapus.");
    }
    served
}

/// The secrets of one sandbox run, fresh each time.
struct Secrets {
    password: String,
    callback_token: String,
    mutation_token: String,
    mutation_secret: String,
}

impl Secrets {
    fn new() -> Self {
        Self {
            password: random_hex(16),
            callback_token: random_hex(24),
            mutation_token: random_hex(24),
            mutation_secret: random_hex(16),
        }
    }
}

/// The settings loket runs with in the sandbox, as its environment would give them.
fn settings(
    database_url: &str,
    tg: &FakeTelegram,
    sim_addr: std::net::SocketAddr,
    s: &Secrets,
) -> anyhow::Result<Settings> {
    let vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", database_url.to_owned()),
        ("TELOXIDE_TOKEN", tg.token().to_owned()),
        ("TELOXIDE_API_URL", tg.url()),
        ("BILLER_URL", format!("http://{sim_addr}")),
        ("BILLER_USER", "demo".to_owned()),
        ("BILLER_PASSWORD", s.password.clone()),
        ("BILLER_TIMEOUT_SECS", SUPPLIER_TIMEOUT_SECS.to_owned()),
        ("HTTP_ADDR", "127.0.0.1:0".to_owned()),
        ("CALLBACK_TOKEN", s.callback_token.clone()),
        ("CALLBACK_ALLOW_IPS", "127.0.0.1".to_owned()),
        ("ADMIN_IDS", DEMO_USER.to_string()),
        ("QRIS_STATIC", seed::DEMO_QRIS.to_owned()),
        ("DEPOSIT_WEBHOOK_TOKEN", s.mutation_token.clone()),
        ("DEPOSIT_WEBHOOK_SECRET", s.mutation_secret.clone()),
    ]);
    Ok(Settings::from_source(&Source(|k| vars.get(k).cloned()))?)
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

fn banner(log: &std::path::Path, throwaway: bool) -> String {
    let db = if throwaway {
        "PostgreSQL sementara (dihapus saat keluar)"
    } else {
        "PostgreSQL dari DATABASE_URL"
    };
    format!(
        "
loket demo: bot sungguhan dengan {db}, simulator pemasok, dan Telegram tiruan,
semuanya di komputer ini. Anda reseller sekaligus admin (ID {DEMO_USER}), saldo awal Rp{saldo}.

Coba ketik:
  /harga                      daftar produk dan harga (/harga 2: halaman 2)
  /harga pulsa                cari produk
  /beli s5 081234567890       beli pulsa; SUKSES dengan SN menyusul dalam ±2 detik
  s5.081234567890             sama, tanpa perintah; beberapa baris = beberapa pembelian,
                              s5.2.081234567890 sengaja membeli lagi; /ulang mengulang
  /beli s5 085612345670       nomor Indosat untuk produk Telkomsel: bot bertanya dulu
  /beli                       beli lewat menu: kategori, brand, produk (ketik nomor
                              tombolnya), lalu kirim nomor tujuan; produk tanpa kategori
                              (wifi5) ada di Lainnya
  081234567890                nomor saja: produk operatornya sebagai tombol
  /struk <trxid> 7rb          struk transaksi yang berhasil, gambar untuk pelanggan, dengan
                              harga jual Anda (trxid dari pesan SUKSES atau /riwayat)
  /gangguan s5 sibuk          (admin) produk gangguan; /normal s5 memulihkannya
  /kategori   /brand          (admin) kategori (jam tutup PLN) dan brand, ±90 produk
  /saldo   /riwayat   /help
  /komplain <trxid> belum masuk
                              komplain transaksi; sebagai admin Anda menerima pesannya
                              dengan tombol Kirim ulang hasil, Refund penuh, Tolak, Balas
  /topup {DEMO_USER} 50000     (admin) isi saldo reseller
  /pending                    (admin) transaksi yang belum selesai
  /siaran Promo pulsa murah!  (admin) pengumuman ke semua reseller: pratinjau, lalu tekan
                              ✅ Kirim; ringkasannya menyusul
  /refund <trxid> penuh salah (admin) refund transaksi SUKSES (atau jumlah, mis. 2000;
                              tambahkan supplier bila pemasok mengembalikan modalnya)
  /deposit 50rb               minta tiket deposit (nominal + kode unik, dengan QRIS)
  bayar                       bank sandbox mentransfer tiket terbuka terakhir; saldo
                              masuk otomatis dari mutasi (atau tekan ✅ Terima sebagai admin)
  bunga                       bank sandbox melaporkan bunga bersen: disimpan, tidak
                              dikreditkan, admin diberi tahu
  /tiket   /rekening          tiket Anda; rekening tujuan (admin)
  /level                      (admin) level harga; /level {DEMO_USER} agen memindahkan Anda,
                              lalu /harga menunjukkan harga level itu; /level harga agen
                              s5 5000 ditolak: di bawah modal
  /rute s5                    (admin) rute supplier produk (default: utama); /rute s5
                              utama:s5:5600 ditolak: modal tidak di bawah harga jual
  /saldoserver                (admin) saldo deposit di pemasok dan kecocokannya
  /supplier                   (admin) daftar pemasok; /supplier jeda utama stok kosong
                              menjedanya (tercatat di /audit), /supplier aktif utama lagi
  /laporan   /laporan csv     (admin) laporan hari ini; sebagai file CSV
  /produk csv                 (admin) seluruh katalog sebagai file CSV (disimpan di folder
                              sementara; ubah, lalu kirim balik dengan :kirim <path>)
  :kirim katalog.csv          kirim berkas dari komputer ini sebagai dokumen: sebagai admin,
                              CSV katalog diimpor (pratinjau, lalu tekan ✅ Terapkan)
  /laporan bulan ini          (admin) atau rentang: /laporan 1/11 15/11
  /grafik                     (admin) grafik penjualan dan laba 30 hari
  /audit   /audit csv         (admin) jejak audit: siapa mengubah apa, dari apa menjadi apa;
                              sebagai file CSV

Digit terakhir nomor tujuan menentukan jawaban simulator pemasok:
  …0          sukses lewat callback
  …1 …2 …3    gagal langsung, saldo kembali
  …4          gagal lewat callback, saldo kembali
  …5          pemasok diam {SUPPLIER_TIMEOUT_SECS} detik: status unknown, lalu SUKSES menyusul
  …6          HTTP 500: status unknown sampai admin memakai /selesai
  …7          callback datang sebelum jawaban pemasok
  …8          callback SUKSES terkirim dua kali (dicatat sekali)
  …9          SUKSES lalu dibatalkan pemasok: saldo dikembalikan

Ctrl-C untuk keluar. Log aplikasi: {log}
",
        saldo = crate::domain::group_thousands(STARTING_BALANCE.rupiah().unsigned_abs(), '.'),
        log = log.display(),
    )
}
