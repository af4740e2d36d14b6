//! The supplier's synchronous answers on the wire, one per row of R12.
use loket::biller::{SupplierAnswer, parse_answer};

use super::generator::Wire;

/// What the order desk is given for each row of R12: the real parser's reading of the bytes,
/// or, for transport failures, what the client makes of them.
pub fn answer(wire: Wire) -> SupplierAnswer {
    match bytes(wire) {
        Some((status, body)) => parse_answer(status, body),
        None => SupplierAnswer::Unknown {
            why: "transport failure".into(),
        },
    }
}

/// The status and body of a row; `None` for the transport failures, which have neither.
pub fn bytes(wire: Wire) -> Option<(u16, &'static [u8])> {
    Some(match wire {
        Wire::Accepted => (
            200,
            br#"{"total": 5000, "status": true, "reason": "Transaksi sedang diproses", "saldo": "1356424", "ftrxid": "21160325359742", "user": "usertesting"}"#,
        ),
        Wire::AcceptedAsStrings => (200, br#"{"status": "true", "total": "5150", "ftrxid": 987}"#),
        Wire::Rejected => (
            200,
            br#"{"total": 0, "status": false, "reason": "Transaksi GAGAL silakan coba lagi (DEDUCT)", "ftrxid": "21160043460710"}"#,
        ),
        Wire::RejectedBare => (200, br#"{"status": false}"#),
        Wire::RejectedNumber => (
            200,
            br#"{"status": false, "reason": "Transaksi GAGAL Nomor tujuan salah"}"#,
        ),
        // The client never gets a body to parse.
        Wire::Timeout | Wire::Reset => return None,
        Wire::Http500 => (500, br#"{"status": false}"#),
        Wire::Http502Html => (502, b"<html><body>Bad Gateway</body></html>"),
        Wire::EmptyObject => (200, b"{}"),
        Wire::TruncatedJson => (200, br#"{"status": fal"#),
        Wire::StatusNull => (200, br#"{"status": null, "reason": "x"}"#),
        Wire::HtmlWith200 => (200, b"<html>maintenance</html>"),
    })
}
