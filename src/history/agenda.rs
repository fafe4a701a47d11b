//! Between sessions (issue 18): what the next session must come back to, derived from a
//! linked mentorship — the goals still open, carried forward; the latest session's
//! high-impact weaknesses that no open goal addresses; the questions never marked
//! answered; the backlog changes serving open goals; whether a reflection is due, or the
//! goals keep slipping; the next meeting's date.
//!
//! One derivation for every front end: the agenda page (`/next/`), the calendar and
//! `mentorlog new` ask the same functions, so that they agree on what is open. Pure: reads
//! the linked model, which is already restricted to the build's audience when pages are
//! rendered (a withheld session is not in it, so it leaves no trace here either).

use std::collections::HashMap;

use serde::Serialize;

use super::link::item_key;
use super::model::{Goal, Mentorship};
use crate::content::doc::Impact;
use crate::date::Date;

/// Sessions an open goal may go without an update before it counts as untouched: after
/// three sessions that did not name it. `check`'s `goal-untouched` warning uses the same
/// number.
pub(crate) const UNTOUCHED_SESSIONS: usize = 3;

/// A reflection on the mentorship is due at the next session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReflectionDue {
    /// Sessions since the last one with a `reflection` (all of them when none had one).
    pub since: usize,
    /// `review_every` of the mentorship.
    pub every: usize,
}

/// The goals keep slipping: at least half of the open goals are overdue or untouched for
/// `UNTOUCHED_SESSIONS` sessions or more. Time to consider re-orienting the mentorship,
/// or sunsetting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Slipping {
    /// Open goals.
    pub open: usize,
    /// Open goals that are overdue or untouched (each counted once).
    pub slipping: usize,
    /// Open goals past their due date or sprint.
    pub overdue: usize,
    /// Open goals no session updated for `UNTOUCHED_SESSIONS` sessions or more.
    pub untouched: usize,
}

/// A question raised in one or more sessions and never marked answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenQuestion<'a> {
    /// Its latest wording.
    pub text: &'a str,
    /// The session index that first raised it.
    pub first: usize,
    /// The session index that raised it last.
    pub last: usize,
    /// How many sessions raised it.
    pub times: usize,
    /// The weaknesses it is about, as written (ids or texts), without repeats.
    pub addresses: Vec<&'a str>,
    /// The key of the weakness each of `addresses` names (`None`: no weakness of this log).
    pub weaknesses: Vec<Option<&'a str>>,
}

/// What the next session comes back to.
#[derive(Debug, Clone)]
pub struct Agenda<'a> {
    /// Every open goal, carried forward ([`Mentorship::carried_forward`]).
    pub goals: Vec<&'a Goal>,
    /// The latest session's high-impact weaknesses that no open goal addresses, as
    /// indices into `weaknesses`, in the latest session's order (its priority).
    pub weaknesses: Vec<usize>,
    /// Questions raised and never marked answered, in the order first raised.
    pub questions: Vec<OpenQuestion<'a>>,
    /// Backlog changes serving goals still open, as indices into `backlog` (in order).
    pub backlog: Vec<usize>,
    /// Whether the next session should reflect on the mentorship.
    pub reflection_due: Option<ReflectionDue>,
    /// Whether the goals keep slipping.
    pub slipping: Option<Slipping>,
    /// The next meeting, as the latest session announced it.
    pub next_meeting: Option<Date>,
}

impl Mentorship {
    /// Every goal still open, as the next session carries it forward: the overdue ones
    /// first, then in the order introduced. `mentorlog new` writes these into the next
    /// note; the agenda page lists them.
    #[must_use]
    pub fn carried_forward(&self) -> Vec<&Goal> {
        let mut open: Vec<&Goal> = self.goals.iter().filter(|g| g.open).collect();
        // Stable: the order introduced within each part.
        open.sort_by_key(|g| !g.overdue);
        open
    }

    /// Sessions after the goal's latest update (0 when the latest session named it).
    #[must_use]
    pub(crate) fn sessions_untouched(&self, goal: &Goal) -> usize {
        self.sessions.len().saturating_sub(goal.last_update + 1)
    }

    /// Whether the next session is due to reflect on the mentorship: it would be the
    /// `review_every`-th session in a row without a `reflection`.
    #[must_use]
    pub fn reflection_due(&self) -> Option<ReflectionDue> {
        let every = self.front.review_every.filter(|n| *n > 0)? as usize;
        let since = self
            .sessions
            .iter()
            .rev()
            .take_while(|s| s.front.reflection.is_none())
            .count();
        (since + 1 >= every).then_some(ReflectionDue { since, every })
    }

