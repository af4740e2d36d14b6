//! Orders along their routes (R43), held to both suppliers: every attempt an order left was
//! refused by its supplier under its own ref with a GAGAL that moves an order on; every ref
//! either simulator saw is one attempt of one order at that supplier, never at both; Digiflazz
//! got each ref once as a new transaction (a repeat is only a status check) and charged each
//! sale once.
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use loket::sandbox::sim::biller::{Decided, TrxRecord};
use sqlx::PgConnection;

use super::digiflazz::Journal as Digiflazz;
use super::load::ROUTES;
use super::world::Order;

/// An attempt the order left for the next step of its route.
#[derive(Debug)]
pub struct Left {
    pub attempt: i16,
    pub supplier: String,
    pub reference: String,
    pub reason: Option<String>,
}

/// The attempts each order left, by order_id.
pub async fn left(conn: &mut PgConnection) -> HashMap<i64, Vec<Left>> {
    let rows: Vec<(i64, i16, String, String, Option<String>)> = sqlx::query_as(
        "select order_id, attempt, supplier, ref, reason from order_attempts
          order by order_id, attempt",
    )
    .fetch_all(conn)
    .await
    .unwrap();
    let mut out: HashMap<i64, Vec<Left>> = HashMap::new();
    for (order_id, attempt, supplier, reference, reason) in rows {
        out.entry(order_id).or_default().push(Left {
            attempt,
            supplier,
            reference,
            reason,
        });
    }
    out
}

/// The ref of an order's `n`-th attempt (`domain::AttemptRef`).
pub fn reference(trxid: &str, n: i16) -> String {
    if n == 1 {
        trxid.to_owned()
    } else {
        format!("{trxid}{n:02}")
    }
}

/// Problems with how `o` moved along its route: each left attempt numbered in turn, at the
/// route's step in turn, refused by that supplier in words that move an order on; the current
/// attempt at the step after them.
pub fn route_kept(
    o: &Order,
    left: &[Left],
    utama: &BTreeMap<String, TrxRecord>,
    digiflazz: &Digiflazz,
) -> Vec<String> {
    let mut problems = Vec::new();
    let route = ROUTES.iter().find(|(code, _)| *code == o.product_code);
    let step = |n: i16| -> Option<&str> {
        let (_, steps) = route?;
        steps.get(n as usize - 1).map(|(supplier, _, _)| *supplier)
    };
    let default = |n: i16| if n == 1 { Some("utama") } else { None };
    let expected = |n: i16| if route.is_some() { step(n) } else { default(n) };
    for (i, l) in left.iter().enumerate() {
        let n = i as i16 + 1;
        if l.attempt != n || l.reference != reference(&o.trxid, n) {
            problems.push(format!("{}: attempt {n} kept as {l:?}", o.trxid));
        }
        if expected(n) != Some(l.supplier.as_str()) {
            problems.push(format!(
                "{}: attempt {n} went to {}, the route says {:?}",
                o.trxid,
                l.supplier,
                expected(n)
            ));
        }
        let refused = match l.supplier.as_str() {
            "utama" => utama
                .get(&l.reference)
                .is_some_and(|r| matches!(r.decided, Decided::Failed { .. })),
            _ => digiflazz.failed_over(&l.reference),
        };
        if !refused {
            problems.push(format!(
                "{}: left attempt {n} at {} ({:?}), which that supplier did not refuse: {:?} {:?}",
                o.trxid,
                l.supplier,
                l.reason,
                utama.get(&l.reference).map(|r| &r.decided),
                digiflazz.settled(&l.reference),
            ));
        }
    }
    let current = left.len() as i16 + 1;
    if o.attempt != current || expected(current) != Some(o.supplier.as_str()) {
        problems.push(format!(
            "{}: at attempt {} at {} after {} left, the route says {:?}",
            o.trxid,
            o.attempt,
            o.supplier,
            left.len(),
            expected(current)
        ));
    }
    problems
}

/// Every ref a simulator saw is one attempt of one order at that supplier, and no ref reached
/// both.
pub fn refs_owned(
    orders: &[Order],
    left: &HashMap<i64, Vec<Left>>,
    utama: &BTreeMap<String, TrxRecord>,
    digiflazz: &Digiflazz,
) -> Vec<String> {
    let mut at: HashMap<String, &str> = HashMap::new();
    for o in orders {
        at.insert(o.current_ref(), o.supplier.as_str());
        for l in left.get(&o.order_id).into_iter().flatten() {
            at.insert(l.reference.clone(), l.supplier.as_str());
        }
    }
    let utama_refs: HashSet<&String> = utama.keys().collect();
    let mut problems = Vec::new();
    for r in &utama_refs {
        if at.get(r.as_str()) != Some(&"utama") {
            problems.push(format!(
                "utama was asked about {r}, which is no attempt of an order there ({:?})",
                at.get(r.as_str())
            ));
        }
    }
    for r in digiflazz.refs() {
        if at.get(r.as_str()) != Some(&"digiflazz") {
            problems.push(format!(
                "Digiflazz was asked about {r}, which is no attempt of an order there ({:?})",
                at.get(r.as_str())
            ));
        }
        if utama_refs.contains(&r) {
            problems.push(format!("{r} reached both suppliers"));
        }
    }
    problems
}

/// When `o`'s current attempt began: with the order, or when the order moved to it.
pub fn current_began(o: &Order) -> DateTime<Utc> {
    o.attempt_at.unwrap_or(o.created_at)
}
