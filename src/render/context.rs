//! The views every page, or the shared values of [`super::lookup`], hand to templates:
//! `site`, `page`, links, session summaries and references, goal links, backlog changes,
//! section URLs.
//!
//! A view only one page kind shows lives with that page, in `pages/`; views several pages
//! show and that need the mentorship's indices are in `pages/parts.rs`. This module
//! depends on the model only (never on `lookup` or `pages`). The field names here are the
//! template API: `docs/templates.md` documents them, and renaming one breaks sites' own
//! templates.

use super::flat::flat_view;
use serde::Serialize;

use crate::content::doc::{Direction, GoalStatus, SessionKind, Visibility};
use crate::history::{BacklogEntry, Goal, Session, Touch};

/// The site, on every page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
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
pub(crate) struct PageInfo {
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
pub(crate) struct LinkView {
    /// Shown.
    pub title: String,
    /// Linked.
    pub url: String,
}

/// One entry of a mentorship's navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavItem {
    /// The section (`home`, `sessions`, `goals` …), compared with `page.section`.
    pub key: &'static str,
    /// Shown.
    pub title: &'static str,
    /// Linked.
    pub url: String,
}

/// A person's name, linked to their page when the log knows them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonLink {
    /// As written.
    pub name: String,
    /// Their page.
    pub url: Option<String>,
    /// Their role, for mentors.
    pub role: Option<String>,
}

/// A tag, linked to its page when sessions carry it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink {
    /// As written.
    pub name: String,
    /// Its page.
    pub url: Option<String>,
}

/// The URLs of a mentorship's sections.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct SectionUrls {
    /// Its home page (`/` or `/alpha/`).
    pub home: String,
    /// `…/sessions/`.
    pub sessions: String,
    /// `…/goals/`.
    pub goals: String,
    /// `…/recurring/`.
    pub recurring: String,
    /// `…/backlog/`.
    pub backlog: String,
    /// `…/people/`.
    pub people: String,
    /// `…/tags/`.
    pub tags: String,
    /// `…/print/`.
    pub print: String,
    /// `…/next/`: the next session's agenda.
    pub next: String,
    /// `…/calendar.ics`: next meetings and due dates.
    pub calendar: String,
}

impl SectionUrls {
    /// The section URLs under `home`.
    #[must_use]
    pub(crate) fn new(home: &str) -> Self {
        let at = |s: &str| format!("{home}{s}/");
        Self {
            home: home.to_owned(),
            sessions: at("sessions"),
            goals: at("goals"),
            recurring: at("recurring"),
            backlog: at("backlog"),
            people: at("people"),
            tags: at("tags"),
            print: at("print"),
            next: at("next"),
            calendar: format!("{home}calendar.ics"),
        }
    }
}

/// A template value built once per render and shared by the pages that show it: a
/// [`SessionSummary`], a [`SessionRef`] or a [`GoalLink`] (see `Lookup::summary`,
/// `Lookup::session_ref`, `Lookup::goal_link`).
pub(crate) type Shared = tera::Value;

/// One line about a session, for lists and links.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SessionSummary<'a> {
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
    pub(crate) fn of(s: &'a Session) -> Self {
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
pub(crate) struct SessionRef<'a> {
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
    pub(crate) fn of(s: &'a Session) -> Self {
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
pub(crate) fn web_url(url: &str) -> Option<String> {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://")).then(|| u.to_owned())
}

/// A goal as a link: id, text, page, status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalLink<'a> {
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
    pub(crate) fn of(g: &'a Goal) -> Self {
        Self {
            id: &g.id,
            text: &g.text,
            url: &g.url,
            status: g.status,
        }
    }
}

flat_view! {
    /// A backlog change with its session, item and goal resolved.
    #[derive(Debug, Clone)]
    pub(crate) struct BacklogView<'a> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(
            web_url(" https://x.example/ ").as_deref(),
            Some("https://x.example/")
        );
    }
}
