//! Conflicts and the callback log held against what the load itself sent: every row of
//! `order_conflicts` must be a contradiction the load delivered, every such contradiction that
//! loket took must have its row, and every callback loket logged must be one it could act on.
use std::collections::{BTreeMap, HashMap, HashSet};

use loket::sandbox::sim::biller::{Decided, TrxRecord};
use sqlx::PgConnection;

/// Callback outcomes the load can cause. Everything it sends is a callback the simulator made
/// for an order that exists, for its own destination, with a status its text agrees with, so
/// `mismatch`, `contradictory`, `unknown_refid` and `invalid` would each be loket misreading one.
/// `after_refund` is the supplier's reversal of a SUKSES an admin refunded first (R36);
/// `failed_over` a GAGAL that moved an order along its route, `earlier_attempt` a copy of it
/// (or a webhook's) reaching loket after the order moved (R43).
const OUTCOMES: &[&str] = &[
    "applied",
    "duplicate",
    "reversal",
    "conflict",
    "after_refund",
    "failed_over",
    "earlier_attempt",
];

#[derive(Debug, Default)]
pub struct Explained {
    pub conflicts: usize,
    pub callbacks_by_outcome: BTreeMap<String, i64>,
    pub problems: Vec<String>,
}

/// The one contradiction the load sends: a reversal's SUKSES reaching loket after its GAGAL.
/// The GAGAL reversed the order (or voided it, when it came first), and the SUKSES after it
/// finds a failed order: `('failed', 'success', 'callback')`. The load sends it two ways: its
/// replays (the last few callbacks in reverse order, or an old SUKSES again after its GAGAL),
/// and, after the load, the SUKSES the simulator gave up on while loket was down, sent again
/// after its GAGAL went through. Nothing else in the load contradicts a final order: a GAGAL
/// after a SUKSES is the supplier's reversal, a repeat is a duplicate, a refusal has no
/// callback, and no admin settles anything.
///
/// So each conflict must be on an order the simulator reversed, and each order has between
/// [`bounds`] conflicts: the contradictions loket surely took, and those it may have. The admin
/// refunds add one more kind (R36): a reversed order an admin refunded before its GAGAL came
/// stays `success`, and each GAGAL after the refund is `('success', 'failed', 'callback')`,
/// at least one (a refund after the GAGAL is refused), one per `after_refund` log row.
pub async fn explain(conn: &mut PgConnection, records: &BTreeMap<String, TrxRecord>) -> Explained {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "select o.trxid, c.order_status, c.reported, c.source
           from order_conflicts c join orders o on o.order_id = c.order_id
          where o.refunded is null order by c.conflict_id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut out = Explained {
        conflicts: rows.len(),
        ..Explained::default()
    };
    let mut per_order: HashMap<&str, usize> = HashMap::new();
    for (trxid, status, reported, source) in &rows {
        let record = records.get(trxid);
        let reversed = record.is_some_and(|r| matches!(r.decided, Decided::Reversed { .. }));
        if (status.as_str(), reported.as_str(), source.as_str())
            != ("failed", "success", "callback")
            || !reversed
        {
            out.problems.push(format!(
                "conflict on {trxid} ({status} order, {reported} reported by {source}) that the load \
                 never sent (the simulator decided {:?})",
                record.map(|r| &r.decided)
            ));
            continue;
        }
        *per_order.entry(trxid).or_default() += 1;
    }
    let (refunded, trxids) = after_refund(conn, records).await;
    // A SUKSES after a refunded order's GAGAL finds it `success`: a duplicate, no conflict.
    for (trxid, r) in records.iter().filter(|(t, _)| !trxids.contains(t.as_str())) {
        let recorded = per_order.get(trxid.as_str()).copied().unwrap_or(0);
        let (must, may) = bounds(r);
        if recorded < must || recorded > may {
            out.problems.push(format!(
                "{trxid}: {recorded} conflicts recorded; the SUKSES sent after its GAGAL make \
                 at least {must} and at most {may}"
            ));
        }
    }
    // Counted apart: `conflicts` are the SUKSES sent after their GAGAL; these show in the log's
    // `after_refund` count.
    out.problems.extend(refunded.problems);
    out.problems.extend(
        callback_log(
            conn,
            &mut out.callbacks_by_outcome,
            rows.len(),
            refunded.conflicts,
        )
        .await,
    );
    out
}

