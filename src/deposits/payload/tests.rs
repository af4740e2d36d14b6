use super::*;

fn readable(item: &Item) -> &Mutation {
    match item {
        Item::Readable(m) => m,
        Item::Unreadable(u) => panic!("unreadable: {u:?}"),
    }
}

fn unreadable(item: &Item) -> &Unreadable {
    match item {
        Item::Unreadable(u) => u,
        Item::Readable(m) => panic!("readable: {m:?}"),
    }
}

#[test]
fn reads_the_services_shape_with_string_or_number_amounts() {
    let body = br#"[
      {"id": "VLagzqBj42D", "bank_id": "VLagzqBj42D", "account_number": "1234567890",
       "bank_type": "bca", "date": "2026-11-29 10:15:00", "amount": "100123.00",
       "description": "TRSF E-BANKING CR 2911/FTSCY/WS95031 100123.00 TOKO MAJU",
       "type": "CR", "balance": "5100123.00"},
      {"id": 88, "account_number": 1234567890, "bank_type": "mandiri",
       "date": "2026-11-29 10:16:00", "amount": 50000, "description": "BIAYA ADM",
       "type": "db", "balance": 5050123}
    ]"#;
    let got = parse_payload(body).unwrap();
    assert_eq!(got.len(), 2);
    let (first, second) = (readable(&got[0]), readable(&got[1]));
    assert_eq!(first.source_id, "VLagzqBj42D");
    assert_eq!(first.amount, Money::from_rupiah(100_123));
    assert_eq!(first.kind, MutationKind::Credit);
    assert!(matches!(first.dated, Dated::At(_)));
    assert_eq!(second.source_id, "88");
    assert_eq!(second.account_number, "1234567890");
    assert_eq!(second.amount, Money::from_rupiah(50_000));
    assert_eq!(second.kind, MutationKind::Debit);
}

#[test]
fn a_bad_item_is_kept_raw_with_its_reason_and_its_neighbours_are_read() {
    let body = br#"[
      {"id": "1", "amount": "10.50", "type": "CR", "description": "BUNGA"},
      {"id": "2", "amount": "-5", "type": "CR"},
      {"id": "3", "amount": "5", "type": "XX"},
      {"amount": "5", "type": "CR"},
      "just text",
      {"id": "4", "type": "CR"},
      {"id": "5", "amount": "20000", "type": "CR"}
    ]"#;
    let got = parse_payload(body).unwrap();
    assert_eq!(got.len(), 7);
    let problems: Vec<String> = got[..6]
        .iter()
        .map(|i| unreadable(i).problem.to_string())
        .collect();
    for (problem, why) in problems.iter().zip([
        "whole rupiah",
        "positive",
        "CR or DB",
        "`id`",
        "not a JSON object",
        "amount",
    ]) {
        assert!(problem.contains(why), "{problem} should mention {why}");
    }
    let first = unreadable(&got[0]);
    assert!(
        first.raw.contains("BUNGA") && first.raw.contains("10.50"),
        "{first:?}"
    );
    assert!(first.source_id.starts_with("invalid:"));
    assert_eq!(readable(&got[6]).amount, Money::from_rupiah(20_000));
}

#[test]
fn the_same_bad_item_has_the_same_id_and_a_long_one_is_capped() {
    let one = parse_payload(br#"[{"id": "1", "amount": "1.5", "type": "CR"}]"#).unwrap();
    let again = parse_payload(br#"{"type": "CR", "amount": "1.5", "id": "1"}"#).unwrap();
    let other = parse_payload(br#"[{"id": "1", "amount": "1.6", "type": "CR"}]"#).unwrap();
    assert_eq!(
        unreadable(&one[0]).source_id,
        unreadable(&again[0]).source_id
    );
    assert_ne!(
        unreadable(&one[0]).source_id,
        unreadable(&other[0]).source_id
    );
    let long = format!(
        r#"[{{"id": "1", "amount": "1.5", "type": "CR", "description": "{}"}}]"#,
        "x".repeat(5_000)
    );
    let got = parse_payload(long.as_bytes()).unwrap();
    assert_eq!(unreadable(&got[0]).raw.chars().count(), RAW_MAX_CHARS);
}

#[test]
fn only_a_body_that_is_no_list_is_refused() {
    assert!(matches!(
        parse_payload(b"not json"),
        Err(PayloadError::NotJson(_))
    ));
    assert_eq!(parse_payload(b"42"), Err(PayloadError::NotAList));
    assert_eq!(parse_payload(b"[]").unwrap(), Vec::new());
    // More than the 500 a body once allowed: each is read.
    let many: Vec<String> = (0..600)
        .map(|i| {
            format!(
                r#"{{"id": "M{i}", "amount": "{}", "type": "CR"}}"#,
                10_000 + i
            )
        })
        .collect();
    let body = format!("[{}]", many.join(","));
    let got = parse_payload(body.as_bytes()).unwrap();
    assert_eq!(got.len(), 600);
    assert!(got.iter().all(|i| matches!(i, Item::Readable(_))));
}
