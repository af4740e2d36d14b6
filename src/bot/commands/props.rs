//! Properties of command parsing: every chat message reaches it.
//! `PROPTEST_CASES=N` changes the number of cases (default 256).
use proptest::prelude::*;

use super::*;
use crate::domain::{Destination, TrxId, group_thousands};

const BOT: &str = "loketbot";

/// Whitespace people and clients really produce, Unicode spaces included.
fn gap() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![" ", "\t", "\n", "\u{a0}", "\u{3000}", "\u{2009}"]),
        1..3,
    )
    .prop_map(|g| g.concat())
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(SPECS.iter().map(|s| s.name).collect::<Vec<_>>())
            .prop_map(str::to_owned),
        "[a-zA-Z]{0,12}",
        any::<String>(),
    ]
}

/// One argument of the kinds that break parsers.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,25}",
        "-[0-9]{1,12}",
        "[0-9]{1,3}(\\.[0-9]{3}){0,6}(rb|k|jt)?",
        "[٠-٩]{1,8}",
        "[０-９]{1,8}",
        "[😀💸🇮🇩]{1,3}",
        "[0-9]{20}",
        "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
        "(?i)(sukses|gagal)",
        "<[a-z]{1,5}>|'; drop table orders;--|&amp;",
        any::<String>(),
    ]
}

fn with_case(s: &str, upper: &[bool]) -> String {
    s.chars()
        .zip(upper.iter().cycle())
        .map(|(c, u)| if *u { c.to_ascii_uppercase() } else { c })
        .collect()
}

