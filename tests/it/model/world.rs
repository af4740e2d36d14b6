//! The system under test: a fresh database and the real order desk, driven step by step, and
//! read back to compare with the model.
use std::collections::BTreeMap;
use std::time::Duration;

use loket::biller::parse_callback;
use loket::domain::{Destination, Money, ProductCode, TrxId};
use loket::ledger::{self, AdminAction, LedgerError};
use loket::orders::{
    CallbackAudit, Guard, MessageRef, Orders, PlaceError, PurchaseRequest, Resolution,
    ResolveOutcome,
};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::generator::{Form, PRODUCTS, Report, Step, USERS};
use super::reference::Model;
use super::wire::answer;
use crate::helpers::{ADMIN, TestDb, callback_query, new_biller};

/// Telegram ids of the resellers in every history.
pub const RESELLERS: [i64; USERS] = [5001, 5002, 5003];

/// An order as the database knows it, by the attempt that placed it.
pub struct Placed {
    pub order_id: i64,
    pub trxid: String,
}

pub struct World {
    db: TestDb,
    pub pool: PgPool,
    orders: Orders,
    pub placed: BTreeMap<usize, Placed>,
}

fn dest(attempt: usize) -> String {
    format!("0812{attempt:08}")
}

/// A well-formed trxid that no order has.
/// The supplier's message for a report, as its document words it.
fn message(trxid: &str, report: Report, product: &str, dest: &str, without_sn: bool) -> String {
    match report {
        Report::Sukses if without_sn => {
            format!("Transaksi {product}.{dest} SUKSES, Saldo: Rp99,999,999, Harga: 1")
        }
        Report::Sukses => format!(
            "Transaksi {product}.{dest} SUKSES, SN: 0041-{trxid}, Saldo: Rp99,999,999, Harga: 1"
        ),
        Report::Gagal => format!("Transaksi {product}.{dest} GAGAL, Saldo: Rp1"),
    }
}

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
        for (code, price) in PRODUCTS {
            let code = ProductCode::parse(code).unwrap();
            loket::products::upsert(&mut conn, &code, Money::from_rupiah(price), "Produk")
                .await
                .unwrap();
        }
        drop(conn);
        let orders = orders(pool.clone());
        Self {
            db,
            pool,
            orders,
            placed: BTreeMap::new(),
        }
    }

    /// Empties the database but for the products and the system accounts (cheaper than a new
    /// database per history; identities restart, so a history sees the same ids either way),
    /// and registers the resellers with their starting balances.
    pub async fn reset(&mut self, balances: &[i64; USERS]) {
        self.placed.clear();
        let mut conn = self.pool.acquire().await.unwrap();
        // Deleting a few hundred rows is much cheaper than truncating; the ledger's
        // insert-only triggers are switched off for this one transaction (a superuser's right).
        sqlx::raw_sql(
            "begin;
             set local session_replication_role = replica;
             delete from ledger_entries; delete from ledger_txns; delete from order_conflicts;
             delete from order_events; delete from callback_log; delete from outbox;
             delete from callback_alert_windows;
             delete from purchase_confirmations; delete from inbound_updates; delete from orders;
             delete from accounts where kind = 'user'; delete from users;
             select setval(pg_get_serial_sequence('orders', 'order_id'), 1, false);
             commit;",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
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

    /// Runs one step through the real code; returns the same kind of label as the model.
    pub async fn apply(&mut self, step: &Step, model: &Model, index: usize) -> &'static str {
        match *step {
            Step::Purchase { attempt, .. } | Step::Redelivery { attempt } => {
                let (user, product) = model.attempts[&attempt];
                self.buy(attempt, user, product).await
            }
            Step::TopUp { user, amount } => {
                let mut tx = self.pool.begin().await.unwrap();
                ledger::top_up(
                    &mut tx,
                    RESELLERS[user],
                    Money::from_rupiah(amount),
                    &admin("t"),
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
                "ok"
            }
            Step::Deduct { user, amount } => {
                let mut tx = self.pool.begin().await.unwrap();
                let done = ledger::deduct(
                    &mut tx,
                    RESELLERS[user],
                    Money::from_rupiah(amount),
                    &admin("d"),
                )
                .await;
                match done {
                    Ok(_) => {
                        tx.commit().await.unwrap();
                        "ok"
                    }
                    Err(LedgerError::InsufficientBalance) => "insufficient",
                    Err(e) => panic!("deduct: {e}"),
                }
            }
            Step::Answer { attempt, wire } => match self.placed.get(&attempt) {
                None => "no order",
                Some(p) => {
                    self.orders
                        .record_answer(p.order_id, &answer(wire))
                        .await
                        .unwrap();
                    "recorded"
                }
            },
            Step::Callback {
                attempt,
                report,
                form,
            } => {
                let trxid = self.trxid(attempt);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let dest = match form {
                    Form::Intl => format!("62{}", &dest(attempt)[1..]),
                    Form::Plain | Form::NoSn => dest(attempt),
                };
                let message = message(&trxid, report, product, &dest, form == Form::NoSn);
                self.callback(&trxid, report, &dest, &message).await
            }
            Step::ContradictoryCallback { attempt, report } => {
                let trxid = self.trxid(attempt);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let opposite = match report {
                    Report::Sukses => Report::Gagal,
                    Report::Gagal => Report::Sukses,
                };
                let message = message(&trxid, opposite, product, &dest(attempt), false);
                self.callback(&trxid, report, &dest(attempt), &message)
                    .await
            }
            Step::MismatchedCallback { attempt, report } => {
                let trxid = self.trxid(attempt);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let message = message(&trxid, report, product, "081299999999", false);
                self.callback(&trxid, report, "081299999999", &message)
                    .await
            }
            Step::StrangerCallback { report } => {
                let trxid = stranger(1_000_000 + index);
                let message = message(&trxid, report, "s5", "081200000000", false);
                self.callback(&trxid, report, "081200000000", &message)
                    .await
            }
            Step::Resolve { attempt, report } => self.resolve(&self.trxid(attempt), report).await,
            Step::ResolveStranger => {
                self.resolve(&stranger(2_000_000 + index), Report::Gagal)
                    .await
            }
            Step::Restart => {
                // A new process: its own connections, and the start-up recovery. Nothing is
                // in flight any more, so no age guard is needed.
                self.pool.close().await;
                self.pool = connect(&self.db.url).await;
                self.orders = orders(self.pool.clone());
                self.orders
                    .recover_interrupted(Duration::ZERO)
                    .await
                    .unwrap();
                "ok"
            }
        }
    }

    async fn buy(&mut self, attempt: usize, user: usize, product: usize) -> &'static str {
        let req = PurchaseRequest {
            user_id: RESELLERS[user],
            product: ProductCode::parse(PRODUCTS[product].0).unwrap(),
            destination: Destination::parse(&dest(attempt)).unwrap(),
            source: Some(MessageRef {
                chat_id: RESELLERS[user],
                message_id: attempt as i64 + 1,
                update_id: None,
            }),
        };
        match self.orders.open(&req).await {
            Ok(placed) if placed.new => {
                let p = Placed {
                    order_id: placed.order.order_id,
                    trxid: placed.order.trxid,
                };
                assert!(self.placed.insert(attempt, p).is_none(), "placed twice");
                "placed"
            }
            Ok(placed) => {
                assert_eq!(self.placed[&attempt].order_id, placed.order.order_id);
                "already placed"
            }
            Err(PlaceError::InsufficientBalance { .. }) => "insufficient",
            Err(e) => panic!("purchase: {e}"),
        }
    }

    async fn callback(
        &self,
        trxid: &str,
        report: Report,
        dest: &str,
        message: &str,
    ) -> &'static str {
        let status = match report {
            Report::Sukses => 0,
            Report::Gagal => 1,
        };
        let query = callback_query(status, trxid, dest, message);
        let cb = parse_callback(&query).unwrap();
        let audit = CallbackAudit {
            peer_ip: "127.0.0.1".into(),
            raw_query: query,
        };
        self.orders
            .apply_callback(&cb, &audit)
            .await
            .unwrap()
            .as_str()
    }

    async fn resolve(&self, trxid: &str, report: Report) -> &'static str {
        let trxid = TrxId::parse(trxid).unwrap();
        let resolution = match report {
            Report::Sukses => Resolution::Success {
                sn: "SN-ADMIN".into(),
            },
            Report::Gagal => Resolution::Failed,
        };
        match self
            .orders
            .resolve(
                ADMIN,
                &trxid,
                &resolution,
                "dicek di web supplier",
                Guard::Final,
            )
            .await
            .unwrap()
        {
            ResolveOutcome::Resolved(_) => "resolved",
            ResolveOutcome::AlreadyResolved(_) => "already resolved",
            ResolveOutcome::Conflict(_) => "conflict",
            ResolveOutcome::StillSending(_) => "still sending",
            ResolveOutcome::NotFound => "not found",
            // Only the chat's confirmation question guards a decision; this one is final.
            ResolveOutcome::NeedsConfirmation(_) | ResolveOutcome::Moved(_) => "guarded",
        }
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
