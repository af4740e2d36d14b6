//! Replies only admins see. Short, friendly, Indonesian; values from outside are escaped.
use super::bot::status_label;
use super::{OrderFacts, escape};
use crate::domain::{Money, OrderStatus};

/// How [`admin_balance_moved`] says which way the balance went.
pub const ADDED: &str = "ditambah";
pub const DEDUCTED: &str = "dikurangi";

pub fn admin_balance_moved(verb: &str, user_id: i64, amount: Money, balance: Money) -> String {
    format!("✅ Saldo <code>{user_id}</code> {verb} {amount}. Saldo sekarang: <b>{balance}</b>.")
}

pub fn admin_not_registered(user_id: i64) -> String {
    format!(
        "Pengguna <code>{user_id}</code> belum terdaftar. Minta dia mengirim /start ke bot ini dulu."
    )
}

pub fn admin_already_done() -> &'static str {
    "Perintah ini sudah diproses sebelumnya; tidak ada perubahan."
}

pub fn admin_cannot_deduct(user_id: i64, balance: Money, amount: Money) -> String {
    format!("Saldo <code>{user_id}</code> hanya {balance}; tidak bisa dikurangi {amount}.")
}

pub fn product_saved(code: &str, name: &str, price: Money) -> String {
    format!(
        "✅ Produk <code>{}</code> {} disimpan, harga {price}, aktif.",
        escape(code),
        escape(name)
    )
}

pub fn product_toggled(code: &str, active: bool) -> String {
    let state = if active {
        "diaktifkan"
    } else {
        "dinonaktifkan"
    };
    format!("✅ Produk <code>{}</code> {state}.", escape(code))
}

pub fn product_missing(code: &str) -> String {
    format!(
        "Produk <code>{}</code> tidak ada. Tambahkan dengan /produk.",
        escape(code)
    )
}

pub fn user_block_changed(user_id: i64, blocked: bool) -> String {
    let state = if blocked {
        "diblokir"
    } else {
        "dibuka blokirnya"
    };
    format!("✅ Pengguna <code>{user_id}</code> {state}.")
}

pub struct UserLine<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub username: Option<&'a str>,
    pub balance: Money,
    pub blocked: bool,
    pub level: &'a str,
}

pub fn users(lines: &[UserLine]) -> String {
    if lines.is_empty() {
        return "Belum ada reseller terdaftar.".into();
    }
    let mut out = String::from("<b>Reseller</b>\n");
    for u in lines {
        let at = u
            .username
            .map(|n| format!(" @{}", escape(n)))
            .unwrap_or_default();
        let blocked = if u.blocked { " ⛔" } else { "" };
        out.push_str(&format!(
            "<code>{}</code> {}{at} — {} · {}{blocked}\n",
            u.user_id,
            escape(u.name),
            u.balance,
            escape(u.level)
        ));
    }
    out
}

/// The note an order keeps when an admin settles it with `/selesai` and gives none.
pub const SETTLED_BY_COMMAND: &str = "diselesaikan lewat /selesai";

pub fn settled(trxid: &str, status: OrderStatus) -> String {
    format!(
        "✅ Transaksi <code>{trxid}</code> diselesaikan: {}. Reseller sudah diberi tahu.",
        status_label(status)
    )
}

pub fn settle_unchanged(trxid: &str, status: OrderStatus) -> String {
    format!(
        "Transaksi <code>{trxid}</code> sudah {}; tidak ada perubahan.",
        status_label(status)
    )
}

pub fn settle_conflict(trxid: &str, status: OrderStatus) -> String {
    format!(
        "⚠️ Transaksi <code>{trxid}</code> sudah final ({}). Keputusan Anda dicatat sebagai konflik; saldo tidak diubah.",
        status_label(status)
    )
}

pub fn settle_still_sending(trxid: &str) -> String {
    format!(
        "Transaksi <code>{trxid}</code> masih dikirim ke supplier. Tunggu jawabannya, lalu coba lagi."
    )
}

pub const SETTLE_CONFIRM_YES: &str = "Ya, gagalkan";
pub const SETTLE_CONFIRM_NO: &str = "Batal";

/// Asked before failing an order the supplier has accepted.
pub fn settle_pending_question(o: &OrderFacts) -> String {
    format!(
        "⚠️ Transaksi <code>{}</code> ({} ke <code>{}</code>, {}) sudah <b>diterima supplier</b> dan mungkin masih dikirim.\n\
         Jika digagalkan sekarang, saldo reseller dikembalikan {}; kalau supplier ternyata tetap mengirim, uang itu hilang dari kita.\n\
         Sebaiknya cek dulu di supplier. Tetap gagalkan?",
        o.trxid,
        escape(o.product_code),
        escape(o.destination),
        o.price,
        o.price,
    )
}

pub fn settle_question_cancelled(trxid: &str, status: Option<OrderStatus>) -> String {
    let now = status.map_or("tidak ditemukan", status_label);
    format!(
        "Dibatalkan. Transaksi <code>{trxid}</code> tidak digagalkan; statusnya sekarang {now}."
    )
}

/// The order left `pending` between the question and the press: someone else decided.
pub fn settle_moved(trxid: &str, status: OrderStatus) -> String {
    format!(
        "Transaksi <code>{trxid}</code> sudah {} sejak pertanyaan ini; tidak ada yang diubah.",
        status_label(status)
    )
}

/// A press on a question that was already answered (plain text).
pub fn settle_question_answered(confirmed: bool, status: Option<OrderStatus>) -> String {
    let now = status.map_or("tidak ditemukan", status_label);
    if confirmed {
        format!("Sudah diproses sebelumnya. Status transaksi sekarang: {now}.")
    } else {
        format!("Pertanyaan ini sudah dibatalkan. Status transaksi sekarang: {now}.")
    }
}

pub fn admin_stuck_order(trxid: &str, status: &str, minutes: i64) -> String {
    format!(
        "⏰ Transaksi <code>{trxid}</code> masih <b>{}</b> setelah {minutes} menit. Cek di supplier lalu /selesai.",
        escape(status)
    )
}

/// As long as the findings are: the outbox sends it as several messages when it must.
pub fn admin_invariant_violation(details: &str) -> String {
    format!(
        "🚨 <b>Pemeriksaan pembukuan gagal.</b> Pembelian dihentikan sampai diperbaiki.\n<pre>{}</pre>",
        escape(details.trim_end())
    )
}
