//! The database read back in one round trip, and compared with the model.
use std::collections::{BTreeMap, BTreeSet};

use loket::ledger;

use super::catalogue::step;
use super::reference::{Model, TicketStatus};
use super::world::{RESELLERS, World};
use crate::helpers::ADMIN;

/// An order as the snapshot reads it: status, conflicts recorded, price paid, cost price kept,
/// amount refunded, current attempt and its supplier, attempts left behind.
type OrderRow = (String, i64, i64, Option<i64>, Option<i64>, i16, String, i64);

#[derive(serde::Deserialize)]
struct Snapshot {
    balances: BTreeMap<i64, i64>,
    orders: BTreeMap<i64, OrderRow>,
    /// Per-order outbox keys (`order:<id>:…`).
    keys: BTreeSet<String>,
    /// Per-ticket outbox keys (`deposit:<id>:…`).
    deposit_keys: BTreeSet<String>,
    mutation_alerts: i64,
    /// Grouped alerts about unreadable mutation items.
    unreadable_alerts: i64,
    /// Stored mutations by outcome.
    mutations: BTreeMap<String, i64>,
    /// Ticket id → status.
    tickets: BTreeMap<i64, String>,
    logged: i64,
    callback_alerts: i64,
    stranger_alerts: i64,
    conflict_alerts: i64,
    holds: i64,
    sales: i64,
    /// Complaint number → (state, characters of its text).
    complaints: BTreeMap<i64, (String, i64)>,
    /// Outbox keys about complaints (`complaint:…`).
    complaint_keys: BTreeSet<String>,
    /// Audit rows of admins' steps on complaints.
    complaint_audits: i64,
}

const SNAPSHOT: &str = "select json_build_object(
    'balances', (select coalesce(json_object_agg(user_id, balance), '{}') from accounts where kind = 'user'),
    'orders', (select coalesce(json_object_agg(o.order_id, json_build_array(o.status,
                   (select count(*) from order_conflicts c where c.order_id = o.order_id),
                   o.price, o.cost, o.refunded, o.attempt, o.supplier,
                   (select count(*) from order_attempts a where a.order_id = o.order_id))), '{}')
                 from orders o),
    'keys', (select coalesce(json_agg(dedup_key), '[]') from outbox where dedup_key like 'order:%'),
    'deposit_keys', (select coalesce(json_agg(dedup_key), '[]') from outbox where dedup_key like 'deposit:%'),
    'mutation_alerts', (select count(*) from outbox where dedup_key like 'mutation:%'),
    'unreadable_alerts', (select count(*) from outbox where dedup_key like 'mutations:invalid:%'),
    'mutations', (select coalesce(json_object_agg(outcome, n), '{}')
                    from (select outcome, count(*) as n from bank_mutations group by outcome) m),
    'tickets', (select coalesce(json_object_agg(ticket_id, status), '{}') from deposit_tickets),
    'logged', (select count(*) from callback_log),
    'callback_alerts', (select count(*) from outbox where dedup_key like 'callback:%'),
    'stranger_alerts', (select count(*) from outbox where dedup_key like 'callbacks:unknown_refid:%'),
    'conflict_alerts', (select count(*) from outbox where dedup_key like 'conflict:%'),
    'holds', (select coalesce(sum(amount), 0) from ledger_entries where account_id = $1),
    'sales', (select coalesce(sum(amount), 0) from ledger_entries where account_id = $2),
    'complaints', (select coalesce(json_object_agg(complaint_id, json_build_array(state,
                       char_length(body))), '{}') from complaints),
    'complaint_keys', (select coalesce(json_agg(dedup_key), '[]') from outbox where dedup_key like 'complaint:%'),
    'complaint_audits', (select count(*) from admin_actions where action = 'komplain')
)::text";

/// Everything the model can predict, compared with the database: the ledger's own invariant
/// checks, then balances, statuses, conflicts, audit rows and per-order messages. Returns each
/// difference found.
pub async fn differences(world: &World, model: &Model) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut conn = world.pool.acquire().await.unwrap();
    for v in ledger::check_invariants(&mut conn).await.unwrap() {
        diffs.push(format!("invariant `{}`: {}", v.check, v.detail));
    }
    let json: String = sqlx::query_scalar(SNAPSHOT)
        .bind(ledger::HOLDS)
        .bind(ledger::SALES)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let db: Snapshot = serde_json::from_str(&json).unwrap();

    for (i, user) in RESELLERS.iter().enumerate() {
        if db.balances.get(user) != Some(&model.balances[i]) {
            let got = db.balances.get(user);
            diffs.push(format!(
                "balance of {user}: db {got:?} model {}",
                model.balances[i]
            ));
        }
    }
    if db.orders.len() != model.orders.len() {
        diffs.push(format!(
            "orders: db {} model {}",
            db.orders.len(),
            model.orders.len()
        ));
    }
    for (attempt, o) in &model.orders {
        let Some(p) = world.placed.get(attempt) else {
            diffs.push(format!("attempt {attempt}: model has an order, db none"));
            continue;
        };
        let supplier = step(o.product, o.attempt).map_or("-", |(s, _)| s.code());
        let want = (
            o.status.as_str().to_owned(),
            o.conflicts,
            o.price,
            o.cost,
            o.refunded,
            o.attempt,
            supplier.to_owned(),
            i64::from(o.attempt) - 1,
        );
        let got = db.orders.get(&p.order_id);
        if got != Some(&want) {
            diffs.push(format!(
                "attempt {attempt} (order {}): db (status, conflicts, price, cost, refunded, attempt, supplier, attempts left) {got:?} model {want:?}",
                p.order_id
            ));
        }
    }
    for (what, got, want) in [
        ("callback log rows", db.logged, model.callbacks_logged),
        ("callback alerts", db.callback_alerts, model.callback_alerts),
        // Counted, at most one alert a minute: a history is over long before that.
        (
            "unknown-refid alerts",
            db.stranger_alerts,
            model.strangers.min(1),
        ),
        ("conflict alerts", db.conflict_alerts, model.conflicts()),
        ("holds account", db.holds, model.holds()),
        ("sales account", db.sales, model.sales()),
    ] {
        if got != want {
            diffs.push(format!("{what}: db {got} model {want}"));
        }
    }
    let ids = world.placed.iter().map(|(a, p)| (*a, p.order_id)).collect();
    let want = model.order_messages(&ids, ADMIN);
    for extra in db.keys.difference(&want) {
        diffs.push(format!("outbox has {extra}, model does not"));
    }
    for missing in want.difference(&db.keys) {
        diffs.push(format!(
            "model expects {missing} in the outbox, db has none"
        ));
    }
    deposit_differences(&db, world, model, &mut diffs);
    complaint_differences(&db, world, model, &mut diffs);
    diffs
}

