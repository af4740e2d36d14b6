//! Replies to commands. Short, friendly, Indonesian; values from outside are escaped.
use chrono::{DateTime, Utc};

use super::{cap, escape};
use crate::domain::{Money, OrderStatus, SupportContact};

pub const NOT_A_COMMAND: &str = "Ketik /help untuk melihat daftar perintah.";
pub const PRIVATE_ONLY: &str = "Gunakan bot ini lewat chat pribadi.";
pub const ADMIN_ONLY: &str = "⛔ Perintah ini khusus admin.";
pub const BUTTON_ADMIN_ONLY: &str = "⛔ Tombol ini khusus admin.";
pub const MAINTENANCE: &str = "🛠 Pembelian sedang dihentikan sementara untuk pemeriksaan sistem. Saldo Anda aman. Silakan coba lagi nanti.";
pub const INTERNAL_ERROR: &str = "Maaf, sedang ada gangguan. Silakan coba lagi sebentar lagi.";
pub const CONFIRM_YES: &str = "Ya, beli lagi";
pub const CONFIRM_NO: &str = "Batal";
pub const CONFIRM_GONE: &str = "Konfirmasi ini sudah tidak berlaku.";
pub const CONFIRM_NOT_YOURS: &str = "Tombol ini bukan untuk Anda.";
/// To a chat over its flood budget: once per flood, and for every purchase it sends meanwhile.
pub const FLOODED: &str = "⚠️ Anda mengirim pesan terlalu cepat. Pesan Anda selama satu menit ini tidak kami proses, termasuk pembelian (saldo tidak terpotong). Tunggu sebentar, lalu kirim lagi.";
/// The same, short enough for a button's pop-up.
pub const FLOODED_SHORT: &str = "Terlalu cepat. Tunggu sebentar, lalu coba lagi.";

/// Local time for people: WIB (UTC+7), which has no daylight saving.
pub fn wib(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%d/%m %H:%M")
        .to_string()
}

pub fn status_label(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Sending | OrderStatus::Pending | OrderStatus::Unknown => "⏳ diproses",
        OrderStatus::Success => "✅ SUKSES",
        OrderStatus::Failed => "❌ GAGAL",
    }
}

/// To someone blocked by an admin, who is told whom to contact.
pub fn blocked(contact: Option<&SupportContact>) -> String {
    format!(
        "⛔ Akun Anda diblokir. Hubungi {} untuk informasi lebih lanjut.",
        super::registration::admin(contact)
    )
}

/// What /start's greeting says.
pub struct Welcome<'a> {
    /// `SHOP_NAME`, else the bot's own name.
    pub shop: &'a str,
    pub name: &'a str,
    pub user_id: i64,
    pub balance: Money,
    pub contact: Option<&'a SupportContact>,
    /// `REGISTRATION=approval` and not approved yet: they may neither buy nor deposit.
    pub waiting: bool,
}

/// The quick buttons under the greeting, in the order of `telegram::buttons::quick::Quick::ALL`:
/// /beli, /saldo, /harga, /deposit.
pub const QUICK_BUTTONS: [&str; 4] = ["🛒 Beli", "💰 Saldo", "📋 Harga", "➕ Deposit"];

/// /start: the shop greets them, says who they are, their balance and how to fund it, whom to
/// contact; while they wait for approval, only that they wait.
pub fn welcome(w: &Welcome) -> String {
    let contact_line = match w.contact {
        Some(c) => format!("\nBantuan: {}", escape(c.as_str())),
        None => String::new(),
    };
    let next = if w.waiting {
        super::registration::waiting(w.contact)
    } else {
        "Isi saldo dengan /deposit, contoh: <code>/deposit 100rb</code>.\nPilih tombol di bawah, atau ketik /help untuk semua perintah.".to_owned()
    };
    cap(format!(
        "👋 Selamat datang di {}, {}!\nID Telegram Anda: <code>{}</code>\nSaldo: <b>{}</b>{contact_line}\n\n{next}",
        escape(w.shop),
        escape(w.name),
        w.user_id,
        w.balance,
    ))
}

pub fn unknown_command(name: &str) -> String {
    format!(
        "Perintah /{} tidak dikenal. Ketik /help untuk daftar perintah.",
        escape(name)
    )
}

pub fn balance(balance: Money) -> String {
    format!("💰 Saldo Anda: <b>{balance}</b>")
}

pub fn insufficient(balance: Money, price: Money, contact: Option<&SupportContact>) -> String {
    format!(
        "Saldo tidak cukup. Saldo: <b>{balance}</b>, harga: <b>{price}</b>. Isi saldo dengan /deposit, contoh: <code>/deposit 100rb</code>, atau hubungi {}.",
        super::registration::admin(contact)
    )
}

pub fn unknown_product(code: &str) -> String {
    format!(
        "Produk <code>{}</code> tidak ditemukan. Lihat daftar di /harga.",
        escape(code)
    )
}

pub fn inactive_product(name: &str) -> String {
    format!(
        "Produk {} sedang tidak tersedia. Lihat produk lain di /harga.",
        escape(name)
    )
}

