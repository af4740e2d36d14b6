//! Flood control: a chat that sends more than its budget of updates in a minute is not acted
//! upon until it slows down. Counted from the stored updates themselves, so every instance
//! agrees: the claim that hands an update to a worker reads the chat's latest rows with it.
use chrono::{DateTime, Utc};

pub use crate::config::FloodLimits;

/// The window the budget is counted over.
const WINDOW_SECS: i64 = 60;

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

/// What flood control needs to know of an update, read with it when it is claimed.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Whether the sender has pressed /start.
    pub started: bool,
    /// When the chat's latest updates up to this one were sent, this one first: at most the
    /// budget plus one (see [`recent_wanted`]).
    pub recent: Vec<DateTime<Utc>>,
    /// Whether the chat's previous update was over the budget.
    pub previous_flooded: bool,
}

/// How many of a chat's latest updates [`judge`] needs to see.
pub fn recent_wanted(limits: FloodLimits) -> i64 {
    if limits.per_min == 0 {
        0
    } else {
        i64::from(limits.per_min) + 1
    }
}

/// Judges an update by the chat's updates in the minute before it, the update itself included.
/// The facts of an update do not change once its predecessors are handled, so the same update is
/// always judged the same way, whenever it is handled again.
pub fn judge(limits: FloodLimits, facts: &Facts) -> Verdict {
    let Some(this) = facts.recent.first() else {
        return Verdict::Act;
    };
    if limits.per_min == 0 {
        return Verdict::Act;
    }
    // The latest budget+1 rows: if the oldest of them is inside the window, the window holds
    // more than the budget.
    let budget = limits.budget(facts.started);
    let from = *this - chrono::Duration::seconds(WINDOW_SECS);
    let in_window = facts.recent.iter().filter(|at| **at > from).count();
    if in_window <= budget {
        return Verdict::Act;
    }
    let first = facts
        .recent
        .get(1)
        .is_none_or(|previous| !(facts.previous_flooded && *previous > from));
    Verdict::Refuse { first }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use super::{Facts, FloodLimits, Verdict, judge, recent_wanted};

    /// Facts for an update sent at `seconds[0]`, after the chat's earlier ones.
    fn facts(started: bool, seconds: &[i64], previous_flooded: bool) -> Facts {
        let at = |s: i64| DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(s);
        Facts {
            started,
            recent: seconds.iter().map(|s| at(*s)).collect(),
            previous_flooded,
        }
    }

    #[test]
    fn the_update_over_the_budget_is_refused_and_only_the_first_gets_the_notice() {
        let limits = FloodLimits { per_min: 3 };
        let wanted = usize::try_from(recent_wanted(limits)).unwrap();
        assert_eq!(wanted, 4);
        // Three in a minute: within the budget.
        assert_eq!(
            judge(limits, &facts(true, &[100, 90, 80], false)),
            Verdict::Act
        );
        // The fourth inside the minute is over it, and opens the episode.
        assert_eq!(
            judge(limits, &facts(true, &[100, 90, 80, 70], false)),
            Verdict::Refuse { first: true }
        );
        // The next one, right after a refused one, is refused without a second notice.
        assert_eq!(
            judge(limits, &facts(true, &[101, 100, 90, 80], true)),
            Verdict::Refuse { first: false }
        );
        // The oldest fell out of the window: acted upon again.
        assert_eq!(
            judge(limits, &facts(true, &[141, 100, 90, 80], true)),
            Verdict::Act
        );
        // A stranger's budget is smaller.
        assert_eq!(
            judge(limits, &facts(false, &[100, 90], false)),
            Verdict::Refuse { first: true }
        );
        // Off means off.
        let off = FloodLimits { per_min: 0 };
        assert_eq!(recent_wanted(off), 0);
        assert_eq!(
            judge(off, &facts(false, &[100, 100, 100], true)),
            Verdict::Act
        );
    }

    #[test]
    fn strangers_get_a_quarter_of_the_budget_and_never_none() {
        let limits = FloodLimits { per_min: 20 };
        assert_eq!(limits.budget(true), 20);
        assert_eq!(limits.budget(false), 5);
        assert_eq!(FloodLimits { per_min: 2 }.budget(false), 1);
    }
}