/// Complaints: each one's state and text, the messages and notices of every step, one audit
/// row per admin's step (R37).
fn complaint_differences(db: &Snapshot, world: &World, model: &Model, diffs: &mut Vec<String>) {
    let filed = &model.complaints.filed;
    if db.complaints.len() != filed.len() {
        let (got, want) = (db.complaints.len(), filed.len());
        diffs.push(format!("complaints: db {got} model {want}"));
    }
    for (filing, c) in filed {
        let want = (c.state.as_str().to_owned(), c.kept);
        let got = world
            .complaints
            .get(filing)
            .and_then(|no| db.complaints.get(no));
        if got != Some(&want) {
            diffs.push(format!(
                "filing {filing}: db (state, chars) {got:?} model {want:?}"
            ));
        }
    }
    let audits = model.complaints.audits;
    if db.complaint_audits != audits {
        let got = db.complaint_audits;
        diffs.push(format!("complaint audit rows: db {got} model {audits}"));
    }
    // The typed commands' messages are keyed by the command; where two admins raced, exactly
    // one of the two commands left one.
    let (mut typed, keyed): (BTreeSet<String>, BTreeSet<String>) = db
        .complaint_keys
        .iter()
        .cloned()
        .partition(|k| k.starts_with("complaint:model:"));
    let want = model.complaint_messages(&world.complaints, ADMIN);
    if keyed != want {
        diffs.push(format!("complaint messages: db {keyed:?} model {want:?}"));
    }
    let key = |k: &usize| format!("complaint:model:{k}");
    for (a, b) in &model.complaints.either {
        if typed.remove(&key(a)) == typed.remove(&key(b)) {
            diffs.push(format!(
                "raced commands {a} and {b}: not exactly one carried out"
            ));
        }
    }
    let acted: BTreeSet<String> = model.complaints.acted.iter().map(key).collect();
    if typed != acted {
        diffs.push(format!(
            "complaint commands' messages: db {typed:?} model {acted:?}"
        ));
    }
}

/// Tickets, stored mutations and the messages and alerts about them (R31, R35).
fn deposit_differences(db: &Snapshot, world: &World, model: &Model, diffs: &mut Vec<String>) {
    for (what, got, want) in [
        ("mutation alerts", db.mutation_alerts, model.deposits.alerts),
        // Counted, at most one alert a minute, like unknown refids.
        (
            "unreadable mutation alerts",
            db.unreadable_alerts,
            model.deposits.unreadable.min(1),
        ),
    ] {
        if got != want {
            diffs.push(format!("{what}: db {got} model {want}"));
        }
    }
    for (ticket, t) in &model.deposits.tickets {
        let want = match t.status {
            TicketStatus::Open => "open",
            TicketStatus::Credited => "credited",
            TicketStatus::Rejected => "rejected",
            TicketStatus::Cancelled => "cancelled",
            TicketStatus::Expired => "expired",
        };
        let got = world
            .tickets
            .get(ticket)
            .and_then(|o| db.tickets.get(&o.ticket_id));
        if got.map(String::as_str) != Some(want) {
            diffs.push(format!("ticket {ticket}: db {got:?} model {want}"));
        }
    }
    let stored: BTreeMap<String, i64> = model
        .deposits
        .stored
        .iter()
        .map(|(outcome, n)| ((*outcome).to_owned(), *n))
        .collect();
    if db.mutations != stored {
        diffs.push(format!(
            "stored mutations by outcome: db {:?} model {stored:?}",
            db.mutations
        ));
    }
    let ids = world
        .tickets
        .iter()
        .map(|(t, o)| (*t, o.ticket_id))
        .collect();
    let want = model.deposit_messages(&ids, ADMIN);
    if db.deposit_keys != want {
        diffs.push(format!(
            "deposit messages: db {:?} model {want:?}",
            db.deposit_keys
        ));
    }
}