proptest! {
    #[test]
    fn no_message_panics(
        name in name(),
        addressee in prop_oneof![Just(String::new()), Just(format!("@{BOT}")), "@[a-z_]{0,10}"],
        args in prop::collection::vec((gap(), word()), 0..8),
        long in prop_oneof![Just(String::new()), "[x ]{500,4000}"],
        plain in any::<String>(),
    ) {
        let mut text = format!("/{name}{addressee}");
        for (gap, word) in &args {
            text.push_str(gap);
            text.push_str(word);
        }
        text.push_str(&long);
        for input in [&text, &plain] {
            match parse(input, BOT) {
                Ok(command) => prop_assert!(SPECS.iter().any(|s| s.name == command.name())),
                Err(ParseError::Unknown(shown)) => prop_assert!(shown.chars().count() <= 32),
                Err(_) => {}
            }
        }
    }

    #[test]
    fn a_purchase_reads_back_whatever_the_spacing_and_case(
        code in "[A-Za-z0-9_-]{1,20}",
        dest in "[0-9]{6,20}",
        gaps in (gap(), gap(), gap()),
        upper in prop::collection::vec(any::<bool>(), 1..5),
        addressed in any::<bool>(),
    ) {
        let at = if addressed { "@LoketBot" } else { "" };
        let text = format!("{}/{}{at}{}{code}{}{dest}{}", gaps.0, with_case("beli", &upper), gaps.1, gaps.2, gaps.0);
        prop_assert_eq!(
            parse(&text, BOT),
            Ok(Command::Reseller(ResellerCommand::Buy {
                product: ProductCode::parse(&code).unwrap(),
                destination: Destination::parse(&dest).unwrap(),
            }))
        );
    }

    #[test]
    fn a_top_up_reads_back_in_every_written_form(
        user_id in 1i64..=i64::MAX,
        amount in 1u64..=1_000_000_000_000,
        form in 0usize..4,
        note in prop::collection::vec("[a-zA-Z0-9]{1,10}", 0..4),
    ) {
        let written = match form {
            0 => amount.to_string(),
            1 => group_thousands(amount, '.'),
            2 => format!("Rp{}", group_thousands(amount, '.')),
            _ if amount % 1000 == 0 => format!("{}rb", amount / 1000),
            _ => amount.to_string(),
        };
        let text = format!("/topup {user_id} {written} {}", note.join(" "));
        prop_assert_eq!(
            parse(&text, BOT),
            Ok(Command::Admin(AdminCommand::TopUp {
                user_id,
                amount: Money::from_rupiah(amount as i64),
                note: note.join(" "),
            }))
        );
    }

    #[test]
    fn amounts_that_are_not_positive_ascii_numbers_get_the_usage_line(
        command in prop::sample::select(vec!["topup", "tarik"]),
        amount in prop_oneof![
            "-[0-9]{1,12}",
            "0{1,5}",
            "[٠-٩]{1,8}",
            "[０-９]{1,8}",
            "[0-9]{1,6}[😀💸]",
            "[1-9][0-9]{13,30}",
        ],
    ) {
        match parse(&format!("/{command} 4242 {amount}"), BOT) {
            Err(ParseError::Usage { spec, problem: Some(_) }) => prop_assert_eq!(spec.name, command),
            other => prop_assert!(false, "{amount:?} gave {other:?}"),
        }
    }

    #[test]
    fn cek_takes_exactly_a_trxid(arg in prop_oneof!["[0-9]{20}", word()]) {
        let got = parse(&format!("/cek {arg}"), BOT);
        match TrxId::parse(arg.trim()) {
            Some(trxid) if arg.split_whitespace().count() == 1 => {
                prop_assert_eq!(got, Ok(Command::Reseller(ResellerCommand::Check { trxid })));
            }
            _ => prop_assert!(
                matches!(got, Err(ParseError::Usage { spec, .. }) if spec.name == "cek"),
                "{:?}", got
            ),
        }
    }

    #[test]
    fn overlong_arguments_are_refused_by_name(
        // A text as typed (`/siaran`) bounds its own length, far past 512.
        spec in prop::sample::select(
            SPECS.iter().filter(|s| !matches!(s.parser, Parser::AdminText(_))).collect::<Vec<_>>()
        ),
        args in ".{513,1500}",
    ) {
        // The command's text is trimmed before it is read: whitespace at the end is no argument.
        prop_assume!(args.trim_end().chars().count() > 512);
        // Someone's own words may run to a whole message: repeat past their own limit, so a
        // line that reads as a valid `/balas 1 …` is still too long.
        let args = if super::parse::WORDS_COMMANDS.contains(&spec.name) {
            args.repeat(super::parse::MAX_WORDS_CHARS / 512 + 1)
        } else {
            args
        };
        match parse(&format!("/{} {args}", spec.name), BOT) {
            Err(ParseError::Usage { spec: got, problem: Some(_) }) => prop_assert_eq!(got, spec),
            other => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn a_report_date_is_a_plain_calendar_date(arg in prop_oneof![
        "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
        word(),
    ]) {
        if let Ok(Command::Admin(AdminCommand::Report { period: crate::reports::PeriodArgs { from: Some(crate::reports::DateArg::Date(date)), .. }, .. })) = parse(&format!("/laporan {arg}"), BOT) {
            // A signed or five-digit year is not a day anyone reports on, and PostgreSQL's
            // timestamps cannot hold all of chrono's.
            prop_assert!(arg.len() <= 10 && arg.as_bytes()[..4].iter().all(u8::is_ascii_digit), "{}", arg);
            prop_assert!((1..=9999).contains(&chrono::Datelike::year(&date)));
        }
    }

    #[test]
    fn harga_reads_back_its_search_and_page(
        search in prop::collection::vec("[a-zA-Z][a-zA-Z0-9.]{0,9}", 0..4),
        page in prop::option::of(1usize..=999),
        gaps in (gap(), gap()),
    ) {
        let mut text = format!("/harga{}{}", gaps.0, search.join(&gaps.1));
        if let Some(page) = page {
            text.push_str(&format!("{}{page}", gaps.1));
        }
        prop_assert_eq!(
            parse(&text, BOT),
            Ok(Command::Reseller(ResellerCommand::Prices {
                filter: (!search.is_empty()).then(|| search.join(" ")),
                page: page.unwrap_or(1),
            }))
        );
    }
}
