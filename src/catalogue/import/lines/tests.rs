//! A catalogue file read line by line, and properties: any bytes read without panicking, and
//! whatever the export's writer writes reads back as written.
use proptest::prelude::*;

use super::*;
use crate::catalogue::import::read;
use crate::domain::{MoneyError, ProductCodeError};
use crate::reports::csv::record;

const HEAD: &str = "kode,nama,kategori,brand,modal,harga,aktif\r\n";

fn why_of(parsed: &Parsed, number: usize) -> &Why {
    &parsed
        .bad
        .iter()
        .find(|b| b.number == number)
        .unwrap_or_else(|| panic!("line {number} not refused: {parsed:?}"))
        .why
}

#[test]
fn good_lines_read_every_form_the_brief_allows() {
    let file = "\u{feff}KODE;Nama;Kategori;Brand;Modal;Harga;Aktif\n\
                s5;Pulsa 5.000;Pulsa;Telkomsel;5.000;5rb;YA\n\
                pln20;\"Token; PLN\";;;;20500;0\n\
                '-x;'=SUM(1);-;;;1000;True\n";
    let parsed = parse(file.as_bytes()).unwrap();
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    let lines = parsed.lines;
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        Line {
            number: 2,
            code: "s5".into(),
            name: "Pulsa 5.000".into(),
            category: Some("Pulsa".into()),
            brand: Some("Telkomsel".into()),
            cost: Some(5_000),
            price: 5_000,
            active: true,
        }
    );
    assert_eq!(
        (lines[1].name.as_str(), lines[1].cost, lines[1].active),
        ("Token; PLN", None, false)
    );
    assert_eq!(lines[1].category, None);
    // What the export guarded is read back without the guard.
    assert_eq!(
        (lines[2].code.as_str(), lines[2].name.as_str()),
        ("-x", "=SUM(1)")
    );
}

#[test]
fn each_bad_line_is_named_with_its_number_and_reason() {
    let file = format!(
        "{HEAD}s5,Pulsa,,,,5500,ya\r\n\
         bad code!,x,,,,1,ya\r\n\
         a1,,,,,1,ya\r\n\
         a2,x,,,,abc,ya\r\n\
         a3,x,,,6000,5000,ya\r\n\
         a4,x,,,,1000,mungkin\r\n\
         a5,x,Voucher Game,,,1000,ya\r\n\
         a6,x,,,,1000\r\n\
         S5,Pulsa lagi,,,,5600,ya\r\n\
         a7,\"{}\",,,,1,ya\r\n\
         a8,\"open,,,,1,ya\r\n",
        "n".repeat(101)
    );
    let parsed = parse(file.as_bytes()).unwrap();
    assert!(parsed.lines.is_empty(), "{:?}", parsed.lines);
    assert_eq!(
        why_of(&parsed, 2),
        &Why::Twice {
            code: "s5".into(),
            other: 10
        }
    );
    assert_eq!(
        why_of(&parsed, 10),
        &Why::Twice {
            code: "S5".into(),
            other: 2
        }
    );
    assert_eq!(
        why_of(&parsed, 3),
        &Why::Code(ProductCodeError::BadCharacter)
    );
    assert_eq!(why_of(&parsed, 4), &Why::NoName);
    assert_eq!(why_of(&parsed, 5), &Why::Price(MoneyError::NotANumber));
    assert!(matches!(why_of(&parsed, 6), Why::BelowCost { .. }));
    assert_eq!(why_of(&parsed, 7), &Why::Active("mungkin".into()));
    assert!(matches!(
        why_of(&parsed, 8),
        Why::GroupName { brand: false, .. }
    ));
    assert_eq!(why_of(&parsed, 9), &Why::Columns(6));
    assert_eq!(why_of(&parsed, 11), &Why::NameTooLong);
    assert_eq!(why_of(&parsed, 12), &Why::Quoting(Quoting::Unclosed));
}

#[test]
fn whole_files_are_refused_for_what_they_are() {
    assert_eq!(parse(b"\xff\xfek\x00o"), Err(FileError::NotUtf8));
    assert_eq!(parse("kode\0,x".as_bytes()), Err(FileError::NotUtf8));
    assert_eq!(parse(b""), Err(FileError::Empty));
    assert!(
        matches!(parse(b"code,name,price\r\n"), Err(FileError::Header(h)) if h == "code,name,price")
    );
    let many = format!("{HEAD}{}", "s5,x,,,,1,ya\r\n".repeat(MAX_LINES + 1));
    assert_eq!(
        parse(many.as_bytes()),
        Err(FileError::TooManyLines(MAX_LINES + 1))
    );
    let most = format!("{HEAD}{}", "s5,x,,,,1,ya\r\n".repeat(MAX_LINES));
    assert!(parse(most.as_bytes()).is_ok());
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z,;\"\r\n' =+-]{0,12}",
        Just(String::new()),
        Just("\"".to_owned()),
    ]
}

proptest! {
    #[test]
    fn any_bytes_are_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse(&bytes);
        let mut with_head = HEAD.as_bytes().to_vec();
        with_head.extend(&bytes);
        let _ = parse(&with_head);
    }

    #[test]
    fn any_text_after_the_header_is_read_without_panicking(rest in "[a-z0-9,;\"'\r\n .=-]{0,300}") {
        let _ = parse(format!("{HEAD}{rest}").as_bytes());
        let _ = parse(format!("kode;nama;kategori;brand;modal;harga;aktif\n{rest}").as_bytes());
    }

    #[test]
    fn a_written_row_reads_back_as_written(cells in prop::collection::vec(cell(), 1..8)) {
        let mut text = HEAD.to_owned();
        record(&mut text, cells.iter().cloned());
        let got = read::records(&text, read::separator(&text));
        // A row of one empty cell is a blank line, which is skipped.
        if cells.len() == 1 && cells[0].trim().is_empty() && !cells[0].contains(['\r', '\n', '"', ',']) {
            prop_assert_eq!(got.len(), 1);
        } else {
            prop_assert_eq!(got.len(), 2);
            prop_assert_eq!(got[1].line, 2);
            prop_assert_eq!(&got[1].fields, &Ok(cells));
        }
    }
}
