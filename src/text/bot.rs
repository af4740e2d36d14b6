//! Replies to commands. Short, friendly, Indonesian; values from outside are escaped.
use chrono::{DateTime, Utc};

use super::{cap, escape};
use crate::bot::commands::{Audience, SPECS, Spec};
use crate::domain::{Money, OrderStatus};

pub const NOT_A_COMMAND: &str = "Ketik /help untuk melihat daftar perintah.";
pub const ADMIN_ONLY: &str = "⛔ Perintah ini khusus admin.";
pub const BLOCKED: &str = "⛔ Akun Anda diblokir. Hubungi admin untuk informasi lebih lanjut.";
pub const MAINTENANCE: &str = "🛠 Pembelian sedang dihentikan sementara untuk pemeriksaan sistem. Saldo Anda aman. Silakan coba lagi nanti.";
pub const INTERNAL_ERROR: &str = "Maaf, sedang ada gangguan. Silakan coba lagi sebentar lagi.";
pub const CONFIRM_YES: &str = "Ya, beli lagi";
pub const CONFIRM_NO: &str = "Batal";
pub const CONFIRM_GONE: &str = "Konfirmasi ini sudah tidak berlaku.";
pub const CONFIRM_NOT_YOURS: &str = "Tombol ini bukan untuk Anda.";

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

fn usage_line(spec: &Spec) -> String {
    let args = if spec.args.is_empty() {
        String::new()
    } else {
        format!(" {}", escape(spec.args))
    };
    format!("/{}{args}", spec.name)
}

pub fn help(is_admin: bool) -> String {
    let mut out = String::from("<b>Perintah</b>\n");
    for spec in SPECS.iter().filter(|s| s.audience != Audience::Admin) {
        out.push_str(&format!("{} — {}\n", usage_line(spec), escape(spec.about)));
    }
    if is_admin {
        out.push_str("\n<b>Admin</b>\n");
        for spec in SPECS.iter().filter(|s| s.audience == Audience::Admin) {
            out.push_str(&format!("{} — {}\n", usage_line(spec), escape(spec.about)));
        }
    }
    out.push_str("\nJumlah boleh ditulis 50000, 50.000 atau 50rb.");
    out
}

pub fn welcome(name: &str, user_id: i64, balance: Money, is_admin: bool) -> String {
    cap(format!(
        "👋 Selamat datang di loket, {}!\nID Telegram Anda: <code>{user_id}</code>\nSaldo: <b>{balance}</b>\nKirim ID ini ke admin untuk isi saldo.\n\n{}",
        escape(name),
        help(is_admin)
    ))
}

pub fn unknown_command(name: &str) -> String {
    format!(
        "Perintah /{} tidak dikenal. Ketik /help untuk daftar perintah.",
        escape(name)
    )
}

pub fn usage(spec: &Spec, problem: Option<&str>) -> String {
    let problem = problem
        .map(|p| format!("{}\n", escape(p)))
        .unwrap_or_default();
    format!(
        "{problem}Format: <code>{}</code>\n{}",
        usage_line(spec),
        escape(spec.about)
    )
}

pub fn balance(balance: Money) -> String {
    format!("💰 Saldo Anda: <b>{balance}</b>")
}

