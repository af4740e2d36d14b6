//! Properties of the supplier's answer: only an explicit refusal may ever release money.
//! `PROPTEST_CASES=N` changes the number of cases (default 256).
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            "true", "false", "TRUE", "False", "1", "0", "", "5000", "1e309"
        ])
        .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An object with the supplier's field names holding anything.
fn answer_like() -> impl Strategy<Value = Vec<u8>> {
    let fields = ["status", "total", "reason", "ftrxid", "saldo", "trxtime"];
    prop::collection::vec((prop::sample::select(fields.to_vec()), value()), 0..7).prop_map(|kv| {
        let map: serde_json::Map<String, Value> =
            kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        serde_json::to_vec(&map).expect("a map serialises")
    })
}

/// Whether `body` says, in so many words, `"status": false` (or `"false"`).
fn explicitly_refused(body: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => match map.get("status") {
            Some(Value::Bool(b)) => !b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
            _ => false,
        },
        _ => false,
    }
}

proptest! {
    #[test]
    fn only_an_explicit_false_in_a_200_is_a_rejection(
        http in prop_oneof![Just(200u16), any::<u16>()],
        body in prop_oneof![
            answer_like(),
            prop::collection::vec(value(), 0..4).prop_map(|a| Value::Array(a).to_string().into_bytes()),
            prop::collection::vec(any::<u8>(), 0..2000),
            any::<String>().prop_map(String::into_bytes),
        ],
    ) {
        let answer = parse_answer(http, &body);
        if http != 200 {
            prop_assert!(matches!(answer, SupplierAnswer::Unknown { .. }), "{:?}", answer);
        }
        let rejected = matches!(answer, SupplierAnswer::Rejected { .. });
        prop_assert_eq!(rejected, http == 200 && explicitly_refused(&body));
        if let SupplierAnswer::Rejected { reason, .. } = answer {
            prop_assert!(!reason.is_empty() && reason.chars().count() <= 500);
        }
    }

    #[test]
    fn an_acceptance_gives_back_cost_and_supplier_id(
        total in 0i64..1_000_000_000_000,
        as_text in any::<bool>(),
        ftrxid in "[0-9]{1,20}",
        status in prop::sample::select(vec![json!(true), json!("true"), json!("TRUE")]),
    ) {
        let total_json = if as_text { json!(total.to_string()) } else { json!(total) };
        let body = json!({"status": status, "total": total_json, "ftrxid": ftrxid, "saldo": "1356424"});
        prop_assert_eq!(
            parse_answer(200, body.to_string().as_bytes()),
            SupplierAnswer::Accepted { supplier_trxid: Some(ftrxid), cost: Some(total), saldo: Some(1_356_424) }
        );
    }

    #[test]
    fn a_rejection_keeps_its_reason(reason in ".{1,600}", ftrxid in "[0-9]{1,20}") {
        let body = json!({"status": false, "reason": reason, "ftrxid": ftrxid});
        let expected: String = reason.chars().take(500).collect();
        prop_assert_eq!(
            parse_answer(200, body.to_string().as_bytes()),
            SupplierAnswer::Rejected { reason: expected, supplier_trxid: Some(ftrxid), cost: None, saldo: None }
        );
    }
}
