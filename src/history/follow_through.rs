//! Follow-through over time (issue 18): session by session, how much of what was left
//! open the team came back to, what it opened and closed, and how old its open goals are;
//! over the whole mentorship, how its closed goals ended.
//!
//! Derived once when a mentorship is linked, from its goals' events, and kept in the
//! model (so `log.json` and `export` carry it; `docs/log-json.md` documents it). Pure, and
//! linear in the number of goal events: a goal's status after each session is replayed
//! from its events, never looked up by scanning.

use serde::Serialize;

use super::model::{Goal, Session};
use crate::content::doc::GoalStatus;

/// Follow-through of one mentorship.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct FollowThrough {
    /// One entry per session, in session order.
    pub sessions: Vec<SessionFollowThrough>,
    /// Goals open now.
    pub open: usize,
    /// Goals closed now.
    pub closed: usize,
    /// Every closed status (`achieved`, `partial`, `missed`, `dropped`, `superseded`), with
    /// how many goals ended so and their share of the closed goals.
    pub outcomes: Vec<OutcomeShare>,
}

/// How many closed goals ended one way.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutcomeShare {
    /// The closed status.
    pub status: GoalStatus,
    /// Goals closed with it.
    pub count: usize,
    /// `count` over the closed goals, from 0 to 1; `null` when no goal is closed.
    pub share: Option<f64>,
}

/// What one session did with the goals.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SessionFollowThrough {
    /// The session's index.
    pub session: usize,
    /// Goals open after the previous session (0 for the first).
    pub carried: usize,
    /// How many of those this session updated or closed.
    pub followed_up: usize,
    /// `followed_up` over `carried`, from 0 to 1; `null` when nothing was carried.
    pub share: Option<f64>,
    /// Goals it introduced.
    pub opened: usize,
    /// Goals it closed (introduced closed included).
    pub closed: usize,
    /// Goals open after it.
    pub open_after: usize,
    /// The median age of the goals open after it, in sessions: a goal introduced in this
    /// session is 1 session old. `null` when none is open.
    pub median_age: Option<f64>,
}

/// The follow-through of `sessions` and `goals`, as linked.
#[must_use]
pub(crate) fn follow_through(sessions: &[Session], goals: &[Goal]) -> FollowThrough {
    // Each session's goal events: (goal, status after the event, introduced here).
    let mut by_session: Vec<Vec<(usize, GoalStatus, bool)>> = vec![Vec::new(); sessions.len()];
    for (gi, g) in goals.iter().enumerate() {
        for (ei, e) in g.events.iter().enumerate() {
            if let Some(list) = by_session.get_mut(e.session) {
                list.push((gi, e.status, ei == 0));
            }
        }
    }
    let mut open = vec![false; goals.len()];
    // The introducing session of every open goal, sorted: the median age is read off it.
    let mut open_since: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(sessions.len());
    for (si, events) in by_session.iter().enumerate() {
        let carried = open_since.len();
        let mut entry = SessionFollowThrough {
            session: si,
            carried,
            followed_up: 0,
            share: None,
            opened: 0,
            closed: 0,
            open_after: 0,
            median_age: None,
        };
        for &(gi, status, introduced) in events {
            let was_open = open[gi];
            let is_open = status.is_open();
            if introduced {
                entry.opened += 1;
            } else if was_open {
                entry.followed_up += 1;
            }
            if !is_open && (was_open || introduced) {
                entry.closed += 1;
            }
            let since = goals[gi].introduced;
            match (was_open, is_open) {
                (false, true) => {
                    let at = open_since.partition_point(|&x| x <= since);
                    open_since.insert(at, since);
                }
                (true, false) => {
                    if let Ok(at) = open_since.binary_search(&since) {
                        open_since.remove(at);
                    }
                }
                _ => {}
            }
            open[gi] = is_open;
        }
        entry.share = ratio(entry.followed_up, carried);
        entry.open_after = open_since.len();
        entry.median_age = median_age(&open_since, si);
        out.push(entry);
    }
    let closed = goals.iter().filter(|g| !g.open).count();
    let outcomes = GoalStatus::ALL
        .iter()
        .filter(|s| !s.is_open())
        .map(|&status| {
            let count = goals.iter().filter(|g| g.status == status).count();
            OutcomeShare {
                status,
                count,
                share: ratio(count, closed),
            }
        })
        .collect();
    FollowThrough {
        sessions: out,
        open: goals.len() - closed,
        closed,
        outcomes,
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The median age, in sessions, at session `now` of goals introduced at `since` (sorted).
fn median_age(since: &[usize], now: usize) -> Option<f64> {
    let age = |i: usize| (now + 1 - since[i]) as f64;
    let n = since.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(age(n / 2)),
        _ => Some(f64::midpoint(age(n / 2 - 1), age(n / 2))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_age_is_counted_in_sessions() {
        assert_eq!(median_age(&[], 3), None);
        assert_eq!(median_age(&[3], 3), Some(1.0));
        assert_eq!(median_age(&[0, 2, 3], 3), Some(2.0));
        assert_eq!(median_age(&[0, 3], 3), Some(2.5));
    }
}
