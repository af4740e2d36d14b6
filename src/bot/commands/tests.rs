use super::*;
use crate::domain::{Destination, TrxId};

/// A parsed command equals the reseller's or admin's command it wraps, so that the tests can
/// write the command they expect as it is.
impl PartialEq<ResellerCommand> for Command {
    fn eq(&self, other: &ResellerCommand) -> bool {
        matches!(self, Command::Reseller(c) if c == other)
    }
}

impl PartialEq<AdminCommand> for Command {
    fn eq(&self, other: &AdminCommand) -> bool {
        matches!(self, Command::Admin(c) if c == other)
    }
}

/// The command `text` parses to; a test helper the argument parsers' own tests share.
pub(in crate::bot) fn ok(text: &str) -> Command {
    parse(text, "loketbot").unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// What a usage error says is wrong with `text`'s arguments.
pub(in crate::bot) fn problem(text: &str) -> Option<String> {
    match parse(text, "loketbot") {
        Err(ParseError::Usage { problem, .. }) => problem,
        other => panic!("{text}: expected usage, got {other:?}"),
    }
}

fn usage_of(text: &str) -> &'static str {
    match parse(text, "loketbot") {
        Err(ParseError::Usage { spec, .. }) => spec.name,
        other => panic!("{text}: expected usage, got {other:?}"),
    }
}

#[test]
fn arguments_split_on_any_whitespace_and_names_ignore_case() {
    let expected = ResellerCommand::Buy {
        product: ProductCode::parse("s5").unwrap(),
        destination: Destination::parse("081234567890").unwrap(),
    };
    for text in [
        "/beli s5 081234567890",
        "/beli  s5   081234567890 ",
        "/beli\ts5\n081234567890",
        "/BELI s5 081234567890",
        "/Beli@LoketBot s5 081234567890",
        "  /beli s5 0812-3456-7890",
    ] {
        assert_eq!(ok(text), expected, "{text:?}");
    }
}

#[test]
fn beli_alone_opens_the_menu() {
    for text in ["/beli", " /BELI ", "/beli@loketbot"] {
        assert_eq!(ok(text), ResellerCommand::BuyMenu, "{text:?}");
    }
    assert_eq!(ResellerCommand::BuyMenu.name(), "beli");
}

#[test]
fn amounts_accept_local_forms() {
    for text in [
        "/topup 4242 50000",
        "/topup 4242 50.000",
        "/topup 4242 50rb setoran",
    ] {
        assert!(
            matches!(ok(text), Command::Admin(AdminCommand::TopUp { user_id: 4242, amount, .. }) if amount.rupiah() == 50_000),
            "{text}"
        );
    }
    assert_eq!(
        ok("/tarik 4242 1.000 salah   transfer"),
        AdminCommand::Deduct {
            user_id: 4242,
            amount: Money::from_rupiah(1_000),
            note: "salah transfer".into()
        }
    );
}

#[test]
fn malformed_commands_name_their_usage() {
    for (text, name) in [
        ("/beli s5", "beli"),
        ("/beli s5 0812 extra", "beli"),
        ("/beli s5 0812abc", "beli"),
        ("/beli s5;drop 081234567890", "beli"),
        ("/topup", "topup"),
        ("/topup abc 5000", "topup"),
        ("/topup 4242 -5000", "topup"),
        ("/topup 4242 0", "topup"),
        ("/topup 4242 99999999999999999999", "topup"),
        ("/topup 4242 ５０００", "topup"),
        ("/topup 4242 5000😀", "topup"),
        ("/cek 123", "cek"),
        ("/produk s5 5500", "produk"),
        ("/selesai 26112400000000000001", "selesai"),
        ("/selesai 26112400000000000001 sukses", "selesai"),
        ("/selesai 26112400000000000001 mungkin", "selesai"),
        ("/laporan besok", "laporan"),
        ("/laporan 1/11 2/11 3/11", "laporan"),
        ("/laporan 31/2", "laporan"),
        ("/grafik 30", "grafik"),
        ("/kirimulang", "kirimulang"),
        ("/kirimulang abc", "kirimulang"),
        ("/kirimulang 0", "kirimulang"),
        ("/kirimulang 1 2", "kirimulang"),
        ("/blokir -1", "blokir"),
    ] {
        assert_eq!(usage_of(text), name, "{text}");
    }
    let long = format!("/produk s5 5000 {}", "x".repeat(4000));
    assert_eq!(usage_of(&long), "produk");
}

#[test]
fn other_messages_are_told_apart() {
    assert_eq!(parse("halo", "loketbot"), Err(ParseError::NotACommand));
    assert_eq!(
        parse("/beli@otherbot s5 0812", "loketbot"),
        Err(ParseError::OtherBot)
    );
    assert_eq!(
        parse("/hapus", "loketbot"),
        Err(ParseError::Unknown("hapus".into()))
    );
}

#[test]
fn settle_takes_an_sn_with_spaces_or_a_failure_note() {
    assert_eq!(
        ok("/selesai 26112400000000000001 SUKSES 1234-5678/NAMA PELANGGAN/R1"),
        AdminCommand::Settle {
            trxid: TrxId::parse("26112400000000000001").unwrap(),
            success_sn: Some("1234-5678/NAMA PELANGGAN/R1".into()),
            note: String::new(),
        }
    );
    assert!(
        matches!(ok("/selesai 26112400000000000001 gagal stok habis"), Command::Admin(AdminCommand::Settle { success_sn: None, ref note, .. }) if note == "stok habis")
    );
}

