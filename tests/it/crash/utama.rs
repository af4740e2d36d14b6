//! Orders whose current attempt is at utama, held to what its simulator decided for that
//! attempt's ref: asked once (R13), and `unknown` only where nothing utama decided reached
//! loket.
use loket::sandbox::sim::biller::{Answer, Decided, Outcome, TrxRecord};

use super::attempts;
use super::coverage::Kill;
use super::process::Loket;
use super::world::{Money, Order};

/// How the report names what utama decided.
pub fn decided_name(record: Option<&TrxRecord>) -> &'static str {
    match record.map(|r| &r.decided) {
        None => "never asked",
        Some(Decided::Nothing) => "nothing",
        Some(Decided::Success { .. }) => "success",
        Some(Decided::Failed { by_callback: false }) => "failed at once",
        Some(Decided::Failed { by_callback: true }) => "failed by callback",
        Some(Decided::Reversed { .. }) => "reversed",
    }
}

/// R13: one request per ref, signed, naming the SKU of the order's product at utama and its
/// destination.
pub fn asked_once(o: &Order, r: &TrxRecord) -> Vec<String> {
    let mut problems = Vec::new();
    if r.requests.len() != 1 {
        problems.push(format!(
            "{}: sent to the supplier {} times (R13): {:?}",
            o.current_ref(),
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
        let sku = super::load::step_sku(&o.product_code, "utama");
        let ordered = (
            Some("trx"),
            Some(sku.unwrap_or(o.product_code.as_str())),
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
pub fn expected(
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

/// An attempt the supplier never heard of: right only if recovery made the order `unknown`,
/// with its money held, after the instance that began the attempt (placed the order, or moved
/// it on) was killed.
fn never_asked(
    o: &Order,
    held_by_recovery: bool,
    kills: &[Kill],
) -> Result<(Money, Option<&'static str>), String> {
    let began = attempts::current_began(o);
    let by_killed = (kills.iter()).any(|k| k.began_db <= began && began <= k.killed_db);
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
