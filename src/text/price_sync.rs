//! `/produk sync <supplier>`: what an admin reads about a supplier's price list read into the
//! routes (R46): its preview, its refusals, and what ✅ or ❌ did.
use super::escape;
use crate::domain::Money;
use crate::domain::cutoff::hhmm;
use crate::domain::price_sync::{
    CutOff, Gone, PRICE_LIST_SUPPLIER, SYNC_EVERY_MINUTES, SYNC_PREVIEW_MINUTES, SyncDecided,
    SyncPreview, SyncRefusal,
};

pub const YES: &str = "✅ Terapkan";
pub const NO: &str = "❌ Batal";
pub const GONE: &str = "Sinkron harga ini sudah tidak berlaku.";

/// `/produk sync` without a supplier.
pub const WHICH: &str = "sebutkan suppliernya, mis. /produk sync digiflazz";

/// At most this many lines per part of a preview; the rest are counted.
const LIST_LINES: usize = 15;

pub fn subject(supplier: &str) -> String {
    format!("supplier {supplier}")
}

/// The audit row's "after": how many steps the sync wrote, how many it held.
pub fn audit_after(changed: usize, held: usize) -> String {
    format!("{changed} langkah rute diperbarui dari daftar harga, {held} dilewati")
}

pub fn refused(r: &SyncRefusal) -> String {
    match r {
        SyncRefusal::UnknownSupplier { known } => format!(
            "⚠️ Supplier tidak dikenal. Yang ada: {}. Daftar harga hanya ada di \
             {PRICE_LIST_SUPPLIER}: /produk sync {PRICE_LIST_SUPPLIER}",
            escape(&known.join(", "))
        ),
        SyncRefusal::NoPriceList { supplier } => format!(
            "⚠️ Supplier {} tidak punya daftar harga yang bisa dibaca loket; hanya \
             {PRICE_LIST_SUPPLIER}: /produk sync {PRICE_LIST_SUPPLIER}",
            escape(supplier)
        ),
        SyncRefusal::NotConfigured => "⚠️ Digiflazz belum diatur di server ini \
             (DIGIFLAZZ_USERNAME, DIGIFLAZZ_API_KEY), jadi daftar harganya tidak bisa dibaca."
            .to_owned(),
        SyncRefusal::TooSoon { minutes } => format!(
            "⏳ Daftar harga hanya dibaca sekali per {SYNC_EVERY_MINUTES} menit (Digiflazz \
             membatasinya). Coba lagi dalam {minutes} menit."
        ),
        SyncRefusal::Limited => format!(
            "⏳ Digiflazz menolak: daftar harga terlalu sering diminta (rc 83). Coba lagi \
             dalam {SYNC_EVERY_MINUTES} menit."
        ),
        SyncRefusal::Account => "⚠️ Digiflazz menolak akun loket (tanda tangan atau IP \
             server). Periksa dengan <code>loket check</code>. Tidak ada yang diubah."
            .to_owned(),
        SyncRefusal::Unreachable => format!(
            "⚠️ Daftar harga Digiflazz tidak bisa dibaca (tidak terjangkau atau jawabannya \
             rusak). Tidak ada yang diubah; coba lagi dalam {SYNC_EVERY_MINUTES} menit."
        ),
        SyncRefusal::Refused { rc, message } => format!(
            "⚠️ Digiflazz menolak (rc {}: {}). Tidak ada yang diubah.",
            escape(rc),
            escape(message)
        ),
    }
}

fn cut(c: CutOff) -> String {
    match c {
        Some((s, e)) => format!("{}–{}", hhmm(s), hhmm(e)),
        None => "tanpa".to_owned(),
    }
}

fn cost(c: Option<i64>) -> String {
    c.map_or_else(|| "-".to_owned(), |c| Money::from_rupiah(c).to_string())
}

/// Up to [`LIST_LINES`] of `lines` under `title`, the rest counted; nothing when empty.
fn part(out: &mut String, title: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    out.push_str(&format!("\n\n<b>{title}: {}</b>", lines.len()));
    for line in lines.iter().take(LIST_LINES) {
        out.push_str(&format!("\n• {line}"));
    }
    if lines.len() > LIST_LINES {
        out.push_str(&format!("\n… dan {} lagi", lines.len() - LIST_LINES));
    }
}

