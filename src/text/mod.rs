//! Everything loket says to people, in one place and in Indonesian. Messages are Telegram HTML:
//! every value from outside (product names, destinations, SNs, supplier text) goes through
//! [`escape`]. No message is cut blindly to fit Telegram's limit: [`long`] pages, splits and
//! shortens HTML between whole tags, entities and lines.
use crate::domain::{Money, SupportContact};

pub mod admin;
pub mod alerts;
pub mod audit;
pub mod bank;
pub mod bot;
pub mod broadcasts;
pub mod browse;
pub mod callback;
pub mod catalogue;
pub mod commands;
pub mod complaints;
pub mod dead;
pub mod deposits;
pub mod errors;
pub mod exports;
pub mod import;
pub mod levels;
pub mod lines;
pub mod lists;
pub mod long;
pub mod pln;
pub mod price_list;
pub mod price_sync;
pub mod receipts;
pub mod refund;
pub mod registration;
pub mod reports;
pub mod routes;
pub mod status_check;
pub mod supplier;
pub mod suppliers;

/// Telegram's limit on one message: UTF-16 code units of its text once the HTML is parsed. The
/// outbox holds at most as many characters of markup.
pub const TELEGRAM_MAX_CHARS: usize = 4096;

/// Escapes the three characters Telegram's HTML parser treats specially.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A message about one thing, shortened to one Telegram message if it must be (a supplier's
/// reason can be any length), never inside a tag or an entity. Lists and reports are split
/// into several messages instead, when they are sent.
pub fn cap(text: String) -> String {
    long::shorten(&text, long::Size::MESSAGE)
}

/// The facts about an order that every message about it repeats.
pub struct OrderFacts<'a> {
    pub trxid: &'a str,
    pub product_code: &'a str,
    pub product_name: &'a str,
    pub destination: &'a str,
    pub price: Money,
}

pub fn order_accepted(o: &OrderFacts) -> String {
    cap(format!(
        "⏳ Transaksi <b>{}</b> ke <code>{}</code> sedang diproses.\nID transaksi: <code>{}</code>\nKami kabari lagi begitu ada hasil.",
        escape(o.product_name),
        escape(o.destination),
        o.trxid,
    ))
}

/// `sn` is `None` when the supplier sent none: the reseller is told it is not there yet and
/// whom to ask, never shown an empty or `-` SN. A PLN token is laid out in its parts.
pub fn order_succeeded(
    o: &OrderFacts,
    sn: Option<&str>,
    balance: Money,
    contact: Option<&SupportContact>,
) -> String {
    let sn = sn.map_or_else(
        || {
            format!(
                "SN: belum dikirim supplier. Hubungi {} untuk mendapatkan SN-nya.",
                registration::admin(contact)
            )
        },
        receipts::sn_lines,
    );
    cap(format!(
        "✅ <b>SUKSES</b>\nProduk: {} ({})\nTujuan: <code>{}</code>\n{}\nHarga: {}\nSisa saldo: {}\nID transaksi: <code>{}</code>",
        escape(o.product_name),
        escape(o.product_code),
        escape(o.destination),
        sn,
        o.price,
        balance,
        o.trxid,
    ))
}

pub fn order_failed(o: &OrderFacts, reason: Option<&str>, balance: Money) -> String {
    let reason = reason.map_or_else(|| "tidak ada keterangan dari supplier".to_owned(), escape);
    cap(format!(
        "❌ <b>GAGAL</b>\nProduk: {} ({})\nTujuan: <code>{}</code>\nAlasan: {}\nSaldo {} sudah dikembalikan. Saldo sekarang: {}\nID transaksi: <code>{}</code>",
        escape(o.product_name),
        escape(o.product_code),
        escape(o.destination),
        reason,
        o.price,
        balance,
        o.trxid,
    ))
}

/// The reason an order keeps when an admin fails it.
pub const CANCELLED_BY_ADMIN: &str = "dibatalkan oleh admin";

/// The reason an order keeps when the supplier refuses it without saying why.
pub const REJECTED_WITHOUT_REASON: &str = "GAGAL (tanpa keterangan dari supplier)";

