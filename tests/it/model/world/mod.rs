//! The system under test: a fresh database and the real order desk, driven step by step, and
//! read back to compare with the model.
use std::collections::BTreeMap;
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::domain::{Money, ProductCode};
use loket::ledger::{self, AdminAction};
use loket::orders::{FailoverPolicy, Order, Orders};
use loket::sandbox::sim::digiflazz::SimDigiflazz;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::catalogue::{DIGIFLAZZ_SKU, LEVELS, OWN_PRICE, ROUTES};
use super::generator::{PRODUCTS, USERS};
use crate::helpers::{ADMIN, TestDb, new_biller};

mod complaints;
mod deposits;
mod refunds;
mod steps;
mod suppliers;

pub use deposits::Opened;

/// Telegram ids of the resellers in every history.
pub const RESELLERS: [i64; USERS] = [5001, 5002, 5003];

/// An order as the database knows it, by the attempt that placed it.
pub struct Placed {
    pub order_id: i64,
    pub trxid: String,
    /// As placed, for recording the supplier's answer about it.
    pub order: Order,
}

pub struct World {
    db: TestDb,
    pub pool: PgPool,
    orders: Orders,
    pub placed: BTreeMap<usize, Placed>,
    /// Deposit tickets opened, by the step's ticket number.
    pub tickets: BTreeMap<usize, Opened>,
    /// Bank-mutation items as first posted, by their id, to be posted again the same.
    sent: BTreeMap<usize, serde_json::Value>,
    /// Complaints' numbers, by the filing that stored them.
    pub complaints: BTreeMap<usize, i64>,
    /// `utama` as a route's second supplier; the first attempt's answers are recorded directly.
    utama: suppliers::FakeUtama,
    /// The simulated Digiflazz of this history, and how to reach it.
    sim: SimDigiflazz,
    digiflazz: DigiflazzSettings,
    policy: FailoverPolicy,
}

/// A well-formed trxid that no order has.
fn stranger(n: usize) -> String {
    format!("99{n:018}")
}

fn admin(note: &str) -> AdminAction {
    AdminAction {
        admin_id: ADMIN,
        note: note.into(),
        idempotency_key: None,
    }
}

impl World {
    /// A fresh database with the products; [`World::reset`] readies it for a history.
    pub async fn new() -> Self {
        let db = TestDb::new().await;
        let pool = connect(&db.url).await;
        let mut conn = pool.acquire().await.unwrap();
        for (code, price, cost) in PRODUCTS {
            let code = ProductCode::parse(code).unwrap();
            let cost = cost.map(Money::from_rupiah);
            loket::products::upsert(&mut conn, &code, cost, Money::from_rupiah(price), "Produk")
                .await
                .unwrap();
        }
        for (name, markup) in &LEVELS[1..] {
            loket::levels::create(&mut conn, ADMIN, name, *markup)
                .await
                .unwrap();
        }
        // Money into this account may credit tickets; into any other it may not.
        loket::deposits::BankAccount::add(&mut conn, ADMIN, "BCA", deposits::OUR_ACCOUNT, "Toko")
            .await
            .unwrap();
        let (level, product, price) = OWN_PRICE;
        let code = ProductCode::parse(PRODUCTS[product].0).unwrap();
        let price = Some(Money::from_rupiah(price));
        loket::levels::set_product_price(&mut conn, ADMIN, LEVELS[level].0, &code, price)
            .await
            .unwrap();
        drop(conn);
        routes(&pool).await;
        let utama = suppliers::FakeUtama::start().await;
        let (sim, digiflazz) = suppliers::digiflazz().await;
        let policy = FailoverPolicy::default();
        let orders = orders(pool.clone(), &utama, &digiflazz, policy);
        Self {
            db,
            pool,
            orders,
            placed: BTreeMap::new(),
            tickets: BTreeMap::new(),
            sent: BTreeMap::new(),
            complaints: BTreeMap::new(),
            utama,
            sim,
            digiflazz,
            policy,
        }
    }

    /// The order desk of a new process, configured as this history is.
    fn desk(&self) -> Orders {
        orders(self.pool.clone(), &self.utama, &self.digiflazz, self.policy)
    }

