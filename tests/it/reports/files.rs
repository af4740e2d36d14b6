//! `/laporan … csv` read back as a spreadsheet would, and `/grafik` decoded.
use std::io::Cursor;

use loket::sandbox::sim::telegram::FileKind;

/// RFC 4180 read strictly, as a spreadsheet does: records end with CRLF, a quoted field may hold
/// commas, CR, LF and doubled quotes, and a quote anywhere else is an error.
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                loop {
                    match chars.next().expect("a quoted field is closed") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        other => field.push(other),
                    }
                }
                assert!(
                    matches!(chars.peek(), Some(',' | '\r') | None),
                    "text after a closing quote"
                );
                at_field_start = false;
            }
            '"' => panic!("a quote inside an unquoted field: {field}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF ends no record");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => panic!("a bare LF outside quotes"),
            other => {
                field.push(other);
                at_field_start = false;
            }
        }
    }
    assert!(
        record.is_empty() && field.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

/// The text a `="…"` cell holds: a formula whose value is that string, which spreadsheets keep
/// as text (a trxid not rounded to `2.61E+19`, a destination keeping its leading 0); `None`
/// for a cell written any other way.
pub(crate) fn text_formula(cell: &str) -> Option<String> {
    let inner = cell.strip_prefix("=\"")?.strip_suffix('"')?;
    let unquoted = inner.replace("\"\"", "\"");
    // A lone quote inside would end the string literal early.
    (unquoted.matches('"').count() * 2 == inner.matches('"').count()).then_some(unquoted)
}

use crate::helpers::{RESELLER, admin, spawn_app_with_sim, top_up};

#[tokio::test]
async fn the_csv_holds_one_row_per_order_and_survives_commas_quotes_and_newlines() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    top_up(&app.db.pool, RESELLER, 50_000).await;
    // A name with a quote, a comma and a line break, and a cost price for the charge.
    sqlx::query(
        "update products set name = E'Paket \"Malam\",\\nHemat', cost = 10200 where code = 'x10'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let ok = app.buy("s5", "081234567890").await.order.trxid.to_string();
    let failed = app.buy("s5", "081234567894").await.order.trxid.to_string();
    let settled = app.buy("x10", "081234567806").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'success'", 1)
        .await;
    app.wait_count("select count(*) from orders where status = 'failed'", 1)
        .await;
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    // An SN with a comma and quotes, that a spreadsheet would take for a formula.
    app.ask(
        &boss,
        &format!("/selesai {settled} sukses =HYPERLINK(\"x\"), ok"),
        "SUKSES",
    )
    .await;

    // Part of a SUKSES given back by the shop: the row says how much, and who bore it.
    app.ask(
        &boss,
        &format!("/refund {ok} 2.000 salah nominal"),
        "Saldo pengguna sekarang",
    )
    .await;
    let sent = app.ask(&boss, "/laporan hari ini csv", "Transaksi").await;
    let file = sent.file.clone().expect("a document");
    assert_eq!(file.kind, FileKind::Document);
    let today = loket::reports::today_wib(chrono::Utc::now());
    assert_eq!(
        file.file_name.as_deref(),
        Some(format!("laporan-{}.csv", today.format("%Y-%m-%d")).as_str())
    );
    assert!(sent.plain_text.contains("3 baris"), "{}", sent.plain_text);
    let bytes = sent.file_bytes().expect("the uploaded CSV");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM first");
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n") && text.matches("\r\n").count() >= 4);

    let mut records = parse_csv(&text["\u{feff}".len()..]);
    let header = records.remove(0);
    assert_eq!(
        header,
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
    let rows = records;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == 13), "{rows:#?}");
    let row = |trxid: &str| -> Vec<String> {
        rows.iter()
            .find(|r| text_formula(&r[0]).as_deref() == Some(trxid))
            .unwrap_or_else(|| panic!("{trxid} missing"))
            .clone()
    };
    let time = regex::Regex::new(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$").unwrap();
    let r = row(&ok);
    assert_eq!(r[0], format!("=\"{ok}\""), "the trxid kept as text");
    assert!(time.is_match(&r[1]), "{}", r[1]);
    assert!(r[1].starts_with(&today.format("%Y-%m-%d").to_string()));
    assert_eq!(
        r[2..10],
        [
            "4242",
            "s5",
            "Pulsa Telkomsel 5.000",
            "=\"081234567890\"",
            "sukses",
            "5500",
            "5150",
            "350"
        ]
    );
    assert!(
        text_formula(&r[10]).is_some_and(|sn| !sn.is_empty()),
        "the SN as text: {}",
        r[10]
    );
    assert_eq!(r[11..], ["2000", "toko"]);
    let r = row(&failed);
    assert_eq!(r[6..], ["gagal", "5500", "", "", "", "", ""]);
    let r = row(&settled);
    assert_eq!(r[4], "Paket \"Malam\",\nHemat");
    assert_eq!(r[6..10], ["sukses", "10300", "10200", "100"]);
    // Inside a string literal, a formula is only text.
    assert_eq!(r[10], "=\"=HYPERLINK(\"\"x\"\"), ok\"");
    assert_eq!(
        text_formula(&r[10]).as_deref(),
        Some("=HYPERLINK(\"x\"), ok")
    );
    app.finish().await;
}

#[tokio::test]
async fn a_range_with_too_many_orders_or_none_says_so_instead_of_a_file() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    app.ask(&boss, "/laporan kemarin csv", "Tidak ada transaksi")
        .await;
    sqlx::query(
        "insert into orders (trxid, user_id, product_code, product_name, destination, price,
                             status, finished_at)
         select '7' || lpad(g::text, 19, '0'), 4242, 's5', 'Pulsa', '081234567890', 5500, 'failed', now()
           from generate_series(1, $1) g",
    )
    .bind(i64::try_from(loket::reports::csv::MAX_ROWS).unwrap() + 1)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let refused = app
        .ask(&boss, "/laporan csv", "terlalu banyak untuk satu file")
        .await;
    assert!(refused.plain_text.contains("lebih dari 20.000 baris"));
    assert!(refused.file.is_none());
    assert_eq!(
        app.count("select count(*) from outbox where document is not null")
            .await,
        0
    );
    // They were never bought: gone again before the ledger's check at the end.
    sqlx::query("delete from orders where trxid like '7%'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.finish().await;
}