pub fn order_reversed(o: &OrderFacts, reason: Option<&str>, balance: Money) -> String {
    let reason = reason.map_or_else(|| "tidak ada keterangan dari supplier".to_owned(), escape);
    cap(format!(
        "↩️ <b>Transaksi dibatalkan supplier</b>\nTransaksi {} ke <code>{}</code> yang sebelumnya SUKSES dinyatakan GAGAL oleh supplier.\nAlasan: {}\nSaldo {} sudah dikembalikan. Saldo sekarang: {}\nID transaksi: <code>{}</code>",
        escape(o.product_name),
        escape(o.destination),
        reason,
        o.price,
        balance,
        o.trxid,
    ))
}

pub fn admin_conflict(trxid: &str, status: &str, reported: &str, source: &str) -> String {
    cap(format!(
        "⚠️ <b>Konflik status</b> pada transaksi <code>{trxid}</code>: status kami <b>{}</b>, tetapi {} melaporkan <b>{}</b>. Saldo tidak diubah; mohon periksa dengan supplier.",
        escape(status),
        escape(source),
        escape(reported),
    ))
}

/// A SUKSES for an attempt the order had already left for the next supplier (R43).
pub fn admin_earlier_attempt_success(
    trxid: &str,
    attempt: i16,
    supplier: &str,
    now_at: &str,
) -> String {
    cap(format!(
        "⚠️ <b>Konflik</b> pada transaksi <code>{trxid}</code>: {} melaporkan SUKSES untuk percobaan ke-{attempt}, padahal transaksi sudah dikirim ke {}. Saldo tidak diubah; mohon periksa dengan kedua supplier agar tidak terkirim dua kali.",
        escape(supplier),
        escape(now_at),
    ))
}

pub fn admin_reversal(trxid: &str, user_id: i64, price: Money) -> String {
    format!(
        "↩️ Supplier membatalkan transaksi <code>{trxid}</code> yang sebelumnya SUKSES. {price} dikembalikan ke pengguna <code>{user_id}</code>."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_telegram_html_needs() {
        assert_eq!(escape("a<b>&c\"'"), "a&lt;b&gt;&amp;c\"'");
    }

    #[test]
    fn caps_long_text_without_splitting_a_tag_or_entity() {
        let units = |s: &str| s.encode_utf16().count();
        let text = format!("{}{}", "x".repeat(4094), "&amp;&amp;");
        let capped = cap(text);
        assert!(capped.chars().count() <= TELEGRAM_MAX_CHARS);
        assert!(capped.ends_with("x…"), "{}", &capped[capped.len() - 10..]);
        let emoji = cap("🙂".repeat(5000));
        assert_eq!(units(&emoji), TELEGRAM_MAX_CHARS - 1);
        let reason = format!(
            "❌ <b>GAGAL</b>\nAlasan: <code>{}</code>",
            "a&lt;".repeat(3000)
        );
        let capped = cap(reason);
        let shown =
            crate::sandbox::sim::telegram::validate_html(&capped).expect("Telegram accepts it");
        assert!(
            units(&shown) <= TELEGRAM_MAX_CHARS && capped.chars().count() <= TELEGRAM_MAX_CHARS
        );
        assert!(
            capped.ends_with("…</code>"),
            "{}",
            &capped[capped.len() - 20..]
        );
    }

    #[test]
    fn untrusted_values_are_escaped_in_order_messages() {
        let facts = OrderFacts {
            trxid: "26112409301500000042",
            product_code: "s5",
            product_name: "Pulsa <5> & more",
            destination: "0812",
            price: Money::from_rupiah(5500),
        };
        let text = order_succeeded(&facts, Some("<SN>&"), Money::from_rupiah(10_000), None);
        assert!(text.contains("Pulsa &lt;5&gt; &amp; more"));
        assert!(text.contains("&lt;SN&gt;&amp;"));
        assert!(text.contains("Harga: Rp5.500"));
        assert!(text.contains("Sisa saldo: Rp10.000"));
    }
}
