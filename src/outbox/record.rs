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
            Delivery::Sent => return self.marks.sent(row.outbox_id).await,
            Delivery::Dead(reason) => {
                tracing::warn!(outbox_id = row.outbox_id, chat_id = row.chat_id, reason = %reason, "message undeliverable");
                return dead_letter::bury(&self.pool, &self.admins, row.outbox_id, &reason).await;
            }
            // The chat's later messages wait at least as long, so none overtakes this one.
            Delivery::Retry(after) => sqlx::query(
                "with retried as (
                      update outbox set next_attempt_at = now() + make_interval(secs => $2), locked_until = null
                       where outbox_id = $1
                   returning chat_id, outbox_id, next_attempt_at)
                 update outbox later set next_attempt_at = greatest(later.next_attempt_at, retried.next_attempt_at)
                   from retried
                  where later.chat_id = retried.chat_id and later.outbox_id > retried.outbox_id
                    and later.sent_at is null and later.dead_reason is null",
            )
            .bind(row.outbox_id)
            .bind(after.as_secs_f64()),
        };
        query.execute(&self.pool).await.map(drop)
    }
}
