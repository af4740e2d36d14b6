//! What each command is for, and the `/help` and usage texts. The command table itself (names,
//! who may run them, argument patterns) belongs to the bot, which hands its rows here as plain
//! [`Line`]s: text knows how to say things, not which commands exist.
use super::escape;

pub const START: &str = "daftar dan lihat ID Telegram Anda";
pub const HELP: &str = "daftar perintah";
pub const BUY: &str = "beli produk, contoh: /beli s5 081234567890; /beli saja untuk memilih lewat menu, atau kirim nomor HP saja untuk melihat produk operatornya";
pub const BALANCE: &str = "cek saldo";
pub const PRICES: &str =
    "daftar produk dan harga Anda per halaman; cari dengan kata, contoh: /harga pulsa, /harga 2";
pub const HISTORY: &str = "transaksi terakhir";
pub const CHECK: &str = "detail satu transaksi";
pub const CHECK_PLN: &str = "nama dan daya pelanggan PLN sebelum membeli token, dari nomor meter (11 angka) atau ID pelanggan (12 angka)";
pub const RECEIPT: &str = "struk transaksi yang berhasil, sebagai gambar untuk pelanggan Anda, dengan harga jual Anda bila ditulis, contoh: /struk 26120514300000000001 25rb";
pub const STATEMENT: &str = "mutasi saldo terakhir";
pub const TOP_UP: &str = "isi saldo reseller";
pub const DEDUCT: &str = "kurangi saldo reseller";
pub const SET_PRODUCT: &str = "tambah atau ubah produk; modal (harga dari supplier) boleh ditulis sebelum harga jual, yang tidak boleh di bawahnya; csv: katalog sebagai berkas CSV (kirim balik untuk impor); sync digiflazz: daftar harga Digiflazz ke rute";
pub const LEVELS: &str = "level harga: markup di atas modal (Rp atau %), level default, level reseller, harga khusus per produk (tidak di bawah modal)";
pub const ROUTE: &str = "rute supplier produk: siapa yang menjual, dengan kode dan modal apa, urut dicoba; contoh: /rute s5 utama:s5,digiflazz:xld5:5150; hapus: kembali ke supplier utama";
pub const DEACTIVATE: &str = "nonaktifkan produk";
pub const ACTIVATE: &str = "aktifkan produk, juga yang dihentikan otomatis karena penjualan rugi";
pub const USERS: &str = "daftar reseller, saldo dan level harganya";
pub const BLOCK: &str = "blokir reseller";
pub const UNBLOCK: &str = "buka blokir reseller";
pub const PENDING: &str = "transaksi yang belum selesai, per halaman";
pub const SETTLE: &str = "selesaikan transaksi manual";
pub const REFUND: &str = "refund transaksi SUKSES, penuh atau sebagian; tambahkan supplier bila supplier mengembalikan modalnya, tanpa itu kerugian ditanggung toko";
pub const REPORT: &str = "laporan penjualan dan laba; tanggal 1/11, 1/11/2026, 2026-11-01, hari ini, kemarin, minggu ini, bulan ini, bulan lalu; dua tanggal untuk rentang; csv untuk file transaksinya, contoh: /laporan 1/11 15/11 csv";
pub const CHART: &str = "grafik penjualan dan laba harian 30 hari terakhir";
pub const UNDELIVERED: &str = "pesan yang ditolak Telegram (terbaru dulu)";
pub const RESEND: &str = "kirim ulang pesan dari /gagalkirim";
pub const AUDIT: &str =
    "jejak audit: siapa mengubah apa, dari apa menjadi apa (terbaru dulu); csv untuk filenya";
pub const DEPOSIT: &str = "minta tiket deposit (transfer dengan kode unik), contoh: /deposit 100rb; admin: /deposit saja untuk tiket terbuka";
pub const TICKETS: &str = "tiket deposit Anda dan statusnya";
pub const CANCEL_TICKET: &str = "batalkan tiket deposit yang masih terbuka";
pub const REJECT_TICKET: &str = "tolak tiket deposit dengan alasan untuk reseller";
pub const COMPLAIN: &str = "komplain transaksi; tanpa argumen: daftar komplain";
pub const REPLY_COMPLAINT: &str = "balas komplain reseller";
pub const REJECT_COMPLAINT: &str = "tolak komplain dengan alasan";
pub const SUPPLIER_BALANCE: &str =
    "saldo deposit di supplier, kapan dilaporkan, dan selisihnya dengan catatan loket";
