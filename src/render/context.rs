//! What templates see: small views of the linked model, one per page kind.
//!
//! Every page gets `site` and `page`; every page of a mentorship also gets `m` (the
//! mentorship without its sessions); each page kind adds its own data. Views hold
//! summaries and links, not the whole model, so a session page costs the same whatever the
//! log's size. The field names here are the template API: `docs/templates.md` documents
//! them, and renaming one breaks sites' own templates.

use super::flat::flat_view;
use serde::Serialize;

use crate::content::doc::{Direction, GoalStatus, Health, Impact, Owner, SessionKind, Visibility};
use crate::history::{BacklogEntry, Goal, GoalEvent, Session, SessionGoal, Touch};

use super::lookup::{Lookup, SectionUrls};

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
    /// Whether the search page is built.
    pub search: bool,
    /// The navigation of pages outside a mentorship (`/`, search, 404): the mentorship's
    /// own when there is one, else the list of mentorships and search.
    pub nav: Vec<NavItem>,
    /// `[extra]` of the config.
    pub extra: serde_json::Value,
    /// "mentorlog x.y.z".
    pub generator: String,
    /// Whether pages are marked when the public build would withhold them (serve).
    pub mark_withheld: bool,
    /// Whether the build publishes the encrypted team site at `/team/` (issue 16).
    pub team: bool,
}

/// What every page knows about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// `home`, `sessions`, `session`, `goals`, `goal`, `recurring`, `backlog`, `people`,
    /// `person`, `tags`, `tag`, `print`, `search`, `index`, `404`.
    pub kind: &'static str,
    /// The navigation section it belongs to (`sessions` for a session page).
    pub section: &'static str,
    /// Its URL, without the base path.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The visibility that the public build would withhold, when marking (serve).
    pub withheld: Option<&'static str>,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Shown.
    pub title: String,
    /// Linked.
    pub url: String,
}

/// One entry of a mentorship's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// The section (`home`, `sessions`, `goals` …), compared with `page.section`.
    pub key: &'static str,
    /// Shown.
    pub title: &'static str,
    /// Linked.
    pub url: String,
}

/// A person's name, linked to their page when the log knows them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonLink {
    /// As written.
    pub name: String,
    /// Their page.
    pub url: Option<String>,
    /// Their role, for mentors.
    pub role: Option<String>,
}

/// A tag, linked to its page when sessions carry it.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    /// As written.
    pub name: String,
    /// Its page.
    pub url: Option<String>,
}

/// How many goals have one status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    /// The status.
    pub status: GoalStatus,
    /// Whether it is open.
    pub open: bool,
    /// How many goals have it now.
    pub count: usize,
}

/// Counts, on every page of a mentorship.
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
    /// Strengths seen in two or more sessions.
    pub recurring_strengths: usize,
    /// Backlog changes.
    pub backlog_changes: usize,
    /// Backlog items changed.
    pub backlog_items: usize,
    /// People named.
    pub people: usize,
    /// Tags on sessions.
    pub tags: usize,
    /// Goals per status, every status in order (open ones first), zeros included.
    pub by_status: Vec<StatusCount>,
}

/// The mentorship, on every page of it.
#[derive(Debug, Clone, Serialize)]
pub struct MentorshipView<'a> {
    /// Everything in `mentorship.md`'s front matter (`title`, `mentee`, `mentors`,
    /// `members`, `aims`, `started`, `ends`, `ended`, `status`, `cadence`, `formality`,
    /// `roles`, `repo`, `tags`, `extra` …).
    #[serde(flatten)]
    pub front: &'a crate::content::doc::MentorshipFront,
    /// Its home page.
    pub url: &'a str,
    /// Its prefix (empty when the site has one mentorship).
    pub slug: &'a str,
    /// The visibility of its page.
    pub visibility: Visibility,
    /// Counts.
    pub counts: Counts,
    /// The date the history is seen from (the latest session's), `YYYY-MM-DD`.
    pub as_of: Option<String>,
    /// The same, written out.
    pub as_of_long: Option<String>,
    /// `started` written out.
    pub started_long: String,
    /// `ended` written out.
    pub ended_long: Option<String>,
    /// `ends` written out.
    pub ends_long: Option<String>,
    /// The section URLs: `home`, `sessions`, `goals`, `recurring`, `backlog`, `people`,
    /// `tags`, `print`.
    pub urls: SectionUrls,
    /// The navigation.
    pub nav: Vec<NavItem>,
    /// The mentors, linked to their pages.
    pub mentor_links: Vec<PersonLink>,
    /// The team's members, linked to their pages.
    pub member_links: Vec<PersonLink>,
    /// The repository, when it is a web address.
    pub repo_url: Option<String>,
}

