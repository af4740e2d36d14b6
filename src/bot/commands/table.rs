//! The command table: the one list `/help`, the Telegram menu and the parser all read.
//!
//! Adding a command is one row here, one handler (its [`Command`](super::Command) variant,
//! parsed in `parse` and run in `bot::handlers`), and one text: its description in
//! `text::commands`. A row the parser does not know fails `every_spec_parses_in_some_form`.
use crate::text::commands::{self as about, Line};

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Anyone,
    Reseller,
    Admin,
}

use Audience::{Admin, Anyone, Reseller};

/// One row of the command table.
#[derive(Debug, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub audience: Audience,
    /// The argument pattern shown in `/help` and usage messages; empty when there are none.
    pub args: &'static str,
    /// What the command is for, from `text::commands`.
    pub about: &'static str,
}

const fn row(
    name: &'static str,
    audience: Audience,
    args: &'static str,
    about: &'static str,
) -> Spec {
    Spec {
        name,
        audience,
        args,
        about,
    }
}

/// In the order `/help` and the menu list them.
#[rustfmt::skip]
pub const SPECS: &[Spec] = &[
    row("start", Anyone, "", about::START),
    row("help", Anyone, "", about::HELP),
    row("beli", Reseller, "[<kode> <tujuan>]", about::BUY),
    row("saldo", Reseller, "", about::BALANCE),
    row("ulang", Reseller, "", about::REPEAT_LAST),
    row("harga", Reseller, "[cari] [halaman]", about::PRICES),
    row("riwayat", Reseller, "", about::HISTORY),
    row("cek", Reseller, "<trxid>", about::CHECK),
    row("mutasi", Reseller, "", about::STATEMENT),
    row("deposit", Reseller, "<nominal>", about::DEPOSIT),
    row("tiket", Reseller, "", about::TICKETS),
    row("batal", Reseller, "<nomor tiket>", about::CANCEL_TICKET),
    row("topup", Admin, "<user_id> <jumlah> [catatan]", about::TOP_UP),
    row("tarik", Admin, "<user_id> <jumlah> [catatan]", about::DEDUCT),
    row("produk", Admin, "<kode> [modal] <harga> <nama…> | csv", about::SET_PRODUCT),
    row("level", Admin, "[tambah <nama> [markup] | markup <nama> <markup> | ganti <nama> <baru> | utama <nama> | harga <nama> <kode> <harga|hapus> | <user_id> <nama>]", about::LEVELS),
    row("kategori", Admin, "[tambah <nama> | ganti <nama> <baru> | hapus <nama> | jam <nama> <HH:MM-HH:MM|hapus>]", about::CATEGORIES),
    row("brand", Admin, "[tambah <nama> [operator] | ganti <nama> <baru> | hapus <nama> | operator <nama> <operator|->]", about::BRANDS),
    row("kelompok", Admin, "<kode> <kategori> <brand>", about::CLASSIFY),
    row("gangguan", Admin, "<kode> [alasan]", about::DISRUPT),
    row("normal", Admin, "<kode>", about::RESTORE),
    row("nonaktif", Admin, "<kode>", about::DEACTIVATE),
    row("aktif", Admin, "<kode>", about::ACTIVATE),
    row("pengguna", Admin, "", about::USERS),
    row("blokir", Admin, "<user_id>", about::BLOCK),
    row("buka", Admin, "<user_id>", about::UNBLOCK),
    row("pending", Admin, "[halaman]", about::PENDING),
    row("selesai", Admin, "<trxid> sukses <SN> | <trxid> gagal", about::SETTLE),
    row("laporan", Admin, "[dari] [sampai] [csv]", about::REPORT),
    row("grafik", Admin, "", about::CHART),
    row("gagalkirim", Admin, "", about::UNDELIVERED),
    row("kirimulang", Admin, "<id>", about::RESEND),
    row("tolak", Admin, "<nomor tiket> <alasan>", about::REJECT_TICKET),
    row("saldoserver", Admin, "[sesuaikan]", about::SUPPLIER_BALANCE),
    row("depositserver", Admin, "<nominal>", about::SUPPLIER_DEPOSIT),
    row("rekening", Admin, "[tambah <bank> <nomor> <atas nama> | hapus <no>]", about::BANK_ACCOUNTS),
];

pub fn spec_of(name: &str) -> &'static Spec {
    SPECS
        .iter()
        .find(|s| s.name == name)
        .expect("every command has a spec")
}

impl Spec {
    fn line(&self) -> Line<'static> {
        Line {
            name: self.name,
            args: self.args,
            about: self.about,
        }
    }
}

/// `/help`: an admin also sees the admin commands, which everyone else's `/help` hides.
pub fn help(is_admin: bool) -> String {
    let lines = |admin: bool| -> Vec<Line> {
        SPECS
            .iter()
            .filter(|s| (s.audience == Admin) == admin)
            .map(Spec::line)
            .collect()
    };
    about::help(&lines(false), is_admin.then(|| lines(true)).as_deref())
}

/// The usage message for a command whose arguments did not fit.
pub fn usage(spec: &Spec, problem: Option<&str>) -> String {
    about::usage(&spec.line(), problem)
}