#[test]
fn every_spec_parses_in_some_form() {
    for spec in SPECS {
        let text = match spec.name {
            "beli" => "/beli s5 081234567890".to_owned(),
            "cek" => "/cek 26112400000000000001".to_owned(),
            "struk" => "/struk 26112400000000000001".to_owned(),
            "cekpln" => "/cekpln 14234567890".to_owned(),
            "topup" | "tarik" => format!("/{} 1 5rb", spec.name),
            "produk" => "/produk s5 5.500 Pulsa 5rb".to_owned(),
            "nonaktif" | "aktif" => format!("/{} s5", spec.name),
            "blokir" | "buka" => format!("/{} 7", spec.name),
            "selesai" => "/selesai 26112400000000000001 gagal".to_owned(),
            "refund" => "/refund 26112400000000000001 penuh salah kirim".to_owned(),
            "kirimulang" => "/kirimulang 17".to_owned(),
            "batal" => "/batal 3".to_owned(),
            "tolak" => "/tolak 3 dana belum masuk".to_owned(),
            "depositserver" => "/depositserver 1jt".to_owned(),
            "kelompok" => "/kelompok s5 Pulsa Telkomsel".to_owned(),
            "gangguan" | "normal" | "rute" => format!("/{} s5", spec.name),
            "balas" | "tolakkomplain" => format!("/{} 3 sudah dicek", spec.name),
            "siaran" => "/siaran Promo pulsa".to_owned(),
            name => format!("/{name}"),
        };
        assert_eq!(ok(&text).name(), spec.name);
    }
}

#[test]
fn an_addressed_command_is_ours_while_our_name_is_unknown() {
    assert!(parse("/saldo@loket_bot", "").is_ok());
    assert_eq!(
        parse("/saldo@other_bot", "loket_bot"),
        Err(ParseError::OtherBot)
    );
}

#[test]
fn harga_reads_a_page_a_search_or_both() {
    let prices = |filter: Option<&str>, page| ResellerCommand::Prices {
        filter: filter.map(str::to_owned),
        page,
    };
    for (text, expected) in [
        ("/harga", prices(None, 1)),
        ("/harga 2", prices(None, 2)),
        ("/harga 999", prices(None, 999)),
        ("/harga pulsa", prices(Some("pulsa"), 1)),
        ("/harga pulsa 3", prices(Some("pulsa"), 3)),
        ("/harga token  pln 2", prices(Some("token pln"), 2)),
        ("/harga 5 2", prices(Some("5"), 2)),
        // Not page numbers: a leading zero, four digits or more, zero itself.
        ("/harga 0812", prices(Some("0812"), 1)),
        ("/harga 10000", prices(Some("10000"), 1)),
        ("/harga 0", prices(Some("0"), 1)),
        ("/harga 2 pulsa", prices(Some("2 pulsa"), 1)),
    ] {
        assert_eq!(ok(text), expected, "{text:?}");
    }
}

#[test]
fn pending_takes_an_optional_page() {
    assert_eq!(ok("/pending"), AdminCommand::Pending { page: 1 });
    assert_eq!(ok("/pending 3"), AdminCommand::Pending { page: 3 });
    for text in ["/pending x", "/pending 0", "/pending 1 2", "/pending 1000"] {
        assert_eq!(usage_of(text), "pending", "{text:?}");
    }
}

#[test]
fn laporan_takes_up_to_two_dates_and_csv_anywhere() {
    use crate::reports::{DateArg, PeriodArgs};
    let d = |y, m, day| DateArg::Date(chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap());
    let cases = [
        ("/laporan", PeriodArgs::default(), false),
        ("/laporan csv", PeriodArgs::default(), true),
        (
            "/laporan bulan lalu CSV",
            PeriodArgs {
                from: Some(DateArg::LastMonth),
                to: None,
            },
            true,
        ),
        (
            "/laporan 1/11 2026-11-15",
            PeriodArgs {
                from: Some(DateArg::DayMonth { day: 1, month: 11 }),
                to: Some(d(2026, 11, 15)),
            },
            false,
        ),
        (
            "/laporan csv hari ini 1/12/2026",
            PeriodArgs {
                from: Some(DateArg::Today),
                to: Some(d(2026, 12, 1)),
            },
            true,
        ),
    ];
    for (text, period, csv) in cases {
        let file = csv.then_some(crate::reports::FileFormat::Csv);
        assert_eq!(ok(text), AdminCommand::Report { period, file }, "{text}");
    }
    assert_eq!(
        ok("/laporan kemarin XLSX"),
        AdminCommand::Report {
            period: PeriodArgs {
                from: Some(DateArg::Yesterday),
                to: None,
            },
            file: Some(crate::reports::FileFormat::Xlsx),
        }
    );
    assert!(parse("/laporan csv xlsx", "loketbot").is_err());
    assert_eq!(ok("/pengguna xlsx"), AdminCommand::UsersXlsx);
    assert_eq!(ok("/grafik"), AdminCommand::Chart);
    match parse("/laporan besok", "loketbot") {
        Err(ParseError::Usage {
            problem: Some(p), ..
        }) => assert!(p.contains("«besok» bukan tanggal"), "{p}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn siaran_keeps_its_text_as_typed_and_refuses_none_or_too_much() {
    assert_eq!(
        ok("/siaran  Promo hari ini:\n  pulsa <murah> \n"),
        AdminCommand::Broadcast {
            text: "Promo hari ini:\n  pulsa <murah>".to_owned()
        }
    );
    assert_eq!(usage_of("/siaran"), "siaran");
    let long = format!(
        "/siaran {}",
        "a".repeat(crate::text::broadcasts::MAX_CHARS + 1)
    );
    assert!(problem(&long).is_some_and(|p| p.contains("terlalu panjang")));
    assert!(matches!(
        ok(&format!("/siaran {}", "a".repeat(600))),
        Command::Admin(_)
    ));
}
