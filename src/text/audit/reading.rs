//! `/audit` and its CSV file: the recorded changes as an admin reads them back.
use chrono::{DateTime, NaiveDate, Utc};

use crate::text::escape;

/// The longest before, after or subject `/audit` shows of a row; the CSV file has them whole.
const SHOWN_CHARS: usize = 60;

/// One row of `/audit`.
pub struct AuditLine<'a> {
    pub at: DateTime<Utc>,
    pub admin_id: i64,
    pub action: &'a str,
    pub subject: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// `s` escaped, cut to [`SHOWN_CHARS`] characters of markup (an entity is never cut).
fn shown(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let piece = escape(c.encode_utf8(&mut [0; 4]));
        // Room is kept for the ellipsis while more follows.
        let room = SHOWN_CHARS - usize::from(chars.peek().is_some());
        if out.chars().count() + piece.chars().count() > room {
            out.push('…');
            break;
        }
        out.push_str(&piece);
    }
    out
}

/// Who made a change: an admin's id, or "sistem" for loket's own (`audit::SYSTEM`, id 0, which
/// no Telegram user has).
pub fn who(admin_id: i64) -> String {
    if admin_id == 0 {
        "sistem".to_owned()
    } else {
        admin_id.to_string()
    }
}

/// A row as `/audit` lists it: when (WIB), who, what, and from what to what.
pub fn line(l: &AuditLine) -> String {
    let before = if l.before.is_empty() {
        "—".to_owned()
    } else {
        shown(l.before)
    };
    format!(
        "{} · {} · <b>{}</b> {}: {} → {}",
        crate::text::bot::wib(l.at),
        who(l.admin_id),
        shown(l.action),
        shown(l.subject),
        before,
        shown(l.after)
    )
}

pub const EMPTY: &str = "Belum ada perubahan oleh admin yang tercatat.";

pub const CSV_HEADER: [&str; 7] = [
    "id",
    "waktu_wib",
    "admin_id",
    "aksi",
    "objek",
    "sebelum",
    "sesudah",
];

pub fn csv_file_name(today: NaiveDate) -> String {
    format!("audit-{}.csv", today.format("%Y-%m-%d"))
}

pub fn csv_caption(rows: usize, all: i64) -> String {
    if i64::try_from(rows).unwrap_or(i64::MAX) < all {
        format!("🧾 Jejak audit: {rows} perubahan terbaru dari {all}.")
    } else {
        format!("🧾 Jejak audit: {rows} perubahan.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_the_longest_rows_fits_one_message() {
        let long = "<&>".repeat(200);
        let at = chrono::Utc::now();
        let row = AuditLine {
            at,
            admin_id: i64::MAX,
            action: &long,
            subject: &long,
            before: &long,
            after: &long,
        };
        let lines: Vec<AuditLine> = (0..10).map(|_| AuditLine { ..row }).collect();
        let page = crate::text::lists::audit(&lines, 999, 999, i64::MAX);
        assert!(
            page.chars().count() < crate::text::TELEGRAM_MAX_CHARS,
            "{}",
            page.len()
        );
        assert_eq!(page.matches(" → ").count(), 10, "no row was cut off");
        assert!(shown("abc").eq("abc") && shown(&"x".repeat(61)).ends_with('…'));
        assert_eq!(shown(&"x".repeat(60)), "x".repeat(60));
    }
}
