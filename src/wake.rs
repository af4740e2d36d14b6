//! Wake-ups inside one process: the code that commits work rings, and this instance's idle
//! workers take it at once, with no round trip through PostgreSQL.
//!
//! Why not `NOTIFY`: PostgreSQL serialises the commits of every transaction that notifies,
//! WAL flush included, to keep its queue in commit order. Measured with pgbench on two cores, a
//! notifying transaction of two writes committed at half the rate of the same without
//! `NOTIFY`, and one of seven writes at 70 %. Every purchase and callback used to notify.
//!
//! Work committed by another process (a second instance, the command line) is found by each
//! worker's periodic poll instead, within a second.
use std::sync::LazyLock;

use tokio::sync::watch;

/// Something was queued in the outbox.
pub static OUTBOX: Bell = Bell::new();
/// Updates were stored in `inbound_updates`.
pub static INBOUND: Bell = Bell::new();

/// A counter that rings bump; each [`Listener`] remembers the last ring it saw, so a ring while
/// its worker was busy is not lost: the next wait returns at once.
pub struct Bell(LazyLock<watch::Sender<u64>>);

impl Bell {
    const fn new() -> Self {
        Self(LazyLock::new(|| watch::Sender::new(0)))
    }

    pub fn ring(&self) {
        self.0.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Rings from now on wake the returned listener.
    pub fn listen(&self) -> Listener {
        Listener(self.0.subscribe())
    }
}

pub struct Listener(watch::Receiver<u64>);

impl Listener {
    /// Resolves once the bell has rung since the last time this resolved (or since listening
    /// began).
    pub async fn rung(&mut self) {
        if self.0.changed().await.is_err() {
            // The sender is a static and is never dropped; never resolve rather than spin.
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_ring_while_busy_is_not_lost_and_one_wait_takes_all_before_it() {
        let bell = Bell::new();
        let mut listener = bell.listen();
        let waited = tokio::time::timeout(Duration::from_millis(20), listener.rung()).await;
        assert!(waited.is_err(), "no ring yet");
        bell.ring();
        bell.ring();
        tokio::time::timeout(Duration::from_secs(1), listener.rung())
            .await
            .expect("the rings before the wait are seen");
        let again = tokio::time::timeout(Duration::from_millis(20), listener.rung()).await;
        assert!(again.is_err(), "two rings wake one wait, not two");
    }
}
