//! The leases on stored updates: which worker holds which chat's head, taken by one statement
//! and given up by the statement that marks the update handled.
use std::time::Duration;

use sqlx::PgPool;

use super::flood::{self, Facts, FloodLimits};
use crate::bot::Outgoing;
use crate::outbox;

pub(super) struct Claimed {
    pub update_id: i64,
    pub payload: String,
    pub chat_id: i64,
    pub user_id: Option<i64>,
    started: bool,
    recent: Vec<chrono::DateTime<chrono::Utc>>,
    previous_flooded: bool,
}

from_row!(Claimed {
    update_id,
    payload,
    chat_id,
    user_id,
    started,
    recent,
    previous_flooded
});

impl Claimed {
    pub fn flood_facts(&self) -> Facts {
        Facts {
            started: self.started,
            recent: self.recent.clone(),
            previous_flooded: self.previous_flooded,
        }
    }
}

/// What a claim returns of the update `i` it leased: the update, and what flood control needs
/// of its chat (the latest `$3` send times up to it, its predecessor's verdict, whether its
/// sender pressed /start), read in the same statement rather than in one more.
macro_rules! claimed {
    () => {
        "returning i.update_id, i.payload, i.chat_id, i.user_id,
                   coalesce((select u.started_at is not null from users u
                              where u.user_id = i.user_id), false) as started,
                   array(select r.sent_at from inbound_updates r
                          where r.chat_id = i.chat_id and r.update_id <= i.update_id
                          order by r.update_id desc limit $3) as recent,
                   coalesce((select p.flooded from inbound_updates p
                              where p.chat_id = i.chat_id and p.update_id < i.update_id
                              order by p.update_id desc limit 1), false) as previous_flooded"
    };
}

/// How many of the oldest waiting updates a claim looks among first.
const CLAIM_LOOKS_AT: i64 = 64;

/// Leases up to `$1` heads of chats with none in hand, oldest first, among the `$4` oldest
/// waiting updates. An update is its chat's head when no older one of that chat waits.
const CLAIM_OLDEST: &str = concat!(
    "update inbound_updates i set locked_until = now() + make_interval(secs => $2)
      where i.update_id in (
            select w.update_id from inbound_updates w
             where w.update_id = any(array(
                   select update_id from inbound_updates where processed_at is null
                    order by update_id limit $4))
               -- Again on the row being locked: another instance may have taken or finished
               -- it since this statement's snapshot.
               and w.processed_at is null
               and (w.locked_until is null or w.locked_until < now())
               and not exists (select 1 from inbound_updates e
                                where e.chat_id = w.chat_id and e.processed_at is null
                                  and e.update_id < w.update_id)
             order by w.update_id limit $1 for update skip locked) ",
    claimed!()
);

/// The same, among every waiting update: the head of each chat, found by one pass over the
/// waiting updates in chat order.
const CLAIM_ANY: &str = concat!(
    "update inbound_updates i set locked_until = now() + make_interval(secs => $2)
      where i.update_id in (
            select update_id from inbound_updates
             -- The head of each chat's queue. A head in hand keeps its chat out.
             where update_id = any(array(
                   select distinct on (chat_id) update_id from inbound_updates
                    where processed_at is null
                    order by chat_id, update_id))
               and processed_at is null
               and (locked_until is null or locked_until < now())
             order by update_id limit $1 for update skip locked) ",
    claimed!()
);

/// The lease statements of one instance.
#[derive(Clone)]
pub(super) struct Leases {
    pool: PgPool,
    /// How long a claimed update stays ours; renewed while it is handled, so only a dead
    /// instance's updates are taken over.
    pub lease: Duration,
    /// How many of a chat's latest send times flood control needs.
    recent: i64,
}

impl Leases {
    pub fn new(pool: PgPool, lease: Duration, flood: FloodLimits) -> Self {
        Self {
            pool,
            lease,
            recent: flood::recent_wanted(flood),
        }
    }