    /// Whether the open goals keep slipping (see [`Slipping`]); `None` when they do not.
    #[must_use]
    pub(crate) fn slipping(&self) -> Option<Slipping> {
        let mut s = Slipping {
            open: 0,
            slipping: 0,
            overdue: 0,
            untouched: 0,
        };
        for g in self.goals.iter().filter(|g| g.open) {
            let untouched = self.sessions_untouched(g) >= UNTOUCHED_SESSIONS;
            s.open += 1;
            s.overdue += usize::from(g.overdue);
            s.untouched += usize::from(untouched);
            s.slipping += usize::from(g.overdue || untouched);
        }
        (s.open > 0 && s.slipping * 2 >= s.open).then_some(s)
    }

    /// The date of a meeting a note announces (`next`), unless it is the date of a session
    /// this log does not hold: a meeting that took place (on or before the latest session)
    /// but is not in the log was withheld, and its date would be a trace of it (PRODUCT.md
    /// §8). A meeting after the latest session is still to come, and shown.
    #[must_use]
    pub(crate) fn announced_meeting(&self, next: Option<Date>) -> Option<Date> {
        let next = next?;
        let held = self
            .sessions
            .binary_search_by(|s| s.front.date.cmp(&next))
            .is_ok();
        (held || self.as_of.is_none_or(|latest| next > latest)).then_some(next)
    }

    /// The next meeting: what the latest session announced.
    #[must_use]
    pub(crate) fn next_meeting(&self) -> Option<Date> {
        self.announced_meeting(self.sessions.last()?.front.next)
    }

    /// The latest session's high-impact weaknesses that no open goal addresses, as
    /// indices into `weaknesses`, in that session's order.
    #[must_use]
    pub(crate) fn unaddressed_weaknesses(&self) -> Vec<usize> {
        let Some(last) = self.sessions.last() else {
            return Vec::new();
        };
        let by_key: HashMap<&str, usize> = self
            .weaknesses
            .iter()
            .enumerate()
            .map(|(i, w)| (w.key.as_str(), i))
            .collect();
        let mut out = Vec::new();
        for w in last
            .front
            .weaknesses
            .iter()
            .filter(|w| w.impact == Some(Impact::High))
        {
            let Some(&wi) = by_key.get(item_key(w.id.as_deref(), &w.text).as_str()) else {
                continue;
            };
            let addressed = self.weaknesses[wi]
                .addressed_by
                .iter()
                .any(|id| self.goal(id).is_some_and(|g| g.open));
            if !addressed && !out.contains(&wi) {
                out.push(wi);
            }
        }
        out
    }

    /// Questions raised and not marked answered, in the order first raised. A question is
    /// the same across sessions when its text is (compared without case and punctuation);
    /// the latest session that asks it decides: `answered: true` or an `answer` there
    /// closes it, and asking it again later without either opens it again.
    #[must_use]
    pub fn open_questions(&self) -> Vec<OpenQuestion<'_>> {
        let mut questions: Vec<(OpenQuestion<'_>, bool)> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (si, s) in self.sessions.iter().enumerate() {
            for (qi, q) in s.front.questions.iter().enumerate() {
                let key = item_key(None, &q.text);
                let at = *by_key.entry(key).or_insert_with(|| {
                    questions.push((
                        OpenQuestion {
                            text: &q.text,
                            first: si,
                            last: si,
                            times: 0,
                            addresses: Vec::new(),
                            weaknesses: Vec::new(),
                        },
                        false,
                    ));
                    questions.len() - 1
                });
                let (open, answered) = &mut questions[at];
                if open.times == 0 || open.last != si {
                    // Asked again: the latest session that asks it decides.
                    open.times += 1;
                    *answered = false;
                }
                open.text = &q.text;
                open.last = si;
                let keys = s.question_weaknesses.get(qi);
                for (ai, a) in q.addresses.0.iter().enumerate() {
                    if !open.addresses.contains(&a.as_str()) {
                        open.addresses.push(a);
                        let key = keys.and_then(|k| k.get(ai)).and_then(Option::as_deref);
                        open.weaknesses.push(key);
                    }
                }
                *answered |= q.is_answered();
            }
        }
        questions
            .into_iter()
            .filter(|(_, answered)| !answered)
            .map(|(q, _)| q)
            .collect()
    }

    /// Backlog changes serving goals still open, as indices into `backlog`.
    #[must_use]
    pub(crate) fn backlog_for_open_goals(&self) -> Vec<usize> {
        self.backlog
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                b.goal
                    .as_deref()
                    .and_then(|id| self.goal(id))
                    .is_some_and(|g| g.open)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Everything the next session comes back to.
    #[must_use]
    pub(crate) fn agenda(&self) -> Agenda<'_> {
        Agenda {
            goals: self.carried_forward(),
            weaknesses: self.unaddressed_weaknesses(),
            questions: self.open_questions(),
            backlog: self.backlog_for_open_goals(),
            reflection_due: self.reflection_due(),
            slipping: self.slipping(),
            next_meeting: self.next_meeting(),
        }
    }
}
