//! Properties of the callback parser: it sees whatever reaches a public URL.
//! `PROPTEST_CASES=N` changes the number of cases (default 256).
use proptest::prelude::*;

use super::*;
use crate::domain::group_thousands;

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Text that is mostly query syntax, so that the parser's branches are actually reached.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just("+".to_owned()),
        Just("%".to_owned()),
        "%[0-9A-Fa-f]{2}",
        "%[^0-9A-Fa-f]{1,2}",
        prop::sample::select(vec!["status", "refid", "product", "qty", "dest", "message"])
            .prop_map(str::to_owned),
        "[0-9]{1,25}",
        "[٠-٩０-９]{1,5}",
        "[😀🇮🇩\u{0}\u{7f}\u{202e}]",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

/// A callback the supplier could really send, with the fields we expect back.
#[derive(Debug, Clone)]
struct Valid {
    status: u8,
    refid: String,
    product: String,
    dest: String,
    message: String,
}

fn valid() -> impl Strategy<Value = Valid> {
    (
        0u8..=1,
        "[0-9]{20}",
        "[A-Za-z0-9_-]{1,20}",
        "[0-9]{6,20}",
        prop_oneof![
            ".{0,200}",
            any::<String>().prop_map(|s| s.chars().take(300).collect())
        ],
    )
        .prop_map(|(status, refid, product, dest, message)| Valid {
            status,
            refid,
            product,
            dest,
            message,
        })
}

impl Valid {
    fn pairs(&self) -> Vec<String> {
        vec![
            format!("status={}", self.status),
            format!("refid={}", self.refid),
            format!("product={}", encode(&self.product)),
            "qty=1".to_owned(),
            format!("dest={}", encode(&self.dest)),
            format!("message={}", encode(&self.message)),
        ]
    }
}

/// An SN as suppliers write them: groups of letters and digits joined by `-`, `/` or a space.
/// No G or L, so it can never spell a field name (`saldo`, `harga`, `tgl`).
fn sn() -> impl Strategy<Value = String> {
    "[0-9A-FH-KM-Z]{1,8}([-/ ][0-9A-FH-KM-Z]{1,8}){0,5}"
}

fn tgl() -> impl Strategy<Value = String> {
    (1u8..=31, 1u8..=12, 0u8..24, 0u8..60, 0u8..60)
        .prop_map(|(d, m, h, mi, s)| format!("{d:02}/{m:02} {h:02}:{mi:02}:{s:02}"))
}

