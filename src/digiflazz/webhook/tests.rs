use super::*;
use crate::digiflazz::rc::{FailClass, Verdict};

const BODY: &[u8] =
    br#"{"data":{"ref_id":"r1","status":"Gagal","rc":"54","message":"Nomor Tujuan Salah"}}"#;

fn secret() -> SecretString {
    SecretString::from("rahasia-webhook")
}

#[test]
fn a_correct_signature_verifies() {
    let header = signature("rahasia-webhook", BODY);
    assert_eq!(verify(&secret(), BODY, Some(&header)), Ok(()));
}

#[test]
fn the_documented_algorithm_is_hmac_sha1_of_the_raw_body() {
    // `printf %s 'hello' | openssl dgst -sha1 -hmac key`, computed independently.
    assert_eq!(
        signature("key", b"hello"),
        "sha1=b34ceac4516ff23a143e61d79d0fa7a4fbe5f266"
    );
}

#[test]
fn a_missing_header_is_refused() {
    assert_eq!(
        verify(&secret(), BODY, None),
        Err(WebhookRefusal::MissingHeader)
    );
}

#[test]
fn a_header_without_the_sha1_prefix_is_refused() {
    let header = signature("rahasia-webhook", BODY);
    let bare = header.trim_start_matches("sha1=");
    assert_eq!(
        verify(&secret(), BODY, Some(bare)),
        Err(WebhookRefusal::WrongPrefix)
    );
    let other = format!("sha256={bare}");
    assert_eq!(
        verify(&secret(), BODY, Some(&other)),
        Err(WebhookRefusal::WrongPrefix)
    );
}

#[test]
fn a_header_that_is_not_hex_is_refused() {
    for bad in ["sha1=zz", "sha1=", "sha1=abcd"] {
        assert_eq!(
            verify(&secret(), BODY, Some(bad)),
            Err(WebhookRefusal::BadHex),
            "{bad}"
        );
    }
}

#[test]
fn a_tampered_body_is_refused() {
    let header = signature("rahasia-webhook", BODY);
    let tampered = String::from_utf8_lossy(BODY).replace("Gagal", "Sukses");
    assert_eq!(
        verify(&secret(), tampered.as_bytes(), Some(&header)),
        Err(WebhookRefusal::WrongMac)
    );
}

#[test]
fn a_signature_under_another_secret_is_refused() {
    let header = signature("not-our-secret", BODY);
    assert_eq!(
        verify(&secret(), BODY, Some(&header)),
        Err(WebhookRefusal::WrongMac)
    );
}

#[test]
fn an_event_reads_as_a_transaction_answer() {
    let event = parse_event(BODY).unwrap();
    assert_eq!(event.ref_id, "r1");
    assert_eq!(event.verdict, Some(Verdict::Failed(FailClass::Customer)));
    assert_eq!(event.message, "Nomor Tujuan Salah");
}

#[test]
fn a_body_that_is_not_the_envelope_or_names_no_ref_is_an_error() {
    assert!(matches!(
        parse_event(b"<html>"),
        Err(EventError::NotJson(_))
    ));
    assert!(matches!(
        parse_event(br#"{"ref_id":"r1"}"#),
        Err(EventError::NotJson(_))
    ));
    assert_eq!(
        parse_event(br#"{"data":{"status":"Sukses"}}"#),
        Err(EventError::NoRefId)
    );
}
