use super::wire::{PurchaseResponse, lenient_rupiah, lenient_text};

/// What the supplier's synchronous answer means for our money (R12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupplierAnswer {
    /// `status: true`: taken and in process. Not a success: the result comes by callback.
    /// `cost` is the answer's `total` and `saldo` our deposit left at the supplier: kept on the
    /// order, never moved by the ledger.
    Accepted {
        supplier_trxid: Option<String>,
        cost: Option<i64>,
        saldo: Option<i64>,
    },
    /// `status: false` in a well-formed 200 answer: the supplier refused; nothing was bought.
    Rejected {
        reason: String,
        supplier_trxid: Option<String>,
        cost: Option<i64>,
        saldo: Option<i64>,
    },
    /// Anything else. The supplier may or may not have taken the order, so the money stays held.
    Unknown { why: String },
}

/// Interprets an HTTP answer. Only a 200 carrying JSON with an explicit `status` of `false`
/// is a rejection; the rest of the table in R12 is `Unknown` or `Accepted`.
pub fn parse_answer(http_status: u16, body: &[u8]) -> SupplierAnswer {
    if http_status != 200 {
        return SupplierAnswer::Unknown {
            why: format!("HTTP {http_status}"),
        };
    }
    // Checked first: serde also fills a struct from a JSON array by position, and
    // `[null, false]` must not read as `{"status": false}`.
    let is_object = matches!(
        serde_json::from_slice::<serde_json::Value>(body),
        Ok(serde_json::Value::Object(_))
    );
    let Ok(response) = serde_json::from_slice::<PurchaseResponse>(body) else {
        return SupplierAnswer::Unknown {
            why: format!("body is not a JSON object ({} bytes)", body.len()),
        };
    };
    if !is_object {
        return SupplierAnswer::Unknown {
            why: "JSON that is not an object".into(),
        };
    }
    let status = match &response.status {
        Some(serde_json::Value::Bool(b)) => Some(*b),
        Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
        Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    };
    let supplier_trxid = lenient_text(&response.ftrxid);
    let cost = lenient_rupiah(&response.total);
    let saldo = lenient_rupiah(&response.saldo);
    match status {
        Some(true) => SupplierAnswer::Accepted {
            supplier_trxid,
            cost,
            saldo,
        },
        Some(false) => SupplierAnswer::Rejected {
            reason: lenient_text(&response.reason)
                .map(|r| r.chars().take(500).collect())
                .unwrap_or_else(|| crate::text::REJECTED_WITHOUT_REASON.into()),
            supplier_trxid,
            cost,
            saldo,
        },
        None => SupplierAnswer::Unknown {
            why: "JSON without a true/false `status`".into(),
        },
    }
}

/// Whether a refusal's reason says the product or our account there failed, not the
/// customer's input, so that the order may be sent to the route's next supplier (R43). The
/// document lists three reasons (ROUTE: not available; DEDUCT: our deposit could not be charged;
/// Produk tidak Aktif); anything else, a wrong number included, fails the order at once.
pub fn refusal_fails_over(reason: &str) -> bool {
    let reason = reason.to_lowercase();
    ["(route)", "(deduct)", "produk tidak aktif"]
        .iter()
        .any(|said| reason.contains(said))
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specs_pending_example_is_accepted() {
        let body = br#"{"total": 5000, "status": true, "reason": "Transaksi s5.0812xxxxxx sedang diproses",
            "saldo": "1356424", "trxtime": "2019-01-01 11:03:25.206500", "elapsed": 0.6726601123809814,
            "ftrxid": "21160325359742", "user": "usertesting", "kodeproduk": "s5", "tujuan": "0812xxxxxx"}"#;
        assert_eq!(
            parse_answer(200, body),
            SupplierAnswer::Accepted {
                supplier_trxid: Some("21160325359742".into()),
                cost: Some(5000),
                saldo: Some(1_356_424),
            }
        );
    }

    #[test]
    fn the_specs_gagal_example_is_rejected_with_its_reason() {
        let body = br#"{"total": 0, "status": false, "reason": "Transaksi s5.0812xxxxxxx GAGAL silakan coba lagi (DEDUCT)",
            "trxtime": "2019-01-01 11:00:43.892200", "elapsed": 0.023871183395385742,
            "ftrxid": "21160043460710", "user": "usertesting", "kodeproduk": "s5", "tujuan": "0812xxxxxx"}"#;
        assert_eq!(
            parse_answer(200, body),
            SupplierAnswer::Rejected {
                reason: "Transaksi s5.0812xxxxxxx GAGAL silakan coba lagi (DEDUCT)".into(),
                supplier_trxid: Some("21160043460710".into()),
                cost: Some(0),
                saldo: None,
            }
        );
    }

    #[test]
    fn the_documents_three_reasons_fail_over_and_nothing_else_does() {
        for (reason, over) in [
            (
                "Transaksi s5.0812xxxxxx GAGAL Produk tidak tersedia (ROUTE)",
                true,
            ),
            (
                "Transaksi s5.0812xxxxxx GAGAL silakan coba lagi (DEDUCT)",
                true,
            ),
            ("Transaksi s5.0812xxxxxx GAGAL Produk tidak Aktif", true),
            ("Transaksi s5.0812xxxxxx GAGAL Nomor tujuan salah", false),
            ("", false),
        ] {
            assert_eq!(refusal_fails_over(reason), over, "{reason}");
        }
    }

    #[test]
    fn numbers_and_strings_are_read_either_way() {
        let body = br#"{"status": "true", "total": "5150", "ftrxid": 987}"#;
        assert_eq!(
            parse_answer(200, body),
            SupplierAnswer::Accepted {
                supplier_trxid: Some("987".into()),
                cost: Some(5150),
                saldo: None,
            }
        );
    }

    #[test]
    fn everything_else_is_unknown_never_a_rejection() {
        for (status, body) in [
            (500, &br#"{"status": false}"#[..]),
            (502, b"<html><body>Bad Gateway</body></html>"),
            (200, b"<html>maintenance</html>"),
            (200, b"{}"),
            (200, br#"{"status": fal"#),
            (200, br#"{"status": null, "reason": "x"}"#),
            (200, br#"{"status": 0}"#),
            (200, br#"[false]"#),
            (200, br#"[null, false, "GAGAL"]"#),
            (200, b""),
            (404, b""),
        ] {
            assert!(
                matches!(parse_answer(status, body), SupplierAnswer::Unknown { .. }),
                "{status} {}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
