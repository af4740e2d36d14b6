//! A new reseller: the admins' notice (with ✅ Setujui / ❌ Tolak when `REGISTRATION=approval`),
//! and what the reseller is told while waiting and once decided; whom to contact for help.
use super::escape;
use crate::domain::SupportContact;

pub const APPROVE_BUTTON: &str = "✅ Setujui";
pub const REJECT_BUTTON: &str = "❌ Tolak";
pub const GONE: &str = "Pengguna ini tidak ditemukan.";

/// Whom to contact: "admin", or "admin (@toko_cs)" when `SUPPORT_CONTACT` is set.
pub fn admin(contact: Option<&SupportContact>) -> String {
    match contact {
        Some(c) => format!("admin ({})", escape(c.as_str())),
        None => "admin".to_owned(),
    }
}

/// A reseller as the admins' notice names them.
pub struct NewReseller<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub username: Option<&'a str>,
    /// `REGISTRATION=approval`: they wait for a ✅.
    pub waiting: bool,
}

/// To admins, once per reseller, at their first /start.
pub fn new_reseller(r: &NewReseller<'_>) -> String {
    let who = match r.username {
        Some(u) => format!("@{}, {}", escape(u), r.user_id),
        None => r.user_id.to_string(),
    };
    let mut text = format!(
        "👤 Reseller baru: {} ({who}) — <code>/topup {} …</code>",
        escape(r.name),
        r.user_id
    );
    if r.waiting {
        text.push_str("\nMenunggu persetujuan: ✅ Setujui agar bisa membeli, atau ❌ Tolak.");
    }
    text
}

/// To someone who may not buy yet, at /start and when they try.
pub fn waiting(contact: Option<&SupportContact>) -> String {
    format!(
        "⏳ Akun Anda menunggu persetujuan admin. Anda akan kami kabari begitu disetujui; setelah itu Anda bisa membeli dan deposit. Pertanyaan? Hubungi {}.",
        admin(contact)
    )
}

pub const APPROVED_NOTICE: &str = "✅ Akun Anda sudah disetujui admin. Sekarang Anda bisa membeli dan deposit: pilih di bawah, atau ketik /help untuk daftar perintah.";

pub fn rejected_notice(contact: Option<&SupportContact>) -> String {
    format!(
        "❌ Pendaftaran Anda tidak disetujui admin. Hubungi {} untuk informasi lebih lanjut.",
        admin(contact)
    )
}

/// What replaces the notice an admin pressed on.
pub fn decided(r: &NewReseller<'_>, approved: bool, admin_id: i64) -> String {
    let outcome = if approved {
        "✅ Disetujui"
    } else {
        "❌ Ditolak"
    };
    let shown = NewReseller {
        waiting: false,
        ..*r
    };
    format!("{}\n{outcome} oleh admin {admin_id}.", new_reseller(&shown))
}

/// A press on someone already decided (a second admin, a second press).
pub fn decided_before(user_id: i64, approved: bool) -> String {
    if approved {
        format!("Pengguna {user_id} sudah disetujui.")
    } else {
        format!("Pengguna {user_id} sudah ditolak atau diblokir.")
    }
}
