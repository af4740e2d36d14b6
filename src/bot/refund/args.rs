//! The arguments of `/refund <trxid> <penuh|jumlah> [supplier] <alasan>`, named in its row of
//! the command table.
use crate::bot::commands::AdminCommand as C;
use crate::bot::commands::args::{Parsed, invalid, rest_from};
use crate::domain::refund::{RefundAmount, RefundSource};
use crate::domain::{Money, TrxId};
use crate::text::errors as why;

const MAX_REASON_CHARS: usize = 200;

pub(in crate::bot) fn refund(words: &[&str]) -> Parsed<C> {
    if words.len() < 2 {
        return Err(None);
    }
    let trxid = TrxId::parse(words[0]).ok_or_else(|| invalid(why::TRXID))?;
    let amount = if words[1].eq_ignore_ascii_case("penuh") {
        RefundAmount::Full
    } else {
        let amount = Money::parse_amount(words[1])
            .map_err(|e| invalid(format!("{}; {}", why::money(&e), why::REFUND_AMOUNT)))?;
        RefundAmount::Part(amount)
    };
    let (source, from) = match words.get(2) {
        Some(w) if w.eq_ignore_ascii_case("supplier") => (RefundSource::Supplier, 3),
        _ => (RefundSource::Shop, 2),
    };
    let reason = rest_from(words, from);
    if reason.is_empty() {
        return Err(invalid(why::REFUND_REASON));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(why::reason_too_long(MAX_REASON_CHARS)));
    }
    Ok(C::Refund {
        trxid,
        amount,
        source,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRX: &str = "26120500000000000001";

    fn parse(line: &str) -> Parsed<C> {
        refund(&line.split_whitespace().collect::<Vec<_>>())
    }

    #[test]
    fn full_part_and_supplier_refunds_are_read() {
        let trxid = TrxId::parse(TRX).expect("trxid");
        assert_eq!(
            parse(&format!("{TRX} penuh salah kirim")),
            Ok(C::Refund {
                trxid: trxid.clone(),
                amount: RefundAmount::Full,
                source: RefundSource::Shop,
                reason: "salah kirim".into(),
            })
        );
        assert_eq!(
            parse(&format!("{TRX} 2.500 SUPPLIER nominal kurang")),
            Ok(C::Refund {
                trxid,
                amount: RefundAmount::Part(Money::from_rupiah(2500)),
                source: RefundSource::Supplier,
                reason: "nominal kurang".into(),
            })
        );
    }

    #[test]
    fn bad_arguments_are_each_told() {
        assert_eq!(parse(TRX), Err(None));
        assert_eq!(parse("123 penuh x"), Err(invalid(why::TRXID)));
        for amount in ["0", "-5", "abc", "1,5"] {
            let got = parse(&format!("{TRX} {amount} alasan"));
            assert!(matches!(got, Err(Some(_))), "{amount}: {got:?}");
        }
        assert_eq!(
            parse(&format!("{TRX} penuh")),
            Err(invalid(why::REFUND_REASON))
        );
        assert_eq!(
            parse(&format!("{TRX} penuh supplier")),
            Err(invalid(why::REFUND_REASON))
        );
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        assert!(matches!(
            parse(&format!("{TRX} penuh {long}")),
            Err(Some(_))
        ));
    }
}
