//! Views several pages show, and the functions that fill them: goal summaries and
//! groups, owners, a session's goals, tag links, reflections, rows of the recurring grid.

use serde::Serialize;

use crate::content::doc::{Direction, GoalStatus, Health, Impact, Owner};
use crate::history::{Goal, Recurring, Session, SessionGoal};

use super::super::context::{PersonLink, Shared, TagLink};
use super::super::flat::flat_view;
use super::super::lookup::Lookup;

/// The owners of a goal: their names joined with ", " (for `owner`; `None` for nobody)
/// and each linked to their page (for `owners`). Blank names are nobody.
#[must_use]
pub(super) fn owner_links(
    l: &Lookup<'_>,
    owner: Option<&Owner>,
) -> (Option<String>, Vec<PersonLink>) {
    let names: Vec<&String> = owner
        .map(Owner::names)
        .unwrap_or_default()
        .iter()
        .filter(|n| !n.trim().is_empty())
        .collect();
    if names.is_empty() {
        return (None, Vec::new());
    }
    let joined = names
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let links = names
        .into_iter()
        .map(|name| PersonLink {
            name: name.clone(),
            url: l.person_url(name).map(str::to_owned),
            role: None,
        })
        .collect();
    (Some(joined), links)
}

flat_view! {
    /// A goal as one session touched it.
    #[derive(Debug, Clone)]
    pub(super) struct SessionGoalView<'a> {
        /// `id`, `url`, `text`, `touch` (new, updated, closed), `status`, `health`, `due`,
        /// `measure`, `note`, `superseded_by` (an id).
        ..pub change: &'a SessionGoal,
        /// The owners' names after this session, joined with ", ".
        pub owner: Option<String>,
        /// The owners, each linked to their page.
        pub owners: Vec<PersonLink>,
        /// The replacing goal, when this session superseded it.
        pub replaced_by: Option<Shared>,
    }
}

pub(super) fn session_goals<'a>(l: &Lookup<'a>, s: &'a Session) -> Vec<SessionGoalView<'a>> {
    s.goal_changes
        .iter()
        .map(|g| {
            let (owner, owners) = owner_links(l, g.owner.as_deref());
            SessionGoalView {
                change: g,
                owner,
                owners,
                replaced_by: g
                    .superseded_by
                    .as_deref()
                    .and_then(|id| l.goal(id))
                    .map(|g| l.goal_link(g)),
            }
        })
        .collect()
}

pub(super) fn tag_links(l: &Lookup<'_>, tags: &[String]) -> Vec<TagLink> {
    tags.iter()
        .map(|t| TagLink {
            name: t.clone(),
            url: l.tag_url(t).map(str::to_owned),
        })
        .collect()
}

/// One line about a goal.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalSummary<'a> {
    /// Id.
    pub id: &'a str,
    /// Page.
    pub url: &'a str,
    /// Text.
    pub text: &'a str,
    /// Status now.
    pub status: GoalStatus,
    /// Open or not.
    pub open: bool,
    /// Health.
    pub health: Option<Health>,
    /// The owners' names, joined with ", ".
    pub owner: Option<String>,
    /// The owner's page, when the goal has one owner.
    pub owner_url: Option<String>,
    /// The owners, each linked to their page.
    pub owners: Vec<PersonLink>,
    /// Due.
    pub due: Option<String>,
    /// Measure.
    pub measure: Option<&'a str>,
    /// Past due and open.
    pub overdue: bool,
    /// Sessions open.
    pub sessions_open: usize,
    /// Days open.
    pub days_open: i64,
    /// Introduced in.
    pub introduced: Shared,
    /// Latest update in.
    pub last_update: Shared,
    /// Closed in.
    pub closed: Option<Shared>,
}

impl<'a> GoalSummary<'a> {
    /// The summary of `g`.
    #[must_use]
    pub(super) fn of(l: &Lookup<'a>, g: &'a Goal) -> Self {
        let (owner, owners) = owner_links(l, g.owner.as_deref());
        Self {
            id: &g.id,
            url: &g.url,
            text: &g.text,
            status: g.status,
            open: g.open,
            health: g.health,
            owner,
            owner_url: match owners.as_slice() {
                [one] => one.url.clone(),
                _ => None,
            },
            owners,
            due: g.due.as_ref().map(ToString::to_string),
            measure: g.measure.as_deref(),
            overdue: g.overdue,
            sessions_open: g.sessions_open,
            days_open: g.days_open,
            introduced: l.session_ref(g.introduced),
            last_update: l.session_ref(g.last_update),
            closed: g.closed.map(|c| l.session_ref(c)),
        }
    }
}

