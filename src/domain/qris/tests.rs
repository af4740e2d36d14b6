//! The static sticker checked, and the dynamic payload made from it, field by field.
use proptest::prelude::*;

use super::*;

fn tlv(tag: &str, value: &str) -> String {
    format!("{tag}{:02}{value}", value.len())
}

/// `body` closed with field 63 and its checksum, as a QRIS generator would.
fn with_crc(body: &str) -> String {
    let signed = format!("{body}6304");
    let crc = crc16(signed.as_bytes());
    format!("{signed}{crc:04X}")
}

/// A static QRIS shaped like the ones printed on warung stickers: the acquirer's merchant
/// account (26), the national QRIS registration (51), category, currency, country, name, city,
/// postal code and additional data.
fn sticker_body() -> String {
    let acquirer = [
        tlv("00", "ID.CO.TELKOM.WWW"),
        tlv("01", "936008990000012345"),
        tlv("02", "000195012345"),
        tlv("03", "UMI"),
    ]
    .concat();
    let national = [
        tlv("00", "ID.CO.QRIS.WWW"),
        tlv("02", "ID1024325678901"),
        tlv("03", "UMI"),
    ]
    .concat();
    [
        tlv("00", "01"),
        tlv("01", "11"),
        tlv("26", &acquirer),
        tlv("51", &national),
        tlv("52", "5812"),
        tlv("53", "360"),
        tlv("58", "ID"),
        tlv("59", "WARUNG MAKAN SARI"),
        tlv("60", "KOTA BANDUNG"),
        tlv("61", "40115"),
        tlv("62", &tlv("07", "A01")),
    ]
    .concat()
}

pub(crate) fn sticker() -> String {
    with_crc(&sticker_body())
}

/// (tag, value) of each top-level field.
fn tags_and_values(payload: &str) -> Vec<(String, String)> {
    fields(payload)
        .map(|f| f.expect("the payload reads as TLV"))
        .map(|f| (f.tag.to_owned(), f.value.to_owned()))
        .collect()
}

fn crc_verifies(payload: &str) -> bool {
    let (signed, crc) = payload.split_at(payload.len() - 4);
    signed.ends_with("6304") && format!("{:04X}", crc16(signed.as_bytes())) == crc
}

#[test]
fn crc16_matches_the_ccitt_false_check_value() {
    assert_eq!(crc16(b"123456789"), 0x29B1);
    assert_eq!(crc16(b""), 0xFFFF);
}

#[test]
fn a_sticker_payload_is_accepted_with_any_surrounding_whitespace() {
    let payload = sticker();
    let parsed = StaticQris::parse(&format!("  {payload}\n")).expect("a valid sticker");
    assert_eq!(parsed.as_str(), payload);
}

#[test]
fn a_lowercase_crc_is_accepted() {
    // A merchant name whose checksum has hex letters in it, so lowercase differs.
    let payload = (0..100)
        .map(|n| {
            with_crc(&sticker_body().replacen(
                "WARUNG MAKAN SARI",
                &format!("WARUNG MAKAN {n:04}"),
                1,
            ))
        })
        .find(|p| p[p.len() - 4..].bytes().any(|b| b.is_ascii_alphabetic()))
        .expect("some checksum has a letter");
    let (body, crc) = payload.split_at(payload.len() - 4);
    let lower = format!("{body}{}", crc.to_ascii_lowercase());
    assert_ne!(lower, payload);
    assert_eq!(StaticQris::parse(&lower).unwrap().as_str(), lower);
}

