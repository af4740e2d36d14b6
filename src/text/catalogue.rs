//! What resellers and admins read about the catalogue: gangguan, closed hours, operators, the
//! purchase formats, and the admin verbs for categories and brands.
use chrono::NaiveTime;

use super::escape;
use crate::domain::catalogue::{Change, Missing};
use crate::domain::cutoff::{Cutoff, hhmm};
use crate::domain::purchase_line::{LineError, MAX_LINES};

/// A category as `/kategori` lists it; `catalogue` fills it from its row.
pub struct CategoryLine<'a> {
    pub name: &'a str,
    /// Active products in it.
    pub products: i64,
    pub cutoff: Option<Cutoff>,
}

/// A brand as `/brand` lists it; `catalogue` fills it from its row.
pub struct BrandLine<'a> {
    pub name: &'a str,
    /// Active products of it.
    pub products: i64,
    pub operator: Option<&'a str>,
}

pub fn disrupted(name: &str, reason: Option<&str>) -> String {
    let why = reason
        .map(|r| format!(": {}", escape(r)))
        .unwrap_or_default();
    format!(
        "⚠️ {} sedang gangguan{why}. Coba lagi nanti atau pilih produk lain di /harga.",
        escape(name)
    )
}

pub fn closed(category: &str, opens: NaiveTime) -> String {
    format!(
        "🕛 Pembelian {} sedang tutup. Buka lagi pukul {} WIB.",
        escape(category),
        hhmm(opens)
    )
}

pub const COUNTER_USED: &str = "Pembelian dengan penghitung ini sudah dibuat hari ini untuk produk dan tujuan yang sama. Pakai angka berikutnya (mis. s5.3.0812…) bila memang ingin membeli lagi.";

pub fn wrong_operator(
    product: &str,
    product_operator: &str,
    number: &str,
    number_operator: &str,
) -> String {
    format!(
        "⚠️ Produk <b>{}</b> untuk nomor {}, tetapi <code>{}</code> adalah nomor {}.",
        escape(product),
        escape(product_operator),
        escape(number),
        escape(number_operator)
    )
}

pub const BUY_ANYWAY: &str = "Tetap beli?";
pub const BUY_YES: &str = "Ya, beli";

/// A line that needs a question (a repeat, another operator's number) cannot be asked among
/// several: it is sent again on its own, where it can be.
pub const ASK_ON_ITS_OWN: &str = "kirim baris ini sendiri untuk konfirmasi";

pub fn repeat_on_a_line(code: &str, window_minutes: u64) -> String {
    format!(
        "sudah dibeli dalam {window_minutes} menit terakhir; bila memang ingin lagi, tulis {}.2.TUJUAN",
        escape(code)
    )
}

/// One line of a message of several purchases, answered on its own.
pub fn line_answer(line: usize, code: Option<&str>, answer: &str) -> String {
    match code {
        Some(code) => format!("Baris {line} (<code>{}</code>): {answer}", escape(code)),
        None => format!("Baris {line}: {answer}"),
    }
}

pub fn line_error(e: &LineError) -> String {
    match e {
        LineError::Shape => {
            "bukan format pembelian. Tulis KODE.TUJUAN, contoh: s5.081234567890".into()
        }
        LineError::Code(e) => super::errors::product_code(e).into(),
        LineError::Destination(e) => super::errors::destination(e).into(),
        LineError::Counter => "penghitung di KODE.N.TUJUAN harus angka 2 sampai 999".into(),
        LineError::Pin {
            product,
            destination,
            counter,
        } => {
            let counter = counter.map(|n| format!(".{n}")).unwrap_or_default();
            format!(
                "di sini tanpa PIN: <code>{}{counter}.{}</code>. Baris ini tidak dibeli; kirim lagi tanpa PIN.",
                escape(product.as_str()),
                escape(destination.as_str())
            )
        }
    }
}

pub fn too_many_lines(lines: usize) -> String {
    format!(
        "Pesan ini berisi {lines} baris; satu pesan paling banyak {MAX_LINES} pembelian. Tidak ada yang dibeli: kirim dalam beberapa pesan."
    )
}

pub const NOTHING_TO_REPEAT: &str =
    "Belum ada pembelian untuk diulang. Beli dengan /beli &lt;kode&gt; &lt;tujuan&gt;.";

// Admins.

fn cutoff_words(cutoff: Option<Cutoff>) -> String {
    match cutoff {
        Some(c) => format!(", tutup {}–{} WIB", hhmm(c.closes), hhmm(c.opens)),
        None => String::new(),
    }
}

