//! Lists that can grow past one message (the price list, open orders, the audit trail), shown a
//! page at a time.
//! Pages are cut between whole lines, so however many products or orders there are, every one
//! of them is on some page and every page is a message Telegram accepts.
use chrono::{DateTime, Utc};

use super::audit::{AuditLine, EMPTY as NO_CHANGES, line as audit_line};
use super::bot::{OrderLine, wib};
use super::escape;
use super::long::{Size, paginate, room_besides};

/// At most this many lines on a page, so a page stays readable on a phone; fewer when the
/// lines are long.
pub const PAGE_LINES: usize = 40;

/// The buttons under a paged list, to the page before and the page after: the menus' own.
pub use super::browse::{NEXT as PAGE_NEXT, PREVIOUS as PAGE_PREVIOUS};
/// A press on a list's button that cannot be read or whose message is gone.
pub const PAGE_GONE: &str = "Tombol ini sudah usang. Ketik perintahnya lagi.";
/// A press on someone else's price list (in a group).
pub const PAGE_NOT_YOURS: &str = "Daftar ini milik orang lain. Ketik /harga untuk daftar Anda.";
/// The page could not be shown in place of the old one.
pub const PAGE_NOT_SHOWN: &str = "Halaman tidak bisa ditampilkan. Coba lagi sebentar.";

/// A page of a list as shown, and where it stands among the list's pages (for ◀ ▶).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged {
    pub text: String,
    pub page: usize,
    /// 1 when everything fits on one page, or when the text is not a page (nothing to list,
    /// no such page).
    pub pages: usize,
}

impl Paged {
    /// A text that is not a page of a list.
    pub fn single(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            page: 1,
            pages: 1,
        }
    }
}

/// What a page number past the last page answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    /// That there is no such page (a page typed).
    Refuse,
    /// The last page (a button of an older page, the list having shrunk since).
    Last,
}

/// `lines` laid out as page `wanted` (from 1): the page, or the number of pages there are.
/// `lead(i)` is what goes before line `i` when it opens a page (a group's heading that the
/// line continues), and room is kept for the longest.
fn page_of(
    lines: Vec<String>,
    wanted: usize,
    beyond: Beyond,
    header: impl Fn(usize, usize) -> String,
    footer: impl Fn(usize, usize) -> String,
    lead: impl Fn(usize) -> String,
) -> Result<Paged, usize> {
    let leads: Vec<Size> = (0..lines.len()).map(|i| Size::of(&lead(i))).collect();
    let longest_lead = Size {
        markup: leads.iter().map(|s| s.markup).max().unwrap_or(0),
        shown: leads.iter().map(|s| s.shown).max().unwrap_or(0),
    };
    // Room for the longest header and footer any page can have: page numbers never have
    // more digits than the number of lines.
    let most = lines.len() + 1;
    let room = room_besides(&[&header(most, most), &footer(most, most + 1)]).less(longest_lead);
    let (lines, pages) = paginate(lines, room, PAGE_LINES);
    let count = pages.len();
    let page = match beyond {
        _ if (1..=count).contains(&wanted) => wanted,
        Beyond::Last if count > 0 => count,
        _ => return Err(count),
    };
    let range = pages[page - 1].clone();
    Ok(Paged {
        text: format!(
            "{}{}{}{}",
            header(page, count),
            lead(range.start),
            lines[range].join("\n"),
            footer(page, count)
        ),
        page,
        pages: count,
    })
}

/// ` · halaman 2/5`, or nothing when everything is on one page.
pub(super) fn page_mark(page: usize, count: usize) -> String {
    if count > 1 {
        format!(" · halaman {page}/{count}")
    } else {
        String::new()
    }
}

/// How to reach the other pages of `command` (with its search words, if any). Under ◀ ▶
/// (`buttons`), the next page is a press away and is not typed out.
pub(super) fn page_hints(command: &str, page: usize, count: usize, buttons: bool) -> String {
    let mut out = String::new();
    if page < count && !buttons {
        out.push_str(&format!("Halaman berikutnya: {command} {}\n", page + 1));
    }
    if count > 1 {
        out.push_str(&format!(
            "Halaman lain: {command} &lt;nomor&gt;, 1 sampai {count}\n"
        ));
    }
    out
}

pub(super) fn no_such_page(page: usize, count: usize, command: &str) -> String {
    format!("Halaman {page} tidak ada; daftar ini {count} halaman. Lihat {command} 1.")
}

/// [`page_of`] for a list: the page, or that there is no such page.
pub(super) fn paged(
    lines: Vec<String>,
    wanted: usize,
    beyond: Beyond,
    command: &str,
    header: impl Fn(usize, usize) -> String,
    footer: impl Fn(usize, usize) -> String,
    lead: impl Fn(usize) -> String,
) -> Paged {
    page_of(lines, wanted, beyond, header, footer, lead)
        .unwrap_or_else(|count| Paged::single(no_such_page(wanted, count, command)))
}

/// Page `page` of the orders not final yet, oldest first, with how many there are in all.
pub fn pending(
    orders: &[OrderLine],
    stuck_after_minutes: i64,
    now: DateTime<Utc>,
    page: usize,
    beyond: Beyond,
) -> Paged {
    if orders.is_empty() {
        return Paged::single("Tidak ada transaksi yang menunggu. 👍");
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
            // Every page of more than one has its ◀ ▶.
            page_hints("/pending", page, count, true)
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
    let no_lead = |_| String::new();
    paged(rendered, page, beyond, "/pending", header, footer, no_lead)
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
        page_hints("/audit", page, pages, false)
    ))
}
