//! What each command is for, and the `/help` and usage texts. The command table itself (names,
//! who may run them, argument patterns) belongs to the bot, which hands its rows here as plain
//! [`Line`]s: text knows how to say things, not which commands exist.
use super::escape;

/// The most characters of a command's menu description: Telegram shows it on one line beside
/// the command, and cuts what does not fit.
pub const MAX_SHORT_CHARS: usize = 40;

/// What a command is for: `short` goes to Telegram's menu (at most [`MAX_SHORT_CHARS`]) and
/// leads its `/help` line; `more`, when not empty, follows it there and in its usage message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    pub short: &'static str,
    pub more: &'static str,
}

impl About {
    const fn short(short: &'static str) -> Self {
        Self { short, more: "" }
    }

    const fn more(short: &'static str, more: &'static str) -> Self {
        Self { short, more }
    }

    /// `short`, then `more` when there is more to say.
    fn full(&self) -> String {
        if self.more.is_empty() {
            self.short.to_owned()
        } else {
            format!("{}; {}", self.short, self.more)
        }
    }
}

pub const START: About = About::short("daftar, lihat saldo dan ID Telegram");
pub const HELP: About = About::short("daftar perintah");
pub const BUY: About = About::more(
    "beli produk",
    "contoh: /beli s5 081234567890; /beli saja untuk memilih lewat menu, atau kirim nomor HP saja untuk melihat produk operatornya",
);
pub const BALANCE: About = About::more("cek saldo", "juga bisa diketik tanpa garis miring: saldo");
pub const PRICES: About = About::more(
    "daftar produk dan harga",
    "per kategori dan brand, per halaman dengan tombol ◀ ▶; cari dengan kata, contoh: /harga pulsa, /harga 2; juga tanpa garis miring: harga",
);
pub const HISTORY: About = About::short("transaksi terakhir");
pub const CHECK: About = About::short("detail satu transaksi");
pub const CHECK_PLN: About = About::more(
    "cek nama pelanggan PLN",
    "nama dan daya pelanggan sebelum membeli token, dari nomor meter (11 angka) atau ID pelanggan (12 angka)",
);
pub const RECEIPT: About = About::more(
    "struk transaksi untuk pelanggan",
    "transaksi yang berhasil, sebagai gambar untuk pelanggan Anda, dengan harga jual Anda bila ditulis, contoh: /struk 26120514300000000001 25rb",
);
pub const STATEMENT: About = About::more(
    "mutasi saldo terakhir",
    "user_id (admin): mutasi reseller itu; xlsx: seluruh mutasinya sebagai file Excel",
);
pub const TOP_UP: About = About::short("isi saldo reseller");
pub const DEDUCT: About = About::short("kurangi saldo reseller");
pub const SET_PRODUCT: About = About::more(
    "tambah atau ubah produk",
    "modal (harga dari supplier) boleh ditulis sebelum harga jual, yang tidak boleh di bawahnya; csv: katalog sebagai berkas CSV (kirim balik untuk impor); sync digiflazz: daftar harga Digiflazz ke rute",
);
pub const LEVELS: About = About::more(
    "level harga reseller",
    "markup di atas modal (Rp atau %), level default, level reseller, harga khusus per produk (tidak di bawah modal)",
);
pub const ROUTE: About = About::more(
    "rute supplier produk",
    "siapa yang menjual, dengan kode dan modal apa, urut dicoba; contoh: /rute s5 utama:s5,digiflazz:xld5:5150; hapus: kembali ke supplier utama",
);
pub const DEACTIVATE: About = About::short("nonaktifkan produk");
pub const ACTIVATE: About = About::more(
    "aktifkan produk",
    "juga yang dihentikan otomatis karena penjualan rugi",
);
pub const USERS: About = About::more(
    "daftar reseller",
    "saldo dan level harganya; xlsx: semua reseller sebagai file Excel",
);
pub const BLOCK: About = About::short("blokir reseller");
pub const UNBLOCK: About = About::short("buka blokir reseller");
pub const PENDING: About = About::more(
    "transaksi yang belum selesai",
    "per halaman dengan tombol ◀ ▶; /pending 2: halaman 2",
);
pub const SETTLE: About = About::short("selesaikan transaksi manual");
pub const REFUND: About = About::more(
    "refund transaksi SUKSES",
    "penuh atau sebagian; tambahkan supplier bila supplier mengembalikan modalnya, tanpa itu kerugian ditanggung toko",
);
pub const REPORT: About = About::more(
    "laporan penjualan dan laba",
    "tanggal 1/11, 1/11/2026, 2026-11-01, hari ini, kemarin, minggu ini, bulan ini, bulan lalu; dua tanggal untuk rentang; csv atau xlsx (Excel) untuk file transaksinya, contoh: /laporan 1/11 15/11 xlsx",
);
pub const CHART: About = About::more(
    "grafik penjualan 30 hari",
    "penjualan dan laba harian 30 hari terakhir",
);
pub const UNDELIVERED: About = About::more("pesan yang ditolak Telegram", "terbaru dulu");
pub const RESEND: About = About::short("kirim ulang pesan dari /gagalkirim");
pub const AUDIT: About = About::more(
    "jejak audit perubahan",
    "siapa mengubah apa, dari apa menjadi apa (terbaru dulu); csv untuk filenya",
);
pub const DEPOSIT: About = About::more(
    "minta tiket deposit",
    "transfer dengan kode unik, contoh: /deposit 100rb (juga tanpa garis miring: deposit 100rb); admin: /deposit saja untuk tiket terbuka",
);
pub const TICKETS: About = About::short("tiket deposit Anda dan statusnya");
pub const CANCEL_TICKET: About = About::more("batalkan tiket deposit", "yang masih terbuka");
pub const REJECT_TICKET: About = About::more("tolak tiket deposit", "dengan alasan untuk reseller");
pub const COMPLAIN: About = About::more("komplain transaksi", "tanpa argumen: daftar komplain");
pub const REPLY_COMPLAINT: About = About::short("balas komplain reseller");
pub const REJECT_COMPLAINT: About = About::short("tolak komplain dengan alasan");
pub const SUPPLIER_BALANCE: About = About::more(
    "saldo deposit di supplier",
    "kapan dilaporkan, dan selisihnya dengan catatan loket",
);
pub const SUPPLIER_DEPOSIT: About =
    About::more("catat setoran ke supplier", "agar saldonya tetap cocok");
