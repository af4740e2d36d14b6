use super::*;
use crate::text::receipts::{FOOTER, TITLE};

/// The fullest receipt there is: every row, each value too long for two lines.
fn fullest() -> ReceiptText {
    let long = "Sangat Panjang Sekali ".repeat(8);
    let rows = [
        "Tanggal",
        "Produk",
        "Tujuan",
        "Token",
        "Nama",
        "Tarif/Daya",
        "kWh",
        "ID Transaksi",
        "Status",
    ];
    ReceiptText {
        shop: long.clone(),
        title: TITLE,
        rows: rows.iter().map(|r| (*r, long.clone())).collect(),
        total: Some(("TOTAL BAYAR", "Rp1.000.000.000.000".into())),
        footer: FOOTER,
    }
}

fn bottom(text: &ReceiptText) -> i32 {
    drawing::fonts();
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
    draw(&root, text).unwrap()
}

#[test]
fn the_fullest_receipt_fits_its_picture() {
    let reached = bottom(&fullest());
    assert!(reached + FOOT <= HEIGHT as i32, "reached {reached}");
    // Every value was cut to its lines: nine rows of two, and no fewer.
    assert!(reached > 9 * 2 * ROW_HEIGHT, "reached {reached}");
}

#[test]
fn long_values_wrap_between_words_and_a_word_wider_than_a_line_is_broken() {
    drawing::fonts();
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
    let style = style(19, INK, HPos::Left);
    let lines = wrap(&root, "PELANGGAN SATU DUA TIGA EMPAT", &style, 200, 5);
    assert!(
        lines.len() > 1 && lines.iter().all(|l| !l.starts_with(' ')),
        "{lines:?}"
    );
    assert_eq!(lines.join(" "), "PELANGGAN SATU DUA TIGA EMPAT");
    let digits = "1".repeat(120);
    let lines = wrap(&root, &digits, &style, 200, 2);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[1].ends_with('…') && !lines[0].ends_with('…'),
        "{lines:?}"
    );
    assert_eq!(wrap(&root, "R1/1300VA", &style, 200, 2), ["R1/1300VA"]);
}

#[test]
fn the_picture_is_a_png_as_tall_as_its_lines_with_ink_on_it() {
    let png = png(&fullest()).unwrap();
    let decoder = ::png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let reached = bottom(&fullest()) + FOOT;
    assert_eq!((info.width, info.height), (WIDTH, reached as u32));
    let ink = pixels
        .chunks(3)
        .filter(|p| p.iter().all(|c| *c < 120))
        .count();
    assert!(ink > 2_000, "text drawn: {ink} dark pixels");
}
