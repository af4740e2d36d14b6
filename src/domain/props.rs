//! Properties of the values parsed at the edge: amounts, destinations, product codes, trxids.
//! `PROPTEST_CASES=N` changes the number of cases (default 256).
use proptest::prelude::*;

use super::*;

const MAX_INPUT: i64 = 1_000_000_000_000;

/// Inputs that look almost like what the parsers accept.
fn near_miss() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9.,+-]{0,30}",
        "(?i)(rp)?[0-9.]{0,20}(rb|k|jt)?",
        "[٠-٩۰-۹０-９߀-߉]{1,20}",
        "[0-9]{0,5}[😀💸🇮🇩][0-9]{0,5}",
        "[0-9]{16,400}",
        " *\\+62[0-9-]{0,25} *",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn an_amount_is_positive_bounded_and_ascii_or_refused(input in near_miss()) {
        if let Ok(money) = Money::parse_amount(&input) {
            prop_assert!((1..=MAX_INPUT).contains(&money.rupiah()));
            prop_assert!(input.trim().is_ascii(), "{:?}", input);
        }
    }

    #[test]
    fn amounts_read_back_in_every_printed_form(n in 1i64..=MAX_INPUT) {
        let plain = n.to_string();
        let grouped = group_thousands(n as u64, '.');
        let shown = Money::from_rupiah(n).to_string();
        for text in [&plain, &grouped, &shown, &shown.to_uppercase(), &format!("  {grouped}\t")] {
            prop_assert_eq!(Money::parse_amount(text), Ok(Money::from_rupiah(n)), "{}", text);
        }
        if n % 1000 == 0 {
            let rb = format!("{}rb", n / 1000);
            prop_assert_eq!(Money::parse_amount(&rb), Ok(Money::from_rupiah(n)));
        }
    }

    #[test]
    fn zero_negative_and_unicode_digit_amounts_are_refused(
        input in prop_oneof!["-[0-9]{1,12}", "0{1,8}", "0(\\.000){1,3}", "[٠-٩]{1,8}", "[０-９]{1,8}", "[0-9]{1,5}😀"],
    ) {
        prop_assert!(Money::parse_amount(&input).is_err(), "{}", input);
    }

    #[test]
    fn amounts_past_the_limit_are_too_large(n in (MAX_INPUT + 1)..=i64::MAX) {
        let refused = Money::parse_amount(&n.to_string());
        prop_assert_eq!(refused, Err(MoneyError::TooLarge));
    }

    #[test]
    fn a_destination_is_six_to_twenty_ascii_digits_or_refused(input in near_miss()) {
        if let Ok(dest) = Destination::parse(&input) {
            let d = dest.as_str();
            prop_assert!(d.bytes().all(|b| b.is_ascii_digit()));
            prop_assert!((Destination::MIN_DIGITS..=Destination::MAX_DIGITS).contains(&d.len()));
            prop_assert_eq!(Destination::parse(d), Ok(dest.clone()), "normal form is stable");
            let masked = dest.masked();
            prop_assert_eq!(masked.len(), d.len());
            prop_assert!(masked.contains('*'));
        }
    }

    #[test]
    fn destinations_read_back_with_dashes_or_country_code(
        digits in "[0-9]{6,20}",
        dashes in prop::collection::vec(any::<bool>(), 20),
    ) {
        let dashed: String = digits
            .chars()
            .zip(&dashes)
            .flat_map(|(c, dash)| if *dash { vec![c, '-'] } else { vec![c] })
            .collect();
        prop_assert_eq!(Destination::parse(&dashed).map(|d| d.to_string()), Ok(digits.clone()));
        if let Some(local) = digits.strip_prefix('0') {
            let international = format!("+62{local}");
            prop_assert_eq!(Destination::parse(&international).map(|d| d.to_string()), Ok(digits.clone()));
        }
    }

    #[test]
    fn a_product_code_is_accepted_exactly_when_it_fits(input in prop_oneof!["[A-Za-z0-9_-]{1,20}", near_miss()]) {
        let s = input.trim();
        let fits = !s.is_empty()
            && s.len() <= ProductCode::MAX_LEN
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match ProductCode::parse(&input) {
            Ok(code) => {
                prop_assert!(fits);
                prop_assert_eq!(code.as_str(), s);
            }
            Err(_) => prop_assert!(!fits),
        }
    }

    /// The format `orders::insert_order` writes: `YYMMDDhhmmss` (WIB) and the order id modulo
    /// 10^8, zero-padded.
    #[test]
    fn every_generated_trxid_parses_back(
        seconds in 0i64..4_102_444_800,
        order_id in 1i64..=i64::MAX,
    ) {
        let at = chrono::DateTime::from_timestamp(seconds, 0).unwrap() + chrono::Duration::hours(7);
        let text = format!("{}{:08}", at.format("%y%m%d%H%M%S"), order_id % 100_000_000);
        let trxid = TrxId::parse(&text);
        prop_assert_eq!(trxid.as_ref().map(TrxId::as_str), Some(text.as_str()));
    }

    #[test]
    fn a_trxid_is_exactly_twenty_ascii_digits(input in prop_oneof!["[0-9]{18,22}", "[٠-٩]{20}", near_miss()]) {
        let fits = input.len() == TrxId::LEN && input.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(TrxId::parse(&input).is_some(), fits);
    }

    #[test]
    fn order_statuses_read_back(input in "[a-z]{0,10}") {
        if let Some(status) = OrderStatus::parse(&input) {
            prop_assert_eq!(status.as_str(), input.as_str());
        }
        for status in [OrderStatus::Sending, OrderStatus::Pending, OrderStatus::Unknown, OrderStatus::Success, OrderStatus::Failed] {
            prop_assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
    }
}
