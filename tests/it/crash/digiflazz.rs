//! What the Digiflazz simulator decided, ref by ref, and orders whose current attempt is there
//! held to it: a Sukses is one posted order with its SN, a Gagal one voided order (or one moved
//! on), and `unknown` only where nothing Digiflazz decided reached loket.
use std::collections::{BTreeMap, HashMap};

use loket::digiflazz::wire::TransactionData;
use loket::sandbox::sim::digiflazz::{SimDigiflazz, TransactionSeen};

use super::coverage::Kill;
use super::world::{Money, Order};

/// Digiflazz's end state, read once.
pub struct Journal {
    pub transactions: Vec<TransactionSeen>,
    /// Each ref's state, as a status check would answer it.
    pub states: BTreeMap<String, TransactionData>,
    pub charges: usize,
}

/// What Digiflazz settled for a ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    Sukses { sn: String, price: i64 },
    Gagal { rc: String },
    Pending,
}

impl Journal {
    pub fn read(sim: &SimDigiflazz) -> Self {
        let (transactions, charges) = sim.journal(|j| (j.transactions.clone(), j.charges));
        let states = (transactions.iter())
            .filter_map(|t| sim.state(&t.ref_id).map(|s| (t.ref_id.clone(), s)))
            .collect();
        Self {
            transactions,
            states,
            charges,
        }
    }

    pub fn refs(&self) -> impl Iterator<Item = &String> {
        self.states.keys()
    }

    pub fn settled(&self, reference: &str) -> Option<Settled> {
        let s = self.states.get(reference)?;
        let text = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Some(match text(&s.status).as_str() {
            "Sukses" => Settled::Sukses {
                sn: text(&s.sn),
                price: s.price.as_ref().and_then(|p| p.as_i64()).unwrap_or(0),
            },
            "Gagal" => Settled::Gagal { rc: text(&s.rc) },
            _ => Settled::Pending,
        })
    }

    /// Refused in the words that move an order on: the product (rc 53) or its disruption
    /// (rc 55), the only such refusals the load's digits draw.
    pub fn failed_over(&self, reference: &str) -> bool {
        matches!(self.settled(reference), Some(Settled::Gagal { rc }) if rc == "53" || rc == "55")
    }

    /// Each ref reached Digiflazz once as a new transaction (a repeat is a status check), signed,
    /// naming its order's destination, SKU and price; and each sale (a Sukses, or a pending
    /// that failed with the price given back) was charged once.
    pub fn asked_once(&self, orders: &[Order]) -> Vec<String> {
        let by_ref: HashMap<String, &Order> = (orders.iter())
            .flat_map(|o| {
                (1..=o.attempt).map(move |n| (super::attempts::reference(&o.trxid, n), o))
            })
            .collect();
        let mut new: HashMap<&str, usize> = HashMap::new();
        let mut problems = Vec::new();
        for t in &self.transactions {
            *new.entry(t.ref_id.as_str()).or_default() += usize::from(!t.repeat);
            let Some(o) = by_ref.get(&t.ref_id) else {
                continue; // named by `attempts::refs_owned`
            };
            let sku_ok =
                super::load::step_sku(&o.product_code, "digiflazz") == Some(t.sku.as_str());
            if !t.sign_ok
                || !sku_ok
                || t.customer_no != o.destination
                || t.max_price != Some(o.price)
            {
                problems.push(format!(
                    "{}: Digiflazz got {t:?} for {} {} at {}",
                    t.ref_id, o.product_code, o.destination, o.price
                ));
            }
        }
        for (r, n) in new.iter().filter(|(_, n)| **n != 1) {
            problems.push(format!(
                "{r} reached Digiflazz {n} times as a new transaction"
            ));
        }
        let charged = (self.states.keys().map(|r| self.settled(r)))
            .filter(|s| {
                matches!(s, Some(Settled::Sukses { .. }))
                    || *s == Some(Settled::Gagal { rc: "55".into() })
            })
            .count();
        if charged != self.charges {
            problems.push(format!(
                "Digiflazz charged {} times for {charged} transactions that take money",
                self.charges
            ));
        }
        problems
    }
}

/// The money the world settled for `o`, whose current attempt is at Digiflazz, and when it is
/// `unknown` the reason that is right; or why the order disagrees with Digiflazz. `unknown` is
/// right only when nothing Digiflazz decided reached loket: the attempt never reached it (a
/// killed instance began it), or Digiflazz answered at once (a Sukses or a Gagal, which no
/// webhook repeats) to an instance killed before it recorded the answer, and recovery made the
/// order `unknown`. A pending one settles by webhook, and every webhook has reached loket.
pub fn expected(
    o: &Order,
    settled: Option<Settled>,
    began_in_killed: bool,
) -> Result<(Money, Option<&'static str>), String> {
    let ledger: Vec<&str> = o.kinds.iter().map(String::as_str).collect();
    let is = |status: &str, kinds: &[&str]| o.status == status && ledger == kinds;
    let lost =
        is("unknown", &["hold"]) && o.unknown_by.as_deref() == Some("recovery") && began_in_killed;
    let (ok, money, because) = match &settled {
        None => (
            lost,
            Money::Kept,
            Some("never asked: its attempt began in a killed instance"),
        ),
        Some(Settled::Sukses { .. }) if lost => (
            true,
            Money::Kept,
            Some("Sukses at once, the answer lost with its killed instance"),
        ),
        Some(Settled::Sukses { sn, price }) => (
            (is("success", &["hold", "post"]) || is("success", &["hold", "post", "refund"]))
                && o.sn.as_deref() == Some(sn.as_str())
                && o.cost == Some(*price),
            Money::Kept,
            None,
        ),
        Some(Settled::Gagal { rc }) if lost && rc != "55" => (
            true,
            Money::Kept,
            Some("Gagal at once, the answer lost with its killed instance"),
        ),
        Some(Settled::Gagal { .. }) => (is("failed", &["hold", "void"]), Money::Refunded, None),
        Some(Settled::Pending) => (false, Money::Kept, None),
    };
    if ok {
        Ok((money, because.filter(|_| o.status == "unknown")))
    } else {
        Err(format!(
            "{} (SN {:?}, cost {:?}) with {ledger:?} at attempt {}, but Digiflazz settled {settled:?}",
            o.status, o.sn, o.cost, o.attempt
        ))
    }
}

/// Whether a life later killed was running when `o`'s current attempt began.
pub fn began_in_killed(o: &Order, kills: &[Kill]) -> bool {
    let at = super::attempts::current_began(o);
    kills.iter().any(|k| k.began_db <= at && at <= k.killed_db)
}

/// How the report names what Digiflazz settled.
pub fn name(settled: Option<&Settled>) -> &'static str {
    match settled {
        None => "digiflazz: never asked",
        Some(Settled::Sukses { .. }) => "digiflazz: sukses",
        Some(Settled::Gagal { .. }) => "digiflazz: gagal",
        Some(Settled::Pending) => "digiflazz: pending",
    }
}
