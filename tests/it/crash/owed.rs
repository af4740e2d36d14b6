//! Callbacks the simulator still owes, by trxid: what the purchase's outcome promises less what
//! the simulator has sent, with every attempt so far, so that a run that does not come to rest
//! says which callback it waits for and what loket answered.
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use loket::sandbox::sim::biller::{Outcome, SimBiller, outcome_for};
use sqlx::PgConnection;

#[derive(Debug)]
pub struct Owed {
    pub trxid: String,
    pub outcome: Outcome,
    pub promised: usize,
    pub sent: usize,
    /// Attempts so far: (HTTP status, 0 for none; body or connection error).
    pub tries: Vec<(u16, String)>,
}

/// Every trxid the simulator accepted (a repeated trxid gets no new callback) whose callbacks
/// are not all sent yet.
pub fn owed(sim: &SimBiller) -> Vec<Owed> {
    sim.journal(|j| {
        let mut sent: HashMap<&str, usize> = HashMap::new();
        for (query, _) in &j.callbacks {
            *sent.entry(refid(query)).or_default() += 1;
        }
        let mut seen = HashSet::new();
        j.requests
            .iter()
            .filter(|r| r.sign_ok && seen.insert(r.trxid.as_str()))
            .filter_map(|r| {
                let outcome = outcome_for(&r.idpel);
                let promised = outcome.callbacks().len();
                let sent = sent.get(r.trxid.as_str()).copied().unwrap_or(0);
                (sent < promised).then(|| Owed {
                    trxid: r.trxid.clone(),
                    outcome,
                    promised,
                    sent,
                    tries: j
                        .tries
                        .iter()
                        .filter(|t| t.trxid == r.trxid)
                        .map(|t| (t.answered, t.said.clone()))
                        .collect(),
                })
            })
            .collect()
    })
}

/// How many callbacks are owed in all.
pub fn count(owed: &[Owed]) -> usize {
    owed.iter().map(|o| o.promised - o.sent).sum()
}

/// One line per owed callback: its outcome, its attempts, loket's last answer, and the order's
/// status in the database.
pub async fn describe(conn: &mut PgConnection, owed: &[Owed]) -> String {
    let mut out = String::new();
    for o in owed {
        let status: Option<String> =
            sqlx::query_scalar("select status from orders where trxid = $1")
                .bind(&o.trxid)
                .fetch_optional(&mut *conn)
                .await
                .unwrap();
        let last = match o.tries.last() {
            None => "never tried".to_owned(),
            Some((0, why)) => format!("last: no answer ({why})"),
            Some((code, body)) => format!("last answer: {code} {body:?}"),
        };
        let _ = writeln!(
            out,
            "  {} ({:?}): {} of {} callbacks sent, {} attempts, {last}; order is {}",
            o.trxid,
            o.outcome,
            o.sent,
            o.promised,
            o.tries.len(),
            status.as_deref().unwrap_or("not in the database"),
        );
    }
    out
}

/// The `refid` of a callback query (trxids are digits, sent as they are).
fn refid(query: &str) -> &str {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("refid="))
        .unwrap_or_default()
}
