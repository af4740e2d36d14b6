//! Buying through menus: `/beli` alone, and a mobile number alone. Messages are Telegram HTML;
//! button labels and pop-ups are plain text (Telegram shows them as they are).
use super::{cap, escape};
use crate::domain::Money;

pub const BACK: &str = "« Kembali";
pub const CLOSE: &str = "✖ Tutup";
pub const PREVIOUS: &str = "◀";
/// The menus' last category, of the products in none, and a category's last brand, of its
/// products of no brand.
pub const OTHERS: &str = "Lainnya";
pub const NEXT: &str = "▶";

pub const EMPTY: &str = "Belum ada produk yang bisa dipilih lewat menu. Lihat /harga, atau beli langsung: /beli s5 081234567890.";
pub const CLOSED: &str = "✖ Menu ditutup. Ketik /beli untuk membuka lagi.";
/// The pop-up of a press on a menu that is no longer current.
pub const STALE: &str = "Menu ini sudah usang, ketik /beli lagi.";
/// What such a menu then shows, without its buttons.
pub const STALE_SHOWN: &str = "⌛ Menu ini sudah usang. Ketik /beli untuk membuka menu baru.";
pub const NOTHING_HERE: &str = "Tidak ada produk aktif di sini.";

pub fn categories(destination: Option<&str>) -> String {
    match destination {
        None => "🛒 <b>Beli lewat menu</b>\nPilih kategori:".into(),
        Some(d) => format!(
            "🛒 Nomor <code>{}</code>\nPilih kategori produk untuk nomor ini:",
            escape(d)
        ),
    }
}

/// A category's or brand's button: its name and how many products it has.
pub fn group_label(name: &str, products: i64) -> String {
    format!("{name} ({products})")
}

pub fn brands(category: &str) -> String {
    format!("🛒 <b>{}</b>\nPilih brand:", escape(category))
}

/// Where a page of products sits, `Hal 1/3` when there are several.
fn page_line(page: usize, pages: usize) -> String {
    if pages > 1 {
        format!("\nHal {page}/{pages}")
    } else {
        String::new()
    }
}

/// A page of a category's products: of one brand, or (`None`) of a category without brands.
pub fn products(
    category: &str,
    brand: Option<&str>,
    destination: Option<&str>,
    (page, pages): (usize, usize),
) -> String {
    let to = destination.map_or_else(String::new, |d| {
        format!(" untuk <code>{}</code>", escape(d))
    });
    let brand = brand.map_or_else(String::new, |b| format!(" › {}", escape(b)));
    format!(
        "🛒 <b>{}{brand}</b>\nPilih produk{to} (harga Anda):{}",
        escape(category),
        page_line(page, pages)
    )
}

/// A number alone: its operator's products.
pub fn operator_products(
    operator: &str,
    destination: &str,
    (page, pages): (usize, usize),
) -> String {
    format!(
        "📱 Nomor {} <code>{}</code>\nPilih produk untuk nomor ini (harga Anda):{}",
        escape(operator),
        escape(destination),
        page_line(page, pages)
    )
}

/// Longest product name a button shows; longer ones end in `…`.
const LABEL_NAME_CHARS: usize = 32;

/// `s5 · Pulsa Telkomsel 5.000 · Rp5.500`, marked ⚠️ while the product is in gangguan.
pub fn product_label(code: &str, name: &str, price: Money, disrupted: bool) -> String {
    let name: String = if name.chars().count() > LABEL_NAME_CHARS {
        let cut: String = name.chars().take(LABEL_NAME_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        name.to_owned()
    };
    let mark = if disrupted { "⚠️ " } else { "" };
    format!("{mark}{code} · {name} · {price}")
}

pub fn ask_destination(code: &str, name: &str, price: Money, minutes: i32) -> String {
    cap(format!(
        "✍️ Kirim nomor tujuan untuk <b>{}</b> · {} · <b>{price}</b>\nContoh: 081234567890. Menu ini menunggu {minutes} menit.",
        escape(code),
        escape(name)
    ))
}

/// The menu once it bought: what it bought, for where. The order's own messages follow.
pub fn buying(code: &str, name: &str, price: Money, destination: &str) -> String {
    cap(format!(
        "🛒 Beli <b>{}</b> · {} · <b>{price}</b> ke <code>{}</code>",
        escape(code),
        escape(name),
        escape(destination)
    ))
}

/// Pop-up of a press on a product in gangguan. Plain text, at most 200 characters.
pub fn disrupted(code: &str, reason: Option<&str>) -> String {
    let reason = reason.unwrap_or("sedang ada gangguan");
    let text = format!("⚠️ {code} sedang gangguan: {reason}. Pilih produk lain.");
    text.chars().take(200).collect()
}

/// The same, as a message, when the product went into gangguan while its destination was awaited.
pub fn disrupted_message(code: &str, reason: Option<&str>) -> String {
    cap(format!(
        "⚠️ <b>{}</b> sedang gangguan: {}. Tidak ada yang dibeli. Ketik /beli untuk memilih produk lain.",
        escape(code),
        escape(reason.unwrap_or("sedang ada gangguan"))
    ))
}

pub fn not_a_destination(code: &str, problem: &str) -> String {
    format!(
        "Itu bukan nomor tujuan: {problem}. Kirim nomor tujuan untuk <b>{}</b> (contoh: 081234567890), atau tekan {CLOSE} pada menu.",
        escape(code)
    )
}

pub fn price_changed(code: &str, now: Money) -> String {
    format!(
        "Harga <b>{}</b> sudah berubah menjadi <b>{now}</b> sejak menu ditampilkan. Tidak ada yang dibeli. Ketik /beli untuk memilih lagi.",
        escape(code)
    )
}

pub fn product_gone(code: &str) -> String {
    format!(
        "Produk <b>{}</b> sudah tidak tersedia. Tidak ada yang dibeli. Ketik /beli untuk memilih lagi.",
        escape(code)
    )
}

pub fn unknown_prefix(prefix: &str) -> String {
    format!(
        "Operator nomor berawalan <code>{}</code> tidak kami kenali. Ketik /beli untuk memilih produk lewat menu, atau beli langsung: /beli &lt;kode&gt; &lt;nomor&gt;.",
        escape(prefix)
    )
}

pub fn no_operator_products(operator: &str) -> String {
    format!(
        "Belum ada produk untuk nomor {}. Ketik /beli untuk memilih lewat menu.",
        escape(operator)
    )
}

pub const NOT_MOBILE: &str = "Nomor HP harus 10–13 angka, diawali 08 (atau 62/+62). Periksa lagi nomornya, atau ketik /beli untuk memilih produk lewat menu.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_labels_are_short_and_marked() {
        let label = product_label(
            "s5",
            "Pulsa Telkomsel 5.000",
            Money::from_rupiah(5_500),
            false,
        );
        assert_eq!(label, "s5 · Pulsa Telkomsel 5.000 · Rp5.500");
        let long = product_label("d1", &"Kuota ".repeat(20), Money::from_rupiah(1), true);
        assert!(long.starts_with("⚠️ d1 · Kuota"), "{long}");
        assert!(long.contains("… · Rp1"), "{long}");
    }

    #[test]
    fn a_disrupted_popup_fits_telegrams_200_characters() {
        let popup = disrupted("s5", Some(&"x".repeat(500)));
        assert_eq!(popup.chars().count(), 200);
    }
}