proptest! {
    #[test]
    fn no_query_panics(query in prop_oneof![query_like(), any::<String>(), ".{4000,4200}"]) {
        if let Ok(cb) = parse_callback(&query) {
            prop_assert!(query.len() <= MAX_QUERY_BYTES);
            prop_assert!(cb.message.chars().count() <= MAX_MESSAGE_CHARS);
            for field in [&cb.product, &cb.dest].into_iter().flatten() {
                prop_assert!(field.chars().count() <= MAX_FIELD_CHARS);
                prop_assert!(!field.chars().any(char::is_control));
            }
        }
    }

    #[test]
    fn raw_bytes_decode_exactly_or_are_refused(
        head in valid(),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let message: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        let mut pairs = head.pairs();
        pairs[5] = format!("message={message}");
        let got = parse_callback(&pairs.join("&"));
        match std::str::from_utf8(&bytes) {
            Ok(text) if text.chars().count() <= MAX_MESSAGE_CHARS => {
                prop_assert_eq!(got.map(|cb| cb.message), Ok(text.to_owned()));
            }
            Ok(_) => prop_assert_eq!(got, Err(RejectedCallback::BadField("message"))),
            Err(_) => prop_assert_eq!(got, Err(RejectedCallback::NotUtf8)),
        }
    }

    #[test]
    fn a_valid_callback_gives_its_fields_back_in_any_order(
        cb in valid(),
        extra in prop::collection::vec("[a-z]{1,8}=[a-z0-9]{0,8}", 0..4),
        order in Just((0..10).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let mut pairs = cb.pairs();
        pairs.extend(extra.into_iter().filter(|p| !KNOWN.iter().any(|k| p.starts_with(&format!("{k}=")))));
        let shuffled: Vec<&String> = order.iter().filter_map(|i| pairs.get(*i)).collect();
        let query = shuffled.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("&");
        let got = parse_callback(&query).map_err(|e| TestCaseError::fail(format!("{e}: {query}")))?;
        let status = if cb.status == 0 { CallbackStatus::Success } else { CallbackStatus::Failed };
        prop_assert_eq!(got.status, status);
        prop_assert_eq!(got.refid.as_str(), cb.refid.as_str());
        prop_assert_eq!(got.product.as_deref(), Some(cb.product.as_str()));
        prop_assert_eq!(got.dest.as_deref(), Some(cb.dest.as_str()));
        prop_assert_eq!(got.message, cb.message);
    }

    /// A `%` must be followed by two hex digits; `%+1`, `%-1`, `% 1`, `%1` and a final `%` are
    /// all refused, never guessed at.
    #[test]
    fn a_broken_percent_escape_is_refused(
        cb in valid(),
        after in prop_oneof![
            Just(String::new()),
            "[0-9A-Fa-f]",
            "[^0-9A-Fa-f][0-9A-Fa-f]",
            "[0-9A-Fa-f][^0-9A-Fa-f]",
            "[+ -][0-9A-Fa-f]",
        ],
        field in 0usize..6,
    ) {
        let mut pairs = cb.pairs();
        pairs[field].push('%');
        pairs[field].push_str(&after);
        let query = pairs.join("&");
        prop_assume!(query.len() <= MAX_QUERY_BYTES);
        prop_assert_eq!(parse_callback(&query), Err(RejectedCallback::BadEncoding), "{}", query);
    }

    #[test]
    fn a_status_other_than_0_or_1_is_refused(cb in valid(), status in any::<String>()) {
        prop_assume!(status != "0" && status != "1");
        let mut pairs = cb.pairs();
        pairs[0] = format!("status={}", encode(&status));
        let query = pairs.join("&");
        prop_assume!(query.len() <= MAX_QUERY_BYTES);
        prop_assert_eq!(parse_callback(&query), Err(RejectedCallback::BadStatus));
    }

    /// A refid of another shape is still a callback to record (it names no order of ours),
    /// unless it could not be a short field at all. A trxid followed by an attempt number
    /// names an order's later attempt (R43), so it is not "another shape".
    #[test]
    fn a_refid_of_another_shape_is_kept_as_received(
        cb in valid(),
        refid in prop_oneof!["[0-9]{1,19}", "[0-9]{21,40}", "[0-9]{19}[^0-9]", "[٠-٩０-９]{20}", any::<String>()],
    ) {
        prop_assume!(TrxId::parse(&refid).is_none());
        prop_assume!(crate::domain::AttemptRef::parse(&refid).is_none());
        let mut pairs = cb.pairs();
        pairs[1] = format!("refid={}", encode(&refid));
        match parse_callback(&pairs.join("&")) {
            Ok(got) => {
                prop_assert_eq!(&got.refid, &refid);
                prop_assert!(got.trxid().is_none());
            }
            Err(e) => prop_assert!(
                matches!(e, RejectedCallback::BadField("refid") | RejectedCallback::TooLong | RejectedCallback::Missing("refid")),
                "{:?}", e
            ),
        }
    }

    /// A phone number written with `62`, `+62`, `0`, dashes or spaces is one number.
    #[test]
    fn a_number_is_the_same_however_it_is_written(rest in "8[0-9]{7,12}", other in "[0-9]{6,16}") {
        let forms = [format!("0{rest}"), format!("62{rest}"), format!("+62 {rest}"), format!("0{}-{}", &rest[..3], &rest[3..])];
        for a in &forms {
            for b in &forms {
                prop_assert!(same_number(a, b), "{} {}", a, b);
            }
        }
        let local = format!("0{rest}");
        prop_assume!(other != local && other != format!("62{rest}"));
        prop_assert!(!same_number(&local, &other));
    }

    #[test]
    fn a_sukses_message_gives_back_sn_saldo_harga_and_tgl(
        product in "[a-z]{1,4}[0-9]{1,3}",
        dest in "[0-9]{6,20}",
        sn in sn(),
        saldo in 0i64..1_000_000_000_000,
        harga in 0i64..100_000_000,
        tgl in tgl(),
        separator in prop::sample::select(vec![',', '.']),
        order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
        upper in any::<bool>(),
    ) {
        let amount = |n: i64| group_thousands(n.unsigned_abs(), separator);
        let fields = [
            format!("SN: {sn}"),
            format!("Saldo: Rp{}", amount(saldo)),
            format!("Harga: {}", amount(harga)),
            format!("Tgl: {tgl}"),
        ];
        let body: Vec<&str> = order.iter().map(|i| fields[*i].as_str()).collect();
        let mut message = format!("Transaksi {product}.{dest} SUKSES, {}", body.join(", "));
        if upper {
            message = message.to_uppercase();
        }
        let got = parse_message(&message);
        prop_assert_eq!(got.sn.as_deref(), Some(sn.as_str()), "{}", message);
        prop_assert_eq!(got.saldo, Some(saldo));
        prop_assert_eq!(got.harga, Some(harga));
        prop_assert_eq!(got.tgl, Some(tgl));
        let subject = got.subject.expect("Transaksi <code>.<dest> is read");
        prop_assert!(subject.code.eq_ignore_ascii_case(&product));
        prop_assert_eq!(subject.dest, dest);
        prop_assert_eq!(got.verdict, Some(CallbackStatus::Success));
    }

    #[test]
    fn no_message_panics(message in prop_oneof![query_like(), any::<String>(), ".{1000,5000}"]) {
        let got = parse_message(&message);
        if let Some(sn) = got.sn {
            prop_assert!(!sn.is_empty() && sn.len() <= message.len());
        }
        for n in [got.saldo, got.harga].into_iter().flatten() {
            prop_assert!((0..1_000_000_000_000_000).contains(&n));
        }
    }

    #[test]
    fn rupiah_grouped_either_way_reads_back(n in 0u64..1_000_000_000_000_000, cents in any::<bool>()) {
        for separator in [',', '.'] {
            let mut text = group_thousands(n, separator);
            if cents {
                text.push(if separator == ',' { '.' } else { ',' });
                text.push_str("00");
            }
            prop_assert_eq!(parse_rupiah(&text), Some(n as i64), "{}", text);
        }
    }

    #[test]
    fn no_amount_text_panics(text in prop_oneof!["[0-9.,]{0,40}", any::<String>()]) {
        if let Some(n) = parse_rupiah(&text) {
            prop_assert!(n >= 0);
        }
    }
}
