//! `/laporan … csv`: a range's orders as an RFC 4180 CSV file, one row per order, ready for a
//! spreadsheet.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{Period, charge};
use crate::text::reports as say;

/// Orders one file holds: about 150 bytes each, so a few megabytes at most, well inside what
/// Telegram accepts from a bot (50 MB) and what an outbox row should carry.
pub const MAX_ROWS: usize = 20_000;

/// Excel reads a file without it as the local code page and garbles every non-ASCII name.
pub(crate) const UTF8_BOM: &str = "\u{feff}";

struct CsvRow {
    trxid: String,
    created_at: DateTime<Utc>,
    user_id: i64,
    product_code: String,
    product_name: String,
    destination: String,
    status: String,
    price: i64,
    charge: Option<i64>,
    sn: Option<String>,
}

from_row!(CsvRow {
    trxid,
    created_at,
    user_id,
    product_code,
    product_name,
    destination,
    status,
    price,
    charge,
    sn
});

/// The file for `period`, and how many orders it holds; `None` when more than [`MAX_ROWS`].
pub async fn orders_csv(
    conn: &mut PgConnection,
    period: Period,
) -> sqlx::Result<Option<(Vec<u8>, usize)>> {
    let (start, end) = period.bounds();
    let rows: Vec<CsvRow> = sqlx::query_as(concat!(
        "select o.trxid, o.created_at, o.user_id, o.product_code, o.product_name, o.destination,
                o.status, o.price, o.sn,
                case when o.status = 'success' then ",
        charge!(),
        " end as charge
           from orders o
          where o.created_at >= $1 and o.created_at < $2
          order by o.created_at, o.order_id
          limit $3"
    ))
    .bind(start)
    .bind(end)
    .bind(i64::try_from(MAX_ROWS + 1).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?;
    if rows.len() > MAX_ROWS {
        return Ok(None);
    }
    Ok(Some((render(&rows).into_bytes(), rows.len())))
}

fn render(rows: &[CsvRow]) -> String {
    let mut out = String::with_capacity(UTF8_BOM.len() + 160 * (rows.len() + 1));
    out.push_str(UTF8_BOM);
    record(&mut out, say::CSV_HEADER.iter().map(|h| (*h).to_owned()));
    for r in rows {
        let time = (r.created_at + chrono::Duration::hours(super::WIB_HOURS))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        let profit = r.charge.map(|c| r.price - c);
        let fields = [
            r.trxid.clone(),
            time,
            r.user_id.to_string(),
            text_cell(&r.product_code),
            text_cell(&r.product_name),
            text_cell(&r.destination),
            say::csv_status(&r.status).to_owned(),
            r.price.to_string(),
            r.charge.map(|c| c.to_string()).unwrap_or_default(),
            profit.map(|p| p.to_string()).unwrap_or_default(),
            text_cell(r.sn.as_deref().unwrap_or_default()),
        ];
        record(&mut out, fields.into_iter());
    }
    out
}

/// One record: fields separated by commas, CRLF at the end (RFC 4180).
pub(crate) fn record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        quoted(out, &field);
    }
    out.push_str("\r\n");
}

/// A field with a comma, a quote or a line break goes in quotes, its quotes doubled.
fn quoted(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Text from outside (a product name, an SN) that a spreadsheet would run as a formula gets a
/// leading apostrophe, which spreadsheets show as text and do not run.
pub(crate) fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        let mut out = String::new();
        record(
            &mut out,
            ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""]
                .into_iter()
                .map(String::from),
        );
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n"
        );
    }

    #[test]
    fn formulas_are_not_run() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("+62812"), "'+62812");
        assert_eq!(text_cell("Pulsa 5.000"), "Pulsa 5.000");
        assert_eq!(text_cell("081234567890"), "081234567890");
    }
}
