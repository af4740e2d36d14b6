//! What admins read about price levels, and a product's cost price.
use super::escape;
use crate::domain::levels::{Basis, BelowCost, Change};
use crate::domain::{Markup, Money};

/// A level as `/level` lists it; `levels` fills it from its row.
pub struct LevelLine<'a> {
    pub name: &'a str,
    pub markup: Option<Markup>,
    pub is_default: bool,
    /// Resellers paying its prices.
    pub users: i64,
}

/// A product as `/produk` left it; `products` fills it.
pub struct SavedProduct<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub price: i64,
    pub cost: Option<i64>,
    pub active: bool,
    /// In a category: the `/beli` menu shows it there, else under "Lainnya".
    pub categorised: bool,
    /// Why loket itself took it off sale (the cost guard).
    pub held_off: Option<&'a str>,
}

fn markup_words(markup: Option<Markup>) -> String {
    match markup {
        Some(m) => format!("modal {m}"),
        None => "harga jual biasa".to_owned(),
    }
}

pub fn list<'a, L>(levels: &'a [L]) -> String
where
    &'a L: Into<LevelLine<'a>>,
{
    let lines: Vec<String> = levels
        .iter()
        .map(|l| {
            let l: LevelLine = l.into();
            format!(
                "• <b>{}</b>{}: {}, {} reseller",
                escape(l.name),
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
        "✅ Level <b>{}</b> sekarang {}. Transaksi yang sudah dibuat tidak berubah harganya.",
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
        Change::BelowCost { price, cost } => {
            let code = escape(code.unwrap_or_default());
            format!(
                "Harga {} untuk <code>{code}</code> di level <b>{}</b> di bawah modal {}; tidak \
                 disimpan. Harga sebuah level tidak boleh di bawah modal. Bila modalnya memang \
                 turun, perbarui dulu: /produk {code} &lt;modal&gt; &lt;harga&gt; &lt;nama&gt;.",
                Money::from_rupiah(price),
                escape(name),
                Money::from_rupiah(cost)
            )
        }
        Change::Done => String::new(),
    }
}

/// One level below a cost, and the command that fixes it.
fn below_cost_line(b: &BelowCost) -> String {
    let (code, level) = (escape(&b.code), escape(&b.level));
    let price = Money::from_rupiah(b.price);
    let (basis, fix) = match b.basis {
        Basis::Own => (
            "harga khusus",
            format!("/level harga {level} {code} &lt;harga&gt;"),
        ),
        Basis::List => (
            "harga jual",
            format!("/produk {code} {} &lt;harga&gt; &lt;nama&gt;", b.cost),
        ),
        Basis::Markup => (
            "modal tercatat + markup",
            format!("/produk {code} {} &lt;harga&gt; &lt;nama&gt;", b.cost),
        ),
    };
    format!("• level <b>{level}</b>: {price} ({basis}) → {fix}")
}

/// The levels of one product below one cost, a line each with its fix.
pub fn below_cost_lines(found: &[BelowCost]) -> String {
    let lines: Vec<String> = found.iter().map(below_cost_line).collect();
    lines.join("\n")
}

/// The alert about one product's levels below its new cost.
pub fn below_cost_alert(product: &[BelowCost]) -> String {
    let Some(first) = product.first() else {
        return String::new();
    };
    format!(
        "⚠️ <b>Harga level di bawah modal</b>: <code>{}</code>, modal kini {}. Reseller di \
         level ini membayar kurang dari modal:\n{}\n\nHarga khusus bisa juga dihapus \
         (kembali ke aturan level): /level harga &lt;level&gt; {} hapus.",
        escape(&first.code),
        Money::from_rupiah(first.cost),
        below_cost_lines(product),
        escape(&first.code)
    )
}

/// `/produk`'s answer: what was saved, whether it stays off sale (the cost guard stopped it),
/// whether the menu shows it under "Lainnya", and the level prices below its cost.
pub fn product_saved<'a>(w: impl Into<SavedProduct<'a>>, below: &[BelowCost]) -> String {
    let p = w.into();
    let (code, price) = (escape(p.code), Money::from_rupiah(p.price));
    let cost = match p.cost {
        Some(cost) => format!(
            ", modal {} (laba {} per penjualan di harga jual)",
            Money::from_rupiah(cost),
            Money::from_rupiah(p.price - cost)
        ),
        None => ", modal belum diisi".to_owned(),
    };
    let state = if p.active { "aktif" } else { "nonaktif" };
    let mut out = format!(
        "✅ Produk <code>{code}</code> {} disimpan, harga jual {price}{cost}, {state}.",
        escape(p.name)
    );
    if let Some(reason) = p.held_off {
        out.push_str(&format!(
            "\n\n⛔ Produk ini tetap <b>nonaktif</b>: dihentikan otomatis karena {}. Setelah \
             modal dan harga benar, jual lagi dengan /aktif {code}.",
            escape(reason)
        ));
    }
    if !p.categorised {
        out.push_str(&format!(
            "\n\n📂 Produk ini belum masuk kategori: di menu /beli tampil di bawah <b>{}</b>. \
             Tempatkan dengan /kelompok {code} &lt;kategori&gt; &lt;brand&gt; (lihat /kategori \
             dan /brand).",
            super::browse::OTHERS
        ));
    }
    if !below.is_empty() {
        out.push_str("\n\n");
        out.push_str(&below_cost_alert(below));
    }
    out
}

/// `/produk` refused: the list price is below the cost price the product keeps.
pub fn price_below_kept_cost(code: &str, price: Money, cost: Money) -> String {
    let code = escape(code);
    format!(
        "Harga jual {price} di bawah modal tercatat {cost}; tidak disimpan. Bila modalnya ikut \
         berubah, tulis keduanya: /produk {code} &lt;modal&gt; &lt;harga&gt; &lt;nama&gt;."
    )
}
