//! The linked history: plain data that pages and `log.json` are made from.
//!
//! Indices (`usize`) point into the owning mentorship's `sessions`; goals, items and people
//! are keyed by id or slug. Nothing here knows about files or templates.

use std::sync::Arc;

use serde::Serialize;

use crate::content::doc::{
    BacklogChangeKind, Direction, Due, GoalStatus, Health, Impact, MentorshipFront, Owner,
    SessionFront, ValueKind, Visibility,
};
use crate::date::Date;

/// Every mentorship of a site, linked.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Log {
    /// In folder order.
    pub mentorships: Vec<Mentorship>,
    /// The page URL of every note, by its path relative to `content/`.
    #[serde(skip)]
    pub note_urls: std::collections::HashMap<std::path::PathBuf, String>,
}

/// One mentorship with its derived history.
#[derive(Debug, Clone, Serialize)]
pub struct Mentorship {
    /// URL prefix (empty when the site has one mentorship).
    pub slug: String,
    /// Its home page, e.g. `/` or `/alpha/`.
    pub url: String,
    /// `mentorship.md`, relative to the site root.
    pub source: String,
    /// The front matter as written.
    #[serde(flatten)]
    pub front: Arc<MentorshipFront>,
    /// The visibility of the mentorship page.
    pub own_visibility: Visibility,
    /// The agreement in prose, as Markdown.
    #[serde(skip)]
    pub body: Body,
    /// The date the history is seen from: the latest session's date.
    pub as_of: Option<Date>,
    /// Sessions in date order, numbered from 1.
    pub sessions: Vec<Session>,
    /// Every goal, in the order introduced.
    pub goals: Vec<Goal>,
    /// Weaknesses across sessions, most frequent first.
    pub weaknesses: Vec<Recurring>,
    /// Strengths across sessions, most frequent first.
    pub strengths: Vec<Recurring>,
    /// Every backlog change, in session order.
    pub backlog: Vec<BacklogEntry>,
    /// Each backlog item with its history.
    pub backlog_items: Vec<BacklogItem>,
    /// Everyone named, by name.
    pub people: Vec<Person>,
    /// Every tag, by name. (`tag_groups` in JSON: `tags` is the front matter's list.)
    #[serde(rename = "tag_groups")]
    pub tags: Vec<TagGroup>,
    /// Follow-through over time: per session, and the outcomes of closed goals.
    pub follow_through: super::follow_through::FollowThrough,
    /// Index into `goals` by id.
    #[serde(skip)]
    pub goal_index: std::collections::HashMap<String, usize>,
}

impl Mentorship {
    /// Gives back the room its lists grew into while being linked (lists grow by
    /// doubling): a build holds every mentorship's history while it renders (issue 17).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.sessions.shrink_to_fit();
        for s in &mut self.sessions {
            s.goal_changes.shrink_to_fit();
            s.weakness_keys.shrink_to_fit();
            s.strength_keys.shrink_to_fit();
            s.question_weaknesses.shrink_to_fit();
        }
        self.goals.shrink_to_fit();
        for g in &mut self.goals {
            g.supersedes.shrink_to_fit();
            g.events.shrink_to_fit();
            g.addresses.shrink_to_fit();
            g.backlog.shrink_to_fit();
        }
        for r in self.weaknesses.iter_mut().chain(&mut self.strengths) {
            r.occurrences.shrink_to_fit();
            r.addressed_by.shrink_to_fit();
            r.tags.shrink_to_fit();
        }
        self.weaknesses.shrink_to_fit();
        self.strengths.shrink_to_fit();
        self.backlog.shrink_to_fit();
        self.backlog_items.shrink_to_fit();
        for item in &mut self.backlog_items {
            item.changes.shrink_to_fit();
        }
        self.people.shrink_to_fit();
        for p in &mut self.people {
            p.sessions.shrink_to_fit();
            p.goals.shrink_to_fit();
        }
        self.tags.shrink_to_fit();
        for t in &mut self.tags {
            t.sessions.shrink_to_fit();
        }
        self.follow_through.sessions.shrink_to_fit();
        self.goal_index.shrink_to_fit();
    }
}

/// How a session touched a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touch {
    /// First named here.
    New,
    /// Named again, still open.
    Updated,
    /// Closed here.
    Closed,
}

impl Touch {
    /// The word pages and `log.json` show: `new`, `updated`, `closed`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Updated => "updated",
            Self::Closed => "closed",
        }
    }
}

