//! The supplier callback as it reaches our public URL: the raw query, then the message in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loket::biller::callback::{MAX_QUERY_BYTES, parse_message};
use loket::biller::parse_callback;

fuzz_target!(|data: &[u8]| {
    // The HTTP layer only ever hands over text; arbitrary bytes still reach the parser as
    // percent-escapes inside that text.
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cb) = parse_callback(query) {
        assert!(query.len() <= MAX_QUERY_BYTES);
        assert_eq!(cb.refid.as_str().len(), 20);
        assert!(cb.refid.as_str().bytes().all(|b| b.is_ascii_digit()));
        for field in [&cb.product, &cb.dest].into_iter().flatten() {
            assert!(field.chars().count() <= 32 && !field.chars().any(char::is_control));
        }
        assert_eq!(parse_message(&cb.message), cb.details);
    }
    let details = parse_message(query);
    if let Some(sn) = details.sn {
        assert!(!sn.is_empty());
    }
    for amount in [details.saldo, details.harga].into_iter().flatten() {
        assert!(amount >= 0);
    }
});
