//! What admins read about the suppliers loket buys from: `/supplier`, its pauses and resumes,
//! and why one was refused.
use chrono::{DateTime, Utc};

use super::bot::wib;
use super::escape;
use crate::domain::Money;

/// A supplier's pause: why, which admin, since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paused {
    pub reason: String,
    pub by: Option<i64>,
    pub at: DateTime<Utc>,
}

/// One supplier as `/supplier` lists it; `supplier::registry` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierLine {
    pub code: String,
    /// `None` while it is active.
    pub paused: Option<Paused>,
    /// The last balance it reported, and when.
    pub balance: Option<(Money, DateTime<Utc>)>,
    /// Loket's book of our deposit there and the last report's drift from it, once a reported
    /// balance anchored the book.
    pub book: Option<(Money, Money)>,
}

/// Why a `/supplier` (or a command naming a supplier) changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No such supplier; the ones there are.
    Unknown {
        known: Vec<String>,
    },
    AlreadyPaused(Paused),
    AlreadyActive,
    EmptyReason,
    ReasonTooLong {
        max: usize,
    },
}

/// How long ago, in the largest whole unit.
pub fn ago(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - since).num_minutes().max(0);
    match minutes {
        0 => "baru saja".to_owned(),
        1..60 => format!("{minutes} menit lalu"),
        60..1440 => format!("{} jam lalu", minutes / 60),
        _ => format!("{} hari lalu", minutes / 1440),
    }
}

fn paused_line(p: &Paused) -> String {
    // A pause by no admin is loket's own, at start (its settings gone).
    let by =
        p.by.map_or_else(|| " otomatis".to_owned(), |id| format!(" oleh admin {id}"));
    format!("⏸ dijeda{by} sejak {}: {}", wib(p.at), escape(&p.reason))
}

fn line(s: &SupplierLine, now: DateTime<Utc>) -> String {
    let state = s
        .paused
        .as_ref()
        .map_or_else(|| "✅ aktif".to_owned(), paused_line);
    let balance = s.balance.map_or_else(
        || "saldo belum pernah dilaporkan".to_owned(),
        |(saldo, at)| format!("saldo {saldo} ({}, {})", ago(at, now), wib(at)),
    );
    let book = s.book.map_or_else(String::new, |(book, drift)| {
        if drift.rupiah() == 0 {
            format!("\n   catatan loket {book}, cocok")
        } else {
            format!("\n   catatan loket {book}, selisih {drift}")
        }
    });
    format!(
        "• <code>{}</code> {state}\n   {balance}{book}",
        escape(&s.code)
    )
}

/// `/supplier`.
pub fn list(suppliers: &[SupplierLine], now: DateTime<Utc>) -> String {
    let lines: Vec<String> = suppliers.iter().map(|s| line(s, now)).collect();
    format!(
        "<b>Supplier</b>\n{}\n\nJeda: /supplier jeda &lt;kode&gt; &lt;alasan&gt; · \
         aktifkan: /supplier aktif &lt;kode&gt;",
        lines.join("\n")
    )
}

pub fn refusal(code: &str, why: &Refusal) -> String {
    let code = escape(code);
    match why {
        Refusal::Unknown { known } => format!(
            "Supplier <code>{code}</code> tidak dikenal. Supplier yang ada: {}.",
            escape(&known.join(", "))
        ),
        Refusal::AlreadyPaused(p) => {
            format!("Supplier <code>{code}</code> sudah {}.", paused_line(p))
        }
        Refusal::AlreadyActive => format!("Supplier <code>{code}</code> sudah aktif."),
        Refusal::EmptyReason => {
            "Tulis alasannya: /supplier jeda &lt;kode&gt; &lt;alasan&gt;.".to_owned()
        }
        Refusal::ReasonTooLong { max } => {
            format!("Alasan terlalu panjang: paling banyak {max} karakter.")
        }
    }
}

pub fn paused(code: &str, reason: &str) -> String {
    format!(
        "⏸ Supplier <code>{}</code> dijeda: {}. Transaksi baru tidak dikirim ke sana sampai \
         /supplier aktif {}.",
        escape(code),
        escape(reason),
        escape(code)
    )
}

pub fn resumed(code: &str) -> String {
    format!("▶️ Supplier <code>{}</code> aktif kembali.", escape(code))
}

/// To the other admins, when one paused a supplier.
pub fn paused_alert(code: &str, admin_id: i64, reason: &str) -> String {
    format!(
        "⏸ Admin {admin_id} menjeda supplier <code>{}</code>: {}",
        escape(code),
        escape(reason)
    )
}

/// To the other admins, when one resumed a supplier.
pub fn resumed_alert(code: &str, admin_id: i64) -> String {
    format!(
        "▶️ Admin {admin_id} mengaktifkan kembali supplier <code>{}</code>.",
        escape(code)
    )
}

/// The audit trail's words: what a supplier's change acted on, and its states.
pub fn subject(code: &str) -> String {
    format!("supplier {code}")
}

pub const ACTIVE: &str = "aktif";

pub fn paused_state(reason: &str) -> String {
    format!("dijeda: {reason}")
}

/// Why loket paused a supplier at start: its settings (`vars`, e.g. `DIGIFLAZZ_*`) are gone.
/// Stored as the pause's reason, and compared to resume it when they come back.
pub fn unconfigured_reason(vars: &str) -> String {
    format!("{vars} tidak diatur")
}

/// To every admin, once: a supplier paused at start because its settings are gone.
pub fn unconfigured_alert(code: &str, reason: &str) -> String {
    format!(
        "⏸ Supplier <code>{}</code> dijeda otomatis saat loket mulai: {}. Rute melewatinya; \
         transaksi tidak dikirim ke sana dan tidak tertahan. Supplier aktif lagi sendiri saat \
         pengaturannya kembali.",
        escape(code),
        escape(reason)
    )
}

/// To every admin, once: a supplier loket had paused for its missing settings, configured again.
pub fn configured_alert(code: &str, vars: &str) -> String {
    format!(
        "▶️ Supplier <code>{}</code> aktif kembali: {} sudah diatur lagi.",
        escape(code),
        escape(vars)
    )
}
