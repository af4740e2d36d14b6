//! Every order held against the world: what the supplier of its current attempt decided for
//! that attempt's ref (the status, the SN, the money on the ledger), that it asked utama once
//! per ref (R13), and (`attempts`) that every attempt it left was refused there (R43).
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use loket::sandbox::sim::biller::{SimBiller, TrxRecord};
use loket::sandbox::sim::digiflazz::SimDigiflazz;
use sqlx::PgConnection;

use super::attempts::{self, Left};
use super::coverage::Kill;
use super::digiflazz::{self, Journal as Digiflazz};
use super::load::PRODUCTS;
use super::process::Loket;
use super::utama;

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
    /// The current attempt: its number, supplier, when it began (`None`: with the order) and
    /// its cost there.
    pub attempt: i16,
    pub supplier: String,
    pub attempt_at: Option<DateTime<Utc>>,
    pub cost: Option<i64>,
}

impl Order {
    /// The current attempt's ref.
    pub fn current_ref(&self) -> String {
        super::attempts::reference(&self.trxid, self.attempt)
    }
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
            attempt: row.try_get("attempt")?,
            supplier: row.try_get("supplier")?,
            attempt_at: row.try_get("attempt_at")?,
            cost: row.try_get("cost")?,
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
    /// Orders that left at least one attempt for the next step of their route.
    pub moved: usize,
}

pub async fn orders(conn: &mut PgConnection) -> Vec<Order> {
    sqlx::query_as(
        "select o.order_id, o.trxid, o.status, o.user_id, o.product_code, o.destination, o.price,
                o.sn, o.created_at, o.refunded, o.refund_source, o.attempt, o.supplier,
                o.attempt_at, o.cost,
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

/// What both suppliers saw and decided, read once loket is quiet.
pub struct Suppliers {
    pub utama: BTreeMap<String, TrxRecord>,
    pub unreadable: Vec<String>,
    pub digiflazz: Digiflazz,
}

impl Suppliers {
    pub fn read(utama: &SimBiller, digiflazz: &SimDigiflazz) -> Self {
        Self {
            utama: utama.records(),
            unreadable: utama.journal(|j| j.unreadable.clone()),
            digiflazz: Digiflazz::read(digiflazz),
        }
    }
}

/// Holds every order to the record of its current attempt's ref at its supplier, every attempt
/// it left to that supplier's refusal, and every record to an attempt.
pub fn compare(
    orders: &[Order],
    left: &HashMap<i64, Vec<Left>>,
    seen: &Suppliers,
    loket: &Loket,
    kills: &[Kill],
) -> World {
    let mut world = World::default();
    for body in &seen.unreadable {
        (world.problems).push(format!(
            "the supplier got a request that is no purchase: {body}"
        ));
    }
    world.problems.extend(seen.digiflazz.asked_once(orders));
    (world.problems).extend(attempts::refs_owned(
        orders,
        left,
        &seen.utama,
        &seen.digiflazz,
    ));
    for o in orders {
        let gone = left.get(&o.order_id).map_or(&[][..], Vec::as_slice);
        world.moved += usize::from(!gone.is_empty());
        (world.problems).extend(attempts::route_kept(o, gone, &seen.utama, &seen.digiflazz));
        let (verdict, name) = if o.supplier == "digiflazz" {
            let settled = seen.digiflazz.settled(&o.current_ref());
            let name = digiflazz::name(settled.as_ref());
            let began_in_killed = digiflazz::began_in_killed(o, kills);
            (digiflazz::expected(o, settled, began_in_killed), name)
        } else {
            let record = seen.utama.get(&o.current_ref());
            if let Some(r) = record {
                world.problems.extend(utama::asked_once(o, r));
            }
            (
                utama::expected(o, record, loket, kills),
                utama::decided_name(record),
            )
        };
        *world.decided.entry(name).or_default() += 1;
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
    world
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