pub fn already_placed(trxid: &str, status: OrderStatus) -> String {
    format!(
        "Transaksi dari pesan ini sudah diterima: <code>{trxid}</code> ({}).",
        status_label(status)
    )
}

pub fn confirm_repeat(product: &str, destination: &str, window_minutes: u64) -> String {
    format!(
        "⚠️ Anda sudah membeli <b>{}</b> ke <code>{}</code> dalam {window_minutes} menit terakhir. Beli lagi?",
        escape(product),
        escape(destination)
    )
}

pub fn confirm_accepted(product: &str, destination: &str) -> String {
    format!(
        "👍 Dikonfirmasi: {} ke <code>{}</code>.",
        escape(product),
        escape(destination)
    )
}

pub fn confirm_cancelled(product: &str, destination: &str) -> String {
    format!(
        "Dibatalkan: {} ke <code>{}</code>. Saldo tidak dipotong.",
        escape(product),
        escape(destination)
    )
}

pub struct OrderLine<'a> {
    pub trxid: &'a str,
    pub product_code: &'a str,
    pub product_name: &'a str,
    pub destination: &'a str,
    pub price: Money,
    pub status: OrderStatus,
    pub sn: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    /// What an admin refunded of it (R36), if anything.
    pub refunded: Option<Money>,
}

pub fn history(orders: &[OrderLine]) -> String {
    if orders.is_empty() {
        return "Belum ada transaksi.".into();
    }
    let mut out = String::from("<b>Transaksi terakhir</b>\n");
    for o in orders {
        let sn =
            o.sn.map(|s| format!(" {}", super::receipts::sn_short(s)))
                .unwrap_or_default();
        let refunded = o
            .refunded
            .map(|r| format!(" ↩️ {}", super::refund::refunded_mark(r)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} <code>{}</code> {}{sn}{refunded}\n<code>{}</code>\n",
            wib(o.created_at),
            status_label(o.status),
            escape(o.product_code),
            escape(o.destination),
            o.price,
            o.trxid
        ));
    }
    out
}

pub fn order_detail(o: &OrderLine) -> String {
    let mut out = format!(
        "<b>Transaksi</b> <code>{}</code>\nWaktu: {}\nProduk: {} ({})\nTujuan: <code>{}</code>\nHarga: {}\nStatus: {}",
        o.trxid,
        wib(o.created_at),
        escape(o.product_name),
        escape(o.product_code),
        escape(o.destination),
        o.price,
        status_label(o.status),
    );
    if let Some(sn) = o.sn {
        // A PLN token laid out in its parts, as in the SUKSES message.
        out.push('\n');
        out.push_str(&super::receipts::sn_lines(sn));
    }
    if let (OrderStatus::Failed, Some(reason)) = (o.status, o.reason) {
        out.push_str(&format!("\nKeterangan: {}", escape(reason)));
    }
    if let Some(refunded) = o.refunded {
        let mark = super::refund::refunded_mark(refunded);
        out.push_str(&format!("\n↩️ <b>{mark}</b>"));
    }
    cap(out)
}

pub fn order_not_found() -> &'static str {
    "Transaksi tidak ditemukan. Lihat /riwayat untuk ID transaksi Anda."
}

pub struct StatementLine {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub amount: Money,
    pub balance_after: Money,
}

/// A ledger movement's kind as a reseller reads it.
pub fn movement(kind: &str) -> &str {
    match kind {
        "topup" => "isi saldo",
        "deduction" => "penarikan",
        "hold" => "pembelian",
        "void" => "pengembalian",
        "reversal" => "pembatalan supplier",
        "refund" => "DIREFUND",
        other => other,
    }
}

/// `of`: the reseller an admin asked about, named in the heading; `None` for one's own.
pub fn statement(lines: &[StatementLine], of: Option<i64>) -> String {
    let whose = of.map_or(String::new(), |id| format!(" <code>{id}</code>"));
    if lines.is_empty() {
        return match of {
            Some(_) => format!("Belum ada mutasi saldo pengguna{whose}."),
            None => "Belum ada mutasi saldo.".into(),
        };
    }
    let mut out = format!("<b>Mutasi saldo</b>{whose}\n");
    for l in lines {
        let what = movement(&l.kind);
        // A refund reads as its mark, "DIREFUND Rp…", the same as on the order.
        let sign = if l.amount.rupiah() > 0 && l.kind != "refund" {
            "+"
        } else {
            ""
        };
        out.push_str(&format!(
            "{} {what} {sign}{} → {}\n",
            wib(l.at),
            l.amount,
            l.balance_after
        ));
    }
    out
}

pub fn topped_up_notice(amount: Money, balance: Money) -> String {
    format!("💰 Saldo Anda ditambah <b>{amount}</b>. Saldo sekarang: <b>{balance}</b>.")
}

pub fn deducted_notice(amount: Money, balance: Money) -> String {
    format!("💸 Saldo Anda dikurangi <b>{amount}</b> oleh admin. Saldo sekarang: <b>{balance}</b>.")
}