/// A template value built once per render and shared by the pages that show it: a
/// [`SessionSummary`], a [`SessionRef`] or a [`GoalLink`] (see `Lookup::summary`,
/// `Lookup::session_ref`, `Lookup::goal_link`).
pub type Shared = tera::Value;

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
    pub kind: SessionKind,
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
    /// Strengths listed.
    pub strengths: usize,
    /// Backlog changes.
    pub backlog: usize,
    /// The decision taken on the mentorship, if any.
    pub direction: Option<Direction>,
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
            strengths: s.front.strengths.len(),
            backlog: s.front.backlog.len(),
            direction: s.front.direction,
            tags: &s.front.tags,
        }
    }
}

/// A session as a reference from elsewhere: enough to link to it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionRef<'a> {
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
    pub kind: SessionKind,
}

impl<'a> SessionRef<'a> {
    /// The reference to `s`.
    #[must_use]
    pub fn of(s: &'a Session) -> Self {
        Self {
            number: s.number,
            title: &s.title,
            url: &s.url,
            date: s.front.date.to_string(),
            date_long: s.front.date.long(),
            kind: s.front.kind,
        }
    }
}

/// `url` when it is an http(s) address (never `javascript:`, never a path that would
/// point inside the site).
#[must_use]
pub fn web_url(url: &str) -> Option<String> {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://")).then(|| u.to_owned())
}

/// A goal as a link: id, text, page, status.
#[derive(Debug, Clone, Serialize)]
pub struct GoalLink<'a> {
    /// Id.
    pub id: &'a str,
    /// Text.
    pub text: &'a str,
    /// Page.
    pub url: &'a str,
    /// Status now.
    pub status: GoalStatus,
}

impl<'a> GoalLink<'a> {
    /// The link to `g`.
    #[must_use]
    pub fn of(g: &'a Goal) -> Self {
        Self {
            id: &g.id,
            text: &g.text,
            url: &g.url,
            status: g.status,
        }
    }
}

/// A strength as a session shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StrengthView<'a> {
    /// Text.
    pub text: &'a str,
    /// Its row on the recurring page.
    pub url: Option<String>,
    /// Sessions it has been named in so far, this one included.
    pub seen: usize,
    /// Named in an earlier session.
    pub recurring: bool,
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
    pub impact: Option<Impact>,
    /// Tags.
    pub tags: Vec<TagLink>,
    /// Sessions it has been seen in so far, this one included.
    pub seen: usize,
    /// Seen in an earlier session.
    pub recurring: bool,
    /// Its row on the recurring page.
    pub url: Option<String>,
    /// Goals addressing it, at most five: those live at this session (introduced by
    /// then, not closed before it) first, then those introduced later, then those closed
    /// before.
    pub addressed_by: Vec<Shared>,
    /// How many more such goals there are (the recurring page lists them all).
    pub addressed_more: usize,
}

/// A question brought to the mentor.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView<'a> {
    /// The question.
    pub text: &'a str,
    /// The weaknesses it is about.
    pub addresses: Vec<LinkView>,
    /// Marked answered here (`answered: true`, or an `answer`).
    pub answered: bool,
    /// The answer, as written.
    pub answer: Option<&'a str>,
}

/// The owners of a goal: their names joined with ", " (for `owner`; `None` for nobody)
/// and each linked to their page (for `owners`). Blank names are nobody.
#[must_use]
pub fn owner_links(l: &Lookup<'_>, owner: Option<&Owner>) -> (Option<String>, Vec<PersonLink>) {
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
    pub struct SessionGoalView<'a> {
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

flat_view! {
    /// A backlog change with its session, item and goal resolved.
    #[derive(Debug, Clone)]
    pub struct BacklogView<'a> {
        /// `item`, `item_url` (the repository's issue), `item_slug`, `change`, `kind`
        /// (`position`, `moscow`, `size`, `points`, or none for values written bare),
        /// `before`, `after` (the values as text), `goal` (an id), `note`.
        ..pub entry: &'a BacklogEntry,
        /// `before` with its unit: `5 points`, `#3`; as written when bare.
        pub before_shown: Option<String>,
        /// `after` with its unit.
        pub after_shown: Option<String>,
        /// The change of value in one line: `5 → 13 points`, `should → must`, `#3 → #1`,
        /// `— → M`; none when neither side is given.
        pub values: Option<String>,
        /// The repository's issue, when `item` is `#N`, the mentorship has a `repo` and it is
        /// a web address.
        pub issue_url: Option<String>,
        /// The item's history on the backlog page.
        pub history_url: String,
        /// The goal served.
        pub goal_link: Option<Shared>,
        /// The goal's page (kept for older templates; `goal_link.url`).
        pub goal_url: Option<&'a str>,
        /// The session.
        pub session: Shared,
    }
}

