//! The goal timeline as a page part (the home and print pages): the picture `svg::timeline`
//! draws, the same goals as a table, and the legend.

use serde::Serialize;

use crate::content::doc::GoalStatus;

use super::super::context::Shared;
use super::super::i18n::Translations;
use super::super::lookup::Lookup;
use super::super::svg;

mod native;

pub(super) use native::timeline as timeline_html;

/// A row of the goal timeline's table alternative.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TimelineRow {
    /// The goal.
    pub goal: Shared,
    /// Introduced in.
    pub introduced: Shared,
    /// Closed in.
    pub closed: Option<Shared>,
    /// Sessions open.
    pub sessions_open: usize,
    /// Days open.
    pub days_open: i64,
}

/// The goal timeline: a picture and its table.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TimelineView {
    /// The SVG (made by mentorlog; output it with `| safe`).
    pub svg: String,
    /// The same goals as table rows.
    pub rows: Vec<TimelineRow>,
    /// Goals drawn.
    pub shown: usize,
    /// Goals in all.
    pub total: usize,
    /// Legend entries: each outcome with its mark (SVG, `| safe`).
    pub legend: Vec<LegendEntry>,
}

/// One entry of the timeline's legend.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LegendEntry {
    /// The outcome.
    pub status: &'static str,
    /// Its mark, as a small SVG.
    pub mark: String,
    /// What it means.
    pub label: &'static str,
}

pub(super) fn timeline_view(
    l: &Lookup<'_>,
    id_prefix: &str,
    t: &Translations,
) -> Option<TimelineView> {
    let m = l.m;
    let goals = svg::timeline_goals(m);
    let svg = svg::timeline(m, &goals, id_prefix, t)?;
    let rows = goals
        .iter()
        .map(|&gi| {
            let g = &m.goals[gi];
            TimelineRow {
                goal: l.goal_link(g),
                introduced: l.session_ref(g.introduced),
                closed: g.closed.map(|c| l.session_ref(c)),
                sessions_open: g.sessions_open,
                days_open: g.days_open,
            }
        })
        .collect();
    let legend = [
        (GoalStatus::Achieved, "achieved: a circle"),
        (GoalStatus::Partial, "partial: a diamond"),
        (GoalStatus::Missed, "missed: a cross"),
        (GoalStatus::Dropped, "dropped: a square"),
        (GoalStatus::Superseded, "superseded: a triangle"),
        (GoalStatus::Active, "still open: an arrow"),
    ]
    .into_iter()
    .map(|(status, label)| LegendEntry {
        status: status.as_str(),
        mark: svg::legend_mark(status),
        label,
    })
    .collect();
    Some(TimelineView {
        svg,
        rows,
        shown: goals.len(),
        total: m.goals.len(),
        legend,
    })
}
