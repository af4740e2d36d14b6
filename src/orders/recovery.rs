//! Orders left in `sending` by a crash: we cannot know whether the supplier got them.
use std::time::Duration;

use super::transition::{Source, record_event};
use super::{Key, OrderError, Orders, load};
use crate::domain::OrderStatus;
use crate::{outbox, text};

impl Orders {
    /// Marks `sending` orders older than `older_than` as `unknown` (money stays held; a callback
    /// or an admin settles them). The age guard keeps a starting instance from taking over an
    /// order another live instance is still sending: no live request outlasts the supplier
    /// timeout. A later attempt is aged from when it began (`attempt_at`), not from the order:
    /// an order that failed over a minute ago may be sending its next attempt right now.
    /// Returns how many orders were marked.
    #[tracing::instrument(name = "Recover interrupted orders", skip_all)]
    pub async fn recover_interrupted(&self, older_than: Duration) -> Result<u64, OrderError> {
        let mut tx = self.pool.begin().await?;
        let ids: Vec<(i64,)> = sqlx::query_as(
            "update orders set status = 'unknown', updated_at = now()
              where status = 'sending'
                and coalesce(attempt_at, created_at) < now() - make_interval(secs => $1)
             returning order_id",
        )
        .bind(older_than.as_secs_f64())
        .fetch_all(&mut *tx)
        .await?;
        for (order_id,) in &ids {
            record_event(
                &mut tx,
                *order_id,
                Some(OrderStatus::Sending),
                OrderStatus::Unknown,
                &Source::Recovery,
            )
            .await?;
            let order =
                load(&mut tx, Key::Id(*order_id), false)
                    .await?
                    .ok_or(OrderError::NotFound {
                        order_id: *order_id,
                    })?;
            // A line of several was told "diproses" by its message's combined answer, which the
            // intake queues with the update's handling: it exists, or the update is handled again
            // and says it then (R47). Telling the line again here would say it twice.
            if !order.several_lines {
                let key = format!("order:{order_id}:accepted");
                let told = text::order_accepted(&order.facts());
                let manner = order.asked_in().quietly();
                outbox::enqueue_in(&mut tx, &key, order.user_chat_id, told, manner).await?;
            }
            tracing::warn!(trxid = %order.trxid, "interrupted order marked unknown; money stays held");
        }
        outbox::commit(tx).await?;
        Ok(ids.len() as u64)
    }
}