impl Serialize for Touch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A goal as one session saw it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionGoal {
    /// The goal's id.
    pub id: Arc<str>,
    /// Its page.
    pub url: Arc<str>,
    /// The goal's text (from its introduction).
    pub text: Arc<str>,
    /// New, updated or closed here.
    pub touch: Touch,
    /// Its status after this session.
    pub status: GoalStatus,
    /// Its health as given here.
    pub health: Option<Health>,
    /// Its owner (a name, or several) after this session: shared with the goal, as are
    /// `due` and `measure` (a goal's every session carries them; issue 17).
    pub owner: Option<Arc<Owner>>,
    /// When it is due, after this session.
    pub due: Option<Arc<str>>,
    /// How it will be measured, after this session.
    pub measure: Option<Arc<str>>,
    /// What this session noted (shared with the goal's event of this session).
    pub note: Option<Arc<str>>,
    /// The goal replacing it, if given here.
    pub superseded_by: Option<Arc<str>>,
}

/// One meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// 1-based position in date order.
    pub number: usize,
    /// The page's slug (the file name without `.md`).
    pub slug: String,
    /// Its page.
    pub url: String,
    /// The note, relative to the site root.
    pub source: String,
    /// The title, or "Session N". (`display_title` in JSON: `title` is the front matter's.)
    #[serde(rename = "display_title")]
    pub title: String,
    /// Who may see it. (`effective_visibility` in JSON: `visibility` is as written.)
    #[serde(rename = "effective_visibility")]
    pub visibility: Visibility,
    /// The mentors present (the mentorship's unless the note says). (`mentors_present` in
    /// JSON: `mentors` is as written.)
    #[serde(rename = "mentors_present")]
    pub mentors: Arc<[String]>,
    /// The front matter as written.
    #[serde(flatten)]
    pub front: Arc<SessionFront>,
    /// Index of the previous session.
    #[serde(rename = "prev_session")]
    pub prev: Option<usize>,
    /// Index of the next session. (`next_session` in JSON: `next` is the date of the next
    /// meeting, as written.)
    #[serde(rename = "next_session")]
    pub next: Option<usize>,
    /// The goals it introduced, updated or closed, in the note's order.
    pub goal_changes: Vec<SessionGoal>,
    /// The key of each of its weaknesses (`front.weaknesses`, in order): its identity in
    /// `Mentorship::weaknesses`.
    #[serde(skip)]
    pub weakness_keys: Vec<Arc<str>>,
    /// The key of each of its strengths, in `Mentorship::strengths`.
    #[serde(skip)]
    pub strength_keys: Vec<Arc<str>>,
    /// For each of its questions, the key of the weakness each of its `addresses` names
    /// (`None`: no weakness of this log), in order.
    #[serde(skip)]
    pub question_weaknesses: Vec<Vec<Option<String>>>,
    /// The notes, as Markdown.
    #[serde(skip)]
    pub body: Body,
}

/// One event in a goal's life.
#[derive(Debug, Clone, Serialize)]
pub struct GoalEvent {
    /// The session's index.
    pub session: usize,
    /// New, updated or closed.
    pub touch: Touch,
    /// The status after it.
    pub status: GoalStatus,
    /// Health given then.
    pub health: Option<Health>,
    /// Owner (a name, or several) given then.
    pub owner: Option<Arc<Owner>>,
    /// Due given then.
    pub due: Option<Arc<str>>,
    /// Note given then.
    pub note: Option<Arc<str>>,
}

/// A goal across its whole life.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    /// Its stable id.
    pub id: Arc<str>,
    /// Its page.
    pub url: Arc<str>,
    /// What it is.
    pub text: Arc<str>,
    /// The owner now: a name, or several (as last written; an empty list is no owner).
    pub owner: Option<Arc<Owner>>,
    /// When it is due now.
    pub due: Option<Due>,
    /// `due` as pages show it, made once for every session that carries it.
    #[serde(skip)]
    pub due_text: Option<Arc<str>>,
    /// How it is measured.
    pub measure: Option<Arc<str>>,
    /// The status now.
    pub status: GoalStatus,
    /// Whether the status is open.
    pub open: bool,
    /// The latest health given.
    pub health: Option<Health>,
    /// Session index that introduced it.
    pub introduced: usize,
    /// Session index that closed it.
    pub closed: Option<usize>,
    /// The session index of its latest update.
    pub last_update: usize,
    /// The goal that replaced it.
    pub superseded_by: Option<String>,
    /// The goals it replaced.
    pub supersedes: Vec<String>,
    /// Every session that named it.
    pub events: Vec<GoalEvent>,
    /// Sessions it has been (or was) open.
    pub sessions_open: usize,
    /// Days it has been (or was) open.
    pub days_open: i64,
    /// Open with its due date or sprint passed (as of the latest session).
    pub overdue: bool,
    /// Keys of the weaknesses it addresses (see [`Recurring::key`]).
    pub addresses: Vec<String>,
    /// Indices into the backlog log of the changes serving it.
    pub backlog: Vec<usize>,
}