pub fn insufficient(balance: Money, price: Money) -> String {
    format!(
        "Saldo tidak cukup. Saldo: <b>{balance}</b>, harga: <b>{price}</b>. Hubungi admin untuk isi saldo."
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
        "Pesanan dari pesan ini sudah diterima: <code>{trxid}</code> ({}).",
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

pub struct PriceLine<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub price: Money,
}

pub fn prices(lines: &[PriceLine], filter: Option<&str>) -> String {
    if lines.is_empty() {
        return match filter {
            Some(f) => format!("Tidak ada produk yang cocok dengan \"{}\".", escape(f)),
            None => "Belum ada produk.".into(),
        };
    }
    let mut out = String::from("<b>Daftar harga</b>\n");
    for l in lines {
        out.push_str(&format!(
            "<code>{}</code> {} — {}\n",
            escape(l.code),
            escape(l.name),
            l.price
        ));
    }
    out.push_str("\nBeli: /beli &lt;kode&gt; &lt;tujuan&gt;");
    cap(out)
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
}

pub fn history(orders: &[OrderLine]) -> String {
    if orders.is_empty() {
        return "Belum ada transaksi.".into();
    }
    let mut out = String::from("<b>Transaksi terakhir</b>\n");
    for o in orders {
        let sn =
            o.sn.map(|s| format!(" SN <code>{}</code>", escape(s)))
                .unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} <code>{}</code> {}{sn}\n<code>{}</code>\n",
            wib(o.created_at),
            status_label(o.status),
            escape(o.product_code),
            escape(o.destination),
            o.price,
            o.trxid
        ));
    }
    cap(out)
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
        out.push_str(&format!("\nSN: <code>{}</code>", escape(sn)));
    }
    if let (OrderStatus::Failed, Some(reason)) = (o.status, o.reason) {
        out.push_str(&format!("\nKeterangan: {}", escape(reason)));
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

pub fn statement(lines: &[StatementLine]) -> String {
    if lines.is_empty() {
        return "Belum ada mutasi saldo.".into();
    }
    let mut out = String::from("<b>Mutasi saldo</b>\n");
    for l in lines {
        let what = match l.kind.as_str() {
            "topup" => "isi saldo",
            "deduction" => "penarikan",
            "hold" => "pembelian",
            "void" => "pengembalian",
            "reversal" => "pembatalan supplier",
            other => other,
        };
        let sign = if l.amount.rupiah() > 0 { "+" } else { "" };
        out.push_str(&format!(
            "{} {what} {sign}{} → {}\n",
            wib(l.at),
            l.amount,
            l.balance_after
        ));
    }
    cap(out)
}

pub fn topped_up_notice(amount: Money, balance: Money) -> String {
    format!("💰 Saldo Anda ditambah <b>{amount}</b>. Saldo sekarang: <b>{balance}</b>.")
}

pub fn deducted_notice(amount: Money, balance: Money) -> String {
    format!("💸 Saldo Anda dikurangi <b>{amount}</b> oleh admin. Saldo sekarang: <b>{balance}</b>.")
}

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
            "<code>{}</code> {}{at} — {}{blocked}\n",
            u.user_id,
            escape(u.name),
            u.balance
        ));
    }
    cap(out)
}

pub fn pending(orders: &[OrderLine], stuck_after_minutes: i64, now: DateTime<Utc>) -> String {
    if orders.is_empty() {
        return "Tidak ada transaksi yang menunggu. 👍".into();
    }
    // Raw statuses: an admin needs to tell `unknown` (ours to chase) from `pending`.
    let mut out = String::from("<b>Belum selesai</b> (terlama dulu)\n");
    for o in orders {
        let age = (now - o.created_at).num_minutes();
        let flag = if age >= stuck_after_minutes {
            "⏰ "
        } else {
            ""
        };
        out.push_str(&format!(
            "{flag}<code>{}</code> {} {} <code>{}</code> {} · {} menit · {}\n",
            o.trxid,
            wib(o.created_at),
            escape(o.product_code),
            escape(o.destination),
            o.price,
            age,
            o.status
        ));
    }
    out.push_str(
        "\nSelesaikan: /selesai &lt;trxid&gt; sukses &lt;SN&gt; atau /selesai &lt;trxid&gt; gagal",
    );
    cap(out)
}

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

pub fn admin_stuck_order(trxid: &str, status: &str, minutes: i64) -> String {
    format!(
        "⏰ Transaksi <code>{trxid}</code> masih <b>{}</b> setelah {minutes} menit. Cek di supplier lalu /selesai.",
        escape(status)
    )
}

pub fn admin_invariant_violation(details: &str) -> String {
    cap(format!(
        "🚨 <b>Pemeriksaan pembukuan gagal.</b> Pembelian dihentikan sampai diperbaiki.\n<pre>{}</pre>",
        escape(details)
    ))
}

pub struct ReportFigures {
    pub date: chrono::NaiveDate,
    pub success: i64,
    pub failed: i64,
    pub open: i64,
    pub sales: Money,
    pub cost: Money,
}

pub fn report(r: &ReportFigures) -> String {
    let margin = r.sales.checked_sub(r.cost).unwrap_or_default();
    format!(
        "<b>Laporan {}</b>\nSukses: {}\nGagal: {}\nBelum selesai: {}\nPenjualan: {}\nBiaya supplier: {}\nMargin: <b>{margin}</b>",
        r.date.format("%Y-%m-%d"),
        r.success,
        r.failed,
        r.open,
        r.sales,
        r.cost
    )
}
