//! Refunds held to what the admin decided (R36): every refund movement answers a `/refund` the
//! load sent for that order, for the amount it asked (the whole price for `penuh`) and borne by
//! whom it said; the order carries that same refund; and an order gives money back once at
//! most, by a void, a reversal or a refund.
use super::load::Sent;
use super::world::Order;

pub fn against_sent(orders: &[Order], sent: &Sent) -> Vec<String> {
    let mut problems = Vec::new();
    for o in orders {
        let moved: Vec<i64> = (o.kinds.iter().zip(&o.amounts))
            .filter(|(k, _)| *k == "refund")
            .map(|(_, a)| *a)
            .collect();
        let back = (o.kinds.iter())
            .filter(|k| matches!(k.as_str(), "void" | "reversal" | "refund"))
            .count();
        if back > 1 {
            problems.push(format!(
                "{}: money given back {back} times: {:?}",
                o.trxid, o.kinds
            ));
        }
        if moved.first().copied() != o.refunded {
            problems.push(format!(
                "{}: refund movements {moved:?}, the order says {:?}",
                o.trxid, o.refunded
            ));
        }
        let Some(amount) = o.refunded else { continue };
        let source = o.refund_source.as_deref();
        let asked = (sent.refunds.iter()).any(|r| {
            r.trxid == o.trxid
                && r.part.unwrap_or(o.price) == amount
                && source == Some(if r.supplier { "supplier" } else { "shop" })
        });
        if !asked || amount > o.price {
            problems.push(format!(
                "{}: refunded {amount} ({source:?}) of {}, which no /refund asked",
                o.trxid, o.price
            ));
        }
    }
    problems
}
