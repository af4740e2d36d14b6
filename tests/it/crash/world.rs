//! Every order held against the world: what the supplier simulator decided for its trxid (the
//! status, the SN, the money on the ledger), and that it asked the supplier once (R13).
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use loket::sandbox::sim::biller::{Answer, Decided, Outcome, TrxRecord};
use sqlx::PgConnection;

use super::coverage::Kill;
use super::load::PRODUCTS;
use super::process::Loket;

/// One order as the database holds it, with its ledger movements in order.
#[derive(Debug)]
pub struct Order {
    pub order_id: i64,
    pub trxid: String,
    pub status: String,
    pub user_id: i64,
    pub product_code: String,
    pub destination: String,
    pub price: i64,
    pub sn: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Who made it `unknown` first (`supplier`: an unclear answer; `recovery`: after a crash).
    pub unknown_by: Option<String>,
    pub kinds: Vec<String>,
    pub amounts: Vec<i64>,
    /// An admin's refund (R36): how much, and who bore it.
    pub refunded: Option<i64>,
    pub refund_source: Option<String>,
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for Order {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        Ok(Self {
            order_id: row.try_get("order_id")?,
            trxid: row.try_get("trxid")?,
            status: row.try_get("status")?,
            user_id: row.try_get("user_id")?,
            product_code: row.try_get("product_code")?,
            destination: row.try_get("destination")?,
            price: row.try_get("price")?,
            sn: row.try_get("sn")?,
            created_at: row.try_get("created_at")?,
            unknown_by: row.try_get("unknown_by")?,
            kinds: row.try_get("kinds")?,
            amounts: row.try_get("amounts")?,
            refunded: row.try_get("refunded")?,
            refund_source: row.try_get("refund_source")?,
        })
    }
}

/// What the world settled for an order's money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    /// Sold, or held because nobody knows: the reseller paid.
    Kept,
    /// GAGAL or reversed: the reseller got it back.
    Refunded,
}

/// The comparison's result.
#[derive(Debug, Default)]
pub struct World {
    pub problems: Vec<String>,
    /// Orders by what the simulator decided.
    pub decided: BTreeMap<&'static str, usize>,
    /// Orders left `unknown`, by what makes that right.
    pub unknown_because: BTreeMap<&'static str, usize>,
    /// What each order's money should be, by the world.
    pub money: HashMap<i64, Money>,
}

pub async fn orders(conn: &mut PgConnection) -> Vec<Order> {
    sqlx::query_as(
        "select o.order_id, o.trxid, o.status, o.user_id, o.product_code, o.destination, o.price,
                o.sn, o.created_at, o.refunded, o.refund_source,
                (select e.source from order_events e
                  where e.order_id = o.order_id and e.to_status = 'unknown'
                  order by e.event_id limit 1) as unknown_by,
                coalesce(array_agg(t.kind order by t.txn_id) filter (where t.txn_id is not null),
                         '{}') as kinds,
                coalesce(array_agg(t.amount order by t.txn_id) filter (where t.txn_id is not null),
                         '{}') as amounts
           from orders o left join ledger_txns t on t.order_id = o.order_id
          group by o.order_id order by o.order_id",
    )
    .fetch_all(conn)
    .await
    .unwrap()
}

/// Holds every order to its trxid's record, and every record to an order.
pub fn compare(
    orders: &[Order],
    records: &BTreeMap<String, TrxRecord>,
    unreadable: &[String],
    loket: &Loket,
    kills: &[Kill],
) -> World {
    let mut world = World::default();
    for body in unreadable {
        (world.problems).push(format!(
            "the supplier got a request that is no purchase: {body}"
        ));
    }
    for o in orders {
        let record = records.get(&o.trxid);
        if let Some(r) = record {
            world.problems.extend(asked_once(o, r));
        }
        let verdict = expected(o, record, loket, kills);
        *world.decided.entry(decided_name(record)).or_default() += 1;
        match verdict {
            Ok((money, unknown_because)) => {
                world.money.insert(o.order_id, money);
                if let Some(why) = unknown_because {
                    *world.unknown_because.entry(why).or_default() += 1;
                }
            }
            Err(problem) => world.problems.push(format!("{}: {problem}", o.trxid)),
        }
        if let Some(problem) = priced(o) {
            world.problems.push(format!("{}: {problem}", o.trxid));
        }
    }
    let known: HashSet<&str> = orders.iter().map(|o| o.trxid.as_str()).collect();
    for trxid in records.keys().filter(|t| !known.contains(t.as_str())) {
        (world.problems).push(format!(
            "the supplier was asked about {trxid}, which is no order"
        ));
    }
    world
}

fn decided_name(record: Option<&TrxRecord>) -> &'static str {
    match record.map(|r| &r.decided) {
        None => "never asked",
        Some(Decided::Nothing) => "nothing",
        Some(Decided::Success { .. }) => "success",
        Some(Decided::Failed { by_callback: false }) => "failed at once",
        Some(Decided::Failed { by_callback: true }) => "failed by callback",
        Some(Decided::Reversed { .. }) => "reversed",
    }
}

