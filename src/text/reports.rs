//! `/laporan`, its CSV, `/grafik` and the daily summary, as admins read them.
use chrono::NaiveDate;

use super::escape;
use crate::domain::Money;
use crate::domain::period::{ArgsError, MAX_DAYS, Period, RangeError};

/// A report's figures, as [`report`] shows them; `reports` computes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub period: Period,
    pub success: i64,
    pub failed: i64,
    /// Sending, pending or unknown: the money is still held.
    pub open: i64,
    /// What resellers paid for successful orders.
    pub revenue: Money,
    /// What the supplier charged for the successful orders whose charge is known.
    pub cost: Money,
    /// Revenue of those same orders minus their cost, less the refunds booked in the range (a
    /// supplier's refund less the cost it paid back): orders with no known cost are left out
    /// rather than guessed.
    pub profit: Money,
    /// Successful orders with no known cost at all.
    pub uncosted: i64,
    /// Supplier reversals (SUKSES turned GAGAL, refunded) booked in the range.
    pub reversals: i64,
    pub reversed: Money,
    /// Admins' refunds of SUKSES booked in the range (R36), by who bore them.
    pub refunds: Refunds,
    pub deposits: i64,
    pub deposited: Money,
    pub topups: i64,
    pub topped_up: Money,
    pub deductions: i64,
    pub deducted: Money,
    pub top_products: Vec<Top>,
    pub top_resellers: Vec<Top>,
}

/// Refunds booked in a range: those the shop bore, and those the supplier paid the cost of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refunds {
    pub shop: i64,
    pub shop_amount: Money,
    pub supplier: i64,
    pub supplier_amount: Money,
    /// What the supplier paid back for its refunds: their orders' cost.
    pub cost_back: Money,
}

/// One line of a ranking: a product (`key` its code) or a reseller (`key` their id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Top {
    pub key: String,
    pub name: String,
    pub orders: i64,
    pub revenue: Money,
    pub profit: Money,
}

/// `26/11/2025`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `26/11/2025`, or `01/11/2025 – 15/11/2025 (15 hari)`.
pub fn period(p: &Period) -> String {
    if p.is_one_day() {
        date(p.from)
    } else {
        format!("{} – {} ({} hari)", date(p.from), date(p.to), p.days())
    }
}

pub fn report(f: &Figures) -> String {
    let mut out = format!(
        "📊 <b>Laporan {}</b>\nSukses: {}\nGagal: {}\nDalam proses: {}\nPenjualan: {}\nBiaya supplier: {}\nLaba: <b>{}</b>",
        period(&f.period),
        f.success,
        f.failed,
        f.open,
        f.revenue,
        f.cost,
        f.profit
    );
    if f.uncosted > 0 {
        out.push_str(&format!(
            "\n⚠️ {} transaksi sukses tanpa biaya supplier yang diketahui: tidak dihitung dalam biaya dan laba.",
            f.uncosted
        ));
    }
    let r = &f.refunds;
    out.push_str(&format!(
        "\nRefund ditanggung toko: {} ({})\nRefund dari supplier: {} ({}, modal kembali {})",
        r.shop, r.shop_amount, r.supplier, r.supplier_amount, r.cost_back
    ));
    out.push_str(&format!(
        "\nReversal: {} ({})\nDeposit: {} ({})\nTopup admin: {} ({})\nTarik admin: {} ({})",
        f.reversals,
        f.reversed,
        f.deposits,
        f.deposited,
        f.topups,
        f.topped_up,
        f.deductions,
        f.deducted
    ));
    top_list(&mut out, "Produk teratas", &f.top_products);
    top_list(&mut out, "Reseller teratas", &f.top_resellers);
    out
}

fn top_list(out: &mut String, title: &str, tops: &[Top]) {
    if tops.is_empty() {
        return;
    }
    out.push_str(&format!("\n\n<b>{title}</b>"));
    for (i, t) in tops.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. <code>{}</code> {} — {}× {}, laba {}",
            i + 1,
            escape(&t.key),
            escape(&t.name),
            t.orders,
            t.revenue,
            t.profit
        ));
    }
}

/// Why the words after `/laporan` are no dates (shown under its usage line).
pub fn args_error(e: &ArgsError) -> String {
    match e {
        ArgsError::Unreadable(word) => format!(
            "«{}» bukan tanggal. Tulis 1/11, 1/11/2026, 2026-11-01, hari ini, kemarin, minggu ini, bulan ini atau bulan lalu",
            escape(word)
        ),
        ArgsError::TooMany => {
            "paling banyak dua tanggal: dari dan sampai, contoh: /laporan 1/11 15/11".into()
        }
    }
}

