//! The catalogue by CSV: what an admin hears about a file they send (its preview, what was
//! applied) and the caption of `/produk csv`.
use super::errors::{money, product_code, product_name_too_long};
use super::escape;
use super::long::{Size, paginate, room_besides};
use crate::domain::Money;
use crate::domain::catalogue_import::{
    BadLine, Change, Decided, Field, FileError, MAX_LINES, MAX_NAME_CHARS, PREVIEW_MINUTES,
    Quoting, Why,
};
use crate::domain::levels::BelowCost;

/// What applying a file would do, as its preview shows it; `catalogue` fills it.
pub struct PreviewFacts<'a> {
    pub new: &'a [String],
    pub changed: &'a [Change],
    pub unchanged: usize,
    pub bad: &'a [BadLine],
}

pub const YES: &str = "✅ Terapkan";
pub const NO: &str = "❌ Batal";
pub const GONE: &str = "Impor ini sudah tidak berlaku.";

const FORMAT: &str = "Baris pertama harus: <code>kode,nama,kategori,brand,modal,harga,aktif</code> \
                      (pemisah <code>;</code> juga boleh). Contoh baris: \
                      <code>s5,Pulsa 5.000,Pulsa,Telkomsel,5000,5500,ya</code>. \
                      Kirim /produk csv untuk mendapat katalog sekarang dalam format ini.";

/// At most this many changed products and bad lines each in a preview; the rest are counted.
const LIST_LINES: usize = 25;

pub const NOT_CSV: &str = "📄 Berkas ini bukan CSV. Simpan dari spreadsheet sebagai \
                           <b>CSV UTF-8</b> (.csv), lalu kirim lagi.";

pub const NOT_UTF8: &str = "📄 Berkas ini bukan teks UTF-8. Di spreadsheet pilih \
                            <b>Simpan sebagai → CSV UTF-8</b>, lalu kirim lagi.";

pub const DOWNLOAD_FAILED: &str =
    "📄 Berkas tidak bisa diunduh dari Telegram. Silakan kirim lagi sebentar lagi.";

pub fn too_big(max_bytes: u32) -> String {
    format!(
        "📄 Berkas terlalu besar: maksimal {} KB dan {MAX_LINES} baris produk. Bagi menjadi \
         beberapa berkas.",
        max_bytes / 1024
    )
}

pub fn file_error(e: &FileError) -> String {
    match e {
        FileError::NotUtf8 => NOT_UTF8.to_owned(),
        FileError::Empty => format!("📄 Berkas kosong. {FORMAT}"),
        FileError::Header(found) => format!(
            "📄 Baris pertama berkas tidak dikenal: <code>{}</code>\n{FORMAT}",
            escape(found)
        ),
        FileError::TooManyLines(n) => format!(
            "📄 Berkas berisi {n} baris produk; maksimal {MAX_LINES}. Bagi menjadi beberapa berkas."
        ),
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

pub fn why(w: &Why) -> String {
    match w {
        Why::Quoting(Quoting::Unclosed) => "tanda kutip (\") tidak ditutup".to_owned(),
        Why::Quoting(Quoting::AfterQuote) => "ada teks setelah tanda kutip penutup".to_owned(),
        Why::Columns(n) => format!("ada {n} kolom, seharusnya 7"),
        Why::Code(e) => product_code(e).to_owned(),
        Why::NoName => "nama kosong".to_owned(),
        Why::NameTooLong => product_name_too_long(MAX_NAME_CHARS),
        Why::GroupName { brand, name } => format!(
            "{} {} bukan nama yang sah (satu kata: huruf, angka, . - _, maksimal 24)",
            if *brand { "brand" } else { "kategori" },
            quoted(name)
        ),
        Why::Cost(e) => format!("modal: {}", money(e)),
        Why::Price(e) => format!("harga: {}", money(e)),
        Why::BelowCost { price, cost } => format!("harga {price} di bawah modal {cost}"),
        Why::Active(v) => format!(
            "aktif {} tidak dikenal; isi ya/tidak, 1/0 atau true/false",
            quoted(v)
        ),
        Why::Twice { code, other } => {
            format!("kode {} juga ada di baris {other}", escape(code))
        }
        Why::UnknownCategory(name) => format!(
            "kategori {} belum ada (tambahkan dulu: /kategori tambah {})",
            quoted(name),
            escape(name)
        ),
        Why::UnknownBrand(name) => format!(
            "brand {} belum ada (tambahkan dulu: /brand tambah {})",
            quoted(name),
            escape(name)
        ),
    }
}

fn or_dash(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "-".to_owned(), escape)
}

fn amount(a: Option<i64>) -> String {
    a.map_or_else(|| "-".to_owned(), |a| Money::from_rupiah(a).to_string())
}

fn yes_no(b: bool) -> &'static str {
    if b { "ya" } else { "tidak" }
}

