//! What templates see: small views of the linked model, one per page kind.
//!
//! Every page gets `site` and `m` (the mentorship, without its sessions); each page kind
//! adds its own data. Views hold summaries, not the whole model, so a session page costs the
//! same whatever the log's size. `docs/templates.md` documents these names.

use serde::Serialize;

use crate::content::doc::{GoalStatus, Visibility};
use crate::history::{BacklogEntry, Goal, Mentorship, Recurring, Session, Touch};

/// The site, on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The site title.
    pub title: String,
    /// The configured base URL.
    pub base_url: String,
    /// `<html lang>`.
    pub language: String,
    /// Whom this build is for.
    pub audience: &'static str,
    /// Every mentorship of this build.
    pub mentorships: Vec<LinkView>,
    /// Whether the site has several mentorships.
    pub several: bool,
    /// `[extra]` of the config.
    pub extra: serde_json::Value,
    /// "mentorlog x.y.z".
    pub generator: String,
    /// Whether pages are marked when the public build would withhold them (serve).
    pub mark_withheld: bool,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Shown.
    pub title: String,
    /// Linked.
    pub url: String,
}

/// Counts shown on the home page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    /// Sessions.
    pub sessions: usize,
    /// Goals.
    pub goals: usize,
    /// Goals still open.
    pub open_goals: usize,
    /// Goals achieved.
    pub achieved: usize,
    /// Goals closed otherwise.
    pub closed_other: usize,
    /// Open goals past due.
    pub overdue: usize,
    /// Weaknesses seen in two or more sessions.
    pub recurring_weaknesses: usize,
    /// Backlog changes.
    pub backlog_changes: usize,
    /// People named.
    pub people: usize,
}

/// The mentorship, on every page of it.
#[derive(Debug, Clone, Serialize)]
pub struct MentorshipView<'a> {
    /// Everything in `mentorship.md`'s front matter, plus `url`, `slug`, `source`.
    #[serde(flatten)]
    pub front: &'a crate::content::doc::MentorshipFront,
    /// Its home page.
    pub url: &'a str,
    /// Its prefix.
    pub slug: &'a str,
    /// The visibility of its page.
    pub visibility: Visibility,
    /// The agreement, rendered.
    pub body_html: String,
    /// Counts.
    pub counts: Counts,
    /// The date the history is seen from.
    pub as_of: Option<String>,
    /// Links to its sections.
    pub nav: Vec<LinkView>,
}

/// One line about a session, for lists and links.
#[derive(Debug, Clone, Serialize)]
pub struct SessionSummary<'a> {
    /// 1-based.
    pub number: usize,
    /// Title.
    pub title: &'a str,
    /// Page.
    pub url: &'a str,
    /// YYYY-MM-DD.
    pub date: String,
    /// "23 September 2026".
    pub date_long: String,
    /// kickoff, mentoring, review, closing.
    pub kind: crate::content::doc::SessionKind,
    /// The sprint, as text.
    pub sprint: Option<String>,
    /// Who may see it.
    pub visibility: Visibility,
    /// Goals introduced.
    pub new_goals: usize,
    /// Goals updated and still open.
    pub updated_goals: usize,
    /// Goals closed.
    pub closed_goals: usize,
    /// Weaknesses listed.
    pub weaknesses: usize,
    /// Backlog changes.
    pub backlog: usize,
    /// Tags.
    pub tags: &'a [String],
}

impl<'a> SessionSummary<'a> {
    /// The summary of `s`.
    #[must_use]
    pub fn of(s: &'a Session) -> Self {
        let count = |t: Touch| s.goal_changes.iter().filter(|g| g.touch == t).count();
        Self {
            number: s.number,
            title: &s.title,
            url: &s.url,
            date: s.front.date.to_string(),
            date_long: s.front.date.long(),
            kind: s.front.kind,
            sprint: s.front.sprint.as_ref().map(ToString::to_string),
            visibility: s.visibility,
            new_goals: count(Touch::New),
            updated_goals: count(Touch::Updated),
            closed_goals: count(Touch::Closed),
            weaknesses: s.front.weaknesses.len(),
            backlog: s.front.backlog.len(),
            tags: &s.front.tags,
        }
    }
}

