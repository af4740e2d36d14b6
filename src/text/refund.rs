//! What loket says about a refund of a delivered order (R36): to the reseller, to admins, and
//! the reasons one is refused.
use chrono::{DateTime, Utc};

use super::bot::wib;
use super::{OrderFacts, cap, escape};
use crate::domain::Money;
use crate::domain::refund::{RefundMark, RefundSource};

/// The mark `/cek`, `/riwayat` and `/mutasi` put on a refunded order.
pub fn refunded_mark(amount: Money) -> String {
    format!("DIREFUND {amount}")
}

/// Who bore a refund, in words.
pub fn source(source: RefundSource) -> &'static str {
    match source {
        RefundSource::Shop => "ditanggung toko",
        RefundSource::Supplier => "dikembalikan supplier",
    }
}

/// To the reseller, queued with the refund.
pub fn to_reseller(o: &OrderFacts, amount: Money, reason: &str, balance: Money) -> String {
    cap(format!(
        "↩️ <b>{}</b>\nTransaksi {} ke <code>{}</code> (harga {}) direfund admin.\nAlasan: {}\nSaldo {} sudah dikembalikan. Saldo sekarang: {}\nID transaksi: <code>{}</code>",
        refunded_mark(amount),
        escape(o.product_name),
        escape(o.destination),
        o.price,
        escape(reason),
        amount,
        balance,
        o.trxid,
    ))
}

/// To every admin, queued with the refund.
pub fn to_admins(
    trxid: &str,
    user_id: i64,
    admin_id: i64,
    mark: &RefundMark,
    reason: &str,
) -> String {
    cap(format!(
        "↩️ Transaksi <code>{trxid}</code> {} ({}) oleh admin <code>{admin_id}</code> ke pengguna <code>{user_id}</code>.\nAlasan: {}",
        refunded_mark(mark.amount),
        source(mark.source),
        escape(reason),
    ))
}

/// The admin's answer: done.
pub fn done(trxid: &str, mark: &RefundMark, balance: Money) -> String {
    format!(
        "✅ Transaksi <code>{trxid}</code> {} ({}). Saldo pengguna sekarang {balance}.",
        refunded_mark(mark.amount),
        source(mark.source),
    )
}

/// Refused: someone refunded it already (or this same command did, delivered again).
pub fn already(trxid: &str, mark: &RefundMark) -> String {
    format!(
        "ℹ️ Transaksi <code>{trxid}</code> sudah direfund {} oleh admin <code>{}</code> pada {} WIB ({}). Tidak ada refund kedua.",
        mark.amount,
        mark.by,
        wib(mark.at),
        source(mark.source),
    )
}

/// Refused: the supplier reversed it, and the reseller has the whole price back already.
pub fn after_reversal(trxid: &str, at: DateTime<Utc>) -> String {
    format!(
        "⛔ Transaksi <code>{trxid}</code> sudah dibatalkan supplier (reversal) pada {} WIB dan saldonya sudah dikembalikan. Tidak bisa direfund.",
        wib(at)
    )
}

/// Refused: only a SUKSES is refunded.
pub fn not_success(trxid: &str, status: &str) -> String {
    format!(
        "⛔ Transaksi <code>{trxid}</code> berstatus <b>{status}</b>. Hanya transaksi SUKSES yang bisa direfund; transaksi yang masih terbuka diselesaikan dengan /selesai."
    )
}

/// Refused: more than the reseller paid.
pub fn too_much(trxid: &str, asked: Money, paid: Money) -> String {
    format!(
        "⛔ Refund {asked} melebihi yang dibayar untuk transaksi <code>{trxid}</code> ({paid}). Pakai jumlah dari Rp1 sampai {paid}, atau <code>penuh</code>."
    )
}

/// A supplier's reversal that came after an admin's refund: no money moved, admins decide.
pub fn reversal_after_refund(trxid: &str, user_id: i64, mark: &RefundMark) -> String {
    cap(format!(
        "⚠️ Supplier membatalkan transaksi <code>{trxid}</code> (pengguna <code>{user_id}</code>), tetapi transaksi ini sudah {} oleh admin <code>{}</code> pada {} WIB. Saldo tidak diubah lagi; periksa dengan supplier.",
        refunded_mark(mark.amount),
        mark.by,
        wib(mark.at),
    ))
}
