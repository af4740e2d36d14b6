//! `/laporan … csv`: a range's orders as an RFC 4180 CSV file, one row per order, ready for a
//! spreadsheet; and the orders' rows the .xlsx of the same range holds.
//!
//! Spreadsheets guess each CSV cell's type. A trxid (20 digits) would become `2.61E+19`, a
//! destination `0812…` would lose its 0: those, and SNs (often long digit strings), are written
//! as `="…"`, a formula whose value is that text. Excel evaluates it when it opens the file, and
//! LibreOffice when its text import's "Evaluate formulas" is ticked; where it is not, the cell
//! shows `="0812…"` with every digit kept, which is still no corruption. A leading apostrophe
//! does not do this: Excel shows it in a CSV. Inside `="…"` a text is a string literal, so a
//! hostile SN or destination cannot run either. The separator stays `,`: it is RFC 4180, what
//! the catalogue import reads, and what LibreOffice's dialog detects; a `sep=;` line would fit
//! an Indonesian-locale Excel but makes Excel ignore the UTF-8 BOM and garble names. For Excel
//! under that locale, the .xlsx opens right as it is.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{Period, charge};
use crate::text::reports as say;

/// Orders one file holds: about 150 bytes each, so a few megabytes at most, well inside what
/// Telegram accepts from a bot (50 MB) and what an outbox row should carry.
pub const MAX_ROWS: usize = 20_000;

/// Excel reads a file without it as the local code page and garbles every non-ASCII name.
pub(crate) const UTF8_BOM: &str = "\u{feff}";

pub(super) struct OrderRow {
    pub(super) trxid: String,
    pub(super) created_at: DateTime<Utc>,
    pub(super) user_id: i64,
    pub(super) product_code: String,
    pub(super) product_name: String,
    pub(super) destination: String,
    pub(super) status: String,
    pub(super) price: i64,
    pub(super) charge: Option<i64>,
    pub(super) sn: Option<String>,
    /// What an admin gave back of a SUKSES (R36), and who bore it (`shop` or `supplier`).
    pub(super) refunded: Option<i64>,
    pub(super) refund_source: Option<String>,
}

from_row!(OrderRow {
    trxid,
    created_at,
    user_id,
    product_code,
    product_name,
    destination,
    status,
    price,
    charge,
    sn,
    refunded,
    refund_source
});

/// The file for `period`, and how many orders it holds; `None` when more than [`MAX_ROWS`].
pub async fn orders_csv(
    conn: &mut PgConnection,
    period: Period,
) -> sqlx::Result<Option<(Vec<u8>, usize)>> {
    let Some(rows) = order_rows(conn, period).await? else {
        return Ok(None);
    };
    Ok(Some((render(&rows).into_bytes(), rows.len())))
}

/// The orders of `period`, oldest first; `None` when more than [`MAX_ROWS`].
pub(super) async fn order_rows(
    conn: &mut PgConnection,
    period: Period,
) -> sqlx::Result<Option<Vec<OrderRow>>> {
    let (start, end) = period.bounds();
    let rows: Vec<OrderRow> = sqlx::query_as(concat!(
        "select o.trxid, o.created_at, o.user_id, o.product_code, o.product_name, o.destination,
                o.status, o.price, o.sn, o.refunded, o.refund_source,
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
    Ok((rows.len() <= MAX_ROWS).then_some(rows))
}

fn render(rows: &[OrderRow]) -> String {
    let mut out = String::with_capacity(UTF8_BOM.len() + 160 * (rows.len() + 1));
    out.push_str(UTF8_BOM);
    record(&mut out, say::CSV_HEADER.iter().map(|h| (*h).to_owned()));
    for r in rows {
        let time = (r.created_at + chrono::Duration::hours(super::WIB_HOURS))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        let profit = r.charge.map(|c| r.price - c);
        let fields = [
            digits_cell(&r.trxid),
            time,
            r.user_id.to_string(),
            text_cell(&r.product_code),
            text_cell(&r.product_name),
            digits_cell(&r.destination),
            say::csv_status(&r.status).to_owned(),
            r.price.to_string(),
            r.charge.map(|c| c.to_string()).unwrap_or_default(),
            profit.map(|p| p.to_string()).unwrap_or_default(),
            r.sn.as_deref().map(digits_cell).unwrap_or_default(),
            r.refunded.map(|n| n.to_string()).unwrap_or_default(),
            r.refund_source
                .as_deref()
                .map(say::refund_bearer)
                .unwrap_or_default()
                .to_owned(),
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

/// A number that is text (a trxid, a destination, an SN), written so a spreadsheet keeps it as
/// text: `="0812…"`, quotes inside doubled, as a formula's string literal takes them (see the
/// module's comment for why this form).
pub(crate) fn digits_cell(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    format!("=\"{}\"", s.replace('"', "\"\""))
}

/// Text that may be all digits (an audit row's subject or values): kept as text when it is,
/// guarded against formulas when it is not.
pub(crate) fn any_cell(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        digits_cell(s)
    } else {
        text_cell(s)
    }
}

/// Text from outside (a product name, a note) that a spreadsheet would run as a formula gets a
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
    fn digits_stay_text_and_inside_a_string_literal() {
        assert_eq!(digits_cell("081234567890"), "=\"081234567890\"");
        assert_eq!(digits_cell("=1+1 \"x\""), "=\"=1+1 \"\"x\"\"\"");
        assert_eq!(digits_cell(""), "");
    }

    #[test]
    fn formulas_are_not_run() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("+62812"), "'+62812");
        assert_eq!(text_cell("Pulsa 5.000"), "Pulsa 5.000");
        assert_eq!(text_cell("081234567890"), "081234567890");
    }
}
