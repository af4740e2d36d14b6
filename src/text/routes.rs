//! What admins read about a product's route (`/rute`), and what a reseller reads when no
//! supplier can sell a product now.
use super::escape;
use crate::domain::Money;
use crate::domain::cutoff::{hhmm, now_wib};
use crate::domain::price_sync::Held;
use crate::domain::route::{MAX_SKU_CHARS, MAX_STEPS, Refusal, RouteView, ShownStep, StepsError};

/// A purchase refused because every step of the product's route is unusable now (paused,
/// short of balance, in its cut-off).
pub fn no_usable_supplier(name: &str) -> String {
    format!(
        "Produk <b>{}</b> sedang tidak dapat dibeli: semua supplier untuk produk ini sedang \
         tidak tersedia. Saldo Anda tidak dipotong. Coba lagi nanti.",
        escape(name)
    )
}

fn money(rupiah: Option<i64>) -> String {
    rupiah.map_or("belum diketahui".to_owned(), |r| {
        Money::from_rupiah(r).to_string()
    })
}

fn step_line(n: usize, s: &ShownStep) -> String {
    let mut line = format!(
        "{n}. <b>{}</b> · kode <code>{}</code> · modal {}",
        escape(&s.supplier),
        escape(&s.sku),
        money(s.cost)
    );
    match &s.paused {
        Some(reason) if reason.is_empty() => line.push_str(" · ⏸ dijeda"),
        Some(reason) => line.push_str(&format!(" · ⏸ dijeda: {}", escape(reason))),
        None => {}
    }
    if let Some(balance) = s.balance {
        line.push_str(&format!(
            " · saldo terakhir {}",
            Money::from_rupiah(balance)
        ));
        if s.cost.is_some_and(|c| balance < c) {
            line.push_str(" (kurang dari modal, dilewati)");
        }
    }
    match s.held {
        Some(Held::NotSold) => line.push_str(" · ⛔ tidak dijual supplier (sync), dilewati"),
        Some(Held::BelowCost) => line.push_str(
            " · ⛔ modal ≥ harga jual (sync), dilewati sampai harga dinaikkan dan sync lagi",
        ),
        None => {}
    }
    if let Some(c) = s.cut_off {
        line.push_str(&format!(
            " · cut-off {}–{} WIB",
            hhmm(c.closes),
            hhmm(c.opens)
        ));
        if c.covers(now_wib()) {
            line.push_str(" (sedang cut-off, dilewati)");
        }
    }
    line
}

/// `/rute <kode>`: the route's steps in the order they are tried.
pub fn route(view: &RouteView) -> String {
    let code = escape(&view.code);
    let lines: Vec<String> = view
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| step_line(i + 1, s))
        .collect();
    let note = if view.default {
        format!(
            "Belum ada rute sendiri: dijual lewat supplier utama dengan kodenya sendiri (default). \
             Atur: /rute {code} utama:{code},digiflazz:&lt;kode&gt;[:modal]"
        )
    } else {
        format!(
            "Dicoba berurutan; supplier yang dijeda, saldonya kurang dari modal, atau sedang \
             cut-off dilewati. Kembali ke default: /rute {code} hapus"
        )
    };
    format!(
        "<b>Rute {code}</b> · {} · harga jual {}\n{}\n\n{note}",
        escape(&view.name),
        Money::from_rupiah(view.price),
        lines.join("\n")
    )
}

/// The route saved, then shown as it now is.
pub fn saved(view: &RouteView) -> String {
    format!("✅ Rute disimpan.\n\n{}", route(view))
}

/// `/rute <kode>` for a product that does not exist.
pub fn no_product(code: &str) -> String {
    format!(
        "Produk <code>{}</code> tidak ada. Tambahkan dengan /produk.",
        escape(code)
    )
}

/// What was wrong with a route as typed; nothing was changed.
pub fn steps_error(e: &StepsError) -> String {
    match e {
        StepsError::Empty => "Rute kosong: tulis supplier:kode, dipisah koma.".to_owned(),
        StepsError::Malformed(step) => format!(
            "Langkah \"{step}\" tidak bisa dibaca: tulis supplier:kode atau supplier:kode:modal."
        ),
        StepsError::BadSku { supplier, sku } if sku.is_empty() => {
            format!("Kode produk untuk supplier {supplier} kosong.")
        }
        StepsError::BadSku { supplier, sku } => format!(
            "Kode \"{sku}\" untuk supplier {supplier} tidak sah: hanya huruf, angka, -, _ dan ., \
             paling banyak {MAX_SKU_CHARS} karakter."
        ),
        StepsError::BadCost { supplier, error } => format!(
            "Modal untuk supplier {supplier}: {}.",
            super::errors::money(error)
        ),
        StepsError::TooMany { steps } => {
            format!("Rute berisi {steps} langkah; paling banyak {MAX_STEPS}.")
        }
        StepsError::Twice { supplier } => {
            format!("Supplier {supplier} ditulis dua kali; satu supplier satu langkah.")
        }
    }
}

/// Why `/rute` changed nothing.
pub fn refused(code: &str, refusal: &Refusal) -> String {
    let why = match refusal {
        Refusal::UnknownProduct => return no_product(code),
        Refusal::UnknownSupplier { supplier, known } => format!(
            "Supplier <b>{}</b> tidak dikenal. Supplier yang ada: {}.",
            escape(supplier),
            escape(&known.join(", "))
        ),
        Refusal::Steps(e) => escape(&steps_error(e)),
        Refusal::NotBelowPrice {
            supplier,
            cost,
            level,
            price,
        } => format!(
            "Modal di supplier <b>{}</b> {} tidak di bawah harga jual <code>{}</code> di level \
             <b>{}</b> ({}): produk akan terjual rugi. Naikkan harga jualnya dulu (/produk, \
             /level harga) atau pilih supplier lain.",
            escape(supplier),
            Money::from_rupiah(*cost),
            escape(code),
            escape(level),
            Money::from_rupiah(*price)
        ),
    };
    format!("{why}\nRute tidak diubah.")
}

/// Why a GAGAL that would have moved an order to its route's next supplier failed it instead
/// (R43): the next supplier was never tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutShort {
    /// `FAILOVER_WINDOW_SECS` from the order had passed.
    WindowPassed { secs: u64 },
    /// The order had made `FAILOVER_MAX` attempts.
    MaxAttempts { max: i16 },
}

/// One cut-short order, as the grouped alert names its latest (plain text, escaped there).
pub fn cut_short_example(trxid: &str, from: &str, next: &str, why: CutShort) -> String {
    let why = match why {
        CutShort::WindowPassed { secs } => {
            format!("jendela FAILOVER_WINDOW_SECS ({secs} detik) sudah lewat")
        }
        CutShort::MaxAttempts { max } => {
            format!("sudah {max} percobaan (FAILOVER_MAX)")
        }
    };
    format!("trx {trxid}: GAGAL di {from}, {next} tidak dicoba karena {why}")
}

/// To admins, at most once a minute: orders failed with a usable supplier left on their route.
pub fn admin_routes_cut_short(count: i32, example: &str) -> String {
    super::cap(format!(
        "⚠️ {count} transaksi gagal sebelum dicoba ke supplier berikutnya di rutenya, sejak \
         peringatan terakhir. Saldo reseller sudah dikembalikan. Bila ini sering terjadi, \
         perbesar FAILOVER_WINDOW_SECS atau FAILOVER_MAX.\nTerakhir: {}",
        escape(example)
    ))
}
