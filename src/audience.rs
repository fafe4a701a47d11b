//! Audiences (PRODUCT.md §8): what each build may publish. Confidential by default.
//!
//! [`restrict`] is a pure function from every parsed note to the notes an audience may
//! see, with every reference into withheld material cut. The history is then linked again
//! from what is left, so nothing derived (numbering, counts, recurring items, people,
//! days open) can carry a trace of a withheld session: it was never in the input.
//!
//! What is cut, for an audience that may not see a session:
//! - the session itself, and its date wherever a visible note names it as `next`;
//! - every goal it introduces, with all the updates of that goal in visible sessions;
//! - references into it: `addresses` naming a weakness only withheld sessions list,
//!   `backlog.goal` naming a withheld goal;
//! - a visible update that supersedes a goal with a withheld one (`status: superseded,
//!   superseded_by: X`) loses its status change with `superseded_by`: "superseded" with
//!   no successor would betray X. The goal keeps the last status this audience saw; the
//!   update's other fields (note, health, owner …) stay.
//!
//! A withheld mentorship withholds everything under it.

use std::collections::HashSet;

use clap::ValueEnum;
use serde::Serialize;

use crate::content::MentorshipDoc;
use crate::content::doc::Visibility;
use crate::history::link::item_key;

/// Whom a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Anyone: only `public` sessions.
    #[default]
    Public,
    /// The team: `public` and `team` sessions.
    Team,
    /// Mentor and mentee: everything. Never publish such a build.
    All,
}

impl Audience {
    /// Whether this audience may see something of `visibility`.
    #[must_use]
    pub(crate) fn may_see(self, visibility: Visibility) -> bool {
        match self {
            Self::All => true,
            Self::Team => visibility != Visibility::Confidential,
            Self::Public => visibility == Visibility::Public,
        }
    }

    /// The word used on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Team => "team",
            Self::All => "all",
        }
    }
}

/// Sessions withheld from a build, by their level, and whole mentorships withheld.
///
/// A session of a withheld mentorship is counted at the stricter of its own visibility
/// and its mentorship's: a `public` session of a `team` mentorship is a `team` session
/// for this count (it was left out because the team's mentorship was).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Withheld {
    /// `team` sessions withheld.
    pub team: usize,
    /// `confidential` sessions withheld.
    pub confidential: usize,
    /// Mentorships withheld whole (their sessions are counted above).
    pub mentorships: usize,
}

impl Withheld {
    /// All withheld sessions.
    #[must_use]
    pub fn total(self) -> usize {
        self.team + self.confidential
    }
}

/// The notes `audience` may see, with references into withheld notes removed.
#[must_use]
pub fn restrict(docs: &[MentorshipDoc], audience: Audience) -> (Vec<MentorshipDoc>, Withheld) {
    restrict_owned(docs.to_vec(), audience)
}

/// [`restrict`], taking the notes by value so that nothing is copied (for `build`).
#[must_use]
pub(crate) fn restrict_owned(
    docs: Vec<MentorshipDoc>,
    audience: Audience,
) -> (Vec<MentorshipDoc>, Withheld) {
    use rayon::prelude::*;
    // Mentorships are restricted on their own, in parallel.
    let each: Vec<(Option<MentorshipDoc>, Withheld)> = docs
        .into_par_iter()
        .map(|doc| restrict_doc(doc, audience))
        .collect();
    let mut withheld = Withheld::default();
    let mut out = Vec::with_capacity(each.len());
    for (doc, w) in each {
        withheld.team += w.team;
        withheld.confidential += w.confidential;
        withheld.mentorships += w.mentorships;
        out.extend(doc);
    }
    (out, withheld)
}