/// Why the dates do not make a range.
pub fn range_error(e: &RangeError) -> String {
    match e {
        RangeError::NoSuchDay { day, month, year } => {
            format!("⚠️ Tanggal {day}/{month} tidak ada pada tahun {year}.")
        }
        RangeError::Backwards { from, to } => format!(
            "⚠️ Tanggal awal {} sesudah tanggal akhir {}. Tulis yang lebih awal dulu, contoh: /laporan 1/11 15/11",
            date(*from),
            date(*to)
        ),
        RangeError::TooLong { days } => format!(
            "⚠️ Rentang {days} hari terlalu panjang: paling panjang {MAX_DAYS} hari per laporan."
        ),
    }
}

/// The CSV's header row, in the order of its columns. `laba` is the sale's own margin; a refund
/// of it is in `refund`, booked on the day it was given (as `/laporan` counts it).
pub const CSV_HEADER: [&str; 13] = [
    "trxid",
    "waktu_wib",
    "user_id",
    "kode",
    "produk",
    "tujuan",
    "status",
    "harga",
    "modal",
    "laba",
    "sn",
    "refund",
    "refund_oleh",
];

/// Who bore a refund, as the order files name it.
pub fn refund_bearer(source: &str) -> &str {
    match source {
        "shop" => "toko",
        other => other,
    }
}

/// A status as the CSV shows it.
/// A status as the CSV shows it: final ones in Indonesian, open ones as `/pending` names them.
pub fn csv_status(status: &str) -> &str {
    match status {
        "success" => "sukses",
        "failed" => "gagal",
        other => other,
    }
}

pub fn csv_caption(p: &Period, rows: usize) -> String {
    format!("📄 Transaksi {}: {rows} baris.", period(p))
}

pub fn csv_file_name(p: &Period) -> String {
    file_name(p, "csv")
}

pub fn xlsx_file_name(p: &Period) -> String {
    file_name(p, "xlsx")
}

fn file_name(p: &Period, extension: &str) -> String {
    if p.is_one_day() {
        format!("laporan-{}.{extension}", p.from.format("%Y-%m-%d"))
    } else {
        format!(
            "laporan-{}_{}.{extension}",
            p.from.format("%Y-%m-%d"),
            p.to.format("%Y-%m-%d")
        )
    }
}

pub fn csv_too_many(p: &Period, max: usize) -> String {
    format!(
        "⚠️ Transaksi {} lebih dari {} baris, terlalu banyak untuk satu file. Persempit rentangnya, contoh: /laporan 1/11 15/11 csv",
        period(p),
        crate::domain::group_thousands(max as u64, '.')
    )
}

pub fn csv_empty(p: &Period) -> String {
    format!("Tidak ada transaksi pada {}.", period(p))
}

/// The chart's caption.
pub fn chart_caption(from: NaiveDate, to: NaiveDate, sales: Money, profit: Money) -> String {
    format!(
        "📈 Penjualan dan laba harian {} – {}\nTotal penjualan: {sales}\nTotal laba: {profit}",
        date(from),
        date(to)
    )
}

/// Words drawn on the chart.
pub const CHART_TITLE: &str = "Penjualan dan laba harian (WIB)";
pub const CHART_SALES: &str = "Penjualan";
pub const CHART_PROFIT: &str = "Laba";
pub const CHART_NO_PICTURE: &str = "⚠️ Grafik tidak bisa digambar saat ini. Coba lagi nanti.";

/// The daily summary's figures, as [`daily_summary`] shows them.
pub struct DailySummary {
    pub today: NaiveDate,
    pub sales_today: Money,
    pub profit_today: Money,
    pub success_today: i64,
    pub sales_yesterday: Money,
    pub profit_yesterday: Money,
    pub success_yesterday: i64,
    pub open: i64,
    /// The supplier's last reported balance and when it came (WIB), if it ever did.
    pub supplier: Option<(Money, String)>,
}

pub fn daily_summary(s: &DailySummary) -> String {
    let supplier = match &s.supplier {
        Some((saldo, at)) => format!("Saldo supplier: {saldo} (dilaporkan {at} WIB)"),
        None => "Saldo supplier: belum pernah dilaporkan supplier".into(),
    };
    format!(
        "🗓 <b>Ringkasan {}</b>\nHari ini: {} sukses, penjualan {}, laba {}\nKemarin: {} sukses, penjualan {}, laba {}\nBelum selesai: {}\n{supplier}",
        date(s.today),
        s.success_today,
        s.sales_today,
        s.profit_today,
        s.success_yesterday,
        s.sales_yesterday,
        s.profit_yesterday,
        s.open
    )
}
