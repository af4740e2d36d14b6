//! The system under test: a fresh database and the real order desk, driven step by step, and
//! read back to compare with the model.
use std::collections::BTreeMap;
use std::time::Duration;

use loket::domain::{Money, ProductCode};
use loket::ledger::{self, AdminAction};
use loket::orders::{Order, Orders};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::catalogue::{LEVELS, OWN_PRICE};
use super::generator::{PRODUCTS, USERS};
use crate::helpers::{ADMIN, TestDb, new_biller};

mod complaints;
mod deposits;
mod refunds;
mod steps;

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
        let orders = orders(pool.clone());
        Self {
            db,
            pool,
            orders,
            placed: BTreeMap::new(),
            tickets: BTreeMap::new(),
            sent: BTreeMap::new(),
            complaints: BTreeMap::new(),
        }
    }

    /// Empties the database but for the products and the system accounts (cheaper than a new
    /// database per history; identities restart, so a history sees the same ids either way),
    /// and registers the resellers with their starting balances.
    pub async fn reset(&mut self, balances: &[i64; USERS]) {
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
             delete from admin_actions where action = 'komplain'; delete from orders;
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

fn orders(pool: PgPool) -> Orders {
    // Answers are recorded directly; this client is never asked to send anything.
    let biller = new_biller(
        "http://127.0.0.1:9".parse().unwrap(),
        Duration::from_secs(1),
    );
    Orders::new(pool, biller, &[ADMIN])
}
