//! What admins read about the supplier's side of the money: its balance, drift, and charges.
use super::bot::wib;
use super::escape;
use crate::domain::Money;
use crate::domain::levels::BelowCost;

/// Our deposit at the supplier as `/saldoserver` shows it; `supplier` reads it.
#[derive(Debug, Clone, Default)]
pub struct Balance {
    /// The latest reported balance and when it arrived; `None` before the first report.
    pub saldo: Option<Money>,
    pub saldo_at: Option<chrono::DateTime<chrono::Utc>>,
    pub book: Option<Money>,
    /// The latest report's difference from the book, and the one confirmed by two reports.
    pub drift: Money,
    pub confirmed_drift: Money,
    /// Reports not reconciled yet.
    pub unreconciled: i64,
    /// Our deposits to the supplier announced by admins, and when the last one was.
    pub last_deposit: Option<(Money, chrono::DateTime<chrono::Utc>)>,
    /// The supplier's code, named when loket has more than one.
    pub named: Option<String>,
}

/// " <code>digiflazz</code>" after "supplier" when a text must say which one, else nothing.
fn which(named: Option<&str>) -> String {
    named.map_or_else(String::new, |c| format!(" <code>{}</code>", escape(c)))
}

/// The code to add to a command about that supplier (` digiflazz`), else nothing.
fn code_arg(named: Option<&str>) -> String {
    named.map_or_else(String::new, |c| format!(" {}", escape(c)))
}

/// An order a drift may be about: reported between the last agreement and the drift.
#[derive(Debug, Clone)]
pub struct DriftOrder {
    pub trxid: String,
    pub product_code: String,
    pub status: String,
    pub charge: Option<Money>,
}

/// How many orders a drift alert lists by name.
const LISTED: usize = 10;

fn order_lines(orders: &[DriftOrder]) -> String {
    let mut lines: Vec<String> = orders
        .iter()
        .take(LISTED)
        .map(|o| {
            let charge = o.charge.map_or_else(
                || "biaya belum diketahui".to_owned(),
                |c| format!("biaya {c}"),
            );
            format!(
                "• <code>{}</code> {} ({}), {charge}",
                escape(&o.trxid),
                escape(&o.product_code),
                escape(&o.status)
            )
        })
        .collect();
    if orders.len() > LISTED {
        lines.push(format!("… dan {} lainnya", orders.len() - LISTED));
    }
    lines.join("\n")
}

pub fn drift(
    named: Option<&str>,
    change: Money,
    drift: Money,
    saldo: Option<Money>,
    orders: &[DriftOrder],
    open: &[DriftOrder],
) -> String {
    let saldo = saldo.map_or_else(|| "-".to_owned(), |s| s.to_string());
    let orders = if orders.is_empty() {
        "Tidak ada transaksi di antaranya: selisih ini bukan dari transaksi kita.".to_owned()
    } else {
        format!(
            "Transaksi sejak saldo terakhir cocok:\n{}",
            order_lines(orders)
        )
    };
    let open = if open.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nTransaksi yang jawabannya belum diterima (mungkin sudah ditagih supplier):\n{}",
            order_lines(open)
        )
    };
    let (who, arg) = (which(named), code_arg(named));
    format!(
        "⚠️ <b>Saldo supplier{who} tidak cocok</b>\nSaldo dilaporkan supplier: {saldo}\n\
         Selisih baru: {change} (selisih total: {drift})\n\n{orders}{open}\n\n\
         Setoran ke supplier dicatat dengan /depositserver &lt;nominal&gt;{arg}. \
         Bila selisih sudah diperiksa: /saldoserver{arg} sesuaikan."
    )
}

pub fn low_balance(named: Option<&str>, saldo: Money, low: Money) -> String {
    let (who, arg) = (which(named), code_arg(named));
    format!(
        "⚠️ <b>Saldo supplier{who} menipis</b>: {saldo}, di bawah batas {low}. \
         Isi deposit di supplier agar transaksi tidak gagal, lalu catat dengan /depositserver &lt;nominal&gt;{arg}."
    )
}

