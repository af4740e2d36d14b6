//! The commands resellers and admins type, parsed by hand rather than by `BotCommands`:
//! arguments split on any whitespace, names are case-insensitive and may carry `@botname`, and
//! every malformed command gets the usage line of the command it was meant to be.
use crate::domain::{Destination, Money, ProductCode, TrxId};

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Anyone,
    Reseller,
    Admin,
}

/// One row of the command table: the single source of `/help` and the Telegram menu.
#[derive(Debug, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub args: &'static str,
    pub about: &'static str,
    pub audience: Audience,
}

pub const SPECS: &[Spec] = &[
    Spec {
        name: "start",
        args: "",
        about: "daftar dan lihat ID Telegram Anda",
        audience: Audience::Anyone,
    },
    Spec {
        name: "help",
        args: "",
        about: "daftar perintah",
        audience: Audience::Anyone,
    },
    Spec {
        name: "beli",
        args: "<kode> <tujuan>",
        about: "beli produk, contoh: /beli s5 081234567890",
        audience: Audience::Reseller,
    },
    Spec {
        name: "saldo",
        args: "",
        about: "cek saldo",
        audience: Audience::Reseller,
    },
    Spec {
        name: "harga",
        args: "[cari] [halaman]",
        about: "daftar produk dan harga per halaman; cari dengan kata, contoh: /harga pulsa, /harga 2",
        audience: Audience::Reseller,
    },
    Spec {
        name: "riwayat",
        args: "",
        about: "transaksi terakhir",
        audience: Audience::Reseller,
    },
    Spec {
        name: "cek",
        args: "<trxid>",
        about: "detail satu transaksi",
        audience: Audience::Reseller,
    },
    Spec {
        name: "mutasi",
        args: "",
        about: "mutasi saldo terakhir",
        audience: Audience::Reseller,
    },
    Spec {
        name: "topup",
        args: "<user_id> <jumlah> [catatan]",
        about: "isi saldo reseller",
        audience: Audience::Admin,
    },
    Spec {
        name: "tarik",
        args: "<user_id> <jumlah> [catatan]",
        about: "kurangi saldo reseller",
        audience: Audience::Admin,
    },
    Spec {
        name: "produk",
        args: "<kode> <harga> <nama…>",
        about: "tambah atau ubah produk",
        audience: Audience::Admin,
    },
    Spec {
        name: "nonaktif",
        args: "<kode>",
        about: "nonaktifkan produk",
        audience: Audience::Admin,
    },
    Spec {
        name: "aktif",
        args: "<kode>",
        about: "aktifkan produk",
        audience: Audience::Admin,
    },
    Spec {
        name: "pengguna",
        args: "",
        about: "daftar reseller dan saldonya",
        audience: Audience::Admin,
    },
    Spec {
        name: "blokir",
        args: "<user_id>",
        about: "blokir reseller",
        audience: Audience::Admin,
    },
    Spec {
        name: "buka",
        args: "<user_id>",
        about: "buka blokir reseller",
        audience: Audience::Admin,
    },
    Spec {
        name: "pending",
        args: "[halaman]",
        about: "transaksi yang belum selesai, per halaman",
        audience: Audience::Admin,
    },
    Spec {
        name: "selesai",
        args: "<trxid> sukses <SN> | <trxid> gagal",
        about: "selesaikan transaksi manual",
        audience: Audience::Admin,
    },
    Spec {
        name: "laporan",
        args: "[YYYY-MM-DD]",
        about: "laporan harian",
        audience: Audience::Admin,
    },
    Spec {
        name: "gagalkirim",
        args: "",
        about: "pesan yang ditolak Telegram (terbaru dulu)",
        audience: Audience::Admin,
    },
    Spec {
        name: "kirimulang",
        args: "<id>",
        about: "kirim ulang pesan dari /gagalkirim",
        audience: Audience::Admin,
    },
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    Buy {
        product: ProductCode,
        destination: Destination,
    },
    Balance,
    /// Page `page` (from 1) of the price list, or of the products matching `filter`.
    Prices {
        filter: Option<String>,
        page: usize,
    },
    History,
    Check {
        trxid: TrxId,
    },
    Statement,
    TopUp {
        user_id: i64,
        amount: Money,
        note: String,
    },
    Deduct {
        user_id: i64,
        amount: Money,
        note: String,
    },
    SetProduct {
        code: ProductCode,
        price: Money,
        name: String,
    },
    Deactivate {
        code: ProductCode,
    },
    Activate {
        code: ProductCode,
    },
    Users,
    Block {
        user_id: i64,
    },
    Unblock {
        user_id: i64,
    },
    Pending {
        page: usize,
    },
    Settle {
        trxid: TrxId,
        success_sn: Option<String>,
        note: String,
    },
    Report {
        date: Option<chrono::NaiveDate>,
    },
    Undelivered,
    Resend {
        outbox_id: i64,
    },
}

/// Why a message is not a command we can run, with what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a command at all (plain text).
    NotACommand,
    /// Addressed to another bot in a group: stay quiet.
    OtherBot,
    Unknown(String),
    /// The command exists but its arguments do not fit; `problem` says what is wrong.
    Usage {
        spec: &'static Spec,
        problem: Option<String>,
    },
}

impl Command {
    pub fn audience(&self) -> Audience {
        spec_of(self.name()).audience
    }

    pub fn name(&self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Help => "help",
            Command::Buy { .. } => "beli",
            Command::Balance => "saldo",
            Command::Prices { .. } => "harga",
            Command::History => "riwayat",
            Command::Check { .. } => "cek",
            Command::Statement => "mutasi",
            Command::TopUp { .. } => "topup",
            Command::Deduct { .. } => "tarik",
            Command::SetProduct { .. } => "produk",
            Command::Deactivate { .. } => "nonaktif",
            Command::Activate { .. } => "aktif",
            Command::Users => "pengguna",
            Command::Block { .. } => "blokir",
            Command::Unblock { .. } => "buka",
            Command::Pending { .. } => "pending",
            Command::Settle { .. } => "selesai",
            Command::Report { .. } => "laporan",
            Command::Undelivered => "gagalkirim",
            Command::Resend { .. } => "kirimulang",
        }
    }
}

pub fn spec_of(name: &str) -> &'static Spec {
    SPECS
        .iter()
        .find(|s| s.name == name)
        .expect("every command has a spec")
}

mod parse;

pub use parse::parse;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
