use std::time::Duration;

use proptest::prelude::*;
use tokio::time::Instant;

use super::{CHATS_KEPT, Pace, PaceLimits};

const SECOND: Duration = Duration::from_secs(1);
const GROUP: i64 = -4_000_123;
const SUPERGROUP: i64 = -1_001_234_567_890;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn an_idle_bot_sends_at_once() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    let now = Instant::now();
    assert_eq!(pace.reserve(7, now), now);
    assert_eq!(pace.reserve(8, now + SECOND), now + SECOND);
}

#[test]
fn thirty_one_messages_to_distinct_chats_take_more_than_a_second() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    let now = Instant::now();
    let times: Vec<Instant> = (1..=31).map(|chat| pace.reserve(chat, now)).collect();
    assert_eq!(times[0], now);
    assert!(times[30] - times[0] > SECOND, "{:?}", times[30] - times[0]);
    assert!(times[29] - times[0] < SECOND);
}

#[test]
fn one_chat_gets_one_message_a_second_in_order() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    let now = Instant::now();
    let times: Vec<Instant> = (0..3).map(|_| pace.reserve(7, now)).collect();
    assert_eq!(times, vec![now, now + SECOND, now + 2 * SECOND]);
}

#[test]
fn a_chat_that_must_wait_does_not_hold_back_the_others() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    let now = Instant::now();
    pace.reserve(7, now);
    assert_eq!(pace.reserve(7, now), now + SECOND);
    let other = pace.reserve(8, now);
    assert!(other - now < ms(50), "{:?}", other - now);
}

#[test]
fn groups_get_twenty_a_minute_and_channels_ten() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    let now = Instant::now();
    for (chat, gap) in [(GROUP, 3), (SUPERGROUP, 6)] {
        let first = pace.reserve(chat, now);
        let second = pace.reserve(chat, now);
        assert_eq!(second - first, Duration::from_secs(gap), "chat {chat}");
    }
}

#[test]
fn a_429_holds_every_chat_until_its_retry_after() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    pace.freeze(Duration::from_secs(3));
    let now = Instant::now();
    for chat in [7, 8] {
        let at = pace.reserve(chat, now);
        assert!(
            at - now >= Duration::from_secs(3) - ms(50),
            "{:?}",
            at - now
        );
    }
}

#[test]
fn a_send_reserved_before_a_429_waits_out_the_freeze() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let pace = Pace::new(PaceLimits::TELEGRAM);
        pace.admit(7).await;
        let started = Instant::now();
        // Reserved for one second from now, then frozen for longer before it leaves.
        let waiting = pace.admit(7);
        pace.freeze(ms(1_300));
        waiting.await;
        assert!(started.elapsed() >= ms(1_300), "{:?}", started.elapsed());
    });
}

#[test]
fn without_a_pace_nothing_waits() {
    let pace = Pace::new(PaceLimits::NONE);
    let now = Instant::now();
    for chat in [7, 7, 7, 8, GROUP] {
        assert_eq!(pace.reserve(chat, now), now);
    }
}

#[test]
fn chats_already_free_again_are_forgotten() {
    let pace = Pace::new(PaceLimits::TELEGRAM);
    let start = Instant::now();
    for chat in 0..(3 * CHATS_KEPT as i64) {
        pace.reserve(chat, start + ms(chat as u64 * 40));
    }
    assert!(pace.lock().chat_free_at.len() <= CHATS_KEPT);
    assert!(pace.lock().reserved.len() <= 2);
}

proptest! {
    /// Whatever the order and timing of sends, no second holds more than 30 of them and no
    /// chat gets two within its gap; and nothing waits longer than those rules demand.
    #[test]
    fn reservations_keep_telegrams_limits(
        sends in prop::collection::vec((0i64..6, 0u64..400), 1..200),
    ) {
        let pace = Pace::new(PaceLimits::TELEGRAM);
        let start = Instant::now();
        let mut now = start;
        let mut taken: Vec<(i64, Instant)> = Vec::new();
        for (chat, after_ms) in sends {
            now += ms(after_ms);
            let at = pace.reserve(chat, now);
            prop_assert!(at >= now);
            taken.push((chat, at));
        }
        let mut times: Vec<Instant> = taken.iter().map(|t| t.1).collect();
        times.sort();
        for window in times.windows(31) {
            prop_assert!(window[30] - window[0] > SECOND);
        }
        for chat in 0..6 {
            let mine: Vec<Instant> = taken.iter().filter(|t| t.0 == chat).map(|t| t.1).collect();
            for pair in mine.windows(2) {
                prop_assert!(pair[1] >= pair[0] + SECOND, "chat {} out of order or too close", chat);
            }
        }
    }
}