    /// Empties the database but for the products and the system accounts (cheaper than a new
    /// database per history; identities restart, so a history sees the same ids either way),
    /// and registers the resellers with their starting balances.
    pub async fn reset(&mut self, balances: &[i64; USERS], failover: (i16, bool)) {
        (self.sim, self.digiflazz) = suppliers::digiflazz().await;
        self.policy = suppliers::policy(failover);
        self.orders = self.desk();
        self.placed.clear();
        self.tickets.clear();
        self.sent.clear();
        self.complaints.clear();
        let mut conn = self.pool.acquire().await.unwrap();
        // Deleting a few hundred rows is much cheaper than truncating; the ledger's
        // insert-only triggers are switched off for this one transaction (a superuser's right).
        sqlx::raw_sql(
            "begin;
             set local session_replication_role = replica;
             delete from ledger_entries; delete from ledger_txns; delete from order_conflicts;
             delete from order_events; delete from callback_log; delete from outbox;
             delete from callback_alert_windows; delete from bank_mutations; delete from deposit_tickets;
             delete from purchase_confirmations; delete from inbound_updates; delete from complaints;
             delete from admin_actions where action = 'komplain'; delete from order_attempts;
             delete from supplier_reports; delete from orders;
             delete from accounts where kind = 'user'; delete from users;
             select setval(pg_get_serial_sequence('orders', 'order_id'), 1, false);
             select setval(pg_get_serial_sequence('complaints', 'complaint_id'), 1, false);
             commit;",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
        // Every history starts with the levels' first markups.
        for (name, markup) in LEVELS {
            loket::levels::set_markup(&mut conn, ADMIN, name, markup)
                .await
                .unwrap();
        }
        for (i, user) in RESELLERS.iter().enumerate() {
            loket::users::register(&mut conn, *user, *user, None, "Toko")
                .await
                .unwrap();
            if balances[i] > 0 {
                ledger::top_up(
                    &mut conn,
                    *user,
                    Money::from_rupiah(balances[i]),
                    &admin("awal"),
                )
                .await
                .unwrap();
            }
        }
    }

    pub async fn finish(self) {
        self.pool.close().await;
        self.db.finish().await;
    }

    /// The ref attempt `nth` of the attempt's order was (or would be) sent under.
    fn reference(&self, attempt: usize, nth: i16) -> String {
        match nth {
            1 => self.trxid(attempt),
            _ => format!("{}{nth:02}", self.trxid(attempt)),
        }
    }

    fn trxid(&self, attempt: usize) -> String {
        self.placed
            .get(&attempt)
            .map(|p| p.trxid.clone())
            .unwrap_or_else(|| stranger(attempt))
    }
}

/// The pool of one "process". No ping before each checkout: a history makes thousands of them,
/// and a dead connection would fail the history loudly anyway.
async fn connect(url: &str) -> PgPool {
    PgPoolOptions::new()
        .max_connections(4)
        .test_before_acquire(false)
        .connect(url)
        .await
        .unwrap()
}

/// The order desk: a first attempt's answer from `utama` is recorded directly; `utama` is asked
/// over the wire only as a route's second supplier, Digiflazz whenever a route sends there.
fn orders(
    pool: PgPool,
    utama: &suppliers::FakeUtama,
    digiflazz: &DigiflazzSettings,
    policy: FailoverPolicy,
) -> Orders {
    let biller = new_biller(utama.url.clone(), Duration::from_secs(2));
    let client = loket::digiflazz::DigiflazzClient::new(digiflazz);
    Orders::new(pool, biller, &[ADMIN])
        .with_digiflazz(Some(client))
        .with_failover(policy)
}

/// Digiflazz as a supplier, and the routed products' routes, as `/rute` would store them.
async fn routes(pool: &PgPool) {
    loket::supplier::registry::ensure(pool, "digiflazz")
        .await
        .unwrap();
    for (product, steps) in ROUTES {
        let code = PRODUCTS[product].0;
        for (position, (supplier, cost)) in steps.iter().enumerate() {
            let sku = match supplier {
                super::catalogue::Supplier::Utama => code,
                super::catalogue::Supplier::Digiflazz => DIGIFLAZZ_SKU,
            };
            sqlx::query(
                "insert into product_routes (product_id, position, supplier, sku, cost)
                 select product_id, $2, $3, $4, $5 from products where code = $1",
            )
            .bind(code)
            .bind(position as i16 + 1)
            .bind(supplier.code())
            .bind(sku)
            .bind(cost)
            .execute(pool)
            .await
            .unwrap();
        }
    }
}