pub const SUPPLIER_DEPOSIT: &str = "catat setoran Anda ke supplier agar saldonya tetap cocok";
pub const SUPPLIERS: &str =
    "daftar supplier, status dan saldonya; jeda supplier dengan alasan, atau aktifkan kembali";
pub const BANK_ACCOUNTS: &str = "rekening tujuan deposit: lihat, tambah, hapus";
pub const BROADCAST: &str = "kirim pengumuman ke semua reseller (pratinjau dulu, lalu ✅ Kirim)";
pub const REPEAT_LAST: &str = "ulangi pembelian terakhir Anda (produk dan tujuan yang sama)";
pub const CATEGORIES: &str = "kategori produk (Pulsa, Data, PLN, …): lihat, tambah, ganti nama, hapus, jam tutup harian (WIB)";
pub const BRANDS: &str =
    "brand produk (Telkomsel, DANA, …): lihat, tambah, ganti nama, hapus, operator nomor HP-nya";
pub const CLASSIFY: &str =
    "masukkan produk ke kategori dan brand (tanpa kategori, menu /beli menampilkannya di Lainnya)";
pub const DISRUPT: &str =
    "tandai produk sedang gangguan (tetap tampil, pembelian ditolak dengan alasannya)";
pub const RESTORE: &str = "produk gangguan kembali normal";

/// The ways of buying besides `/beli`, shown in everyone's `/help`.
const QUICK_FORMATS: &str = "\n<b>Cara cepat membeli</b>\n\
<code>KODE.TUJUAN</code> — sama dengan /beli, contoh: <code>s5.081234567890</code>\n\
<code>KODE.N.TUJUAN</code> — sengaja beli lagi produk dan tujuan yang sama hari ini, N = 2, 3, …, tanpa pertanyaan ulang\n\
Beberapa baris dalam satu pesan (maksimal 10) — satu pembelian per baris, tiap baris dijawab sendiri\n\
Kirim nomor HP saja — pilih produk operatornya lewat tombol\n\
/beli tanpa kode — pilih kategori, brand dan produk lewat tombol\n";

/// One command as `/help` and a usage message show it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub name: &'a str,
    /// The argument pattern, e.g. `<kode> <tujuan>`; empty when there are none.
    pub args: &'a str,
    pub about: &'a str,
}

fn usage_line(line: &Line) -> String {
    let args = if line.args.is_empty() {
        String::new()
    } else {
        format!(" {}", escape(line.args))
    };
    format!("/{}{args}", line.name)
}

/// `/help`: the commands everyone may run, then, for an admin, the admin's own.
pub fn help(everyone: &[Line], admin: Option<&[Line]>) -> String {
    let mut out = String::from("<b>Perintah</b>\n");
    for line in everyone {
        out.push_str(&format!("{} — {}\n", usage_line(line), escape(line.about)));
    }
    out.push_str(QUICK_FORMATS);
    if let Some(admin) = admin {
        out.push_str("\n<b>Admin</b>\n");
        for line in admin {
            out.push_str(&format!("{} — {}\n", usage_line(line), escape(line.about)));
        }
    }
    out.push_str("\nJumlah boleh ditulis 50000, 50.000 atau 50rb.");
    out
}

/// A command whose arguments do not fit: what is wrong, if known, then how to write it.
pub fn usage(line: &Line, problem: Option<&str>) -> String {
    let problem = problem
        .map(|p| format!("{}\n", escape(p)))
        .unwrap_or_default();
    format!(
        "{problem}Format: <code>{}</code>\n{}",
        usage_line(line),
        escape(line.about)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_shows_the_admin_section_only_when_given() {
        let everyone = [Line {
            name: "beli",
            args: "<kode> <tujuan>",
            about: BUY,
        }];
        let admin = [Line {
            name: "topup",
            args: "",
            about: TOP_UP,
        }];
        let reseller = help(&everyone, None);
        assert!(reseller.contains("/beli &lt;kode&gt; &lt;tujuan&gt; — beli produk"));
        assert!(!reseller.contains("Admin") && !reseller.contains("/topup"));
        let full = help(&everyone, Some(&admin));
        assert!(full.contains("\n<b>Admin</b>\n/topup — isi saldo reseller\n"));
    }
}
