use proptest::prelude::*;

use super::*;

fn parts(sn: &str) -> (String, Option<String>, Option<String>, Option<String>) {
    let t = PlnToken::parse(sn).unwrap_or_else(|| panic!("{sn:?} is a token"));
    (t.token(), t.name.clone(), t.tariff_power(), t.kwh.clone())
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[test]
fn the_formats_suppliers_send_are_read_into_their_parts() {
    let full = (
        "1234-5678-9012-3456-7890".to_owned(),
        some("NAMA PELANGGAN"),
        some("R1/1300VA"),
        some("12.5"),
    );
    for sn in [
        "12345678901234567890/NAMA PELANGGAN/R1/1300VA/12.5",
        "1234-5678-9012-3456-7890/NAMA PELANGGAN/R1/1300VA/12.5",
        "12345678901234567890-NAMA PELANGGAN-R1-1300VA-12.5",
        "1234-5678-9012-3456-7890-NAMA PELANGGAN-R1-1300VA-12.5",
        "1234 5678 9012 3456 7890 / NAMA PELANGGAN / R1 / 1300 VA / 12.5 kWh",
        "Token: 12345678901234567890/Nama: NAMA PELANGGAN/Tarif: R1/Daya: 1300/kWh: 12.5",
        "SN: 12345678901234567890|NAMA PELANGGAN|R1|000001300|12.5",
        "12345678901234567890/NAMA PELANGGAN/R1 1300VA/12.5",
        "  12345678901234567890/NAMA   PELANGGAN/r1/1300va/12.5KWH  ",
    ] {
        assert_eq!(parts(sn), full, "{sn}");
    }
}

#[test]
fn missing_parts_are_left_out() {
    let token = "1234-5678-9012-3456-789".to_owned();
    assert_eq!(
        parts("1234567890123456789/NAMA PELANGGAN/R1/1300VA/12.5"),
        (
            token,
            some("NAMA PELANGGAN"),
            some("R1/1300VA"),
            some("12.5")
        )
    );
    let token = "1234-5678-9012-3456-7890".to_owned();
    assert_eq!(
        parts("12345678901234567890/BUDI/R1M/900"),
        (token.clone(), some("BUDI"), some("R1M/900VA"), None)
    );
    assert_eq!(
        parts("12345678901234567890//R1/1300VA/32,1"),
        (token.clone(), None, some("R1/1300VA"), some("32,1"))
    );
    assert_eq!(
        parts("12345678901234567890/R2/3500VA"),
        (token.clone(), None, some("R2/3500VA"), None)
    );
    assert_eq!(
        parts("12345678901234567890/SITI/1300VA"),
        (token.clone(), some("SITI"), some("1300VA"), None)
    );
    assert_eq!(
        parts("12345678901234567890/R1/20"),
        (token.clone(), None, some("R1"), some("20"))
    );
    assert_eq!(
        parts("12345678901234567890/12.5 kWh"),
        (token, None, None, some("12.5"))
    );
}

#[test]
fn what_is_not_a_token_is_not_laid_out() {
    for sn in [
        "",
        "12345678901234567890",
        "1234-5678-9012-3456-7890",
        "0041002345678901234/XL",
        "12345678901234567890/NAMA PELANGGAN",
        "123456789012345/NAMA/R1/1300VA",
        "1234567890123456789012345/NAMA/R1/1300VA",
        "R1/1300VA/12345678901234567890",
        "12345678901234567890/NAMA/R1/1300VA/12.5/LAGI",
        "12345678901234567890/NAMA/R1/1300VA/banyak",
        "12345678901234567890/R1/NAMA",
        "12345678901234567890/NAMA/R9/1300VA",
        "12345678901234567890/<b>NAMA</b>/R1/1300VA",
        "Ref 12345678901234567890/NAMA/R1/1300VA",
        "Transaksi sukses",
    ] {
        assert_eq!(PlnToken::parse(sn), None, "{sn:?}");
    }
}

#[test]
fn a_name_may_look_like_a_label_or_end_like_a_unit() {
    assert_eq!(
        parts("12345678901234567890/SITI NOVA/R1/900VA").1,
        some("SITI NOVA")
    );
    assert_eq!(
        parts("12345678901234567890/NAMA SAYA/R1/900VA").1,
        some("NAMA SAYA")
    );
}

/// A token, name, tariff, power and kWh, each maybe missing (but not all three of the last).
fn written() -> impl Strategy<
    Value = (
        String,
        Option<String>,
        Option<String>,
        Option<u32>,
        Option<String>,
    ),
> {
    (
        "[0-9]{20}",
        proptest::option::of("[A-Z][A-Z .']{0,20}[A-Z]"),
        proptest::option::of("[RBPSIL][1-4][MT]?"),
        proptest::option::of(SMALLEST_VA..=200_000),
        proptest::option::of("[0-9]{1,4}([.,][0-9]{1,2})?"),
    )
        .prop_filter("something after the name", |(_, _, t, p, k)| {
            t.is_some() || p.is_some() || k.is_some()
        })
}

proptest! {
    #[test]
    fn every_way_of_writing_a_token_reads_back(
        (digits, name, tariff, power, kwh) in written(),
        grouped in any::<bool>(),
        separator in prop_oneof![Just("/"), Just("-"), Just(" / "), Just("|")],
    ) {
        prop_assume!(separator != "-" || name.as_deref().is_none_or(|n| !n.contains('-')));
        let token = if grouped {
            digits.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("-")
        } else {
            digits.clone()
        };
        let mut sn = vec![token];
        sn.extend(name.clone());
        sn.extend(tariff.clone());
        sn.extend(power.map(|p| format!("{p}VA")));
        // With nothing before it, or a bare number where the power may stand, a kWh says
        // what it is.
        let bare = power.is_none();
        sn.extend(kwh.clone().map(|k| if bare { format!("{k} kWh") } else { k }));
        let sn = sn.join(separator);
        let read = PlnToken::parse(&sn);
        prop_assert!(read.is_some(), "{}", sn);
        let read = read.unwrap();
        prop_assert_eq!(read.token().replace('-', ""), digits);
        prop_assert!(read.token().split('-').all(|g| g.len() == 4));
        let name = name.map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
        prop_assert_eq!(read.name, name);
        prop_assert_eq!(read.tariff, tariff);
        prop_assert_eq!(read.power_va, power);
        prop_assert_eq!(read.kwh, kwh);
    }

    #[test]
    fn anything_else_is_refused_or_read_without_panicking(sn in prop_oneof![
        any::<String>(),
        "[0-9 /|-]{0,60}",
        "[0-9]{16,24}[/ -][A-Za-z0-9 ./,|-]{0,40}",
    ]) {
        if let Some(t) = PlnToken::parse(&sn) {
            let digits = t.token().replace('-', "");
            prop_assert!(TOKEN_DIGITS.contains(&digits.len()));
            let in_sn: String = sn.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(in_sn.starts_with(&digits), "{} from {}", digits, sn);
            prop_assert!(t.tariff.is_some() || t.power_va.is_some() || t.kwh.is_some());
        }
    }

    #[test]
    fn a_bare_number_is_shown_as_it_is(sn in "[0-9]{1,40}") {
        prop_assert_eq!(PlnToken::parse(&sn), None);
    }
}
