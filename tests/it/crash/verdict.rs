//! The end state, judged: every count the suite reports and every rule it asserts.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use loket::sandbox::sim::telegram::FakeTelegram;
use sqlx::PgConnection;

use super::checks::{self, Delivery};
use super::coverage::Kill;
use super::explained::{self, Explained};
use super::load::Sent;
use super::process::Loket;
use super::quiesce::{Listed, Settled};
use super::world::{self, World};
use crate::helpers::ADMIN;

/// order_id, trxid, status, chat_id, message_id, whether it was reversed.
type OrderRow = (i64, String, String, Option<i64>, Option<i64>, bool);

pub struct Report {
    pub books: Vec<String>,
    pub by_status: BTreeMap<String, i64>,
    pub reversed: i64,
    pub purchases_sent: usize,
    /// `/beli` messages that placed no order (R9's loss count).
    pub lost_purchases: usize,
    pub topups_sent: usize,
    pub topups_credited: usize,
    pub replayed: usize,
    pub deposits_sent: usize,
    /// `/deposit` messages that opened no ticket.
    pub lost_deposits: usize,
    pub tickets_by_status: BTreeMap<String, i64>,
    pub mutations_posted: usize,
    pub approvals_pressed: usize,
    pub delivery: Delivery,
    /// Orders whose final notice is missing or does not say what happened.
    pub untold: Vec<String>,
    pub open_left: Vec<String>,
    /// Every order against what both supplier simulators decided.
    pub world: World,
    /// Conflicts and logged callbacks against what the load sent.
    pub explained: Explained,
    /// Balances that differ from the model of the world.
    pub balances: Vec<String>,
}

