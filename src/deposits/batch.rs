//! A bank-mutation service's body, item by item: every item is stored (an unreadable one raw)
//! in its own transaction, so one odd item never keeps a reseller's transfer beside it from
//! being credited, and a body sent again finds what it stored before.
use sqlx::PgPool;

use super::mutations::{MutationOutcome, record, record_unreadable};
use super::payload::{Item, parse_payload};
use super::{DepositError, MutationRules};
pub use crate::domain::deposit::Refused;
use crate::grouped_alerts::{self, Kind};
use crate::outbox;
use crate::text::bank as say;

/// What a body did, item by item in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    pub outcomes: Vec<MutationOutcome>,
}

impl Received {
    pub fn credited(&self) -> usize {
        self.count(|o| matches!(o, MutationOutcome::Credited { .. }))
    }

    pub fn invalid(&self) -> usize {
        self.count(|o| o == MutationOutcome::Invalid)
    }

    fn count(&self, pick: impl Fn(MutationOutcome) -> bool) -> usize {
        self.outcomes.iter().copied().filter(|o| pick(*o)).count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// The body holds no list of mutations: nothing is stored, and admins are told (grouped).
    #[error(transparent)]
    Refused(Refused),
    /// The database failed: what was stored stays, the rest waits for the service to send
    /// the body again.
    #[error(transparent)]
    Database(#[from] DepositError),
}

/// Reads a body and stores each of its items. Returns once every item is stored.
pub async fn receive(
    pool: &PgPool,
    rules: &MutationRules,
    body: &[u8],
) -> Result<Received, ReceiveError> {
    let items = match parse_payload(body) {
        Ok(items) => items,
        Err(refused) => {
            let refused = Refused::Payload(refused);
            refuse(pool, rules, &refused, body).await?;
            return Err(ReceiveError::Refused(refused));
        }
    };
    let mut received = Received::default();
    for item in &items {
        let outcome = match item {
            Item::Readable(m) => record(pool, rules, m).await?,
            Item::Unreadable(u) => record_unreadable(pool, rules, u).await?,
        };
        received.outcomes.push(outcome);
    }
    Ok(received)
}

/// A refused body, counted towards the grouped alert: why, and for a body that is no list its
/// first characters (a forged or misrouted one is not worth repeating to anyone).
pub async fn refuse(
    pool: &PgPool,
    rules: &MutationRules,
    why: &Refused,
    body: &[u8],
) -> Result<(), DepositError> {
    let start = match why {
        Refused::Payload(_) => String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
        _ => String::new(),
    };
    let example = say::refused_body(why, &start);
    let mut tx = pool.begin().await?;
    grouped_alerts::note(&mut tx, &rules.admins, Kind::MutationRefused, &example).await?;
    outbox::commit(tx).await?;
    tracing::warn!(why = %why, bytes = body.len(), "bank mutation body refused; nothing stored");
    Ok(())
}