fn field(f: &Field) -> String {
    match f {
        Field::Name(a, b) => format!("nama {} → {}", quoted(a), quoted(b)),
        Field::Category(a, b) => format!("kategori {} → {}", or_dash(a), or_dash(b)),
        Field::Brand(a, b) => format!("brand {} → {}", or_dash(a), or_dash(b)),
        Field::Cost(a, b) => format!("modal {} → {}", amount(*a), amount(*b)),
        Field::Price(a, b) => format!("harga {} → {}", amount(Some(*a)), amount(Some(*b))),
        Field::Active(a, b) => format!("aktif {} → {}", yes_no(*a), yes_no(*b)),
    }
}

fn bad_line(b: &BadLine) -> String {
    format!("• baris {}: {}", b.number, why(&b.why))
}

/// The first of `lines` that fit in `room` (at most [`LIST_LINES`]), and how many more there
/// are.
fn fitting(lines: Vec<String>, room: Size) -> String {
    let total = lines.len();
    let (lines, pages) = paginate(lines, room, LIST_LINES);
    let shown = pages.first().cloned().unwrap_or(0..0);
    let mut out = lines[shown.clone()].join("\n");
    if shown.len() < total {
        out.push_str(&format!("\n…dan {} lagi", total - shown.len()));
    }
    out
}

/// The preview of a file: counts, what changes per product, each bad line with its number and
/// reason; one message however long the file.
pub fn preview<'a>(file_name: &str, p: impl Into<PreviewFacts<'a>>, can_apply: bool) -> String {
    let p = p.into();
    let head = format!(
        "📄 <b>Pratinjau impor {}</b>\nBaru: {}\nBerubah: {}\nSama: {}\nBaris salah: {}",
        escape(file_name),
        p.new.len(),
        p.changed.len(),
        p.unchanged,
        p.bad.len()
    );
    let foot = if can_apply {
        format!(
            "Produk yang tidak ada di berkas tidak diubah. Baris salah dilewati.\n\
             Tekan ✅ Terapkan untuk menyimpan, ❌ Batal untuk membatalkan. Pratinjau ini \
             berlaku {PREVIEW_MINUTES} menit; setelah itu kirim berkasnya lagi."
        )
    } else if p.bad.is_empty() {
        "Tidak ada yang berubah. Produk yang tidak ada di berkas tidak diubah.".to_owned()
    } else {
        "Tidak ada baris yang bisa diterapkan. Perbaiki berkasnya lalu kirim lagi.".to_owned()
    };
    let titles = "\n\n<b>Berubah:</b>\n\n\n<b>Baris salah (dilewati):</b>\n\n\n…dan 9999 lagi\n…dan 9999 lagi";
    let room = room_besides(&[&head, &foot, titles]);
    let half = Size {
        markup: room.markup / 2,
        shown: room.shown / 2,
    };
    let mut out = head;
    if !p.changed.is_empty() {
        let lines = p
            .changed
            .iter()
            .map(|c| {
                let fields: Vec<String> = c.fields.iter().map(field).collect();
                let stopped = c.stopped.as_deref().map_or_else(String::new, |why| {
                    format!(
                        " (⛔ dihentikan otomatis: {}; berkas ini menjualnya lagi)",
                        escape(why)
                    )
                });
                format!(
                    "• <code>{}</code>: {}{stopped}",
                    escape(&c.code),
                    fields.join(", ")
                )
            })
            .collect();
        out.push_str("\n\n<b>Berubah:</b>\n");
        out.push_str(&fitting(lines, half));
    }
    if !p.bad.is_empty() {
        out.push_str("\n\n<b>Baris salah (dilewati):</b>\n");
        out.push_str(&fitting(p.bad.iter().map(bad_line).collect(), half));
    }
    out.push_str("\n\n");
    out.push_str(&foot);
    out
}

