use super::*;

const REFID: &str = "26112409301500000042";

fn q(rest: &str) -> String {
    format!("refid={REFID}&{rest}")
}

#[test]
fn the_specs_success_example_parses() {
    let query = q(
        "status=0&product=banktrf&qty=1&dest=2222222222&message=Transaksi+s5.2222222222+SUKSES,+SN:+11111111111,+Saldo:+Rp99,999,999,+Harga:+201,200,+Tgl:+01/01+10:32:12",
    );
    let cb = parse_callback(&query).unwrap();
    assert_eq!(cb.status, CallbackStatus::Success);
    assert_eq!(cb.refid.as_str(), REFID);
    assert_eq!(cb.product.as_deref(), Some("banktrf"));
    assert_eq!(cb.qty.as_deref(), Some("1"));
    assert_eq!(cb.dest.as_deref(), Some("2222222222"));
    assert_eq!(
        cb.details,
        MessageDetails {
            sn: Some("11111111111".into()),
            saldo: Some(99_999_999),
            harga: Some(201_200),
            tgl: Some("01/01 10:32:12".into()),
            subject: Some(Subject {
                code: "s5".into(),
                dest: "2222222222".into()
            }),
            verdict: Some(CallbackStatus::Success),
        }
    );
    assert!(!cb.contradicts_itself());
}

#[test]
fn the_specs_failure_example_parses() {
    let query = q(
        "status=1&product=banktrf&qty=1&dest=111111111&message=Transaksi+s5.111111111+GAGAL,+Saldo:+Rp99,999,999,+Tgl:+01/01+10:36:38",
    );
    let cb = parse_callback(&query).unwrap();
    assert_eq!(cb.status, CallbackStatus::Failed);
    assert_eq!(
        cb.message,
        "Transaksi s5.111111111 GAGAL, Saldo: Rp99,999,999, Tgl: 01/01 10:36:38"
    );
    assert_eq!(cb.details.sn, None);
    assert_eq!(cb.details.saldo, Some(99_999_999));
    assert_eq!(cb.details.tgl.as_deref(), Some("01/01 10:36:38"));
    assert_eq!(cb.details.verdict, Some(CallbackStatus::Failed));
    assert_eq!(
        cb.details
            .subject
            .as_ref()
            .map(|s| (s.code.as_str(), s.dest.as_str())),
        Some(("s5", "111111111"))
    );
    assert!(!cb.contradicts_itself());
}

#[test]
fn the_documents_line_break_after_the_dot_still_names_the_destination() {
    let got = parse_message("Transaksi s5. 2222222222 SUKSES, SN: 1");
    assert_eq!(
        got.subject,
        Some(Subject {
            code: "s5".into(),
            dest: "2222222222".into()
        })
    );
}

#[test]
fn a_status_its_own_text_contradicts_is_noticed() {
    for (query, contradicts) in [
        (q("status=0&message=Transaksi+s5.0812+GAGAL"), true),
        (q("status=1&message=Transaksi+s5.0812+SUKSES,+SN:+1"), true),
        (
            q("status=0&message=Transaksi+s5.0812+SUKSES,+SN:+GAGAL-1"),
            false,
        ),
        (q("status=1&message=Transaksi+s5.0812+gagal+(ROUTE)"), false),
        (q("status=0&message=SN:+123"), false),
        (q("status=1&message="), false),
        (q("status=0&message=TERSUKSES+GAGALKAN"), false),
    ] {
        let cb = parse_callback(&query).unwrap();
        assert_eq!(cb.contradicts_itself(), contradicts, "{query}");
    }
}

#[test]
fn refids_of_another_shape_are_callbacks_about_no_order_of_ours() {
    for refid in ["22110111373985338", "123", "1' or '1'='1"] {
        let query = format!("status=0&refid={}&dest=0812", refid.replace(' ', "+"));
        let cb = parse_callback(&query).unwrap();
        assert_eq!(cb.refid, refid);
        assert_eq!(cb.trxid(), None);
    }
    assert_eq!(
        parse_callback("status=0&refid=&dest=0812"),
        Err(RejectedCallback::Missing("refid"))
    );
}

#[test]
fn sns_keep_letters_spaces_slashes_and_dashes() {
    for (message, sn) in [
        (
            "SUKSES, SN: 1234-5678-9012-3456-7890/NAMA PELANGGAN/R1/900VA, Saldo: Rp1,000",
            "1234-5678-9012-3456-7890/NAMA PELANGGAN/R1/900VA",
        ),
        ("SUKSES, sn:ABC 123 XYZ", "ABC 123 XYZ"),
        ("SUKSES SN=0812/VOUCHER-9; Harga: 5.150", "0812/VOUCHER-9"),
        ("Tgl: 02/01 09:00:00, Harga: 5,150, SN: 998877", "998877"),
        ("SN: , Saldo: 5", ""),
    ] {
        let got = parse_message(message).sn;
        assert_eq!(
            got.as_deref(),
            if sn.is_empty() { None } else { Some(sn) },
            "{message}"
        );
    }
}

#[test]
fn amounts_are_read_in_local_formats_or_dropped() {
    for (text, value) in [
        ("99,999,999", Some(99_999_999)),
        ("99.999.999", Some(99_999_999)),
        ("5.000,00", Some(5_000)),
        ("201200", Some(201_200)),
        ("1,2,3", None),
        ("1.000,000.5", None),
        ("99999999999999999999", None),
    ] {
        assert_eq!(parse_rupiah(text), value, "{text}");
    }
}

#[test]
fn strict_fields_are_refused_with_a_reason() {
    for (query, reason) in [
        (q("status=2"), RejectedCallback::BadStatus),
        (q("status=00"), RejectedCallback::BadStatus),
        (q("status=+0"), RejectedCallback::BadStatus),
        (q("status="), RejectedCallback::BadStatus),
        (
            format!("status=0&refid={}", "9".repeat(10_000)),
            RejectedCallback::TooLong,
        ),
        (
            format!("status=0&refid={}", "1".repeat(33)),
            RejectedCallback::BadField("refid"),
        ),
        ("status=0".to_owned(), RejectedCallback::Missing("refid")),
        (
            format!("refid={REFID}"),
            RejectedCallback::Missing("status"),
        ),
        (q("status=0&status=1"), RejectedCallback::Repeated("status")),
        (q("status=0&message=%ZZ"), RejectedCallback::BadEncoding),
        (q("status=0&message=50%"), RejectedCallback::BadEncoding),
        (q("status=0&message=%+A"), RejectedCallback::BadEncoding),
        (q("status=0%+0"), RejectedCallback::BadEncoding),
        (q("status=0&message=%C3%28"), RejectedCallback::NotUtf8),
        (
            q("status=0&dest=0812%0A345"),
            RejectedCallback::BadField("dest"),
        ),
        (
            q(&format!("status=0&product={}", "x".repeat(33))),
            RejectedCallback::BadField("product"),
        ),
        (
            q(&format!("status=0&message={}", "m".repeat(1025))),
            RejectedCallback::BadField("message"),
        ),
    ] {
        assert_eq!(parse_callback(&query), Err(reason), "{query:.80}");
    }
}

#[test]
fn unknown_parameters_and_odd_messages_are_tolerated() {
    let cb = parse_callback(&q(
        "status=1&extra=1&message=%3Cb%3E+%26+%3E+%0D%0Ainjected",
    ))
    .unwrap();
    assert_eq!(cb.message, "<b> & > \r\ninjected");
    assert_eq!(cb.product, None);
    assert_eq!(cb.details, MessageDetails::default());
}
