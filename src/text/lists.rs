//! Lists that can grow past one message (the price list, open orders, the audit trail), shown a
//! page at a time.
//! Pages are cut between whole lines, so however many products or orders there are, every one
//! of them is on some page and every page is a message Telegram accepts.
use chrono::{DateTime, Utc};

use super::audit::{AuditLine, EMPTY as NO_CHANGES, line as audit_line};
use super::bot::{OrderLine, wib};
use super::escape;
use super::long::{paginate, room_besides};
use crate::domain::Money;

/// At most this many lines on a page, so a page stays readable on a phone; fewer when the
/// lines are long.
pub const PAGE_LINES: usize = 40;

/// `lines` laid out as page `page` (from 1): the page, or the number of pages there are.
fn page_of(
    lines: Vec<String>,
    page: usize,
    header: impl Fn(usize, usize) -> String,
    footer: impl Fn(usize, usize) -> String,
) -> Result<String, usize> {
    // Room for the longest header and footer any page can have: page numbers never have
    // more digits than the number of lines.
    let most = lines.len() + 1;
    let room = room_besides(&[&header(most, most), &footer(most, most + 1)]);
    let (lines, pages) = paginate(lines, room, PAGE_LINES);
    let count = pages.len();
    match page.checked_sub(1).and_then(|i| pages.get(i)) {
        Some(range) => Ok(format!(
            "{}{}{}",
            header(page, count),
            lines[range.clone()].join("\n"),
            footer(page, count)
        )),
        None => Err(count),
    }
}

/// ` · halaman 2/5`, or nothing when everything is on one page.
fn page_mark(page: usize, count: usize) -> String {
    if count > 1 {
        format!(" · halaman {page}/{count}")
    } else {
        String::new()
    }
}

/// How to reach the other pages of `command` (with its search words, if any).
fn page_hints(command: &str, page: usize, count: usize) -> String {
    let mut out = String::new();
    if page < count {
        out.push_str(&format!("Halaman berikutnya: {command} {}\n", page + 1));
    }
    if count > 1 {
        out.push_str(&format!(
            "Halaman lain: {command} &lt;nomor&gt;, 1 sampai {count}\n"
        ));
    }
    out
}

fn no_such_page(page: usize, count: usize, command: &str) -> String {
    format!("Halaman {page} tidak ada; daftar ini {count} halaman. Lihat {command} 1.")
}

pub struct PriceLine<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub price: Money,
    /// In trouble (gangguan) for now.
    pub disrupted: bool,
}

/// Page `page` of the active products, or of those matching `query`, at the reader's `level`.
pub fn prices(lines: &[PriceLine], query: Option<&str>, page: usize, level: &str) -> String {
    if lines.is_empty() {
        return match query {
            Some(q) => format!("Tidak ada produk yang cocok dengan \"{}\".", escape(q)),
            None => "Belum ada produk.".into(),
        };
    }
    let command = match query {
        Some(q) => format!("/harga {}", escape(q)),
        None => "/harga".to_owned(),
    };
    let total = lines.len();
    let header = |page, count| match query {
        Some(q) => format!(
            "<b>Daftar harga</b> · cari \"{}\": {total} produk{}\n",
            escape(q),
            page_mark(page, count)
        ),
        None if count > 1 => format!(
            "<b>Daftar harga</b> · {total} produk{}\n",
            page_mark(page, count)
        ),
        None => "<b>Daftar harga</b>\n".to_owned(),
    };
    let footer = |page, count| {
        let search = match query {
            Some(_) => "Semua produk: /harga\n",
            None => "Cari produk: /harga &lt;kata&gt;, contoh: /harga pulsa\n",
        };
        format!(
            "\n\nHarga level <b>{}</b>.\n{}{search}Beli: /beli &lt;kode&gt; &lt;tujuan&gt;",
            escape(level),
            page_hints(&command, page, count)
        )
    };
    let rendered = lines
        .iter()
        .map(|l| {
            format!(
                "<code>{}</code> {} — {}{}",
                escape(l.code),
                escape(l.name),
                l.price,
                if l.disrupted { " ⚠️ gangguan" } else { "" }
            )
        })
        .collect();
    page_of(rendered, page, header, footer)
        .unwrap_or_else(|count| no_such_page(page, count, &command))
}

/// Page `page` of the orders not final yet, oldest first, with how many there are in all.
pub fn pending(
    orders: &[OrderLine],
    stuck_after_minutes: i64,
    now: DateTime<Utc>,
    page: usize,
) -> String {
    if orders.is_empty() {
        return "Tidak ada transaksi yang menunggu. 👍".into();
    }
    let total = orders.len();
    let header = |page, count| {
        format!(
            "<b>Belum selesai</b>: {total} transaksi, terlama dulu{}\n",
            page_mark(page, count)
        )
    };
    let footer = |page, count| {
        format!(
            "\n\n{}Selesaikan: /selesai &lt;trxid&gt; sukses &lt;SN&gt; atau /selesai &lt;trxid&gt; gagal",
            page_hints("/pending", page, count)
        )
    };
    // Raw statuses: an admin needs to tell `unknown` (ours to chase) from `pending`.
    let rendered = orders
        .iter()
        .map(|o| {
            let age = (now - o.created_at).num_minutes();
            let flag = if age >= stuck_after_minutes {
                "⏰ "
            } else {
                ""
            };
            format!(
                "{flag}<code>{}</code> {} {} <code>{}</code> {} · {} menit · {}",
                o.trxid,
                wib(o.created_at),
                escape(o.product_code),
                escape(o.destination),
                o.price,
                age,
                o.status
            )
        })
        .collect();
    page_of(rendered, page, header, footer)
        .unwrap_or_else(|count| no_such_page(page, count, "/pending"))
}

/// Page `page` of the audit trail, newest first: `lines` are that page's rows, of `total` in
/// `pages` pages. The rows of a page are a fixed number, each field cut short, so a page is one
/// message however long what was recorded.
pub fn audit(lines: &[AuditLine], page: usize, pages: usize, total: i64) -> String {
    if total == 0 {
        return NO_CHANGES.into();
    }
    if lines.is_empty() {
        return no_such_page(page, pages, "/audit");
    }
    let rows: Vec<String> = lines.iter().map(audit_line).collect();
    super::cap(format!(
        "<b>Jejak audit</b>: {total} perubahan, terbaru dulu{}\n{}\n\n{}File lengkap: /audit csv",
        page_mark(page, pages),
        rows.join("\n"),
        page_hints("/audit", page, pages)
    ))
}