#[tokio::test]
async fn grafik_is_a_picture_of_thirty_days_of_sales_and_profit() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.buy("pln20", "532100012340").await;
    app.buy("s5", "081234567890").await;
    app.wait_count("select count(*) from orders where status = 'success'", 2)
        .await;
    // One sale three days ago, so the picture has two days with bars.
    sqlx::query(
        "update orders set created_at = created_at - interval '3 days' where product_code = 'pln20'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let sent = app
        .ask(&admin(), "/grafik", "Penjualan dan laba harian")
        .await;
    assert!(sent.is_photo(), "{sent:?}");
    assert!(sent.plain_text.contains("Total penjualan: Rp26.000"));
    assert!(sent.plain_text.contains("Total laba: Rp700"));
    let png_bytes = sent.file_bytes().expect("the uploaded PNG").to_vec();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("grafik.png");
    std::fs::write(&path, &png_bytes).unwrap();
    eprintln!("the chart: {}", path.display());

    let decoder = png::Decoder::new(Cursor::new(&png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(
        (info.width, info.height),
        (loket::reports::chart::WIDTH, loket::reports::chart::HEIGHT)
    );
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let rgb: Vec<[u8; 3]> = pixels.chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
    let count = |c: [u8; 3]| rgb.iter().filter(|p| **p == c).count();
    let white = count([255, 255, 255]);
    assert!(white < rgb.len() * 98 / 100, "not blank: {white} white");
    // Two days of sales bars and the profit line, in their colours.
    assert!(count([66, 133, 244]) > 2_000, "sales bars");
    assert!(count([219, 68, 55]) > 500, "profit line");
    // The title's letters: dark pixels in the band above the plot, where nothing else is drawn.
    let width = info.width as usize;
    let title = rgb[..40 * width]
        .iter()
        .filter(|p| p.iter().all(|c| *c < 80))
        .count();
    assert!(title > 300, "the title is written: {title} dark pixels");
    app.finish().await;
}
