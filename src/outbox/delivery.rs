//! What became of one send, and what to do about it.
use std::time::Duration;

use rand::RngExt;
use teloxide_core::RequestError;

/// Transient failures back off up to this long.
const MAX_BACKOFF_SECS: u64 = 300;

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Telegram refused for good (blocked bot, bad request): recorded, not retried.
    Dead(String),
    /// Try again after this long.
    Retry(Duration),
}

/// 429 waits as long as Telegram says; 400 and 403 are final (retrying cannot fix a bad message
/// or unblock a bot); everything else (5xx, network, timeouts: the message may or may not have
/// arrived) is retried with capped, jittered exponential backoff.
pub fn classify(e: &RequestError, attempts: i32) -> Delivery {
    match e {
        RequestError::RetryAfter(secs) => Delivery::Retry(secs.duration()),
        RequestError::Api(api) => {
            let description = api.to_string();
            if description.starts_with("Bad Request")
                || description.starts_with("Forbidden")
                || is_known_permanent(api)
            {
                Delivery::Dead(description.chars().take(200).collect())
            } else {
                Delivery::Retry(backoff(attempts))
            }
        }
        RequestError::MigrateToChatId(_) => Delivery::Dead("chat migrated to a supergroup".into()),
        _ => Delivery::Retry(backoff(attempts)),
    }
}

fn is_known_permanent(api: &teloxide_core::ApiError) -> bool {
    use teloxide_core::ApiError::*;
    matches!(
        api,
        BotBlocked
            | BotKicked
            | BotKickedFromSupergroup
            | UserDeactivated
            | ChatNotFound
            | CantInitiateConversation
            | CantTalkWithBots
            | MessageIsTooLong
            | MessageTextIsEmpty
            | CantParseEntities(_)
    )
}

fn backoff(attempts: i32) -> Duration {
    let exp = 2u64
        .saturating_pow(attempts.clamp(0, 16) as u32)
        .min(MAX_BACKOFF_SECS);
    // Full jitter between half and all of the step keeps retries from marching in lockstep.
    let millis = rand::rng().random_range(exp * 500..=exp * 1000);
    Duration::from_millis(millis)
}
