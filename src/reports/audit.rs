//! `/audit csv`: the audit trail as an RFC 4180 CSV file for a spreadsheet, read through
//! `audit` (which owns its rows): oldest first, times in WIB, text cells kept as text (an
//! all-digits value as `="…"`, see `csv`).
use sqlx::PgConnection;

use super::csv::{UTF8_BOM, any_cell, record, text_cell};
use crate::audit::{self, Recorded};
use crate::text::audit as say;

/// The newest rows one file holds: each is about 150 bytes, so a few megabytes at most.
pub const MAX_ROWS: i64 = 20_000;

/// The file, how many rows it holds and how many there are in all.
pub async fn audit_csv(conn: &mut PgConnection) -> sqlx::Result<(Vec<u8>, usize, i64)> {
    let rows = audit::export(conn, MAX_ROWS).await?;
    let all = audit::count(conn).await?;
    Ok((render(&rows).into_bytes(), rows.len(), all))
}

fn render(rows: &[Recorded]) -> String {
    let mut out = String::with_capacity(UTF8_BOM.len() + 150 * (rows.len() + 1));
    out.push_str(UTF8_BOM);
    record(&mut out, say::CSV_HEADER.iter().map(|h| (*h).to_owned()));
    for r in rows {
        let time = (r.at + chrono::Duration::hours(super::WIB_HOURS))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        let fields = [
            r.action_id.to_string(),
            time,
            r.admin_id.to_string(),
            text_cell(&r.action),
            any_cell(&r.subject),
            any_cell(&r.before),
            any_cell(&r.after),
        ];
        record(&mut out, fields.into_iter());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_quoted_guarded_and_in_wib() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T17:30:00Z")
            .unwrap()
            .to_utc();
        let row = Recorded {
            action_id: 7,
            at,
            admin_id: 900,
            action: "produk".into(),
            subject: "produk S5".into(),
            before: "Pulsa, harga Rp5.500".into(),
            after: "=1+1".into(),
        };
        let text = render(&[row]);
        assert!(text.starts_with(UTF8_BOM));
        let last = text.lines().last().unwrap();
        assert_eq!(
            last,
            "7,2026-12-06 00:30:00,900,produk,produk S5,\"Pulsa, harga Rp5.500\",'=1+1"
        );
    }
}
