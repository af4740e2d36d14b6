//! "Sent" marks, written in groups: while one group's update is in flight, the marks of sends
//! that finish meanwhile queue up, and the next update writes them all. An idle worker writes
//! each mark at once, as before; under load one statement marks many messages, instead of one
//! transaction per message.
//!
//! Each sender still waits for its own mark to commit, so a message is recorded as sent before
//! its sender moves on, and the window in which a crash sends it twice (R20) grows only by the
//! wait for the group ahead of it.
use sqlx::PgPool;
use tokio::sync::{mpsc, oneshot};

/// Most marks in one statement.
const MAX_GROUP: usize = 256;

struct Mark {
    outbox_id: i64,
    done: oneshot::Sender<Result<(), String>>,
}

#[derive(Clone)]
pub(super) struct Marks {
    queue: mpsc::UnboundedSender<Mark>,
}

impl Marks {
    /// Starts the writer; it ends when the last clone of this handle is dropped, after writing
    /// what was queued.
    pub(super) fn start(pool: PgPool) -> Self {
        let (queue, mut marks) = mpsc::unbounded_channel::<Mark>();
        tokio::spawn(async move {
            while let Some(first) = marks.recv().await {
                let mut group = vec![first];
                while group.len() < MAX_GROUP {
                    match marks.try_recv() {
                        Ok(more) => group.push(more),
                        Err(_) => break,
                    }
                }
                let ids: Vec<i64> = group.iter().map(|m| m.outbox_id).collect();
                let written = sqlx::query(
                    "update outbox set sent_at = now(), locked_until = null where outbox_id = any($1)",
                )
                .bind(&ids)
                .execute(&pool)
                .await
                .map(drop)
                .map_err(|e| e.to_string());
                for mark in group {
                    let _ = mark.done.send(written.clone());
                }
            }
        });
        Self { queue }
    }

    /// Records `outbox_id` as sent; returns once that is committed.
    pub(super) async fn sent(&self, outbox_id: i64) -> sqlx::Result<()> {
        let (done, written) = oneshot::channel();
        let lost = || sqlx::Error::Protocol("the outbox mark writer stopped".into());
        self.queue
            .send(Mark { outbox_id, done })
            .map_err(|_| lost())?;
        match written.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(sqlx::Error::Protocol(why)),
            Err(_) => Err(lost()),
        }
    }
}