/// R13: one request per trxid, signed, naming the order's product and destination.
fn asked_once(o: &Order, r: &TrxRecord) -> Vec<String> {
    let mut problems = Vec::new();
    if r.requests.len() != 1 {
        problems.push(format!(
            "{}: sent to the supplier {} times (R13): {:?}",
            o.trxid,
            r.requests.len(),
            r.requests.iter().map(|q| &q.body).collect::<Vec<_>>()
        ));
    }
    for q in &r.requests {
        let body: serde_json::Value = serde_json::from_str(&q.body).unwrap_or_default();
        let as_sent = (
            body["cmd"].as_str(),
            body["produk"].as_str(),
            body["idpel"].as_str(),
        );
        let ordered = (
            Some("trx"),
            Some(o.product_code.as_str()),
            Some(o.destination.as_str()),
        );
        if !q.sign_ok || as_sent != ordered {
            problems.push(format!(
                "{}: the supplier got {} (sign ok: {})",
                o.trxid, q.body, q.sign_ok
            ));
        }
    }
    problems
}

/// The money the world settled for this order, and when it is `unknown` the reason that is
/// right; or why the order disagrees with the world. `unknown` is right only when nothing the
/// supplier decided reached loket:
/// - loket never asked: it was killed between committing the order and its request reaching
///   the supplier, and recovery made the order `unknown` (so a killed life placed it);
/// - the supplier answered HTTP 500 (`…6`): it decides nothing and never calls back;
/// - the supplier refused at once (`…1`, `…2`, `…3`) but loket was killed before recording the
///   answer, and a refusal has no callback to bring it again (so the request came from a killed
///   life, and recovery, not the answer, made the order `unknown`).
///
/// Every other outcome calls back, and by now every callback has reached loket (the simulator
/// retried, and the suite sent again each one it gave up on), so it is never `unknown`.
fn expected(
    o: &Order,
    record: Option<&TrxRecord>,
    loket: &Loket,
    kills: &[Kill],
) -> Result<(Money, Option<&'static str>), String> {
    let ledger: Vec<&str> = o.kinds.iter().map(String::as_str).collect();
    let is = |status: &str, kinds: &[&str]| o.status == status && ledger == kinds;
    let held = is("unknown", &["hold"]);
    let recovered = o.unknown_by.as_deref() == Some("recovery");
    let Some(r) = record else {
        return never_asked(o, held && recovered, kills);
    };
    let request_killed = (r.requests.first())
        .and_then(|q| loket.life_at(q.arrived))
        .is_some_and(|life| loket.lives[life].killed);
    // An admin's refund of the sale, before any reversal reached loket: the reversal after it
    // moved nothing. The refund itself is held to what was sent (`super::refunded`).
    let refunded = is("success", &["hold", "post", "refund"]);
    let (ok, money, because) = match &r.decided {
        Decided::Success { sn } | Decided::Reversed { sn } if refunded => {
            (o.sn.as_deref() == Some(sn.as_str()), Money::Kept, None)
        }
        Decided::Success { sn } => (
            is("success", &["hold", "post"]) && o.sn.as_deref() == Some(sn.as_str()),
            Money::Kept,
            None,
        ),
        Decided::Failed { by_callback: true } => {
            (is("failed", &["hold", "void"]), Money::Refunded, None)
        }
        Decided::Failed { by_callback: false } if held && recovered && request_killed => (
            true,
            Money::Kept,
            Some("refused at once, the answer lost with its killed instance"),
        ),
        Decided::Failed { by_callback: false } => {
            (is("failed", &["hold", "void"]), Money::Refunded, None)
        }
        // The GAGAL that reverses it may reach loket before its SUKSES: then it voids the
        // hold, and the SUKSES after it is a conflict (see `explained`).
        Decided::Reversed { .. } => (
            is("failed", &["hold", "post", "reversal"]) || is("failed", &["hold", "void"]),
            Money::Refunded,
            None,
        ),
        Decided::Nothing => (
            held && r.outcome == Outcome::Http500
                && r.requests
                    .iter()
                    .all(|q| q.answer == Some(Answer::ServerError)),
            Money::Kept,
            Some("HTTP 500: the supplier never decided"),
        ),
    };
    if ok {
        Ok((money, because.filter(|_| o.status == "unknown")))
    } else {
        Err(format!(
            "{} (SN {:?}) with {ledger:?}, but the supplier decided {:?} ({:?}, answered {:?})",
            o.status,
            o.sn,
            r.decided,
            r.outcome,
            r.requests.iter().map(|q| &q.answer).collect::<Vec<_>>()
        ))
    }
}

/// An order the supplier never heard of: right only if recovery made it `unknown`, with its
/// money held, after the instance that placed it was killed.
fn never_asked(
    o: &Order,
    held_by_recovery: bool,
    kills: &[Kill],
) -> Result<(Money, Option<&'static str>), String> {
    let by_killed =
        (kills.iter()).any(|k| k.began_db <= o.created_at && o.created_at <= k.killed_db);
    match (held_by_recovery, by_killed) {
        (true, true) => Ok((
            Money::Kept,
            Some("never asked: placed by a killed instance"),
        )),
        (true, false) => Err("never sent to the supplier, by an instance nobody killed".into()),
        (false, _) => Err(format!(
            "{} with {:?}, but the supplier was never asked",
            o.status, o.kinds
        )),
    }
}

/// Every movement of an order is its price (but a refund, held to its command elsewhere), and
/// its price is the product's.
fn priced(o: &Order) -> Option<String> {
    let list = PRODUCTS.iter().find(|(code, _)| *code == o.product_code);
    let moved_other = (o.kinds.iter().zip(&o.amounts)).any(|(k, a)| k != "refund" && *a != o.price);
    (list.map(|(_, price)| *price) != Some(o.price) || moved_other).then(|| {
        format!(
            "price {} for {} ({list:?}), movements {:?}",
            o.price, o.product_code, o.amounts
        )
    })
}
