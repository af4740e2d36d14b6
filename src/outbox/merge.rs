//! Alerts of one kind waiting for one admin leave as one message (R21a; see
//! [`super::alert_admins`]).
//!
//! A claimed alert takes with it the other alerts of its kind waiting for the same chat, leased
//! as it is, and its text becomes theirs all, as much as one message holds. The rows stay one
//! per event (each keyed, each written with the change it announces); only their sending is
//! shared: sent, retried or refused together. Those that did not fit are given back and lead
//! the next message, a second later under Telegram's pace.
use super::claim::Claimed;
use super::worker::OutboxWorker;
use crate::text;

/// Most alerts considered for one message; far more than fit in 4096 characters.
const MOST: i64 = 100;

impl OutboxWorker {
    /// Merges into each claimed alert the other alerts of its kind waiting for its chat.
    pub(super) async fn merge(&self, claimed: &mut [Claimed]) -> sqlx::Result<()> {
        for row in claimed.iter_mut() {
            if let Some(kind) = row.alert_kind.clone() {
                self.merge_into(row, &kind).await?;
            }
        }
        Ok(())
    }

    async fn merge_into(&self, row: &mut Claimed, kind: &str) -> sqlx::Result<()> {
        let siblings: Vec<(i64, String, i64)> = sqlx::query_as(
            "with taken as (
                  update outbox set locked_until = now() + make_interval(secs => $4),
                                    attempts = attempts + 1
                   where outbox_id in (
                         select outbox_id from outbox
                          where chat_id = $1 and alert_kind = $2 and outbox_id <> $3
                            and sent_at is null and dead_reason is null and next_attempt_at <= now()
                            and (locked_until is null or locked_until < now())
                            -- A part of a long alert (`key#2`) is already a message's worth,
                            -- cut to be read in order: it neither leads nor joins a merge.
                            and dedup_key !~ '#[0-9]+$'
                            and (select l.dedup_key !~ '#[0-9]+$' from outbox l where l.outbox_id = $3)
                          order by outbox_id limit $5 for update skip locked)
               returning outbox_id, text)
             select outbox_id, text,
                    (select count(*) from outbox
                      where chat_id = $1 and alert_kind = $2 and dedup_key !~ '#[0-9]+$'
                        and sent_at is null and dead_reason is null)
               from taken order by outbox_id",
        )
        .bind(row.chat_id)
        .bind(kind)
        .bind(row.outbox_id)
        .bind(self.lease.as_secs_f64())
        .bind(MOST)
        .fetch_all(&self.pool)
        .await?;
        let Some(&(_, _, waiting)) = siblings.first() else {
            return Ok(());
        };
        let mut items: Vec<&str> = vec![row.text.as_str()];
        items.extend(siblings.iter().map(|(_, text, _)| text.as_str()));
        let (merged, used) = text::alerts::merged(kind, waiting.max(1) as usize, &items);
        let (kept, given_back) = siblings.split_at(used - 1);
        row.merged = kept.iter().map(|(id, ..)| *id).collect();
        row.text = merged;
        let back: Vec<i64> = given_back.iter().map(|(id, ..)| *id).collect();
        self.give_back(&back).await
    }

    /// Leased for a merge but not taken into the message: claimable again, no attempt counted.
    async fn give_back(&self, ids: &[i64]) -> sqlx::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "update outbox set locked_until = null, attempts = attempts - 1
              where outbox_id = any($1) and sent_at is null",
        )
        .bind(ids)
        .execute(&self.pool)
        .await
        .map(drop)
    }
}