/// A weakness or strength seen in one session.
#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    /// The session's index.
    pub session: usize,
    /// 1-based place in that session's list (a weakness's priority).
    pub rank: usize,
    /// The text written there (shared with the occurrence before when written alike, as a
    /// weakness that comes back mostly is).
    pub text: Arc<str>,
    /// The impact given there (weaknesses).
    pub impact: Option<Impact>,
}

/// A weakness or strength across sessions.
#[derive(Debug, Clone, Serialize)]
pub struct Recurring {
    /// Its id, or its normalised text.
    pub key: String,
    /// An anchor-safe slug of the key.
    pub slug: String,
    /// The latest text.
    pub text: Arc<str>,
    /// Each session it was named in.
    pub occurrences: Vec<Occurrence>,
    /// Number of sessions.
    pub count: usize,
    /// Named in two or more sessions.
    pub recurring: bool,
    /// First session index.
    pub first: usize,
    /// Last session index.
    pub last: usize,
    /// Goals addressing it.
    pub addressed_by: Vec<String>,
    /// Whether it stopped coming back after a goal addressing it was achieved; `None` when
    /// no such goal was achieved.
    pub stopped_after_achieved: Option<bool>,
    /// Tags given to it.
    pub tags: Vec<String>,
}

/// One backlog change in the log.
#[derive(Debug, Clone, Serialize)]
pub struct BacklogEntry {
    /// The session's index.
    pub session: usize,
    /// The item as written (shared with its `backlog_items` entry when written alike, as
    /// are `item_url` and `item_slug`: an item's every change carries them; issue 17).
    pub item: Arc<str>,
    /// Its issue URL when it is `#N` and the mentorship has a `repo`.
    pub item_url: Option<Arc<str>>,
    /// The item's slug in `backlog_items`.
    pub item_slug: Arc<str>,
    /// What happened.
    pub change: BacklogChangeKind,
    /// The kind of value `before` and `after` hold, when the note said (`{points: 5}`);
    /// left out of `log.json` for bare values, which are shown as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ValueKind>,
    /// Before, as text (`5`, `must`, `M`).
    pub before: Option<String>,
    /// After, as text.
    pub after: Option<String>,
    /// The goal served.
    pub goal: Option<String>,
    /// Why.
    pub note: Option<String>,
}

impl Goal {
    /// Everyone who owns it now (none for no owner or an empty list).
    #[must_use]
    pub fn owners(&self) -> &[String] {
        self.owner.as_deref().map_or(&[], Owner::names)
    }
}

impl BacklogEntry {
    /// `before` as pages show it: with its unit (`5 points`, `#3`) when it has a kind.
    #[must_use]
    pub(crate) fn before_shown(&self) -> Option<String> {
        self.before.as_deref().map(|v| shown(self.kind, v))
    }

    /// `after` as pages show it.
    #[must_use]
    pub(crate) fn after_shown(&self) -> Option<String> {
        self.after.as_deref().map(|v| shown(self.kind, v))
    }

    /// The change of value in one line, `—` for a side not given: `5 → 13 points`,
    /// `should → must`, `#3 → #1`, `S → L`; `None` when neither side is given.
    #[must_use]
    pub(crate) fn values(&self) -> Option<String> {
        if self.before.is_none() && self.after.is_none() {
            return None;
        }
        let side = |v: Option<&str>| match (self.kind, v) {
            (_, None) => "—".to_owned(),
            (Some(ValueKind::Position), Some(v)) => format!("#{v}"),
            (_, Some(v)) => v.to_owned(),
        };
        let (before, after) = (self.before.as_deref(), self.after.as_deref());
        let mut line = format!("{} → {}", side(before), side(after));
        if self.kind == Some(ValueKind::Points) {
            // The unit follows the last number given: `5 → 13 points`, `5 points → —`.
            let (number, at) = match after {
                Some(a) => (a, line.len()),
                None => (before.unwrap_or_default(), side(before).len()),
            };
            line.insert_str(at, points_unit(number));
        }
        Some(line)
    }
}

