//! Telegram's flood limits: one message a second to a chat, thirty a second overall.
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// How hard the fake pushes back. The defaults match what Telegram documents and what loket's
/// pace keeps to, so a bot that keeps that pace sees no 429 at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Least time between two accepted messages to one chat; `None` lifts the rule.
    pub per_chat: Option<Duration>,
    /// Most messages accepted across all chats within any one second; `None` lifts the rule.
    pub overall_per_sec: Option<u32>,
    /// Taken off both windows. A client that spaces its sends exactly still has them arrive
    /// closer together: a bot that lets the 31st message go one second after the 1st was seen,
    /// on a busy machine, to have them arrive 900 ms apart (the first sends open new
    /// connections; later sends reuse them). A bot refused despite this slack is not keeping
    /// the pace at all.
    pub slack: Duration,
    /// Whether and how `editMessageText` and `editMessageReplyMarkup` are limited.
    pub edits: EditLimit,
}

/// Bots pace their sends but not their edits (teloxide's `Throttle` and loket alike), so
/// counting edits against the send clock would punish a bot that answers a button press by
/// editing the message it has just sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditLimit {
    /// Edits are never refused for flooding.
    Unlimited,
    /// One edit a second per chat, kept apart from sends and from the overall count.
    OwnClock,
    /// Edits count as sends: per chat and overall.
    SharedWithSends,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_chat: Some(Duration::from_secs(1)),
            overall_per_sec: Some(30),
            slack: Duration::from_millis(250),
            edits: EditLimit::OwnClock,
        }
    }
}

impl Limits {
    /// No flood limits at all.
    pub fn off() -> Self {
        Self {
            per_chat: None,
            overall_per_sec: None,
            slack: Duration::ZERO,
            edits: EditLimit::Unlimited,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Send,
    Edit,
}

/// What was accepted recently: enough to judge the next message.
#[derive(Debug, Default)]
pub(super) struct Limiter {
    last: HashMap<(i64, Kind), Instant>,
    /// Accepted sends, oldest first, within the last second.
    window: VecDeque<Instant>,
}

impl Limiter {
    /// Accepts a message to `chat` at `now`, or says how many whole seconds to wait.
    pub(super) fn admit(
        &mut self,
        limits: &Limits,
        chat: i64,
        kind: Kind,
        now: Instant,
    ) -> Result<(), u32> {
        let (clock, overall) = match (kind, limits.edits) {
            (Kind::Send, _) | (Kind::Edit, EditLimit::SharedWithSends) => (Kind::Send, true),
            (Kind::Edit, EditLimit::OwnClock) => (Kind::Edit, false),
            (Kind::Edit, EditLimit::Unlimited) => return Ok(()),
        };
        let span = Duration::from_secs(1).saturating_sub(limits.slack);
        while self
            .window
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= span)
        {
            self.window.pop_front();
        }
        if let (Some(gap), Some(last)) = (limits.per_chat, self.last.get(&(chat, clock))) {
            let gap = gap.saturating_sub(limits.slack);
            let elapsed = now.saturating_duration_since(*last);
            if elapsed < gap {
                return Err(whole_seconds(gap - elapsed));
            }
        }
        if let Some(max) = limits.overall_per_sec.filter(|_| overall) {
            let max = max as usize;
            if self.window.len() >= max {
                // The count drops below the limit once this many of the oldest have aged out.
                let frees = self.window.len() - max;
                let wait = self.window.get(frees).map_or(span, |oldest| {
                    (*oldest + span).saturating_duration_since(now)
                });
                return Err(whole_seconds(wait));
            }
            self.window.push_back(now);
        }
        if limits.per_chat.is_some() {
            self.last.insert((chat, clock), now);
        }
        Ok(())
    }
}

/// Telegram's `retry_after` is whole seconds, and never zero.
fn whole_seconds(wait: Duration) -> u32 {
    u32::try_from(wait.as_millis().div_ceil(1000))
        .unwrap_or(u32::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn one_message_a_second_per_chat_with_slack() {
        let limits = Limits::default();
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0), Ok(()));
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0 + ms(10)), Err(1));
        assert_eq!(limiter.admit(&limits, 2, Kind::Send, t0 + ms(10)), Ok(()));
        // Arriving a little early is forgiven: the client measured from when it sent.
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0 + ms(760)), Ok(()));
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0 + ms(1000)), Err(1));
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0 + ms(1510)), Ok(()));
    }

    #[test]
    fn thirty_a_second_overall() {
        let limits = Limits::default();
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        for chat in 0..30 {
            assert_eq!(
                limiter.admit(&limits, chat, Kind::Send, t0 + ms(chat as u64)),
                Ok(())
            );
        }
        assert_eq!(limiter.admit(&limits, 99, Kind::Send, t0 + ms(100)), Err(1));
        assert_eq!(limiter.admit(&limits, 99, Kind::Send, t0 + ms(740)), Err(1));
        assert_eq!(limiter.admit(&limits, 99, Kind::Send, t0 + ms(760)), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let limits = Limits {
            per_chat: Some(Duration::from_secs(3)),
            ..Limits::default()
        };
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        limiter.admit(&limits, 1, Kind::Send, t0).unwrap();
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0 + ms(100)), Err(3));
        assert_eq!(limiter.admit(&limits, 1, Kind::Send, t0 + ms(2700)), Err(1));
    }

    #[test]
    fn edits_follow_the_edit_policy() {
        let t0 = Instant::now();
        let own = Limits::default();
        let mut limiter = Limiter::default();
        limiter.admit(&own, 1, Kind::Send, t0).unwrap();
        assert_eq!(limiter.admit(&own, 1, Kind::Edit, t0 + ms(10)), Ok(()));
        assert_eq!(limiter.admit(&own, 1, Kind::Edit, t0 + ms(20)), Err(1));

        let shared = Limits {
            edits: EditLimit::SharedWithSends,
            ..Limits::default()
        };
        let mut limiter = Limiter::default();
        limiter.admit(&shared, 1, Kind::Send, t0).unwrap();
        assert_eq!(limiter.admit(&shared, 1, Kind::Edit, t0 + ms(10)), Err(1));

        let unlimited = Limits {
            edits: EditLimit::Unlimited,
            ..Limits::default()
        };
        let mut limiter = Limiter::default();
        for n in 0..5 {
            assert_eq!(limiter.admit(&unlimited, 1, Kind::Edit, t0 + ms(n)), Ok(()));
        }
    }

    #[test]
    fn off_accepts_everything() {
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        for n in 0..100 {
            assert_eq!(
                limiter.admit(&Limits::off(), 1, Kind::Send, t0 + ms(n)),
                Ok(())
            );
        }
    }
}
