//! Which destination does what, and what the simulator's messages look like.
use crate::biller::wire::PurchaseRequest;
use crate::domain::group_thousands;
use crate::fingerprint::fnv1a;

/// The outcome of a purchase, by the destination's last digit (see the table in
/// docs/operating.md, "The supplier simulator").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0 (and any non-digit): PENDING, then SUKSES with an SN by callback.
    SuccessByCallback,
    /// 1: GAGAL at once: `Produk tidak tersedia (ROUTE)`.
    RejectRoute,
    /// 2: GAGAL at once: `silakan coba lagi (DEDUCT)`.
    RejectDeduct,
    /// 3: GAGAL at once: `Produk tidak Aktif`.
    RejectInactive,
    /// 4: PENDING, then GAGAL by callback.
    FailByCallback,
    /// 5: no answer until the client gives up; SUKSES by callback afterwards.
    Hang,
    /// 6: HTTP 500 with an HTML page, and never a callback.
    Http500,
    /// 7: the SUKSES callback arrives before the PENDING answer.
    CallbackFirst,
    /// 8: PENDING, then the same SUKSES callback twice.
    CallbackTwice,
    /// 9: PENDING, SUKSES by callback, then GAGAL: a reversal.
    Reversal,
}

pub fn outcome_for(destination: &str) -> Outcome {
    match destination.chars().last() {
        Some('1') => Outcome::RejectRoute,
        Some('2') => Outcome::RejectDeduct,
        Some('3') => Outcome::RejectInactive,
        Some('4') => Outcome::FailByCallback,
        Some('5') => Outcome::Hang,
        Some('6') => Outcome::Http500,
        Some('7') => Outcome::CallbackFirst,
        Some('8') => Outcome::CallbackTwice,
        Some('9') => Outcome::Reversal,
        _ => Outcome::SuccessByCallback,
    }
}

impl Outcome {
    /// Callback statuses to send, in order (`0` SUKSES, `1` GAGAL).
    pub fn callbacks(self) -> &'static [u8] {
        match self {
            Self::SuccessByCallback | Self::Hang | Self::CallbackFirst => &[0],
            Self::FailByCallback => &[1],
            Self::CallbackTwice => &[0, 0],
            Self::Reversal => &[0, 1],
            Self::RejectRoute | Self::RejectDeduct | Self::RejectInactive | Self::Http500 => &[],
        }
    }
}

/// What the simulated supplier charges: the number in the product code in thousands plus a fee
/// (`s5` → 5,150), or 5,150 when the code has no number.
pub fn cost_for(product: &str) -> i64 {
    let digits: String = product
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse::<i64>().map_or(5_150, |n| n * 1_000 + 150)
}

/// The supplier's callback query (docs/supplier-api.md): `status`, `refid`, `product`, `qty`,
/// `dest`, `message`.
pub fn callback_query(req: &PurchaseRequest<String>, status: u8, saldo: i64, cost: i64) -> String {
    let label = format!("{}.{}", req.produk, req.idpel);
    let tgl = chrono::Utc::now().format("%d/%m %H:%M:%S");
    let message = if status == 0 {
        format!(
            "Transaksi {label} SUKSES, SN: {}, Saldo: Rp{}, Harga: {}, Tgl: {tgl}",
            serial_number(req),
            thousands(saldo),
            thousands(cost)
        )
    } else {
        format!(
            "Transaksi {label} GAGAL, Saldo: Rp{}, Tgl: {tgl}",
            thousands(saldo)
        )
    };
    supplier_query(status, &req.trxid, &req.idpel, &message)
}

/// A callback query exactly in the shape of the supplier document's examples: `product` is
/// always `banktrf` and `qty` `1` whatever was bought (the product code appears only in the
/// message), spaces are `+`, and `,` `:` `/` stay readable.
pub fn supplier_query(status: u8, refid: &str, dest: &str, message: &str) -> String {
    format!(
        "status={status}&refid={}&product=banktrf&qty=1&dest={}&message={}",
        encode(refid),
        encode(dest),
        encode(message)
    )
}

/// A deterministic SN: PLN-style tokens (digits, dashes, a slash-separated name with spaces)
/// for `pln*` codes, plain digits otherwise.
pub(super) fn serial_number(req: &PurchaseRequest<String>) -> String {
    let h = fnv1a(&req.trxid);
    if req.produk.to_ascii_lowercase().starts_with("pln") {
        let digits = format!("{:020}", h as u128 * 7_919 % 100_000_000_000_000_000_000);
        let groups: Vec<&str> = (0..5).map(|i| &digits[i * 4..i * 4 + 4]).collect();
        format!("{}/SIM PELANGGAN/R1/900VA", groups.join("-"))
    } else {
        format!("{:016}", h % 10_000_000_000_000_000)
    }
}

/// `99,999,999`, the supplier's own format.
fn thousands(n: i64) -> String {
    let grouped = group_thousands(n.unsigned_abs(), ',');
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Form encoding as the supplier's examples show it (docs/supplier-api.md): spaces as `+`, and
/// `,` `:` `/` left readable.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b',' | b':' | b'/' | b'.' | b'-' | b'_' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biller::callback::parse_message;
    use crate::biller::{CallbackStatus, parse_callback};

    fn req(produk: &str, idpel: &str) -> PurchaseRequest<String> {
        PurchaseRequest {
            user: "u".into(),
            sign: String::new(),
            trxid: "26112409301500000042".into(),
            cmd: "trx".into(),
            idpel: idpel.into(),
            produk: produk.into(),
        }
    }

    #[test]
    fn every_last_digit_has_an_outcome() {
        assert_eq!(outcome_for("081234567890"), Outcome::SuccessByCallback);
        assert_eq!(outcome_for("0812xxxxxx"), Outcome::SuccessByCallback);
        assert_eq!(outcome_for("081234567891"), Outcome::RejectRoute);
        assert_eq!(outcome_for("081234567896"), Outcome::Http500);
        assert_eq!(outcome_for("081234567899"), Outcome::Reversal);
    }

    #[test]
    fn callbacks_read_back_through_our_own_parser() {
        let q = callback_query(&req("pln20", "532100012340"), 0, 99_999_999, 20_150);
        assert!(q.starts_with("status=0&refid=26112409301500000042&product=banktrf&qty=1&dest=532100012340&message=Transaksi+pln20.532100012340+SUKSES,+SN:+"), "{q}");
        let cb = parse_callback(&q).unwrap();
        assert_eq!(cb.status, CallbackStatus::Success);
        let details = parse_message(&cb.message);
        let sn = details.sn.unwrap();
        assert!(
            sn.ends_with("/SIM PELANGGAN/R1/900VA") && sn.matches('-').count() == 4,
            "{sn}"
        );
        assert_eq!(details.saldo, Some(99_999_999));
        assert_eq!(details.harga, Some(20_150));
        let failed = parse_callback(&callback_query(&req("s5", "0812"), 1, 1_000, 5_150)).unwrap();
        assert_eq!(failed.status, CallbackStatus::Failed);
        assert_eq!(failed.details.sn, None);
    }

    #[test]
    fn costs_follow_the_product_number() {
        assert_eq!(cost_for("s5"), 5_150);
        assert_eq!(cost_for("pln20"), 20_150);
        assert_eq!(cost_for("voucher"), 5_150);
    }
}
