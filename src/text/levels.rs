//! What admins read about price levels, and a product's cost price.
use super::escape;
use crate::domain::Money;
use crate::levels::{Change, Level, Markup};

fn markup_words(markup: Option<Markup>) -> String {
    match markup {
        Some(m) => format!("modal {m}"),
        None => "harga jual biasa".to_owned(),
    }
}

pub fn list(levels: &[Level]) -> String {
    let lines: Vec<String> = levels
        .iter()
        .map(|l| {
            format!(
                "• <b>{}</b>{}: {}, {} reseller",
                escape(&l.name),
                if l.is_default { " (default)" } else { "" },
                markup_words(l.markup),
                l.users
            )
        })
        .collect();
    format!(
        "<b>Level harga</b>\n{}\n\nReseller tanpa level membayar harga level default. \
         Harga khusus satu produk di satu level: /level harga &lt;level&gt; &lt;kode&gt; &lt;harga&gt;.",
        lines.join("\n")
    )
}

pub fn created(name: &str, markup: Option<Markup>) -> String {
    format!(
        "✅ Level <b>{}</b> dibuat: {}.",
        escape(name),
        markup_words(markup)
    )
}

pub fn markup_set(name: &str, markup: Option<Markup>) -> String {
    format!(
        "✅ Level <b>{}</b> sekarang {}. Pesanan yang sudah dibuat tidak berubah harganya.",
        escape(name),
        markup_words(markup)
    )
}

pub fn renamed(from: &str, to: &str) -> String {
    format!(
        "✅ Level <b>{}</b> sekarang bernama <b>{}</b>.",
        escape(from),
        escape(to)
    )
}

pub fn made_default(name: &str) -> String {
    format!(
        "✅ Level <b>{}</b> sekarang default: reseller tanpa level membayar harganya.",
        escape(name)
    )
}

pub fn assigned(user_id: i64, name: &str) -> String {
    format!(
        "✅ Pengguna <code>{user_id}</code> sekarang di level <b>{}</b>.",
        escape(name)
    )
}

pub fn product_price_set(name: &str, code: &str, price: Option<Money>) -> String {
    match price {
        Some(price) => format!(
            "✅ Harga <code>{}</code> untuk level <b>{}</b>: {price}.",
            escape(code),
            escape(name)
        ),
        None => format!(
            "✅ Harga khusus <code>{}</code> untuk level <b>{}</b> dihapus; kembali ke aturan level.",
            escape(code),
            escape(name)
        ),
    }
}

/// A change that did not happen, and why.
pub fn refused(change: Change, name: &str, user_id: Option<i64>, code: Option<&str>) -> String {
    match change {
        Change::NoLevel => format!("Level <b>{}</b> tidak ada. Lihat /level.", escape(name)),
        Change::NameTaken => format!(
            "Nama level <b>{}</b> sudah dipakai. Lihat /level.",
            escape(name)
        ),
        Change::NoUser => format!(
            "Pengguna <code>{}</code> belum terdaftar. Minta dia mengirim /start ke bot ini dulu.",
            user_id.unwrap_or_default()
        ),
        Change::NoProduct => format!(
            "Produk <code>{}</code> tidak ada. Tambahkan dengan /produk.",
            escape(code.unwrap_or_default())
        ),
        Change::Done => String::new(),
    }
}

pub fn product_saved(code: &str, name: &str, price: Money, cost: Option<Money>) -> String {
    let cost = match cost {
        Some(cost) => format!(
            ", modal {cost} (laba {} per penjualan di harga jual)",
            Money::from_rupiah(price.rupiah() - cost.rupiah())
        ),
        None => ", modal belum diisi".to_owned(),
    };
    format!(
        "✅ Produk <code>{}</code> {} disimpan, harga jual {price}{cost}, aktif.",
        escape(code),
        escape(name)
    )
}
