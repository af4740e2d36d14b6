//! The audit trail in words: the before → after of each admin change as the modules that make
//! them record it (plain text, escaped only when shown); `/audit` and its CSV file are
//! [`reading`].
use crate::domain::cutoff::{Cutoff, hhmm};
use crate::domain::{Markup, Money, OrderStatus};

pub fn blocked(blocked: bool) -> &'static str {
    if blocked { "diblokir" } else { "aktif" }
}

pub fn on_sale(active: bool) -> &'static str {
    if active { "aktif" } else { "nonaktif" }
}

pub fn reseller(user_id: i64) -> String {
    format!("reseller {user_id}")
}

pub fn product(code: &str) -> String {
    format!("produk {code}")
}

/// A product as `/produk` or a file leaves it.
pub fn product_state(name: &str, price: i64, cost: Option<i64>, active: bool) -> String {
    let cost = cost.map_or("tanpa modal".to_owned(), |c| {
        format!("modal {}", Money::from_rupiah(c))
    });
    format!(
        "{name}, harga {}, {cost}, {}",
        Money::from_rupiah(price),
        on_sale(active)
    )
}

pub fn level(name: &str) -> String {
    format!("level {name}")
}

pub fn markup(markup: Option<Markup>) -> String {
    markup.map_or("tanpa markup".to_owned(), |m| format!("markup {m}"))
}

/// A reseller's level; `None`: the default's, not their own.
pub fn level_of(name: Option<&str>) -> String {
    name.map_or("level utama".to_owned(), |n| format!("level {n}"))
}

pub fn default_level(is_default: bool) -> &'static str {
    if is_default {
        "level utama"
    } else {
        "bukan utama"
    }
}

/// A product's own price at a level; `None`: none set (the level's rule prices it).
pub fn level_price(price: Option<i64>) -> String {
    price.map_or("harga dari markup".to_owned(), |p| {
        format!("harga {}", Money::from_rupiah(p))
    })
}

/// "kategori Pulsa" or "brand DANA".
pub fn group(brand: bool, name: &str) -> String {
    let kind = if brand { "brand" } else { "kategori" };
    format!("{kind} {name}")
}

pub fn hours(cutoff: Option<Cutoff>) -> String {
    match cutoff {
        Some(c) => format!("tutup {}–{} WIB", hhmm(c.closes), hhmm(c.opens)),
        None => "buka sepanjang hari".into(),
    }
}

pub fn operator(operator: Option<&str>) -> String {
    operator.map_or("tanpa operator".to_owned(), |o| format!("operator {o}"))
}

/// Where a product is filed.
pub fn filed(category: Option<&str>, brand: Option<&str>) -> String {
    format!(
        "kategori {}, brand {}",
        category.unwrap_or("-"),
        brand.unwrap_or("-")
    )
}

/// A product in trouble or not; the reason when there is one.
pub fn disruption(disrupted: bool, reason: Option<&str>) -> String {
    match (disrupted, reason) {
        (false, _) => "normal".into(),
        (true, Some(r)) if !r.is_empty() => format!("gangguan: {r}"),
        (true, _) => "gangguan".into(),
    }
}

pub fn order(trxid: &str) -> String {
    format!("trx {trxid}")
}

/// An order's status, with its SN once it succeeded.
pub fn order_state(status: OrderStatus, sn: Option<&str>) -> String {
    let word = match status {
        OrderStatus::Success => "sukses",
        OrderStatus::Failed => "gagal",
        open => open.as_str(),
    };
    match sn {
        Some(sn) if status == OrderStatus::Success => format!("{word} SN {sn}"),
        _ => word.to_owned(),
    }
}

pub fn ticket(ticket_id: i64) -> String {
    format!("tiket #{ticket_id}")
}

pub fn ticket_open(amount: Money) -> String {
    format!("terbuka {amount}")
}

pub fn ticket_credited(amount: Money) -> String {
    format!("dikreditkan {amount}")
}

pub fn ticket_rejected(reason: &str) -> String {
    format!("ditolak: {reason}")
}

pub fn bank_account(bank: &str, number: &str, holder: &str) -> String {
    format!("{bank} {number} a.n. {holder}")
}

pub fn bank_account_id(id: i64) -> String {
    format!("rekening #{id}")
}

pub const REMOVED: &str = "dihapus";

pub fn message(outbox_id: i64) -> String {
    format!("pesan #{outbox_id}")
}

pub fn undelivered(reason: &str) -> String {
    format!("gagal kirim: {reason}")
}

pub fn resent(chat_id: i64) -> String {
    format!("diantre ulang ke chat {chat_id}")
}

pub const SUPPLIER: &str = "saldo server";

/// A supplier's book as the subject of a change: `saldo server digiflazz` for any but the first.
pub fn supplier_book_of(named: Option<&str>) -> String {
    named.map_or_else(|| SUPPLIER.to_owned(), |c| format!("{SUPPLIER} {c}"))
}

pub fn supplier_deposit(amount: Money) -> String {
    format!("deposit {amount} dicatat")
}

pub fn supplier_book(book: Money) -> String {
    format!("buku {book}")
}

/// The gap between the reported balance and the book, taken into the book.
pub fn supplier_adjusted(gap: Money) -> String {
    format!("disesuaikan dengan saldo terlapor (selisih {gap})")
}

pub fn file(name: &str) -> String {
    format!("berkas {name}")
}

/// What a catalogue file did, with the codes it touched.
pub fn imported(added: &[String], changed: &[String]) -> String {
    let list = |codes: &[String]| {
        if codes.is_empty() {
            String::new()
        } else {
            format!(" ({})", codes.join(", "))
        }
    };
    format!(
        "{} baru{}, {} berubah{}",
        added.len(),
        list(added),
        changed.len(),
        list(changed)
    )
}

mod reading;
pub use reading::*;
