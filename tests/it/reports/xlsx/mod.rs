//! The .xlsx exports read back with a real reader (calamine) from the documents the fake
//! Telegram received: trxids and destinations as text, amounts as numbers shown as Rupiah, times
//! as dates, a bold frozen header.
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use loket::reports::xlsx::{RUPIAH_FORMAT, TIME_FORMAT};
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};

use crate::helpers::{
    RESELLER, admin, reseller, spawn_app_with_sim, spawn_app_with_sim_set, top_up,
};

mod people;

/// One sheet of an uploaded .xlsx: its cells, each cell's number format, whether the header
/// is bold, and the sheet's XML (for its frozen pane, which calamine does not read).
struct Sheet {
    cells: calamine::Range<Data>,
    styles: calamine::StyleRange,
    xml: String,
}

fn read_sheet(sent: &SentMessage, name: &str) -> Sheet {
    let bytes = sent.file_bytes().expect("an uploaded .xlsx").to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), [name]);
    let cells = book.worksheet_range(name).unwrap();
    let styles = book.worksheet_style(name).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    Sheet { cells, styles, xml }
}

impl Sheet {
    fn header(&self) -> Vec<String> {
        let width = self.cells.width();
        (0..width)
            .map(|c| self.cells.get((0, c)).unwrap().to_string())
            .collect()
    }

    /// The row whose cell `col` is the text `key`.
    fn row_with(&self, col: usize, key: &str) -> Vec<Data> {
        self.cells
            .rows()
            .find(|r| r[col] == Data::String(key.to_owned()))
            .unwrap_or_else(|| panic!("no row with {key}: {:#?}", self.cells))
            .to_vec()
    }

    fn format_of(&self, row: u32, col: u32) -> Option<String> {
        let style = self.styles.get((row, col))?;
        style.number_format.as_ref().map(|f| f.format_code.clone())
    }

    /// Where the row is, for its cells' formats.
    fn index_of(&self, col: usize, key: &str) -> u32 {
        let i = self
            .cells
            .rows()
            .position(|r| r[col] == Data::String(key.to_owned()))
            .unwrap();
        u32::try_from(i).unwrap()
    }

    /// Header bold and frozen: the pane splits below row 1.
    fn assert_header_bold_and_frozen(&self) {
        for c in 0..u32::try_from(self.cells.width()).unwrap() {
            let font = self.styles.get((0, c)).and_then(|s| s.font.clone());
            assert!(font.is_some_and(|f| f.is_bold()), "header cell {c} bold");
        }
        assert!(
            self.xml.contains(r#"ySplit="1""#) && self.xml.contains(r#"state="frozen""#),
            "header frozen: {}",
            self.xml
        );
    }
}

/// Days from the spreadsheet epoch to `day`: the whole part of a date cell on it.
fn serial_day(day: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (day - epoch).num_days() as f64
}

fn assert_date_on(cell: &Data, day: chrono::NaiveDate) {
    match cell {
        Data::DateTime(d) => {
            assert!(d.is_datetime(), "{d:?}");
            assert_eq!(d.as_f64().floor(), serial_day(day), "{d:?}");
        }
        other => panic!("a date cell, got {other:?}"),
    }
}

fn assert_rupiah(sheet: &Sheet, row: u32, col: usize, amount: f64) {
    let cell = sheet.cells.get((row as usize, col)).unwrap();
    assert_eq!(cell, &Data::Float(amount), "a number, not text");
    assert_eq!(
        sheet.format_of(row, col as u32).as_deref(),
        Some(RUPIAH_FORMAT)
    );
}

#[tokio::test]
async fn laporan_xlsx_keeps_trxids_and_destinations_as_text_amounts_as_rupiah_and_times_as_dates() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    top_up(&app.db.pool, RESELLER, 50_000).await;
    // A product name a spreadsheet would run as a formula: a string in the file.
    sqlx::query("update products set name = '=1+1 Pulsa' where code = 's5'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let ok = app.buy("s5", "081234567890").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'success'", 1)
        .await;
    assert!(
        ok.len() == 20 && ok.bytes().all(|b| b.is_ascii_digit()),
        "{ok}"
    );
    app.ask(&boss, "/laporan kemarin xlsx", "Tidak ada transaksi")
        .await;

    app.ask(
        &boss,
        &format!("/refund {ok} penuh supplier gangguan"),
        "Saldo pengguna sekarang",
    )
    .await;
    let sent = app.ask(&boss, "/laporan hari ini xlsx", "1 baris").await;
    let today = loket::reports::today_wib(chrono::Utc::now());
    let file = sent.file.clone().expect("a document");
    assert_eq!(
        file.file_name.as_deref(),
        Some(format!("laporan-{}.xlsx", today.format("%Y-%m-%d")).as_str())
    );
    let sheet = read_sheet(&sent, "Transaksi");
    assert_eq!(
        sheet.header(),
        [
            "trxid",
            "waktu_wib",
            "user_id",
            "kode",
            "produk",
            "tujuan",
            "status",
            "harga",
            "modal",
            "laba",
            "sn",
            "refund",
            "refund_oleh"
        ]
    );
    sheet.assert_header_bold_and_frozen();
    let row = sheet.row_with(0, &ok);
    let at = sheet.index_of(0, &ok);
    assert_eq!(
        row[0],
        Data::String(ok.clone()),
        "the trxid as text, all 20 digits"
    );
    assert_date_on(&row[1], today);
    assert_eq!(sheet.format_of(at, 1).as_deref(), Some(TIME_FORMAT));
    assert_eq!(row[2], Data::String("4242".into()));
    assert_eq!(
        row[4],
        Data::String("=1+1 Pulsa".into()),
        "a string, not a formula"
    );
    assert_eq!(
        row[5],
        Data::String("081234567890".into()),
        "the leading 0 kept"
    );
    assert_eq!(row[6], Data::String("sukses".into()));
    assert_rupiah(&sheet, at, 7, 5500.0);
    assert_rupiah(&sheet, at, 8, 5150.0);
    assert_rupiah(&sheet, at, 9, 350.0);
    assert!(
        matches!(&row[10], Data::String(sn) if !sn.is_empty()),
        "the SN as text"
    );
    assert_rupiah(&sheet, at, 11, 5500.0);
    assert_eq!(row[12], Data::String("supplier".into()));
    assert!(!sheet.xml.contains("<f>"), "no formulas anywhere");
    app.finish().await;
}
