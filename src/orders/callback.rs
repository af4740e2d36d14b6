//! A supplier callback, applied in one transaction with its audit row.
use super::transition::{Decision, Report, ReportKind, Source, apply};
use super::{Key, OrderError, Orders, load};
use crate::biller::{Callback, CallbackStatus, RejectedCallback};
use crate::{outbox, text};

/// Where a callback came from, as received (the token is in the path, never in here).
#[derive(Debug, Clone)]
pub struct CallbackAudit {
    pub peer_ip: String,
    pub raw_query: String,
}

/// Audit rows keep this much of a query; enough to investigate, bounded against abuse.
const MAX_AUDIT_QUERY: usize = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackOutcome {
    Applied,
    Duplicate,
    Reversal,
    Conflict,
    Mismatch,
    UnknownRefid,
}

impl CallbackOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Duplicate => "duplicate",
            Self::Reversal => "reversal",
            Self::Conflict => "conflict",
            Self::Mismatch => "mismatch",
            Self::UnknownRefid => "unknown_refid",
        }
    }
}

impl Orders {
    #[tracing::instrument(name = "Apply supplier callback", skip_all, fields(trxid = %cb.refid, status = ?cb.status))]
    pub async fn apply_callback(
        &self,
        cb: &Callback,
        audit: &CallbackAudit,
    ) -> Result<CallbackOutcome, OrderError> {
        let mut tx = self.pool.begin().await?;
        let order = load(&mut tx, Key::Trxid(cb.refid.as_str()), true).await?;
        let (outcome, detail) = match &order {
            None => (CallbackOutcome::UnknownRefid, String::new()),
            Some(order) => match mismatch(cb, &order.product_code, &order.destination) {
                Some(detail) => (CallbackOutcome::Mismatch, detail),
                None => {
                    let report = Report {
                        kind: match cb.status {
                            CallbackStatus::Success => ReportKind::Success,
                            CallbackStatus::Failed => ReportKind::Failed,
                        },
                        sn: cb.details.sn.as_deref(),
                        reason: (cb.status == CallbackStatus::Failed && !cb.message.is_empty())
                            .then_some(cb.message.as_str()),
                        source: Source::Callback,
                    };
                    let outcome = match apply(&mut tx, &self.admins, order, &report).await? {
                        Decision::Post | Decision::Void => CallbackOutcome::Applied,
                        Decision::Reverse => CallbackOutcome::Reversal,
                        Decision::Duplicate => CallbackOutcome::Duplicate,
                        Decision::Conflict => CallbackOutcome::Conflict,
                    };
                    (outcome, String::new())
                }
            },
        };
        let callback_id = insert_log(
            &mut tx,
            audit,
            Some(cb.refid.as_str()),
            order.as_ref().map(|o| o.order_id),
            outcome.as_str(),
            &detail,
        )
        .await?;
        let alert = match outcome {
            CallbackOutcome::UnknownRefid => {
                Some(text::admin_callback_unknown_refid(cb.refid.as_str()))
            }
            CallbackOutcome::Mismatch => {
                Some(text::admin_callback_mismatch(cb.refid.as_str(), &detail))
            }
            _ => None,
        };
        if let Some(alert) = alert {
            let key = format!("callback:{callback_id}");
            outbox::alert_admins(&mut tx, &self.admins, &key, &alert).await?;
            tracing::warn!(outcome = outcome.as_str(), detail = %detail, "callback ignored");
        }
        tx.commit().await?;
        tracing::info!(outcome = outcome.as_str(), "callback recorded");
        Ok(outcome)
    }

    /// An authenticated callback we could not parse: kept for the audit trail, nothing else.
    pub async fn record_invalid_callback(
        &self,
        audit: &CallbackAudit,
        why: &RejectedCallback,
    ) -> Result<(), OrderError> {
        let mut conn = self.pool.acquire().await?;
        insert_log(&mut conn, audit, None, None, "invalid", &why.to_string()).await?;
        tracing::warn!(why = %why, "invalid callback refused");
        Ok(())
    }
}

/// A callback must be about the order it names: same product, same destination. Anything else
/// is a misrouted or forged report and changes nothing (R7).
fn mismatch(cb: &Callback, product: &str, destination: &str) -> Option<String> {
    match (&cb.product, &cb.dest) {
        (Some(p), Some(d)) if p.eq_ignore_ascii_case(product) && d == destination => None,
        (Some(p), Some(d)) => Some(format!(
            "callback says product {p} to {d}, order is {product} to {destination}"
        )),
        _ => Some("callback without product or dest".into()),
    }
}

async fn insert_log(
    conn: &mut sqlx::PgConnection,
    audit: &CallbackAudit,
    refid: Option<&str>,
    order_id: Option<i64>,
    outcome: &str,
    detail: &str,
) -> Result<i64, sqlx::Error> {
    let mut raw = audit.raw_query.as_str();
    if raw.len() > MAX_AUDIT_QUERY {
        let mut end = MAX_AUDIT_QUERY;
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        raw = &raw[..end];
    }
    let (id,): (i64,) = sqlx::query_as(
        "insert into callback_log (peer_ip, raw_query, refid, order_id, outcome, detail)
         values ($1, $2, $3, $4, $5, $6) returning callback_id",
    )
    .bind(&audit.peer_ip)
    .bind(raw)
    .bind(refid)
    .bind(order_id)
    .bind(outcome)
    .bind(detail)
    .fetch_one(conn)
    .await?;
    Ok(id)
}