/// `v` with the unit of its kind: `5 points`, `1 point`, `#3`; as written without one.
fn shown(kind: Option<ValueKind>, v: &str) -> String {
    match kind {
        Some(ValueKind::Points) => format!("{v}{}", points_unit(v)),
        Some(ValueKind::Position) => format!("#{v}"),
        _ => v.to_owned(),
    }
}

fn points_unit(number: &str) -> &'static str {
    if number == "1" { " point" } else { " points" }
}

/// A backlog item and its changes.
#[derive(Debug, Clone, Serialize)]
pub struct BacklogItem {
    /// The item as first written.
    pub item: Arc<str>,
    /// An anchor-safe slug.
    pub slug: Arc<str>,
    /// Its issue URL, if any.
    pub item_url: Option<Arc<str>>,
    /// Indices into the backlog log.
    pub changes: Vec<usize>,
}

/// Someone named in the log.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// As written.
    pub name: String,
    /// URL-safe.
    pub slug: String,
    /// A mentor of the mentorship.
    pub mentor: bool,
    /// A member of the mentee team.
    pub member: bool,
    /// Indices of sessions attended (as attendee or mentor).
    pub sessions: Vec<usize>,
    /// Ids of goals owned now.
    pub goals: Vec<String>,
}

/// Sessions sharing a tag.
#[derive(Debug, Clone, Serialize)]
pub struct TagGroup {
    /// As written.
    pub name: String,
    /// URL-safe.
    pub slug: String,
    /// Indices of sessions.
    pub sessions: Vec<usize>,
}

/// A decision or reflection on the mentorship, for its history.
#[derive(Debug, Clone, Serialize)]
pub struct Reflection {
    /// The session's index.
    pub session: usize,
    /// What was said.
    pub reflection: Option<String>,
    /// What was decided.
    pub direction: Option<Direction>,
}

impl Mentorship {
    /// The goal with this id.
    #[must_use]
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        // By the index `link` built (a log of thousands of goals asks for each many times);
        // a scan should `goals` have been changed since.
        match self.goal_index.get(id).and_then(|&i| self.goals.get(i)) {
            Some(g) if *g.id == *id => Some(g),
            _ => self.goals.iter().find(|g| *g.id == *id),
        }
    }

    /// The goal with this id (surrounding spaces ignored), by the index `link` built alone:
    /// an id no goal has (a careless note's link) costs no scan of the goals.
    #[must_use]
    pub(crate) fn indexed_goal(&self, id: &str) -> Option<&Goal> {
        self.goal_index
            .get(id.trim())
            .and_then(|&i| self.goals.get(i))
    }

    /// Its goals' ids, in the order they were introduced.
    #[must_use]
    pub(crate) fn goal_ids(&self) -> Vec<&str> {
        self.goals.iter().map(|g| &*g.id).collect()
    }
}

/// A note link of a body: the path as written, and the page it goes to.
type NoteLink = (Box<str>, Box<str>);

/// A note's Markdown body: the part of the note's text after its front matter, shared with
/// the note rather than copied. Reads as a `&str`.
#[derive(Clone, Default)]
pub struct Body {
    text: Arc<str>,
    start: usize,
    /// Where each note link of the body goes: the path as written (`../x.md`) → the
    /// page's URL, resolved once by the linking step (`None`: no note link resolves).
    note_links: Option<Arc<[NoteLink]>>,
}

impl Body {
    /// The part of `text` from byte `start` on (`start` must be on a character boundary;
    /// past the end, the body is empty).
    #[must_use]
    pub(crate) fn new(text: Arc<str>, start: usize) -> Self {
        let start = if text.is_char_boundary(start) {
            start
        } else {
            text.len()
        };
        Self {
            text,
            start,
            note_links: None,
        }
    }

    /// The page a note link of the body, written `path` (without its `#fragment`), goes
    /// to; `None` when it goes nowhere.
    #[must_use]
    pub(crate) fn note_link(&self, path: &str) -> Option<&str> {
        let links = self.note_links.as_deref()?;
        let at = links.binary_search_by(|(p, _)| (**p).cmp(path)).ok()?;
        Some(&links[at].1)
    }

    /// Sets where the body's note links go (the linking step's job).
    /// A few links a note at most: a sorted slice, not a map.
    pub(crate) fn set_note_links(&mut self, mut links: Vec<NoteLink>) {
        links.sort_unstable();
        links.dedup_by(|a, b| a.0 == b.0);
        self.note_links = (!links.is_empty()).then(|| Arc::from(links));
    }
}

impl std::ops::Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Body {}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}