/// `/kategori`: every category, and how many active products are in none (which the menus
/// show under "Lainnya").
pub fn categories<'a, C>(list: &'a [C], uncategorised: i64) -> String
where
    &'a C: Into<CategoryLine<'a>>,
{
    let mut lines: Vec<String> = list
        .iter()
        .map(|c| {
            let c: CategoryLine = c.into();
            format!(
                "• <b>{}</b>: {} produk aktif{}",
                escape(c.name),
                c.products,
                cutoff_words(c.cutoff)
            )
        })
        .collect();
    if uncategorised > 0 {
        lines.push(format!(
            "• tanpa kategori: {uncategorised} produk aktif, tampil di menu /beli sebagai <b>{}</b>",
            super::browse::OTHERS
        ));
    }
    format!(
        "<b>Kategori</b>\n{}\n\nJam tutup: /kategori jam &lt;nama&gt; 23:30-00:30. Produk ke kategori: /kelompok &lt;kode&gt; &lt;kategori&gt; &lt;brand&gt;.",
        if lines.is_empty() {
            "(belum ada)".into()
        } else {
            lines.join("\n")
        }
    )
}

pub fn brands<'a, B>(list: &'a [B], operators: &[(String, Vec<String>)]) -> String
where
    &'a B: Into<BrandLine<'a>>,
{
    let lines: Vec<String> = list
        .iter()
        .map(|b| {
            let b: BrandLine = b.into();
            let op = b
                .operator
                .map(|o| format!(", nomor {}", escape(o)))
                .unwrap_or_default();
            format!(
                "• <b>{}</b>: {} produk aktif{op}",
                escape(b.name),
                b.products
            )
        })
        .collect();
    let prefixes: Vec<String> = operators
        .iter()
        .map(|(op, p)| format!("{}: {}", escape(op), p.join(", ")))
        .collect();
    format!(
        "<b>Brand</b>\n{}\n\n<b>Operator per awalan nomor</b>\n{}",
        if lines.is_empty() {
            "(belum ada)".into()
        } else {
            lines.join("\n")
        },
        prefixes.join("\n")
    )
}

/// What a change to a category or brand came to.
pub fn group_change(kind: &str, name: &str, change: &Change, done: &str) -> String {
    let name = escape(name);
    match change {
        Change::Done => format!("✅ {kind} <b>{name}</b> {done}."),
        Change::NotFound => format!(
            "{kind} <b>{name}</b> tidak ada. Lihat daftarnya dengan /{}.",
            kind.to_lowercase()
        ),
        Change::Taken => format!("Nama <b>{name}</b> sudah dipakai {}.", kind.to_lowercase()),
        Change::InUse(n) => format!(
            "{kind} <b>{name}</b> masih dipakai {n} produk; pindahkan dulu dengan /kelompok."
        ),
    }
}

pub fn hours_set(cutoff: Option<Cutoff>) -> String {
    match cutoff {
        Some(c) => format!("jam tutupnya kini {}–{} WIB", hhmm(c.closes), hhmm(c.opens)),
        None => "kini buka sepanjang hari".into(),
    }
}

pub fn operator_set(operator: Option<&str>) -> String {
    match operator {
        Some(o) => format!("kini untuk nomor {}", escape(o)),
        None => "kini tanpa operator (nomor tidak diperiksa)".into(),
    }
}

pub fn classified(code: &str, category: &str, brand: &str) -> String {
    format!(
        "✅ <code>{}</code> kini di kategori <b>{}</b>, brand <b>{}</b>.",
        escape(code),
        escape(category),
        escape(brand)
    )
}

pub fn not_classified(missing: Missing, code: &str, category: &str, brand: &str) -> String {
    match missing {
        Missing::Product => format!("Produk <code>{}</code> tidak ada.", escape(code)),
        Missing::Category => format!(
            "Kategori <b>{}</b> tidak ada. Lihat /kategori.",
            escape(category)
        ),
        Missing::Brand => format!("Brand <b>{}</b> tidak ada. Lihat /brand.", escape(brand)),
    }
}

pub fn disruption_set(name: &str, reason: Option<&str>) -> String {
    let why = reason
        .map(|r| format!(" ({})", escape(r)))
        .unwrap_or_default();
    format!(
        "⚠️ {} ditandai gangguan{why}. Pembelian ditolak sampai /normal.",
        escape(name)
    )
}

pub fn restored(name: &str) -> String {
    format!("✅ {} kembali normal.", escape(name))
}

pub fn no_product(code: &str) -> String {
    format!("Produk <code>{}</code> tidak ada.", escape(code))
}