/// Goals sharing a status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalGroup<'a> {
    /// The status.
    pub status: GoalStatus,
    /// Whether it is an open status.
    pub open: bool,
    /// The goals.
    pub goals: Vec<GoalSummary<'a>>,
}

/// Groups the goals of `l.m` by status, open statuses first; empty groups left out.
#[must_use]
pub(super) fn goal_groups<'a>(l: &Lookup<'a>, only_open: bool) -> Vec<GoalGroup<'a>> {
    let mut groups: Vec<GoalGroup<'a>> = GoalStatus::ALL
        .iter()
        .filter(|s| !only_open || s.is_open())
        .map(|&status| GoalGroup {
            status,
            open: status.is_open(),
            goals: Vec::new(),
        })
        .collect();
    for g in &l.m.goals {
        if let Some(group) = groups.iter_mut().find(|x| x.status == g.status) {
            group.goals.push(GoalSummary::of(l, g));
        }
    }
    groups.retain(|g| !g.goals.is_empty());
    groups
}

/// A reflection on the mentorship, or a decision about it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReflectionView<'a> {
    /// The session it was made in.
    pub session: Shared,
    /// What was said.
    pub reflection: Option<&'a str>,
    /// What was decided.
    pub direction: Option<Direction>,
}

pub(super) fn reflections<'a>(l: &Lookup<'a>) -> Vec<ReflectionView<'a>> {
    l.m.sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.front.reflection.is_some() || s.front.direction.is_some())
        .map(|(i, s)| ReflectionView {
            session: l.session_ref(i),
            reflection: s.front.reflection.as_deref(),
            direction: s.front.direction,
        })
        .collect()
}

/// A session × item grid cell.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridCell {
    /// Named in that session.
    pub seen: bool,
    /// Its place in that session's list (a weakness's priority).
    pub rank: Option<usize>,
    /// Its impact there (weaknesses).
    pub impact: Option<Impact>,
}

/// A weakness or strength across sessions, as a row of the recurring grid.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridRow<'a> {
    /// Its anchor on the recurring page.
    pub anchor: &'a str,
    /// Its id or normalised text.
    pub key: &'a str,
    /// The latest text.
    pub text: &'a str,
    /// Sessions named in.
    pub count: usize,
    /// Named in two or more sessions.
    pub recurring: bool,
    /// First named in.
    pub first: Shared,
    /// Last named in.
    pub last: Shared,
    /// Whether it was named in the latest session.
    pub current: bool,
    /// The highest impact it was given.
    pub worst_impact: Option<Impact>,
    /// Goals addressing it.
    pub addressed_by: Vec<Shared>,
    /// `true`: gone since a goal addressing it was achieved; `false`: back after; `None`:
    /// no addressing goal achieved.
    pub stopped_after_achieved: Option<bool>,
    /// Tags.
    pub tags: Vec<TagLink>,
    /// One cell per column of the grid.
    pub cells: Vec<GridCell>,
}

pub(super) fn grid_row<'a>(
    l: &Lookup<'a>,
    r: &'a Recurring,
    anchor: &'a str,
    columns: &[usize],
) -> GridRow<'a> {
    let m = l.m;
    let mut cells = Vec::with_capacity(columns.len());
    let mut occ = r.occurrences.iter().peekable();
    for &c in columns {
        while occ.peek().is_some_and(|o| o.session < c) {
            occ.next();
        }
        let here = occ.peek().filter(|o| o.session == c);
        cells.push(GridCell {
            seen: here.is_some(),
            rank: here.map(|o| o.rank),
            impact: here.and_then(|o| o.impact),
        });
    }
    GridRow {
        anchor,
        key: &r.key,
        text: &r.text,
        count: r.count,
        recurring: r.recurring,
        first: l.session_ref(r.first),
        last: l.session_ref(r.last),
        current: r.last + 1 == m.sessions.len(),
        worst_impact: r.occurrences.iter().filter_map(|o| o.impact).min(),
        addressed_by: r
            .addressed_by
            .iter()
            .filter_map(|id| l.goal(id))
            .map(|g| l.goal_link(g))
            .collect(),
        stopped_after_achieved: r.stopped_after_achieved,
        tags: tag_links(l, &r.tags),
        cells,
    }
}
