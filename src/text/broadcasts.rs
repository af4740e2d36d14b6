//! `/siaran`: the preview an admin answers, the message resellers get, and how it went.
use super::escape;

/// Longest broadcast, in characters of the admin's text once escaped: the message keeps its
/// header and still fits one Telegram message.
pub const MAX_CHARS: usize = 3800;
pub const SEND_BUTTON: &str = "✅ Kirim";
pub const CANCEL_BUTTON: &str = "❌ Batal";
pub const NO_RECIPIENTS: &str = "Belum ada reseller yang bisa menerima siaran (belum ada yang menekan /start, atau semua diblokir).";
pub const GONE: &str = "Siaran ini tidak ditemukan.";

/// Why a `/siaran` text was refused before any preview.
pub fn too_long(chars: usize) -> String {
    format!("Pesan siaran terlalu panjang ({chars} karakter); paling banyak {MAX_CHARS}.")
}

/// The admin's text as resellers read it.
pub fn message(raw: &str) -> String {
    format!("📣 <b>Pengumuman</b>\n\n{}", escape(raw))
}

/// Whether `raw` fits a broadcast; its length once escaped otherwise.
pub fn fits(raw: &str) -> Result<(), usize> {
    let chars = escape(raw).chars().count();
    if chars <= MAX_CHARS {
        Ok(())
    } else {
        Err(chars)
    }
}

/// The preview under ✅ Kirim / ❌ Batal.
pub fn preview(broadcast_id: i64, html: &str, recipients: i64) -> String {
    format!(
        "📣 Pratinjau siaran #{broadcast_id}, akan dikirim ke <b>{recipients}</b> reseller:\n\n{html}"
    )
}

/// What replaces the preview once sent.
pub fn sent(broadcast_id: i64, recipients: i64) -> String {
    format!(
        "✅ Siaran #{broadcast_id} diantrikan ke {recipients} reseller. Ringkasannya menyusul setelah semua terkirim."
    )
}

pub fn cancelled(broadcast_id: i64) -> String {
    format!("❌ Siaran #{broadcast_id} dibatalkan, tidak ada yang dikirim.")
}

/// A press on a broadcast already sent or cancelled (a second admin, a second press).
pub fn decided_before(broadcast_id: i64, sent: bool) -> String {
    if sent {
        format!("Siaran #{broadcast_id} sudah dikirim.")
    } else {
        format!("Siaran #{broadcast_id} sudah dibatalkan.")
    }
}

/// A summary's text until it is counted, when it leaves.
pub fn summary_pending(broadcast_id: i64) -> String {
    format!("📣 Ringkasan siaran #{broadcast_id}")
}

/// How a broadcast went, once none of its messages waits: sent, refused by recipients who
/// blocked the bot, refused otherwise.
pub fn summary(broadcast_id: i64, sent: i64, blocked: i64, failed: i64) -> String {
    let mut text = format!("📣 Siaran #{broadcast_id} selesai: {sent} terkirim");
    if blocked > 0 {
        text.push_str(&format!(", {blocked} gagal (memblokir bot)"));
    }
    if failed > 0 {
        text.push_str(&format!(", {failed} gagal (lainnya, lihat /gagalkirim)"));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_names_only_what_happened() {
        assert_eq!(summary(3, 50, 0, 0), "📣 Siaran #3 selesai: 50 terkirim.");
        assert_eq!(
            summary(3, 48, 2, 0),
            "📣 Siaran #3 selesai: 48 terkirim, 2 gagal (memblokir bot)."
        );
        assert!(summary(3, 47, 2, 1).contains("1 gagal (lainnya"));
    }

    #[test]
    fn the_longest_broadcast_still_fits_one_message_with_its_preview_header() {
        let raw = "a".repeat(MAX_CHARS);
        assert!(fits(&raw).is_ok());
        assert!(message(&raw).chars().count() <= super::super::TELEGRAM_MAX_CHARS);
        assert_eq!(
            fits(&"&".repeat(MAX_CHARS / 5 + 1)),
            Err((MAX_CHARS / 5 + 1) * 5)
        );
    }
}