impl<'a> BacklogView<'a> {
    /// Resolves the change at `index` of the backlog log.
    #[must_use]
    pub fn of(l: &Lookup<'a>, index: usize) -> Self {
        let m = l.m;
        let entry = &m.backlog[index];
        let goal = entry.goal.as_deref().and_then(|id| l.goal(id));
        Self {
            issue_url: entry.item_url.as_deref().and_then(web_url),
            history_url: l.item_url(l.entry_item[index]),
            goal_link: goal.map(|g| l.goal_link(g)),
            goal_url: goal.map(|g| g.url.as_str()),
            session: l.session_ref(entry.session),
            before_shown: entry.before_shown(),
            after_shown: entry.after_shown(),
            values: entry.values(),
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
    pub fn of(l: &Lookup<'a>, g: &'a Goal) -> Self {
        let (owner, owners) = owner_links(l, g.owner.as_ref());
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
pub struct GoalGroup<'a> {
    /// The status.
    pub status: GoalStatus,
    /// Whether it is an open status.
    pub open: bool,
    /// The goals.
    pub goals: Vec<GoalSummary<'a>>,
}

/// Groups the goals of `l.m` by status, open statuses first; empty groups left out.
#[must_use]
pub fn goal_groups<'a>(l: &Lookup<'a>, only_open: bool) -> Vec<GoalGroup<'a>> {
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

flat_view! {
    /// A goal event with its session.
    #[derive(Debug, Clone)]
    pub struct GoalEventView<'a> {
        /// `touch` (new, updated, closed), `status`, `health`, `due`, `note`.
        ..pub event: &'a GoalEvent,
        /// The owners given then, joined with ", ".
        pub owner: Option<String>,
        /// The owners given then, each linked to their page.
        pub owners: Vec<PersonLink>,
        /// Its session.
        pub session: Shared,
    }
}

flat_view! {
    /// One goal of a supersession chain.
    #[derive(Debug, Clone)]
    pub struct ChainLink<'a> {
        /// The goal.
        ..pub goal: GoalLink<'a>,
        /// Steps from the page's goal: negative for goals it replaced, positive for goals
        /// that replaced it, 0 for itself.
        pub step: i64,
        /// Whether this is the page's goal.
        pub current: bool,
    }
}

/// A weakness a goal addresses.
#[derive(Debug, Clone, Serialize)]
pub struct AddressedView<'a> {
    /// Its key.
    pub key: &'a str,
    /// Its anchor on the recurring page.
    pub slug: &'a str,
    /// Its row on the recurring page.
    pub url: String,
    /// Its latest text.
    pub text: &'a str,
    /// Sessions it was seen in.
    pub count: usize,
    /// First seen in.
    pub first: Shared,
    /// Last seen in.
    pub last: Shared,
    /// Whether it stopped recurring after an addressing goal was achieved.
    pub stopped_after_achieved: Option<bool>,
}

/// A reflection on the mentorship, or a decision about it.
#[derive(Debug, Clone, Serialize)]
pub struct ReflectionView<'a> {
    /// The session it was made in.
    pub session: Shared,
    /// What was said.
    pub reflection: Option<&'a str>,
    /// What was decided.
    pub direction: Option<Direction>,
}

/// A session × item grid cell.
#[derive(Debug, Clone, Serialize)]
pub struct GridCell {
    /// Named in that session.
    pub seen: bool,
    /// Its place in that session's list (a weakness's priority).
    pub rank: Option<usize>,
    /// Its impact there (weaknesses).
    pub impact: Option<Impact>,
}

/// A weakness or strength across sessions, as a row of the recurring grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow<'a> {
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

/// A session as a column of the recurring grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridColumn<'a> {
    /// 1-based.
    pub number: usize,
    /// Title.
    pub title: &'a str,
    /// Page.
    pub url: &'a str,
    /// YYYY-MM-DD.
    pub date: String,
}

/// A row of the goal timeline's table alternative.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
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
pub struct TimelineView {
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
pub struct LegendEntry {
    /// The outcome.
    pub status: &'static str,
    /// Its mark, as a small SVG.
    pub mark: String,
    /// What it means.
    pub label: &'static str,
}
