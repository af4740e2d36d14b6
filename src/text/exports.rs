//! The .xlsx exports: `/laporan … xlsx`, `/pengguna xlsx`, `/mutasi <user_id> xlsx`: their
//! sheets' names and headers, file names, captions and refusals.
use chrono::NaiveDate;

/// `/pengguna xlsx`'s header row, in the order of its columns.
pub const USERS_HEADER: [&str; 7] = [
    "user_id",
    "nama",
    "username",
    "saldo",
    "level",
    "status",
    "terdaftar_wib",
];

/// `/mutasi <user_id> xlsx`'s header row, in the order of its columns.
pub const LEDGER_HEADER: [&str; 6] = [
    "waktu_wib",
    "jenis",
    "jumlah",
    "saldo_setelah",
    "trxid",
    "catatan",
];

pub const ORDERS_SHEET: &str = "Transaksi";
pub const USERS_SHEET: &str = "Reseller";
pub const LEDGER_SHEET: &str = "Mutasi";

/// A reseller's standing in `/pengguna xlsx`: a block outranks a registration still waiting.
pub fn user_status(blocked: bool, approved: bool) -> &'static str {
    if !blocked && !approved {
        "menunggu persetujuan"
    } else {
        super::audit::blocked(blocked)
    }
}

pub fn users_file_name(today: NaiveDate) -> String {
    format!("pengguna-{}.xlsx", today.format("%Y-%m-%d"))
}

pub fn users_caption(rows: usize) -> String {
    format!("📄 Reseller: {rows} baris, dengan saldo dan level harganya.")
}

pub const NO_USERS: &str = "Belum ada reseller terdaftar.";

pub fn users_too_many(max: usize) -> String {
    format!(
        "⚠️ Reseller lebih dari {} orang, terlalu banyak untuk satu file.",
        crate::domain::group_thousands(max as u64, '.')
    )
}

pub fn ledger_file_name(user_id: i64, today: NaiveDate) -> String {
    format!("mutasi-{user_id}-{}.xlsx", today.format("%Y-%m-%d"))
}

pub fn ledger_caption(user_id: i64, rows: usize) -> String {
    format!("📄 Mutasi saldo <code>{user_id}</code>: {rows} baris.")
}

pub fn ledger_empty(user_id: i64) -> String {
    format!("Belum ada mutasi saldo untuk <code>{user_id}</code>.")
}

pub fn ledger_too_many(user_id: i64, max: usize) -> String {
    format!(
        "⚠️ Mutasi saldo <code>{user_id}</code> lebih dari {} baris, terlalu banyak untuk satu file.",
        crate::domain::group_thousands(max as u64, '.')
    )
}

/// A reseller naming someone (even themselves) or asking for a file: their own `/mutasi` is
/// the one they may read.
pub const OTHERS_LEDGER_REFUSED: &str = "⛔ Mutasi saldo reseller lain dan filenya hanya untuk admin. Ketik /mutasi saja untuk mutasi saldo Anda.";

/// An admin's `/mutasi xlsx` without whose.
pub const LEDGER_WHOSE: &str = "Tulis user_id resellernya, contoh: /mutasi 123456789 xlsx";