#[test]
fn the_dynamic_payload_carries_the_amount_before_the_country_and_keeps_the_rest() {
    let payload = sticker();
    let dynamic = StaticQris::parse(&payload).unwrap().for_amount(100_123);

    let fields = tags_and_values(&dynamic);
    let tags: Vec<&str> = fields.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        tags,
        [
            "00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "62", "63"
        ]
    );
    let value = |tag: &str| &fields.iter().find(|(t, _)| t == tag).unwrap().1;
    assert_eq!(value("01"), "12");
    assert_eq!(value("54"), "100123");
    assert!(dynamic.contains("5406100123"), "{dynamic}");
    assert!(crc_verifies(&dynamic), "{dynamic}");

    let unchanged = |fields: Vec<(String, String)>| {
        fields
            .into_iter()
            .filter(|(t, _)| !["01", "54", "63"].contains(&t.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        unchanged(fields.clone()),
        unchanged(tags_and_values(&payload))
    );
    // Byte for byte: the static payload with the changed fields taken out and put back.
    let expected = with_crc(&sticker_body().replacen("010211", "010212", 1).replacen(
        "5802ID",
        "54061001235802ID",
        1,
    ));
    assert_eq!(dynamic, expected);
}

#[test]
fn an_amount_goes_last_when_no_field_follows_it_in_tag_order() {
    let body = [tlv("00", "01"), tlv("01", "11"), tlv("53", "360")].concat();
    let dynamic = StaticQris::parse(&with_crc(&body)).unwrap().for_amount(5);
    assert_eq!(dynamic, with_crc("000201010212530336054015"));
}

#[test]
fn each_broken_payload_gets_its_own_error() {
    let good = sticker();
    let body = sticker_body();

    let last = good.chars().last().unwrap();
    let flipped = if last == '0' { '1' } else { '0' };
    let bad_crc = format!("{}{flipped}", &good[..good.len() - 1]);
    assert!(matches!(
        StaticQris::parse(&bad_crc),
        Err(QrisError::BadCrc { .. })
    ));

    let cut = &good[..good.len() - 3];
    assert_eq!(
        StaticQris::parse(cut),
        Err(QrisError::Truncated {
            tag: "63".to_owned(),
            at: good.len() - 8,
            declared: 4,
            left: 1,
        })
    );

    assert_eq!(StaticQris::parse(&body), Err(QrisError::MissingCrc));
    let short_crc = format!("{body}6303ABC");
    assert_eq!(StaticQris::parse(&short_crc), Err(QrisError::MissingCrc));
    let not_hex = format!("{body}6304XYZ1");
    assert_eq!(
        StaticQris::parse(&not_hex),
        Err(QrisError::CrcNotHex("XYZ1".to_owned()))
    );

    let other_format = with_crc(&body.replacen("000201", "000202", 1));
    assert_eq!(
        StaticQris::parse(&other_format),
        Err(QrisError::NoFormatIndicator)
    );

    let with_amount = with_crc(&body.replacen("5802ID", "5405500005802ID", 1));
    assert_eq!(
        StaticQris::parse(&with_amount),
        Err(QrisError::HasAmount("50000".to_owned()))
    );

    let no_method = with_crc(&body.replacen("010211", "", 1));
    assert_eq!(
        StaticQris::parse(&no_method),
        Err(QrisError::NoInitiationMethod)
    );
    let odd_method = with_crc(&body.replacen("010211", "010213", 1));
    assert_eq!(
        StaticQris::parse(&odd_method),
        Err(QrisError::BadInitiationMethod("13".to_owned()))
    );

    assert_eq!(StaticQris::parse(" \n"), Err(QrisError::Empty));
    assert_eq!(
        StaticQris::parse("https://qris.example/pay"),
        Err(QrisError::NotTlv { at: 0 })
    );
    // A multi-byte character where a field should end is no boundary at all.
    let split_char =
        with_crc(&body.replacen("5917WARUNG MAKAN SARI", "5917WARUNG MAKAN SAR\u{e9}", 1));
    assert!(matches!(
        StaticQris::parse(&split_char),
        Err(QrisError::Truncated { tag, .. }) if tag == "59"
    ));
}

#[test]
fn errors_say_what_is_wrong_for_the_operator() {
    let bad = QrisError::BadCrc {
        stated: "1A2B".to_owned(),
        computed: "3C4D".to_owned(),
    };
    assert_eq!(
        bad.to_string(),
        "fails its checksum (the CRC says 1A2B, the payload gives 3C4D): it was changed or \
         copied incompletely"
    );
}

proptest! {
    #[test]
    fn any_amount_makes_a_payload_whose_crc_verifies(rupiah in 1_i64..=10_000_000) {
        let dynamic = StaticQris::parse(&sticker()).unwrap().for_amount(rupiah);
        prop_assert!(crc_verifies(&dynamic), "{}", dynamic);
        let fields = tags_and_values(&dynamic);
        let amount = fields.iter().find(|(t, _)| t == "54").map(|(_, v)| v.clone());
        prop_assert_eq!(amount, Some(rupiah.to_string()));
    }
}