/// What ✅ applied; `below_cost` names the products whose new cost price leaves level prices
/// below it (their details go to every admin as alerts, which a long file cannot crowd out of
/// this one message).
pub fn applied(
    file_name: &str,
    added: i64,
    changed: i64,
    unchanged: i64,
    below_cost: &[BelowCost],
) -> String {
    let mut out = format!(
        "✅ <b>Impor {} diterapkan.</b>\nBaru: {added}\nBerubah: {changed}",
        escape(file_name)
    );
    if unchanged > 0 {
        out.push_str(&format!(
            "\nSudah sama sejak pratinjau (tidak diubah): {unchanged}"
        ));
    }
    out.push_str("\nProduk yang tidak ada di berkas tidak diubah.");
    let mut codes: Vec<&str> = below_cost.iter().map(|b| b.code.as_str()).collect();
    codes.dedup();
    if !codes.is_empty() {
        let shown: Vec<String> = codes
            .iter()
            .take(LIST_LINES)
            .map(|c| format!("<code>{}</code>", escape(c)))
            .collect();
        let more = codes.len().saturating_sub(LIST_LINES);
        let more = if more > 0 {
            format!(" …dan {more} lagi")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "\n\n⚠️ Modal baru {} produk di atas harga di sebagian level: {}{more}. \
             Rinciannya dan cara memperbaikinya dikirim ke admin.",
            codes.len(),
            shown.join(", ")
        ));
    }
    out
}

/// A ✅ on a preview older than [`PREVIEW_MINUTES`]: nothing applied.
pub fn expired(file_name: &str) -> String {
    format!(
        "⌛ Pratinjau {} sudah lewat {PREVIEW_MINUTES} menit dan tidak diterapkan; katalog tidak \
         diubah. Kirim berkasnya lagi untuk pratinjau baru.",
        escape(file_name)
    )
}

pub fn cancelled(file_name: &str) -> String {
    format!(
        "❌ Impor {} dibatalkan; katalog tidak diubah.",
        escape(file_name)
    )
}

/// The pop-up for a press on a question already answered.
pub fn answered_before(d: Decided) -> String {
    match d {
        Decided::Applied { added, changed } => {
            format!("Impor ini sudah diterapkan ({added} baru, {changed} berubah).")
        }
        Decided::Cancelled => "Impor ini sudah dibatalkan.".to_owned(),
    }
}

/// A document sent again after its question was answered.
pub fn document_answered_before(d: Decided) -> String {
    format!("📄 {}", answered_before(d))
}

/// The pop-up when a category or brand the file names was removed since the preview.
pub fn missing(brand: bool, name: &str) -> String {
    let what = if brand { "Brand" } else { "Kategori" };
    format!(
        "{what} \"{name}\" sudah tidak ada; tidak ada yang diterapkan. Tambahkan lagi atau kirim ulang berkasnya."
    )
}

pub fn export_caption(products: usize) -> String {
    format!(
        "📄 Katalog: {products} produk (aktif dan nonaktif). Ubah di spreadsheet, simpan sebagai \
         CSV, lalu kirim balik berkasnya ke sini untuk impor."
    )
}

pub fn export_file_name(date: chrono::NaiveDate) -> String {
    format!("produk-{}.csv", date.format("%Y-%m-%d"))
}
