//! The one .xlsx writer the exports share (`/laporan … xlsx`, `/pengguna xlsx`, `/mutasi <user>
//! xlsx`): a sheet of typed cells under a bold, frozen header. It knows cells, not tables: each
//! export brings its rows from the module that owns them.
use chrono::{DateTime, Datelike, Timelike, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// Rupiah as a spreadsheet shows it, the number kept a number so it sums: `Rp12,500`.
pub const RUPIAH_FORMAT: &str = "\"Rp\"#,##0;-\"Rp\"#,##0";
/// A WIB date and time, as a real date cell.
pub const TIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";

/// One cell, typed by what it holds rather than how it looks.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Kept as written: trxids, destinations, meter numbers, SNs and user ids are text, so a
    /// spreadsheet neither rounds a 20-digit trxid nor drops a leading 0; and a name starting
    /// with `=` is a string, never a formula.
    Text(String),
    /// An amount in rupiah: a number with [`RUPIAH_FORMAT`].
    Rupiah(i64),
    /// An instant, shown in WIB with [`TIME_FORMAT`].
    Time(DateTime<Utc>),
    Blank,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }
}

/// A column: its header and its width in characters.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
}

/// One sheet named `name`, `columns` as its bold header row (frozen, so it stays in view while
/// scrolling), then `rows`.
pub fn workbook(name: &str, columns: &[Column], rows: &[Vec<Cell>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let rupiah = Format::new().set_num_format(RUPIAH_FORMAT);
    let time = Format::new().set_num_format(TIME_FORMAT);
    for (col, column) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, column.header, &bold)?;
        sheet.set_column_width(col, column.width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, cells) in (1u32..).zip(rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(s) => sheet.write_string(row, col, s)?,
                // Exact: rupiah amounts are far below 2^53.
                Cell::Rupiah(n) => sheet.write_number_with_format(row, col, *n as f64, &rupiah)?,
                Cell::Time(at) => sheet.write_datetime_with_format(row, col, wib(*at)?, &time)?,
                Cell::Blank => sheet,
            };
        }
    }
    book.save_to_buffer()
}

/// The instant as the WIB wall-clock time a spreadsheet date holds (it has no time zone).
fn wib(at: DateTime<Utc>) -> Result<ExcelDateTime, XlsxError> {
    let t = (at + chrono::Duration::hours(super::WIB_HOURS)).naive_utc();
    let part = |n: u32| u8::try_from(n).unwrap_or(0);
    let year = u16::try_from(t.year()).map_err(|_| XlsxError::DateTimeRangeError(t.to_string()))?;
    ExcelDateTime::from_ymd(year, part(t.month()), part(t.day()))?.and_hms(
        part(t.hour()).into(),
        part(t.minute()),
        t.second(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::IntoExcelDateTime;

    #[test]
    fn times_are_wib_wall_clock() {
        let at = DateTime::parse_from_rfc3339("2026-12-05T17:30:15Z")
            .unwrap()
            .to_utc();
        let expected = ExcelDateTime::from_ymd(2026, 12, 6)
            .unwrap()
            .and_hms(0, 30, 15)
            .unwrap();
        assert_eq!(
            wib(at).unwrap().to_excel_serial_date(),
            expected.to_excel_serial_date()
        );
    }
}