/// A weakness as a session shows it.
#[derive(Debug, Clone, Serialize)]
pub struct WeaknessView<'a> {
    /// Priority (1 = first).
    pub rank: usize,
    /// Its id, if any.
    pub id: Option<&'a str>,
    /// Text.
    pub text: &'a str,
    /// high, medium, low.
    pub impact: Option<crate::content::doc::Impact>,
    /// Tags.
    pub tags: &'a [String],
    /// Sessions it has been seen in so far, this one included.
    pub seen: usize,
    /// Seen in an earlier session.
    pub recurring: bool,
    /// Goals addressing it.
    pub addressed_by: Vec<&'a str>,
}

/// A backlog change with its session and goal resolved.
#[derive(Debug, Clone, Serialize)]
pub struct BacklogView<'a> {
    /// The change.
    #[serde(flatten)]
    pub entry: &'a BacklogEntry,
    /// The goal's page.
    pub goal_url: Option<&'a str>,
    /// The session.
    pub session: SessionSummary<'a>,
}

impl<'a> BacklogView<'a> {
    /// Resolves `entry` within `m`.
    #[must_use]
    pub fn of(m: &'a Mentorship, entry: &'a BacklogEntry) -> Self {
        Self {
            goal_url: entry
                .goal
                .as_deref()
                .and_then(|id| m.goal(id))
                .map(|g| g.url.as_str()),
            session: SessionSummary::of(&m.sessions[entry.session]),
            entry,
        }
    }
}

/// One line about a goal.
#[derive(Debug, Clone, Serialize)]
pub struct GoalSummary<'a> {
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
    pub health: Option<crate::content::doc::Health>,
    /// Owner.
    pub owner: Option<&'a str>,
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
    pub introduced: SessionSummary<'a>,
    /// Latest update in.
    pub last_update: SessionSummary<'a>,
    /// Closed in.
    pub closed: Option<SessionSummary<'a>>,
}

impl<'a> GoalSummary<'a> {
    /// The summary of `g` within `m`.
    #[must_use]
    pub fn of(m: &'a Mentorship, g: &'a Goal) -> Self {
        Self {
            id: &g.id,
            url: &g.url,
            text: &g.text,
            status: g.status,
            open: g.open,
            health: g.health,
            owner: g.owner.as_deref(),
            due: g.due.as_ref().map(ToString::to_string),
            measure: g.measure.as_deref(),
            overdue: g.overdue,
            sessions_open: g.sessions_open,
            days_open: g.days_open,
            introduced: SessionSummary::of(&m.sessions[g.introduced]),
            last_update: SessionSummary::of(&m.sessions[g.last_update]),
            closed: g.closed.map(|c| SessionSummary::of(&m.sessions[c])),
        }
    }
}

/// Goals sharing a status.
#[derive(Debug, Clone, Serialize)]
pub struct GoalGroup<'a> {
    /// The status.
    pub status: GoalStatus,
    /// Whether it is an open status.
    pub open: bool,
    /// The goals.
    pub goals: Vec<GoalSummary<'a>>,
}

/// Groups `m`'s goals by status, open statuses first; empty groups left out.
#[must_use]
pub fn goal_groups<'a>(m: &'a Mentorship, only_open: bool) -> Vec<GoalGroup<'a>> {
    GoalStatus::ALL
        .iter()
        .filter(|s| !only_open || s.is_open())
        .map(|&status| GoalGroup {
            status,
            open: status.is_open(),
            goals: m
                .goals
                .iter()
                .filter(|g| g.status == status)
                .map(|g| GoalSummary::of(m, g))
                .collect(),
        })
        .filter(|g| !g.goals.is_empty())
        .collect()
}

/// A goal event with its session.
#[derive(Debug, Clone, Serialize)]
pub struct GoalEventView<'a> {
    /// The event.
    #[serde(flatten)]
    pub event: &'a crate::history::GoalEvent,
    /// Its session.
    pub session: SessionSummary<'a>,
}

/// A weakness a goal addresses.
#[derive(Debug, Clone, Serialize)]
pub struct AddressedView<'a> {
    /// Its key.
    pub key: &'a str,
    /// Its anchor.
    pub slug: &'a str,
    /// Its latest text.
    pub text: &'a str,
    /// Sessions it was seen in.
    pub count: usize,
    /// Whether it stopped recurring after an addressing goal was achieved.
    pub stopped_after_achieved: Option<bool>,
}

impl<'a> AddressedView<'a> {
    /// The view of `r`.
    #[must_use]
    pub fn of(r: &'a Recurring) -> Self {
        Self {
            key: &r.key,
            slug: &r.slug,
            text: &r.text,
            count: r.count,
            stopped_after_achieved: r.stopped_after_achieved,
        }
    }
}
