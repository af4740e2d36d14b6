//! Telegram's sending limits, kept by giving each message its own moment to leave.
//!
//! teloxide's `Throttle` looks at its queue in 250 ms ticks, so it adds up to a quarter of a
//! second to every message, even to the only one being sent. Here each send reserves the
//! earliest moment the limits allow and sleeps exactly until then: an idle bot sends at once,
//! a busy one at Telegram's pace and no faster.
//!
//! Reservations are made in call order, so one chat's messages leave in the order their sends
//! were started (the outbox relies on it).
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use teloxide_core::types::ChatId;
use tokio::time::Instant;

/// Least time between two messages, overall and to one chat of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceLimits {
    /// Any two messages, whatever their chats.
    pub overall: Duration,
    /// A private chat.
    pub private_chat: Duration,
    /// A basic group.
    pub group: Duration,
    /// A supergroup or a channel.
    pub channel: Duration,
}

impl PaceLimits {
    /// What Telegram asks of a bot: about 30 messages a second overall, one a second to a
    /// private chat, 20 a minute to a group, and we keep channels and supergroups to 10 a
    /// minute as teloxide's `Throttle` does.
    pub const TELEGRAM: PaceLimits = PaceLimits {
        // Rounded up: thirty gaps must span a full second, or a 31st message fits in one.
        overall: Duration::from_nanos(1_000_000_000_u64.div_ceil(30)),
        private_chat: Duration::from_secs(1),
        group: Duration::from_secs(3),
        channel: Duration::from_secs(6),
    };

    /// No pace at all: only for measuring loket itself against a Telegram that never refuses.
    pub const NONE: PaceLimits = PaceLimits {
        overall: Duration::ZERO,
        private_chat: Duration::ZERO,
        group: Duration::ZERO,
        channel: Duration::ZERO,
    };

    fn per_chat(&self, chat: i64) -> Duration {
        let chat = ChatId(chat);
        if chat.is_user() {
            self.private_chat
        } else if chat.is_channel_or_supergroup() {
            self.channel
        } else {
            self.group
        }
    }
}

/// Shared by every sender of one bot.
pub struct Pace {
    limits: PaceLimits,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// When each chat may next be sent to.
    chat_free_at: HashMap<i64, Instant>,
    /// Moments reserved across all chats; those more than one gap in the past are dropped.
    reserved: BTreeSet<Instant>,
    /// A 429 holds every send until then.
    frozen_until: Option<Instant>,
}

/// Chats remembered before the ones already free again are forgotten.
const CHATS_KEPT: usize = 4096;

impl Pace {
    pub fn new(limits: PaceLimits) -> Self {
        Self {
            limits,
            state: Mutex::default(),
        }
    }

    /// Waits until a message to `chat` may leave, and counts it as sent then.
    pub async fn admit(&self, chat: i64) {
        loop {
            let at = self.reserve(chat, Instant::now());
            tokio::time::sleep_until(at).await;
            // A 429 that arrived while this send waited moves it past the freeze.
            match self.lock().frozen_until {
                Some(until) if until > Instant::now() => continue,
                _ => return,
            }
        }
    }

    /// The chats a message may not be sent to before a later moment, each with that moment.
    pub fn chats_waiting(&self) -> Vec<(i64, Instant)> {
        let now = Instant::now();
        let state = self.lock();
        state
            .chat_free_at
            .iter()
            .filter(|(_, free)| **free > now)
            .map(|(chat, free)| (*chat, *free))
            .collect()
    }

    /// Whether a chat's second message waits for its first to be a gap old.
    pub fn paces_chats(&self) -> bool {
        !self.limits.private_chat.is_zero()
    }

    /// Telegram answered 429: nothing is sent until `retry_after` has passed.
    pub fn freeze(&self, retry_after: Duration) {
        let until = Instant::now() + retry_after;
        let mut state = self.lock();
        state.frozen_until = Some(state.frozen_until.map_or(until, |u| u.max(until)));
    }

    /// The earliest moment from `now` that keeps both the chat's gap and the overall gap to
    /// every other reservation, reserved for this message.
    fn reserve(&self, chat: i64, now: Instant) -> Instant {
        let gap = self.limits.overall;
        let mut state = self.lock();
        let mut at = now;
        if let Some(free) = state.chat_free_at.get(&chat) {
            at = at.max(*free);
        }
        if let Some(until) = state.frozen_until {
            at = at.max(until);
        }
        if !gap.is_zero() {
            let stale = now.checked_sub(gap).unwrap_or(now);
            while state.reserved.first().is_some_and(|first| *first < stale) {
                state.reserved.pop_first();
            }
            let from = at.checked_sub(gap).unwrap_or(at);
            for &taken in state.reserved.range(from..) {
                if taken >= at + gap {
                    break;
                }
                if taken + gap > at {
                    at = taken + gap;
                }
            }
            state.reserved.insert(at);
        }
        if state.chat_free_at.len() >= CHATS_KEPT {
            state.chat_free_at.retain(|_, free| *free > now);
        }
        let per_chat = self.limits.per_chat(chat);
        if !per_chat.is_zero() {
            state.chat_free_at.insert(chat, at + per_chat);
        }
        at
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding it; if something did, the times inside are still valid.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests;