/// The conflicts on orders an admin refunded: each a reversal after the refund, on an order the
/// simulator reversed, one per `after_refund` row, and at least one per such order.
async fn after_refund(
    conn: &mut PgConnection,
    records: &BTreeMap<String, TrxRecord>,
) -> (Explained, HashSet<String>) {
    let rows: Vec<(String, Vec<String>, i64)> = sqlx::query_as(
        "select o.trxid,
                array(select c.order_status || ' ' || c.reported || ' ' || c.source
                        from order_conflicts c where c.order_id = o.order_id order by 1),
                (select count(*) from callback_log l
                  where l.order_id = o.order_id and l.outcome = 'after_refund')
           from orders o where o.refunded is not null",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut out = Explained::default();
    let mut trxids = HashSet::new();
    for (trxid, conflicts, logged) in rows {
        out.conflicts += conflicts.len();
        let reversed =
            (records.get(&trxid)).is_some_and(|r| matches!(r.decided, Decided::Reversed { .. }));
        let all_reversals = conflicts.iter().all(|c| c == "success failed callback");
        let expected = if reversed { logged.max(1) } else { 0 };
        if !all_reversals || conflicts.len() as i64 != logged || logged != expected {
            out.problems.push(format!(
                "{trxid}, refunded: conflicts {conflicts:?}, {logged} reversals logged after the \
                 refund, the simulator reversed it: {reversed}"
            ));
        }
        trxids.insert(trxid);
    }
    (out, trxids)
}

/// How many conflicts the trxid's callbacks make, at least and at most. Once a GAGAL has been
/// answered 200 the order is failed for good, so every SUKSES that started after that and was
/// answered 200 was recorded as a conflict: the least. A SUKSES that ended after the first
/// GAGAL began may have reached loket after it, whatever it was answered: the most.
fn bounds(r: &TrxRecord) -> (usize, usize) {
    let gagal = |c: &&loket::sandbox::sim::biller::CallbackSent| c.status == 1;
    let first_began = r.callbacks.iter().filter(gagal).map(|c| c.started).min();
    let first_taken = (r.callbacks.iter().filter(gagal))
        .filter(|c| c.answered == 200)
        .filter_map(|c| c.ended)
        .min();
    let sukses = || r.callbacks.iter().filter(|c| c.status == 0);
    let must = first_taken.map_or(0, |taken| {
        sukses()
            .filter(|c| c.answered == 200 && c.started > taken)
            .count()
    });
    let may = first_began.map_or(0, |began| {
        sukses()
            .filter(|c| c.ended.is_none_or(|e| e > began))
            .count()
    });
    (must, may)
}

/// Only outcomes the load can cause, and one `conflict` log row per conflict.
async fn callback_log(
    conn: &mut PgConnection,
    by_outcome: &mut BTreeMap<String, i64>,
    conflicts: usize,
    after_refund: usize,
) -> Vec<String> {
    let counts: Vec<(String, i64)> =
        sqlx::query_as("select outcome, count(*) from callback_log group by outcome order by 1")
            .fetch_all(conn)
            .await
            .unwrap();
    by_outcome.extend(counts);
    let mut problems: Vec<String> = (by_outcome.iter())
        .filter(|(outcome, _)| !OUTCOMES.contains(&outcome.as_str()))
        .map(|(outcome, n)| format!("{n} callbacks logged as {outcome}"))
        .collect();
    let logged = by_outcome.get("conflict").copied().unwrap_or(0);
    if logged != conflicts as i64 {
        problems.push(format!(
            "{logged} callbacks logged as conflicts, {conflicts} conflicts recorded"
        ));
    }
    let logged = by_outcome.get("after_refund").copied().unwrap_or(0);
    if logged != after_refund as i64 {
        problems.push(format!(
            "{logged} callbacks logged after a refund, {after_refund} conflicts recorded for them"
        ));
    }
    problems
}