pub const SUPPLIERS: About = About::more(
    "daftar dan jeda supplier",
    "status dan saldonya; jeda supplier dengan alasan, atau aktifkan kembali",
);
pub const BANK_ACCOUNTS: About = About::more("rekening tujuan deposit", "lihat, tambah, hapus");
pub const BROADCAST: About = About::more(
    "pengumuman ke semua reseller",
    "pratinjau dulu, lalu ✅ Kirim",
);
pub const REPEAT_LAST: About =
    About::more("ulangi pembelian terakhir", "produk dan tujuan yang sama");
pub const CATEGORIES: About = About::more(
    "kategori produk",
    "Pulsa, Data, PLN, …: lihat, tambah, ganti nama, hapus, jam tutup harian (WIB)",
);
pub const BRANDS: About = About::more(
    "brand produk",
    "Telkomsel, DANA, …: lihat, tambah, ganti nama, hapus, operator nomor HP-nya",
);
pub const CLASSIFY: About = About::more(
    "masukkan produk ke kategori dan brand",
    "tanpa kategori, menu /beli menampilkannya di Lainnya",
);
pub const DISRUPT: About = About::more(
    "tandai produk sedang gangguan",
    "tetap tampil, pembelian ditolak dengan alasannya",
);
pub const RESTORE: About = About::short("produk gangguan kembali normal");

/// The ways of buying besides `/beli`, shown in everyone's `/help`.
const QUICK_FORMATS: &str = "\n<b>Cara cepat membeli</b>\n\
<code>KODE.TUJUAN</code> — sama dengan /beli, contoh: <code>s5.081234567890</code>\n\
<code>KODE.N.TUJUAN</code> — sengaja beli lagi produk dan tujuan yang sama hari ini, N = 2, 3, …, tanpa pertanyaan ulang\n\
Beberapa baris dalam satu pesan (maksimal 10) — satu pembelian per baris, tiap baris dijawab sendiri\n\
Kirim nomor HP saja — pilih produk operatornya lewat tombol\n\
/beli tanpa kode — pilih kategori, brand dan produk lewat tombol\n\
Di sini tanpa PIN: <code>s5.081234567890</code>, bukan <code>s5.081234567890.1234</code>\n\
<code>saldo</code>, <code>harga</code>, <code>deposit 100rb</code> — boleh tanpa garis miring\n";

/// One command as `/help` and a usage message show it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub name: &'a str,
    /// The argument pattern, e.g. `<kode> <tujuan>`; empty when there are none.
    pub args: &'a str,
    pub about: About,
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
        out.push_str(&format!(
            "{} — {}\n",
            usage_line(line),
            escape(&line.about.full())
        ));
    }
    out.push_str(QUICK_FORMATS);
    if let Some(admin) = admin {
        out.push_str("\n<b>Admin</b>\n");
        for line in admin {
            out.push_str(&format!(
                "{} — {}\n",
                usage_line(line),
                escape(&line.about.full())
            ));
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
        escape(&line.about.full())
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
        assert!(
            reseller.contains("/beli &lt;kode&gt; &lt;tujuan&gt; — beli produk; contoh: /beli s5")
        );
        assert!(!reseller.contains("Admin") && !reseller.contains("/topup"));
        let full = help(&everyone, Some(&admin));
        assert!(full.contains("\n<b>Admin</b>\n/topup — isi saldo reseller\n"));
    }
}