/// One mentorship of [`restrict_owned`]: `None` when the audience may not see it at all.
// Long on purpose: what a withheld session takes away, one kind of reference after another,
// all against the same sets of withheld ids.
fn restrict_doc(mut doc: MentorshipDoc, audience: Audience) -> (Option<MentorshipDoc>, Withheld) {
    let mut withheld = Withheld::default();
    let default = doc.note.front.default_visibility;
    let visibility_of = |v: Option<Visibility>| v.unwrap_or(default);
    let own = doc.note.front.own_visibility();
    if !audience.may_see(own) {
        // Every session goes with its mentorship, whatever its own level: counted at the
        // stricter of the two (a session without `visibility` takes `default_visibility`,
        // which may well be `public` under a `team` mentorship).
        for s in &doc.sessions {
            count(&mut withheld, visibility_of(s.front.visibility).max(own));
        }
        withheld.mentorships = 1;
        return (None, withheld);
    }
    let mut sessions = std::mem::take(&mut doc.sessions);
    sessions.sort_by(|a, b| (a.front.date, &a.path).cmp(&(b.front.date, &b.path)));
    // Goals introduced in a withheld session are withheld with all their updates.
    let mut introduced: HashSet<String> = HashSet::new();
    let mut hidden_goals: HashSet<String> = HashSet::new();
    for s in &sessions {
        let visible = audience.may_see(visibility_of(s.front.visibility));
        for g in &s.front.goals {
            if introduced.insert(g.id.trim().to_owned()) && !visible {
                hidden_goals.insert(g.id.trim().to_owned());
            }
        }
    }
    // A withheld session's date must not survive as a visible note's `next:`.
    let withheld_dates: HashSet<crate::date::Date> = sessions
        .iter()
        .filter(|s| !audience.may_see(visibility_of(s.front.visibility)))
        .map(|s| s.front.date)
        .collect();
    sessions.retain(|s| {
        let v = visibility_of(s.front.visibility);
        let keep = audience.may_see(v);
        if !keep {
            count(&mut withheld, v);
        }
        keep
    });
    for s in &mut sessions {
        if s.front.next.is_some_and(|d| withheld_dates.contains(&d)) {
            std::sync::Arc::make_mut(&mut s.front).next = None;
        }
    }
    // Weaknesses that visible sessions still name.
    let weaknesses: HashSet<String> = sessions
        .iter()
        .flat_map(|s| s.front.weaknesses.iter())
        .flat_map(|w| {
            [
                item_key(w.id.as_deref(), &w.text),
                item_key(None, &w.text),
                w.text.trim().to_owned(),
            ]
        })
        .collect();
    let names_weakness =
        |a: &String| weaknesses.contains(a.trim()) || weaknesses.contains(&item_key(None, a));
    let hidden = |id: Option<&str>| id.is_some_and(|id| hidden_goals.contains(id.trim()));
    for s in &mut sessions {
        // Front matter is shared with the history `check` linked: copied only when
        // something in it changes.
        let f = &s.front;
        let changes = f.goals.iter().any(|g| {
            hidden_goals.contains(g.id.trim())
                || hidden(g.superseded_by.as_deref())
                || !g.addresses.0.iter().all(&names_weakness)
        }) || f
            .questions
            .iter()
            .any(|q| !q.addresses.0.iter().all(&names_weakness))
            || f.backlog.iter().any(|b| hidden(b.goal.as_deref()));
        if !changes {
            continue;
        }
        let f = std::sync::Arc::make_mut(&mut s.front);
        f.goals.retain(|g| !hidden_goals.contains(g.id.trim()));
        for g in &mut f.goals {
            g.addresses.0.retain(|a| names_weakness(a));
            if hidden(g.superseded_by.as_deref()) {
                // "Superseded" without its successor would tell that a withheld goal
                // exists (and `check` calls it an error): the update keeps its other
                // fields, and the goal its last status this audience saw.
                g.superseded_by = None;
                g.status = None;
            }
        }
        for q in &mut f.questions {
            q.addresses.0.retain(|a| names_weakness(a));
        }
        for b in &mut f.backlog {
            if hidden(b.goal.as_deref()) {
                b.goal = None;
            }
        }
    }
    doc.sessions = sessions;
    (Some(doc), withheld)
}

fn count(withheld: &mut Withheld, v: Visibility) {
    match v {
        Visibility::Team => withheld.team += 1,
        Visibility::Confidential => withheld.confidential += 1,
        Visibility::Public => {}
    }
}

/// `log` without the announced next meetings that were withheld (a `next` date of a
/// meeting that took place but is not in the log: see
/// [`crate::history::Mentorship::announced_meeting`]), for `log.json`; `None` when there is
/// none, so that the log is not copied. Pages show a session's `next` through
/// `announced_meeting` too.
#[must_use]
pub(crate) fn without_withheld_meetings(log: &crate::history::Log) -> Option<crate::history::Log> {
    use crate::history::{Mentorship, Session};
    let hidden = |m: &Mentorship, s: &Session| {
        s.front.next.is_some() && m.announced_meeting(s.front.next).is_none()
    };
    if !log
        .mentorships
        .iter()
        .any(|m| m.sessions.iter().any(|s| hidden(m, s)))
    {
        return None;
    }
    let mut out = log.clone();
    for (m, original) in out.mentorships.iter_mut().zip(&log.mentorships) {
        for (s, o) in m.sessions.iter_mut().zip(&original.sessions) {
            if hidden(original, o) {
                std::sync::Arc::make_mut(&mut s.front).next = None;
            }
        }
    }
    Some(out)
}
