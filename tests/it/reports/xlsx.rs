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

#[tokio::test]
async fn pengguna_xlsx_holds_every_reseller_with_balance_and_level() {
    let (app, _sim) =
        spawn_app_with_sim_set(|o| o.registration = loket::domain::Registration::Approval).await;
    // The test database gives the reseller Rp50.000 to start with.
    let boss = admin();
    app.ask(&boss, "/level tambah agen 2%", "agen").await;
    app.ask(&boss, "/level 4242 agen", "agen").await;
    // One waiting for approval, one blocked: each status says which.
    app.ask(
        &FakeUser::new(5151, "Toko Baru"),
        "/start",
        "menunggu persetujuan",
    )
    .await;
    app.ask(&FakeUser::new(6161, "Toko Nakal"), "/start", "")
        .await;
    app.ask(&boss, "/blokir 6161", "").await;
    let sent = app.ask(&boss, "/pengguna xlsx", "Reseller:").await;
    let sheet = read_sheet(&sent, "Reseller");
    assert_eq!(
        sheet.header(),
        [
            "user_id",
            "nama",
            "username",
            "saldo",
            "level",
            "status",
            "terdaftar_wib"
        ]
    );
    sheet.assert_header_bold_and_frozen();
    let row = sheet.row_with(0, "4242");
    let at = sheet.index_of(0, "4242");
    assert_eq!(
        row[1..3],
        [
            Data::String("Toko Maju".into()),
            Data::String("toko".into())
        ]
    );
    assert_rupiah(&sheet, at, 3, 50_000.0);
    assert_eq!(
        row[4..6],
        [Data::String("agen".into()), Data::String("aktif".into())]
    );
    assert_date_on(&row[6], loket::reports::today_wib(chrono::Utc::now()));
    let status = |id| sheet.row_with(0, id)[5].clone();
    assert_eq!(status("5151"), Data::String("menunggu persetujuan".into()));
    assert_eq!(status("6161"), Data::String("diblokir".into()));
    app.finish().await;
}

#[tokio::test]
async fn mutasi_xlsx_is_one_resellers_ledger_for_admins_only() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let me = reseller();
    // The test database gives the reseller Rp50.000 to start with.
    let bought = app.buy("s5", "081234567890").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'success'", 1)
        .await;

    // A reseller reads their own statement, and no one else's, as text or as a file.
    app.ask(&me, "/mutasi", "isi saldo +Rp50.000 → Rp50.000")
        .await;
    let other = FakeUser::new(5151, "Toko Lain");
    app.ask(&other, "/start", "").await;
    for asked in ["/mutasi 4242", "/mutasi 4242 xlsx", "/mutasi xlsx"] {
        let refused = app.ask(&other, asked, "hanya untuk admin").await;
        assert!(refused.file.is_none(), "{asked}");
    }
    assert_eq!(
        app.count("select count(*) from outbox where document is not null")
            .await,
        0
    );

    app.ask(&boss, "/mutasi xlsx", "Tulis user_id").await;
    // An id no one registered is named as such, as text and as a file; a statement read by an
    // admin names whose it is.
    app.ask(&boss, "/mutasi 777 xlsx", "777 belum terdaftar")
        .await;
    app.ask(&boss, "/mutasi 777", "777 belum terdaftar").await;
    app.ask(&boss, "/mutasi 5151 xlsx", "Belum ada mutasi saldo")
        .await;
    app.ask(
        &boss,
        "/mutasi 5151",
        "Belum ada mutasi saldo pengguna 5151",
    )
    .await;
    let read = app
        .ask(&boss, "/mutasi 4242", "isi saldo +Rp50.000 → Rp50.000")
        .await;
    assert!(
        read.plain_text.starts_with("Mutasi saldo 4242\n"),
        "{read:?}"
    );
    let sent = app.ask(&boss, "/mutasi 4242 xlsx", "2 baris").await;
    let today = loket::reports::today_wib(chrono::Utc::now());
    assert_eq!(
        sent.file.clone().unwrap().file_name.as_deref(),
        Some(format!("mutasi-4242-{}.xlsx", today.format("%Y-%m-%d")).as_str())
    );
    let sheet = read_sheet(&sent, "Mutasi");
    assert_eq!(
        sheet.header(),
        [
            "waktu_wib",
            "jenis",
            "jumlah",
            "saldo_setelah",
            "trxid",
            "catatan"
        ]
    );
    sheet.assert_header_bold_and_frozen();
    assert_eq!(sheet.cells.height(), 3, "{:#?}", sheet.cells);
    assert_date_on(sheet.cells.get((1, 0)).unwrap(), today);
    assert_eq!(
        sheet.cells.get((1, 1)),
        Some(&Data::String("isi saldo".into()))
    );
    assert_rupiah(&sheet, 1, 2, 50_000.0);
    assert_rupiah(&sheet, 1, 3, 50_000.0);
    let row = sheet.row_with(4, &bought);
    assert_eq!(row[1], Data::String("pembelian".into()));
    assert_rupiah(&sheet, 2, 2, -5_500.0);
    assert_rupiah(&sheet, 2, 3, 44_500.0);
    app.finish().await;
}