pub fn preview(p: &SyncPreview) -> String {
    let mut out = format!(
        "<b>Sinkron harga {}</b>: pratinjau. Harga jual tidak diubah.",
        escape(&p.supplier)
    );
    let changed = p.changed.iter().map(|c| {
        let mut line = format!(
            "{} ({}): modal {} → {}",
            escape(&c.code),
            escape(&c.sku),
            cost(c.old),
            Money::from_rupiah(c.new)
        );
        if let Some((old, new)) = c.cut_off {
            line.push_str(&format!(", cut-off {} → {}", cut(old), cut(new)));
        }
        line
    });
    part(&mut out, "Modal berubah", changed.collect());
    let gone = p.out_of_stock.iter().map(|o| {
        let why = match o.why {
            Gone::Missing => "tidak ada di daftar harga",
            Gone::OffForUs => "dinonaktifkan di akun kita",
            Gone::OffBySeller => "seller tidak menjual",
        };
        format!("{} ({}): {why}, dilewati", escape(&o.code), escape(&o.sku))
    });
    part(&mut out, "Habis / tidak dijual", gone.collect());
    let below = p.below_cost.iter().map(|b| {
        format!(
            "{} ({}): modal {} ≥ harga level {} {}; dilewati sampai harga dinaikkan \
             (/level harga {} {} …) dan sync lagi",
            escape(&b.code),
            escape(&b.sku),
            Money::from_rupiah(b.cost),
            escape(&b.level),
            Money::from_rupiah(b.price),
            escape(&b.level),
            escape(&b.code)
        )
    });
    part(&mut out, "Di bawah modal", below.collect());
    let back = p
        .back
        .iter()
        .map(|(code, sku)| format!("{} ({}): dijual lagi", escape(code), escape(sku)));
    part(&mut out, "Dipakai lagi", back.collect());
    new_part(&mut out, p);
    if p.unchanged > 0 {
        out.push_str(&format!("\n\nSama: {} langkah rute.", p.unchanged));
    }
    out.push_str(&if p.changes_something() {
        format!(
            "\n\nTekan {YES} dalam {SYNC_PREVIEW_MINUTES} menit untuk menerapkan ke rute, \
             atau {NO}."
        )
    } else {
        "\n\nTidak ada yang perlu diubah pada rute.".to_owned()
    });
    out
}

fn new_part(out: &mut String, p: &SyncPreview) {
    if p.new_count == 0 {
        return;
    }
    out.push_str(&format!(
        "\n\n<b>Baru (belum ada di rute mana pun): {}</b>",
        p.new_count
    ));
    for n in &p.new {
        out.push_str(&format!(
            "\n• {}: {} · {} · {} · {}",
            escape(&n.sku),
            escape(&n.name),
            escape(&n.category),
            escape(&n.brand),
            Money::from_rupiah(n.price)
        ));
    }
    if p.new_count > p.new.len() {
        out.push_str(&format!("\n… dan {} lagi", p.new_count - p.new.len()));
    }
    out.push_str(&format!(
        "\nTidak ditambahkan otomatis. Untuk menjualnya: /produk &lt;kode&gt; &lt;modal&gt; \
         &lt;harga&gt; &lt;nama&gt;, lalu /rute &lt;kode&gt; {}:&lt;sku&gt;:&lt;modal&gt;",
        escape(&p.supplier)
    ));
}

pub fn applied(supplier: &str, changed: i64, held: i64) -> String {
    format!(
        "✅ Sinkron harga {} diterapkan: {changed} langkah rute diperbarui, {held} dilewati \
         (habis atau di bawah modal).",
        escape(supplier)
    )
}

pub fn expired() -> String {
    format!(
        "⌛ Pratinjau ini lebih dari {SYNC_PREVIEW_MINUTES} menit; tidak diterapkan. Kirim \
         /produk sync {PRICE_LIST_SUPPLIER} lagi."
    )
}

pub const STALE: &str =
    "Daftar harga sudah dibaca lagi sesudah pratinjau ini; jawab pratinjau yang terbaru.";

pub fn cancelled(supplier: &str) -> String {
    format!(
        "❌ Sinkron harga {} dibatalkan; rute tidak diubah.",
        escape(supplier)
    )
}

/// A press on a question already answered.
pub fn answered_before(d: SyncDecided) -> String {
    match d {
        SyncDecided::Applied { changed } => {
            format!("Sinkron ini sudah diterapkan ({changed} langkah rute).")
        }
        SyncDecided::Cancelled => "Sinkron ini sudah dibatalkan.".to_owned(),
    }
}

/// The same command seen again.
pub fn asked_before(d: Option<SyncDecided>) -> String {
    match d {
        Some(d) => answered_before(d),
        None => "Pratinjau untuk perintah ini sudah dikirim; jawab dengan tombolnya.".to_owned(),
    }
}
