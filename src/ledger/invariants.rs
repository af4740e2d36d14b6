//! The ledger's invariants as queries (R28). Read-only: safe to run at any time, in tests after
//! every scenario and periodically in production.
use sqlx::PgConnection;

/// One broken invariant, with enough detail for an admin to find the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub check: &'static str,
    pub detail: String,
}

/// Each check returns one text row per violation (capped), so a corrupted database yields a
/// readable report instead of an error. Rows are ordered, so the same findings always read the
/// same: admins are alerted once per distinct set (its fingerprint), whatever plan PostgreSQL
/// picks after an analyze.
const CHECKS: &[(&str, &str)] = &[
    (
        "transaction entries sum to zero",
        "select 'txn ' || txn_id || ' sums to ' || sum(amount)
           from ledger_entries group by txn_id having sum(amount) <> 0 order by 1 limit 20",
    ),
    (
        "each transaction has two entries of its amount",
        "select 'txn ' || t.txn_id || ' has ' || count(e.entry_id) || ' entries'
           from ledger_txns t left join ledger_entries e on e.txn_id = t.txn_id
          group by t.txn_id, t.amount
         having count(e.entry_id) <> 2 or max(abs(e.amount)) <> t.amount or min(abs(e.amount)) <> t.amount
          order by 1 limit 20",
    ),
    (
        "user balance equals the sum of its entries",
        "select 'account ' || a.account_id || ' (user ' || a.user_id || ') balance ' || a.balance
                || ' but entries sum to ' || coalesce(sum(e.amount), 0)
                || ', version ' || a.version || ' but ' || count(e.entry_id) || ' entries'
           from accounts a left join ledger_entries e on e.account_id = a.account_id
          where a.kind = 'user'
          group by a.account_id
         having a.balance <> coalesce(sum(e.amount), 0)
             or a.version <> count(e.entry_id)
             or a.version <> coalesce(max(e.account_version), 0)
          order by 1 limit 20",
    ),
    (
        // The schema checks the account of an entry carrying a balance and version, and keeps
        // the others to the system accounts' ids (migration 0022); this checks the sorts agree.
        "each entry is on an account of its sort",
        "select 'entry ' || e.entry_id || ' on account ' || e.account_id
                || coalesce(' (' || a.kind || ')', ' (none)')
                || case when e.account_version is null then ' without' else ' with' end
                || ' a balance after it'
           from ledger_entries e left join accounts a on a.account_id = e.account_id
          where a.account_id is null or (a.kind = 'user') <> (e.account_version is not null)
          order by 1 limit 20",
    ),
    (
        "no user balance is negative",
        "select 'user ' || user_id || ' balance ' || balance
           from accounts where kind = 'user' and balance < 0 order by 1 limit 20",
    ),
    (
        "holds equal the prices of open orders",
        "select 'holds account ' || h.total || ' but open orders ' || o.total
           from (select coalesce(sum(amount), 0) total from ledger_entries where account_id = 2) h,
                (select coalesce(sum(price), 0) total from orders
                  where status in ('sending', 'pending', 'unknown')) o
          where h.total <> o.total",
    ),
    (
        // A refund (R36) gives part of a sale back and the order stays successful.
        "sales equal the prices of successful orders less their refunds",
        "select 'sales account ' || s.total || ' but successful orders less refunds ' || o.total
           from (select coalesce(sum(amount), 0) total from ledger_entries where account_id = 3) s,
                (select coalesce(sum(price - coalesce(refunded, 0)), 0) total from orders
                  where status = 'success') o
          where s.total <> o.total",
    ),
    (
        "each order is held once and resolved at most once, as its status says",
        "select 'order ' || o.order_id || ' (' || o.status || ') holds ' || count(*) filter (where t.kind = 'hold')
                || ', posts ' || count(*) filter (where t.kind = 'post')
                || ', voids ' || count(*) filter (where t.kind = 'void')
                || ', reversals ' || count(*) filter (where t.kind = 'reversal')
                || ', refunds ' || count(*) filter (where t.kind = 'refund')
                || coalesce(', refunded ' || o.refunded, '')
           from orders o left join ledger_txns t on t.order_id = o.order_id
          group by o.order_id, o.status, o.refunded
         having not (
                count(*) filter (where t.kind = 'hold') = 1
            and count(*) filter (where t.kind in ('post', 'void')) <= 1
            and count(*) filter (where t.kind in ('reversal', 'refund')) <= count(*) filter (where t.kind = 'post')
            and count(*) filter (where t.kind = 'refund') = (case when o.refunded is null then 0 else 1 end)
            and case o.status
                  when 'success' then count(*) filter (where t.kind = 'post') = 1
                                  and count(*) filter (where t.kind = 'reversal') = 0
                  when 'failed' then count(*) filter (where t.kind = 'void') = 1
                                  or count(*) filter (where t.kind = 'reversal') = 1
                  else count(*) filter (where t.kind in ('post', 'void')) = 0
                end)
          order by 1 limit 20",
    ),
    (
        "order movements use the order's price (a refund its refunded amount) and user",
        "select 'txn ' || t.txn_id || ' (' || t.kind || ') of order ' || o.order_id
           from ledger_txns t
           join orders o on o.order_id = t.order_id
           left join ledger_entries e on e.txn_id = t.txn_id
           left join accounts a on a.account_id = e.account_id and a.kind = 'user'
          where t.amount is distinct from (case when t.kind = 'refund' then o.refunded else o.price end)
             or (a.account_id is not null and a.user_id <> o.user_id)
             or (t.kind <> 'post' and not exists (
                    select 1 from ledger_entries ue join accounts ua on ua.account_id = ue.account_id
                     where ue.txn_id = t.txn_id and ua.user_id = o.user_id))
          order by 1 limit 20",
    ),
    (
        "deposits equal the credited tickets, each credited once to its reseller",
        "select 'deposits account ' || d.total || ' but credited tickets ' || t.total
           from (select coalesce(-sum(amount), 0) total from ledger_entries where account_id = 4) d,
                (select coalesce(sum(amount), 0) total from deposit_tickets where status = 'credited') t
          where d.total <> t.total
         union all
         select 'ticket ' || k.ticket_id || ' (' || k.status || ') credited ' || count(t.txn_id) || ' times'
           from deposit_tickets k left join ledger_txns t on t.ticket_id = k.ticket_id
          group by k.ticket_id, k.status
         having count(t.txn_id) <> (case when k.status = 'credited' then 1 else 0 end)
         union all
         select 'txn ' || t.txn_id || ' credits ticket ' || k.ticket_id || ' wrongly'
           from ledger_txns t
           join deposit_tickets k on k.ticket_id = t.ticket_id
          where t.amount <> k.amount
             or not exists (select 1 from ledger_entries e join accounts a on a.account_id = e.account_id
                             where e.txn_id = t.txn_id and a.user_id = k.user_id and e.amount = k.amount)
          order by 1 limit 20",
    ),
];

/// Runs every check and returns what it finds; an empty list means the books are sound.
pub async fn check_invariants(conn: &mut PgConnection) -> Result<Vec<Violation>, sqlx::Error> {
    let mut violations = Vec::new();
    for (check, sql) in CHECKS {
        let rows: Vec<(String,)> = sqlx::query_as(*sql).fetch_all(&mut *conn).await?;
        violations.extend(
            rows.into_iter()
                .map(|(detail,)| Violation { check, detail }),
        );
    }
    Ok(violations)
}
