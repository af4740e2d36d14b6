//! What a send's result does to its row.
use super::claim::Claimed;
use super::dead_letter;
use super::delivery::Delivery;
use super::worker::OutboxWorker;
use crate::metrics::SendResult;

impl OutboxWorker {
    pub(super) async fn record(&self, row: &Claimed, delivery: Delivery) -> sqlx::Result<()> {
        self.metrics.outbox_send(match delivery {
            Delivery::Sent => SendResult::Sent,
            Delivery::Dead(_) => SendResult::Dead,
            Delivery::Retry(_) => SendResult::Retry,
        });
        let query = match delivery {
            Delivery::Sent if row.merged.is_empty() => return self.marks.sent(row.outbox_id).await,
            // One statement for the message and the alerts it carried: a crash leaves them all
            // unsent (R20's window) or all sent, never some sent twice on their own.
            Delivery::Sent => sqlx::query(
                "update outbox set sent_at = now(), locked_until = null,
                                   sent_with = case when outbox_id = $1 then null else $1 end
                  where outbox_id = $1 or outbox_id = any($2)",
            )
            .bind(row.outbox_id)
            .bind(&row.merged),
            Delivery::Dead(reason) => {
                tracing::warn!(outbox_id = row.outbox_id, chat_id = row.chat_id, reason = %reason, "message undeliverable");
                for id in std::iter::once(row.outbox_id).chain(row.merged.iter().copied()) {
                    dead_letter::bury(&self.pool, &self.admins, id, &reason).await?;
                }
                return Ok(());
            }
            // The chat's later messages of its lane wait at least as long, so none overtakes
            // this one; merged alerts wait with it.
            Delivery::Retry(after) => sqlx::query(
                "with retried as (
                      update outbox set next_attempt_at = now() + make_interval(secs => $2), locked_until = null
                       where outbox_id = $1 or outbox_id = any($3)
                   returning chat_id, outbox_id, next_attempt_at, alert_kind, broadcast_id)
                 update outbox later set next_attempt_at = greatest(later.next_attempt_at, retried.next_attempt_at)
                   from (select * from retried where outbox_id = $1) retried
                  where later.chat_id = retried.chat_id and later.outbox_id > retried.outbox_id
                    and (later.alert_kind is null) = (retried.alert_kind is null)
                    and (later.broadcast_id is null) = (retried.broadcast_id is null)
                    and later.outbox_id <> all($3)
                    and later.sent_at is null and later.dead_reason is null",
            )
            .bind(row.outbox_id)
            .bind(after.as_secs_f64())
            .bind(&row.merged),
        };
        query.execute(&self.pool).await.map(drop)
    }
}
