//! A message Telegram refused for good (a dead letter). Its row is marked dead and the admins
//! are alerted in one transaction, under a key made from the row: a worker that crashes before
//! the commit records neither (the row is claimed and refused again later), and a second pass
//! recording the same refusal finds the row already dead and alerts nobody.
//!
//! A broadcast's message that dies is counted in the broadcast's summary instead (R39).
//!
//! Alerts about dead letters cannot loop: the chat that refused never gets the alert, and an
//! alert about a dead letter that dies itself alerts nobody (the other admins got the same
//! alert); when no admin is left to tell, it is logged as an error.
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::alert_admins;
use crate::text;

/// Dedup keys of alerts about dead letters start with this.
const ALERT_PREFIX: &str = "dead:";

/// A dead row, with whom it was for (when they are a user of ours) and, for a message about an
/// order, the order's trxid.
macro_rules! select_dead {
    ($cond:literal) => {
        concat!(
            "select o.outbox_id, o.chat_id, o.text, o.dead_reason,
                    coalesce(o.dead_at, o.created_at) as dead_at, o.dedup_key, o.resends,
                    u.full_name, u.username, ord.trxid
               from outbox o
               left join lateral (select full_name, username from users
                                   where chat_id = o.chat_id order by user_id limit 1) u on true
               left join orders ord on ord.order_id =
                    case when o.dedup_key ~ '^order:[0-9]{1,18}:'
                         then split_part(o.dedup_key, ':', 2)::bigint end
              where o.dead_reason is not null and ",
            $cond
        )
    };
}
pub(super) use select_dead;

/// An undelivered message as admins see it.
#[derive(Debug, Clone)]
pub struct DeadLetter {
    pub outbox_id: i64,
    pub chat_id: i64,
    /// As queued: Telegram HTML.
    pub text: String,
    pub dead_reason: String,
    pub dead_at: DateTime<Utc>,
    pub dedup_key: String,
    pub resends: i32,
    pub full_name: Option<String>,
    pub username: Option<String>,
    pub trxid: Option<String>,
}

from_row!(DeadLetter {
    outbox_id,
    chat_id,
    text,
    dead_reason,
    dead_at,
    dedup_key,
    resends,
    full_name,
    username,
    trxid
});

impl DeadLetter {
    /// An order's final result (SUKSES, GAGAL, or the reversal of a SUKSES).
    pub fn is_result(&self) -> bool {
        self.dedup_key.starts_with("order:")
            && (self.dedup_key.ends_with(":final") || self.dedup_key.ends_with(":reversal"))
    }

    pub fn view(&self) -> text::dead::Undelivered<'_> {
        text::dead::Undelivered {
            outbox_id: self.outbox_id,
            chat_id: self.chat_id,
            name: self.full_name.as_deref(),
            username: self.username.as_deref(),
            html: &self.text,
            reason: &self.dead_reason,
            at: self.dead_at,
            trxid: self.trxid.as_deref(),
            result: self.is_result(),
        }
    }

    /// One alert per death: a resent message that dies again has a new `resends`.
    fn alert_key(&self) -> String {
        format!("{ALERT_PREFIX}{}:{}", self.outbox_id, self.resends)
    }
}

/// Who is told that `dead` died: every admin but the chat that refused, and nobody when `dead`
/// was itself an alert about a dead letter.
pub(super) fn recipients(admins: &[i64], dead: &DeadLetter) -> Vec<i64> {
    if dead.dedup_key.starts_with(ALERT_PREFIX) {
        return Vec::new();
    }
    admins
        .iter()
        .copied()
        .filter(|a| *a != dead.chat_id)
        .collect()
}

/// Marks `outbox_id` dead for `reason` and alerts admins, unless its result was recorded
/// already (sent, or dead by another pass).
pub async fn bury(pool: &PgPool, admins: &[i64], outbox_id: i64, reason: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let marked = sqlx::query(
        "update outbox set dead_reason = $2, dead_at = now(), locked_until = null
          where outbox_id = $1 and sent_at is null and dead_reason is null",
    )
    .bind(outbox_id)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(());
    }
    let dead: DeadLetter = sqlx::query_as(select_dead!("o.outbox_id = $1"))
        .bind(outbox_id)
        .fetch_one(&mut *tx)
        .await?;
    let to = recipients(admins, &dead);
    if super::broadcast::is_message(&dead.dedup_key) {
        // Counted in the broadcast's one summary to admins, not alerted alone.
        tracing::info!(
            outbox_id,
            chat_id = dead.chat_id,
            reason,
            "broadcast message undeliverable"
        );
    } else if to.is_empty() {
        tracing::error!(
            outbox_id,
            chat_id = dead.chat_id,
            dedup_key = %dead.dedup_key,
            reason,
            "undeliverable message and no admin left to tell"
        );
    } else {
        let alert = text::dead::alert(&dead.view());
        alert_admins(&mut tx, &to, &dead.alert_key(), &alert).await?;
    }
    super::commit(tx).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dead(chat_id: i64, dedup_key: &str) -> DeadLetter {
        DeadLetter {
            outbox_id: 7,
            chat_id,
            text: "x".into(),
            dead_reason: "Forbidden: bot was blocked by the user".into(),
            dead_at: Utc::now(),
            dedup_key: dedup_key.into(),
            resends: 0,
            full_name: None,
            username: None,
            trxid: None,
        }
    }

    #[test]
    fn the_refusing_chat_is_never_told_and_a_dead_alert_about_a_dead_letter_tells_nobody() {
        let admins = [1, 2, 3];
        assert_eq!(recipients(&admins, &dead(42, "order:5:final")), [1, 2, 3]);
        assert_eq!(recipients(&admins, &dead(2, "conflict:9:admin:2")), [1, 3]);
        assert!(recipients(&admins, &dead(2, "dead:7:0:admin:2")).is_empty());
        assert!(recipients(&[2], &dead(2, "stuck:1:admin:2")).is_empty());
    }

    #[test]
    fn only_final_results_and_reversals_count_as_results() {
        assert!(dead(1, "order:5:final").is_result());
        assert!(dead(1, "order:5:reversal").is_result());
        assert!(!dead(1, "order:5:accepted").is_result());
        assert!(!dead(1, "balance:tg:1:2").is_result());
    }
}