pub fn balance_recovered(named: Option<&str>, saldo: Money, low: Money) -> String {
    let who = which(named);
    format!("✅ Saldo supplier{who} kembali {saldo}, di atas batas {low}.")
}

/// Why the cost guard took a product off sale: kept on the product, shown to admins.
pub fn loss_reason(trxid: &str, charge: Money, sold_at: Money, level: Option<&str>) -> String {
    let level = level.map_or_else(String::new, |l| format!(" di level {l}"));
    format!(
        "supplier menagih {charge} untuk transaksi {trxid}, di atas harga jual {sold_at}{level}"
    )
}

/// The levels priced below a charge, for the cost guard's alerts.
fn levels_below(charge: Money, below: &[BelowCost]) -> String {
    if below.is_empty() {
        return String::new();
    }
    format!(
        "\nLevel yang harganya di bawah {charge}:\n{}",
        super::levels::below_cost_lines(below)
    )
}

pub fn sale_at_a_loss(code: &str, reason: &str, deactivated: bool, below: &[BelowCost]) -> String {
    let what = if deactivated {
        "dinonaktifkan otomatis"
    } else {
        "sudah tidak aktif"
    };
    let charge = below.first().map(|b| Money::from_rupiah(b.cost));
    format!(
        "⛔ <b>Penjualan rugi</b>: produk <code>{}</code> {what}: {}.{}\n\
         Perbarui modal dan harga dengan /produk, lalu /aktif {}.",
        escape(code),
        escape(reason),
        charge.map_or_else(String::new, |c| levels_below(c, below)),
        escape(code)
    )
}

pub fn cost_rose(
    code: &str,
    trxid: &str,
    cost: Money,
    charge: Money,
    below: &[BelowCost],
) -> String {
    format!(
        "⚠️ <b>Modal naik</b>: supplier menagih {charge} untuk <code>{}</code> (transaksi <code>{}</code>), \
         modal tercatat {cost}. Perbarui dengan /produk {} {} &lt;harga&gt; &lt;nama&gt;.{}",
        escape(code),
        escape(trxid),
        escape(code),
        charge.rupiah(),
        levels_below(charge, below)
    )
}

pub fn balance(b: &Balance) -> String {
    let who = which(b.named.as_deref());
    let Some(saldo) = b.saldo else {
        return format!(
            "Saldo supplier{who} belum pernah dilaporkan: supplier melaporkannya di setiap jawaban transaksi dan callback."
        );
    };
    let at = b.saldo_at.map(wib).unwrap_or_default();
    let book = b.book.map_or_else(|| "-".to_owned(), |m| m.to_string());
    let drift = if b.drift.rupiah() == 0 && b.confirmed_drift.rupiah() == 0 {
        "Cocok dengan catatan loket.".to_owned()
    } else {
        format!(
            "Selisih laporan terakhir: {} · selisih terkonfirmasi: {}",
            b.drift, b.confirmed_drift
        )
    };
    let pending = if b.unreconciled > 0 {
        format!("\n{} laporan belum dicocokkan.", b.unreconciled)
    } else {
        String::new()
    };
    let deposit = b
        .last_deposit
        .map(|(amount, at)| format!("\nSetoran terakhir dicatat: {amount} ({})", wib(at)))
        .unwrap_or_default();
    format!(
        "<b>Saldo supplier{who}</b>: {saldo}\nDilaporkan: {at}\nMenurut catatan loket: {book}\n{drift}{pending}{deposit}"
    )
}

pub fn deposit_recorded(amount: Money, named: Option<&str>) -> String {
    let who = which(named);
    format!(
        "✅ Setoran {amount} ke supplier{who} dicatat; saldo yang dilaporkan berikutnya dicocokkan dengannya."
    )
}

pub const ALREADY_RECORDED: &str = "Perintah ini sudah dicatat sebelumnya; tidak ada perubahan.";

pub const ACCEPTED: &str = "✅ Saldo terakhir yang dilaporkan supplier kini menjadi catatan loket; selisih dihitung dari sini.";

pub const NOTHING_TO_ACCEPT: &str = "Belum ada saldo supplier yang dilaporkan untuk dicocokkan.";