    /// Leases up to `n` updates, each the oldest waiting one of a chat with none in hand, oldest
    /// first.
    ///
    /// Those are nearly always among the oldest waiting updates, so the first statement looks
    /// only there, at a cost that does not grow with the backlog. It misses heads only behind a
    /// long backlog of chats in hand (one chat flooding), and when it finds fewer than `n` the
    /// second looks at the head of every chat, which costs a visit to every waiting update.
    /// What the first leased is in hand for the second, which so takes the next oldest.
    pub async fn claim(&self, n: usize) -> sqlx::Result<Vec<Claimed>> {
        let mut claimed = self
            .claim_query(CLAIM_OLDEST, n)
            .bind(CLAIM_LOOKS_AT)
            .fetch_all(&self.pool)
            .await?;
        if claimed.len() < n {
            let more = self.claim_query(CLAIM_ANY, n - claimed.len());
            claimed.extend(more.fetch_all(&self.pool).await?);
        }
        Ok(claimed)
    }

    /// A claim statement with its first three parameters: how many, the lease, and how many
    /// send times flood control needs.
    fn claim_query(
        &self,
        sql: &'static str,
        n: usize,
    ) -> sqlx::query::QueryAs<'static, sqlx::Postgres, Claimed, sqlx::postgres::PgArguments> {
        sqlx::query_as(sql)
            .bind(n as i64)
            .bind(self.lease.as_secs_f64())
            .bind(self.recent)
    }

    /// Keeps an update ours while it is still being handled.
    pub async fn renew(&self, update_id: i64) -> sqlx::Result<()> {
        sqlx::query(
            "update inbound_updates set locked_until = now() + make_interval(secs => $2)
              where update_id = $1 and processed_at is null",
        )
        .bind(update_id)
        .bind(self.lease.as_secs_f64())
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// Queues the replies and marks the update handled, together; with `take_next`, leases the
    /// chat's next waiting update in the same statement and returns it.
    pub async fn finish(
        &self,
        update_id: i64,
        flooded: bool,
        replies: Vec<Outgoing>,
        take_next: bool,
    ) -> sqlx::Result<Option<Claimed>> {
        let mark = sqlx::query_as::<_, Claimed>(concat!(
            "with done as (
                  update inbound_updates set processed_at = now(), locked_until = null, flooded = $4
                   where update_id = $1 and processed_at is null
               returning chat_id)
             update inbound_updates i set locked_until = now() + make_interval(secs => $2)
              where $5
                and i.update_id = (select min(n.update_id) from inbound_updates n, done
                                    where n.chat_id = done.chat_id and n.update_id > $1
                                      and n.processed_at is null)
                and (i.locked_until is null or i.locked_until < now()) ",
            claimed!()
        ))
        .bind(update_id)
        .bind(self.lease.as_secs_f64())
        .bind(self.recent)
        .bind(flooded)
        .bind(take_next);
        let next = if replies.is_empty() {
            mark.fetch_optional(&self.pool).await?
        } else {
            let mut tx = self.pool.begin().await?;
            for (n, out) in replies.into_iter().enumerate() {
                let keyboard = match &out.reply.keyboard {
                    Some(k) => serde_json::to_string(k).ok(),
                    None => None,
                };
                outbox::enqueue_reply(
                    &mut tx,
                    (&format!("reply:{update_id}:{n}"), out.chat_id),
                    out.reply.text,
                    keyboard,
                    out.reply.attachment,
                    out.reply.manner,
                )
                .await?;
            }
            let next = mark.fetch_optional(&mut *tx).await?;
            outbox::commit(tx).await?;
            next
        };
        // The statement saw this update as it was before the mark: its verdict is the next
        // one's predecessor's.
        Ok(next.map(|next| Claimed {
            previous_flooded: flooded,
            ..next
        }))
    }

    /// Gives back the leases on `chats`, so that the next start takes their updates at once.
    /// By chat, not by update: a handler stopped while finishing may have leased its chat's next
    /// update already. A chat is in one instance's hands at a time, so every lease on these chats
    /// is ours.
    pub async fn give_back(&self, chats: &[i64]) -> sqlx::Result<()> {
        sqlx::query(
            "update inbound_updates set locked_until = null
              where processed_at is null and locked_until is not null and chat_id = any($1)",
        )
        .bind(chats)
        .execute(&self.pool)
        .await
        .map(drop)
    }
}
