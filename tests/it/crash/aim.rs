//! Where a kill strikes. Every kill waits a random delay; every other one then also waits, up to
//! [`AIM_WITHIN`], for one kind of work to be in flight and strikes the moment it sees it. A
//! callback or a purchase request is open at the simulator, and an update or a message is
//! leased, for milliseconds at a time: random kills alone would land on some of them only now
//! and then, and a run could pass without ever killing loket in the middle of one.
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use loket::sandbox::sim::biller::SimBiller;
use sqlx::PgConnection;

use super::coverage::LEASE_SECS;

/// How long an aimed kill waits for its moment before it strikes anyway.
const AIM_WITHIN: Duration = Duration::from_secs(2);

/// What a kill waits for, after its random delay, before it strikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    /// Strikes at once.
    Random,
    /// A callback request open at the simulator.
    Callback,
    /// A Telegram update this life has leased: being handled.
    Update,
    /// A purchase request open at the simulator.
    Request,
    /// An outbox row this life has leased: a message being sent.
    Outbox,
}

/// The aim of the `k`-th kill (from 1): odd kills strike at random, even ones take the four
/// aims in turn.
pub fn aim(k: usize) -> Aim {
    match (k % 2, k / 2 % 4) {
        (1, _) => Aim::Random,
        (_, 1) => Aim::Callback,
        (_, 2) => Aim::Update,
        (_, 3) => Aim::Request,
        _ => Aim::Outbox,
    }
}

/// Waits, up to [`AIM_WITHIN`], for what `aim` aims at in the life that began at `began`.
pub async fn take(aim: Aim, sim: &SimBiller, conn: &mut PgConnection, began: DateTime<Utc>) {
    let leased = match aim {
        Aim::Random => return,
        Aim::Callback => {
            sim.wait_for(AIM_WITHIN, |j| j.callbacks_open > 0).await;
            return;
        }
        Aim::Request => {
            sim.wait_for(AIM_WITHIN, |j| j.requests_open > 0).await;
            return;
        }
        Aim::Update => {
            "select exists(select 1 from inbound_updates
                            where processed_at is null
                              and locked_until >= $1 + make_interval(secs => $2))"
        }
        Aim::Outbox => {
            "select exists(select 1 from outbox
                            where sent_at is null and dead_reason is null
                              and locked_until >= $1 + make_interval(secs => $2))"
        }
    };
    // Polled without a pause: a lease can last a few milliseconds, and this runs for at most
    // AIM_WITHIN.
    let deadline = Instant::now() + AIM_WITHIN;
    while Instant::now() < deadline {
        let found: bool = sqlx::query_scalar(leased)
            .bind(began)
            .bind(LEASE_SECS as f64)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        if found {
            return;
        }
    }
}