pub async fn judge(
    conn: &mut PgConnection,
    tg: &FakeTelegram,
    seen: &world::Suppliers,
    loket: &Loket,
    kills: &[Kill],
    sent: &Sent,
) -> Report {
    let books = checks::books(conn).await;
    let all = world::orders(conn).await;
    let left = super::attempts::left(conn).await;
    let world = world::compare(&all, &left, seen, loket, kills);
    let explained = explained::explain(conn, &seen.utama).await;
    let balances = super::balances::against_the_world(conn, &all, &world.money, sent).await;
    let orders: Vec<OrderRow> = sqlx::query_as(
        "select o.order_id, o.trxid, o.status, o.chat_id, o.message_id,
                exists(select 1 from ledger_txns t where t.order_id = o.order_id and t.kind = 'reversal')
           from orders o order by o.order_id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let notices: HashMap<String, String> =
        sqlx::query_as::<_, (String, String)>("select dedup_key, text from outbox")
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .into_iter()
            .collect();
    let mut by_status = BTreeMap::new();
    let mut untold = Vec::new();
    let mut open_left = Vec::new();
    let mut reversed = 0;
    let mut placed: HashMap<(i64, i64), usize> = HashMap::new();
    for (id, trxid, status, chat, message, reversal) in &orders {
        *by_status.entry(status.clone()).or_insert(0) += 1;
        if let (Some(c), Some(m)) = (chat, message) {
            *placed.entry((*c, *m)).or_default() += 1;
        }
        let (key, word) = match (status.as_str(), reversal) {
            ("success", _) => (format!("order:{id}:final"), "SUKSES"),
            ("failed", true) => (format!("order:{id}:reversal"), "GAGAL"),
            ("failed", false) => (format!("order:{id}:final"), "GAGAL"),
            ("unknown", _) => continue,
            (other, _) => {
                open_left.push(format!("{trxid} is {other}"));
                continue;
            }
        };
        reversed += i64::from(*reversal);
        match notices.get(&key) {
            Some(text) if text.contains(trxid.as_str()) && text.contains(word) => {}
            other => untold.push(format!("{trxid} ({status}): {key} is {other:?}")),
        }
    }
    // Every line of every purchase message placed exactly one order.
    let lost_purchases = sent
        .purchases
        .iter()
        .map(|(c, m, lines)| lines.abs_diff(placed.get(&(*c, *m)).copied().unwrap_or(0)))
        .sum();
    let credited: HashSet<String> = sqlx::query_scalar::<_, String>(
        "select idempotency_key from ledger_txns where kind = 'topup' and idempotency_key is not null",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let topups_credited = sent
        .topups
        .iter()
        .filter(|(m, _, _)| credited.contains(&format!("tg:{ADMIN}:{m}")))
        .count();
    // Every /deposit opened one ticket, and every credited ticket's reseller is told.
    let tickets: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
        "select ticket_id, status, chat_id, message_id, amount from deposit_tickets order by ticket_id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut tickets_by_status = BTreeMap::new();
    let mut opened = HashSet::new();
    for (id, status, chat, message, amount) in &tickets {
        *tickets_by_status.entry(status.clone()).or_insert(0) += 1;
        opened.insert((*chat, *message));
        if status == "credited" {
            let key = format!("deposit:{id}:credited");
            let shown = loket::domain::Money::from_rupiah(*amount).to_string();
            match notices.get(&key) {
                Some(text) if text.contains(&shown) => {}
                other => untold.push(format!("ticket {id} (credited): {key} is {other:?}")),
            }
        }
    }
    let lost_deposits = sent.deposits.iter().filter(|d| !opened.contains(d)).count();
    let messages = tg.sent_messages();
    let delivery = checks::delivery(conn, &messages, &loket.lives, |at| loket.life_at(at)).await;
    Report {
        books,
        by_status,
        reversed,
        purchases_sent: sent.purchases.len(),
        lost_purchases,
        topups_sent: sent.topups.len(),
        topups_credited,
        replayed: sent.replayed,
        deposits_sent: sent.deposits.len(),
        lost_deposits,
        tickets_by_status,
        mutations_posted: sent.mutations_posted,
        approvals_pressed: sent.approvals_pressed,
        delivery,
        untold,
        open_left,
        world,
        explained,
        balances,
    }
}

impl Report {
    pub fn print(
        &self,
        seed: u64,
        loket: &Loket,
        loaded: Duration,
        total: Duration,
        settled: &Settled,
        listed: &Listed,
    ) {
        let kills = loket.lives.iter().filter(|l| l.killed).count();
        let d = &self.delivery;
        let extra: usize = d.duplicates.iter().map(|x| x.extra).sum();
        let mut hit: Vec<usize> = d
            .duplicates
            .iter()
            .flat_map(|x| x.lives[..x.lives.len() - 1].iter().copied())
            .collect();
        hit.sort_unstable();
        hit.dedup();
        println!("crash suite report (seed {seed})");
        println!("  kills (SIGKILL): {kills}; starts: {}", loket.lives.len());
        println!(
            "  load ran {:.1}s; quiet {:.1}s later; total {:.1}s",
            loaded.as_secs_f64(),
            settled.waited.as_secs_f64(),
            total.as_secs_f64()
        );
        println!(
            "  /beli messages: {}, orders: {}, lost: {}",
            self.purchases_sent,
            self.by_status.values().sum::<i64>(),
            self.lost_purchases
        );
        println!(
            "  orders by final status: {:?} (reversed: {})",
            self.by_status, self.reversed
        );
        println!(
            "  unknown orders shown to admins: {} ({} by /pending, {} by stuck alert)",
            listed.unknown, listed.by_pending, listed.by_alert
        );
        println!(
            "  /topup messages: {}, credited: {}",
            self.topups_sent, self.topups_credited
        );
        println!(
            "  /deposit messages: {}, lost: {}; tickets by status: {:?}; mutations posted: {}, ✅ pressed: {}",
            self.deposits_sent,
            self.lost_deposits,
            self.tickets_by_status,
            self.mutations_posted,
            self.approvals_pressed
        );
        println!(
            "  callbacks replayed by the test: {}; resent after the simulator gave up: {} (webhooks: {})",
            self.replayed, settled.resent_callbacks, settled.resent_webhooks
        );
        println!(
            "  notifications: {} queued ({} alerts sent merged with others of their kind), {} accepted by Telegram, {} duplicates",
            d.rows, d.merged, d.copies, extra
        );
        for x in &d.duplicates {
            println!(
                "    duplicate {} to chat {}: copies from lives {:?}; every earlier life was SIGKILLed before marking it sent (R20)",
                x.key, x.chat_id, x.lives
            );
        }
        println!(
            "  kills that hit the sent-but-not-marked window: {} of {kills}",
            hit.len()
        );
        println!(
            "  orders by what the supplier decided: {:?}; unknown because: {:?}; moved along their route: {}",
            self.world.decided, self.world.unknown_because, self.world.moved
        );
        println!(
            "  conflicts: {} (each a SUKSES the load sent after its GAGAL); callbacks logged: {:?}",
            self.explained.conflicts, self.explained.callbacks_by_outcome
        );
        println!(
            "  violations: books {}, open orders {}, untold {}, delivery {}, world {}, \
             conflicts {}, balances {}",
            self.books.len(),
            self.open_left.len(),
            self.untold.len(),
            d.problems.len(),
            self.world.problems.len(),
            self.explained.problems.len(),
            self.balances.len()
        );
    }

    pub fn assert_sound(&self, seed: u64) {
        assert!(self.books.is_empty(), "seed {seed}: {:#?}", self.books);
        assert!(
            self.open_left.is_empty(),
            "seed {seed}: {:#?}",
            self.open_left
        );
        assert!(self.untold.is_empty(), "seed {seed}: {:#?}", self.untold);
        assert!(
            self.delivery.problems.is_empty(),
            "seed {seed}: {:#?}",
            self.delivery.problems
        );
        assert!(
            self.world.problems.is_empty(),
            "seed {seed}: orders and the world disagree: {:#?}",
            self.world.problems
        );
        assert!(
            self.explained.problems.is_empty(),
            "seed {seed}: {:#?}",
            self.explained.problems
        );
        assert!(
            self.balances.is_empty(),
            "seed {seed}: {:#?}",
            self.balances
        );
        assert_eq!(self.lost_purchases, 0, "seed {seed}: /beli messages lost");
        assert_eq!(self.lost_deposits, 0, "seed {seed}: /deposit messages lost");
        assert_eq!(
            self.topups_credited, self.topups_sent,
            "seed {seed}: /topup messages not credited"
        );
    }
}
