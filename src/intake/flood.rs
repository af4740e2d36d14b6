//! Flood control: a chat that sends more than its budget of updates in a minute is not acted
//! upon until it slows down. Counted from the stored updates themselves, so every instance
//! agrees, and with one indexed look at the chat's latest rows.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// The window the budget is counted over.
const WINDOW_SECS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimits {
    /// Updates a minute from a chat whose user pressed /start; 0 turns flood control off.
    pub per_min: u32,
}

impl FloodLimits {
    pub const DEFAULT_PER_MIN: u32 = 20;

    /// Someone who never pressed /start has no reason to say much: a quarter of the budget.
    pub fn budget(&self, started: bool) -> usize {
        let per_min = self.per_min as usize;
        if started {
            per_min
        } else {
            (per_min / 4).max(1)
        }
    }
}

impl Default for FloodLimits {
    fn default() -> Self {
        Self {
            per_min: Self::DEFAULT_PER_MIN,
        }
    }
}

/// What to do with one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Act,
    /// Over the budget: recorded, not acted upon. `first` for the first update of a flood
    /// episode, which gets the notice.
    Refuse {
        first: bool,
    },
}

struct Recent {
    sent_at: DateTime<Utc>,
    flooded: bool,
    started: Option<bool>,
}

from_row!(Recent {
    sent_at,
    flooded,
    started
});

/// Judges `update_id` of `chat_id` by the chat's updates in the minute before it, the update
/// itself included. The same update is always judged the same way, whenever it is handled again.
pub async fn judge(
    conn: &mut PgConnection,
    limits: FloodLimits,
    chat_id: i64,
    update_id: i64,
    user_id: Option<i64>,
) -> sqlx::Result<Verdict> {
    if limits.per_min == 0 {
        return Ok(Verdict::Act);
    }
    // The latest budget+1 rows up to this one: if the oldest of them is inside the window, the
    // window holds more than the budget.
    let rows: Vec<Recent> = sqlx::query_as(
        "select sent_at, flooded,
                (select started_at is not null from users where user_id = $3) as started
           from inbound_updates
          where chat_id = $1 and update_id <= $2
          order by update_id desc
          limit $4",
    )
    .bind(chat_id)
    .bind(update_id)
    .bind(user_id)
    .bind(i64::from(limits.per_min) + 1)
    .fetch_all(conn)
    .await?;
    let Some(this) = rows.first() else {
        return Ok(Verdict::Act);
    };
    let budget = limits.budget(this.started.unwrap_or(false));
    let from = this.sent_at - chrono::Duration::seconds(WINDOW_SECS);
    let in_window = rows.iter().filter(|r| r.sent_at > from).count();
    if in_window <= budget {
        return Ok(Verdict::Act);
    }
    let first = rows
        .get(1)
        .is_none_or(|previous| !(previous.flooded && previous.sent_at > from));
    Ok(Verdict::Refuse { first })
}

#[cfg(test)]
mod tests {
    use super::FloodLimits;

    #[test]
    fn strangers_get_a_quarter_of_the_budget_and_never_none() {
        let limits = FloodLimits { per_min: 20 };
        assert_eq!(limits.budget(true), 20);
        assert_eq!(limits.budget(false), 5);
        assert_eq!(FloodLimits { per_min: 2 }.budget(false), 1);
    }
}
