//! What the demo prints before the chat starts: what is running, what to type, and what each
//! destination's last digit makes the simulated suppliers answer.
use super::SUPPLIER_TIMEOUT_SECS;
use super::seed::{DEMO_USER, STARTING_BALANCE};

pub(super) fn banner(log: &std::path::Path, throwaway: bool) -> String {
    let db = if throwaway {
        "PostgreSQL sementara (dihapus saat keluar)"
    } else {
        "PostgreSQL dari DATABASE_URL"
    };
    format!(
        "
loket demo: bot sungguhan dengan {db}, dua simulator pemasok
(utama dan Digiflazz) dan Telegram tiruan, semuanya di komputer ini. Anda reseller
sekaligus admin (ID {DEMO_USER}), saldo awal Rp{saldo}.

Coba ketik:
  /start                      sapaan toko dengan saldo Anda dan tombol Beli, Saldo, Harga,
                              Deposit (ketik nomor tombolnya: sama dengan perintahnya)
  /harga                      daftar harga per kategori dan brand; tombol ◀ ▶ membuka
                              halaman lain di pesan yang sama (/harga 2: halaman 2)
  /harga pulsa                cari produk; tombolnya tetap dalam pencarian
  /beli s5 081234567890       beli pulsa; SUKSES dengan SN menyusul dalam ±2 detik
  s5.081234567890             sama, tanpa perintah; beberapa baris = beberapa pembelian,
                              s5.2.081234567890 sengaja membeli lagi; /ulang mengulang;
                              s5.081234567890.1234 (dengan PIN) dijawab tanpa membeli
  /beli s5 085612345670       nomor Indosat untuk produk Telkomsel: bot bertanya dulu
  /beli                       beli lewat menu: kategori, brand, produk (ketik nomor
                              tombolnya), lalu kirim nomor tujuan; produk tanpa kategori
                              (wifi5) ada di Lainnya
  081234567890                nomor saja: produk operatornya sebagai tombol
  /struk <trxid> 7rb          struk transaksi yang berhasil, gambar untuk pelanggan, dengan
                              harga jual Anda (trxid dari pesan SUKSES atau /riwayat)
  /gangguan s5 sibuk          (admin) produk gangguan; /normal s5 memulihkannya
  /kategori   /brand          (admin) kategori (jam tutup PLN) dan brand, ±90 produk
  /saldo   /riwayat   /help   saldo, harga, deposit 50rb juga tanpa garis miring
  /komplain <trxid> belum masuk
                              komplain transaksi; sebagai admin Anda menerima pesannya
                              dengan tombol Kirim ulang hasil, Refund penuh, Tolak, Balas
{admin}
{outcomes}Ctrl-C untuk keluar. Log aplikasi: {log}
",
        saldo = crate::domain::group_thousands(STARTING_BALANCE.rupiah().unsigned_abs(), '.'),
        log = log.display(),
        outcomes = outcomes(),
        admin = admin_lines(),
    )
}

/// The lines about what an admin (and the sandbox bank) can try, after the reseller's.
fn admin_lines() -> String {
    format!(
        "  /topup {DEMO_USER} 50000     (admin) isi saldo reseller
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
  /rute s10 utama:s10,digiflazz:tsel10:10250
                              (admin) s10 dijual utama, lalu Digiflazz bila utama gagal
                              (utama sedang tanpa rute untuk s10: selalu ROUTE)
  /beli s10 081234567895      utama menjawab ROUTE, transaksi pindah ke Digiflazz: pesan
                              diproses, lalu SUKSES dengan SN Digiflazz lewat webhooknya,
                              saldo dipotong sekali; lihat /supplier, /rute s10,
                              /saldoserver digiflazz
  /produk sync digiflazz      (admin) daftar harga Digiflazz dibandingkan dengan rute:
                              modal berubah, tidak dijual, di bawah harga jual, SKU baru;
                              tekan ✅ Terapkan (paling sering sekali per 5 menit)
  /cekpln 14234567890         (Digiflazz) nama dan daya pelanggan PLN, tanpa membeli
  /saldoserver                (admin) saldo deposit di pemasok dan kecocokannya
  /supplier                   (admin) daftar pemasok; /supplier jeda utama stok kosong
                              menjedanya (tercatat di /audit), /supplier aktif utama lagi
  /laporan   /laporan csv     (admin) laporan hari ini; sebagai file CSV
  /laporan xlsx  /pengguna xlsx  /mutasi <user_id> xlsx
                              (admin) file Excel: transaksi, reseller, mutasi satu reseller
  /produk csv                 (admin) seluruh katalog sebagai file CSV (disimpan di folder
                              sementara; ubah, lalu kirim balik dengan :kirim <path>)
  :kirim katalog.csv          kirim berkas dari komputer ini sebagai dokumen: sebagai admin,
                              CSV katalog diimpor (pratinjau, lalu tekan ✅ Terapkan)
  /laporan bulan ini          (admin) atau rentang: /laporan 1/11 15/11
  /grafik                     (admin) grafik penjualan dan laba 30 hari
  /audit   /audit csv         (admin) jejak audit: siapa mengubah apa, dari apa menjadi apa;
                              sebagai file CSV
"
    )
}

/// What each destination's last digit makes the two simulated suppliers answer.
fn outcomes() -> String {
    format!(
        "Digit terakhir nomor tujuan menentukan jawaban simulator pemasok:
  …0          sukses lewat callback
  …1 …2 …3    gagal langsung, saldo kembali
  …4          gagal lewat callback, saldo kembali
  …5          pemasok diam {SUPPLIER_TIMEOUT_SECS} detik: status unknown, lalu SUKSES menyusul
  …6          HTTP 500: status unknown sampai admin memakai /selesai
  …7          callback datang sebelum jawaban pemasok
  …8          callback SUKSES terkirim dua kali (dicatat sekali)
  …9          SUKSES lalu dibatalkan pemasok: saldo dikembalikan
Produk yang dirutekan ke Digiflazz pindah ke sana setelah GAGAL …1 …2 …3 …4 di utama;
di Digiflazz …0-…4 sukses, …5 pending lalu sukses, …7 nomor salah, …8 produk gangguan.

"
    )
}
