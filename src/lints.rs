//! The guidance of a good mentoring session, as warnings (PRODUCT.md §7).
//!
//! Pure: reads the parsed notes and the linked history (for goals' lives) and returns
//! warnings; `check --strict` turns them into errors. Each lint has a stable code. A
//! warning's place in its note is found only when it is shown ([`Lint::placed`]): that
//! takes a second parse of the note's YAML, and a build shows twenty of the tens of
//! thousands of warnings of a log written carelessly (issue 17).

use crate::code::Code;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::content::doc::{GoalStatus, Impact, MentorshipStatus, SessionFront, SessionKind};
use crate::content::{MentorshipDoc, Note};
use crate::diagnostic::{Diagnostic, Loc};
use crate::history::Mentorship;

// Sessions a goal may stay untouched before it is reported (the agenda's "keep slipping"
// counts the same goals).
use crate::history::agenda::UNTOUCHED_SESSIONS;

/// A warning of the guidance: what was found, in which note and where in it. Its words
/// and its place are made only when it is shown ([`Lint::placed`]): a log written
/// carelessly has hundreds of thousands of warnings and a build shows twenty (issue 17:
/// at 100,000 notes their messages, hints and paths held 126 MB).
#[derive(Debug, Clone)]
pub struct Lint {
    found: Found,
    /// Its note: `None` for `mentorship.md`, else its index in the mentorship's sessions.
    note: Option<usize>,
    at: At,
}

/// What a lint found, with what its message needs that its note does not hold.
#[derive(Debug, Clone)]
enum Found {
    NoSunset,
    TooFewGoals {
        set: usize,
        min: u32,
    },
    /// The weakness at this index in the note has no impact.
    WeaknessWithoutImpact(usize),
    WeaknessesNotRanked {
        now: Impact,
        before: Impact,
    },
    NoQuestions,
    BacklogWithoutGoal,
    GoalReopened(Arc<str>),
    GoalNotCarriedForward(Arc<str>),
    GoalNotSpecific {
        goal: Arc<str>,
        owner: bool,
        measure: bool,
        due: bool,
    },
    GoalUntouched {
        goal: Arc<str>,
        sessions: usize,
    },
    NoReflection {
        since: usize,
        every: usize,
    },
}

impl Found {
    fn code(&self) -> Code {
        match self {
            Found::NoSunset => Code::NoSunset,
            Found::TooFewGoals { .. } => Code::TooFewGoals,
            Found::WeaknessWithoutImpact(_) => Code::WeaknessWithoutImpact,
            Found::WeaknessesNotRanked { .. } => Code::WeaknessesNotRanked,
            Found::NoQuestions => Code::NoQuestions,
            Found::BacklogWithoutGoal => Code::BacklogWithoutGoal,
            Found::GoalReopened(_) => Code::GoalReopened,
            Found::GoalNotCarriedForward(_) => Code::GoalNotCarriedForward,
            Found::GoalNotSpecific { .. } => Code::GoalNotSpecific,
            Found::GoalUntouched { .. } => Code::GoalUntouched,
            Found::NoReflection { .. } => Code::NoReflection,
        }
    }

    /// The message; `front`: the note's front matter, when a session's.
    fn message(&self, front: Option<&SessionFront>) -> Cow<'static, str> {
        match self {
            Found::NoSunset => {
                "the mentorship has ended, but no session decided to sunset it".into()
            }
            Found::TooFewGoals { set, min } => {
                format!("this mentoring session sets or updates {set} of the {min} goals it should").into()
            }
            Found::WeaknessWithoutImpact(wi) => {
                let text = front.and_then(|f| f.weaknesses.get(*wi)).map_or("", |w| &*w.text);
                format!("the weakness \"{}\" has no impact", short(text)).into()
            }
            Found::WeaknessesNotRanked { now, before } => format!(
                "a {} impact weakness is listed after a {} impact one",
                impact_word(*now),
                impact_word(*before)
            )
            .into(),
            Found::NoQuestions => "no questions were prepared for the mentor".into(),
            Found::BacklogWithoutGoal => "none of the backlog changes serves a goal".into(),
            Found::GoalReopened(goal) => {
                format!("goal `{goal}` was closed and is reopened here").into()
            }
            Found::GoalNotCarriedForward(goal) => {
                format!("goal `{goal}` was open in the previous session but is not updated here").into()
            }
            Found::GoalNotSpecific { goal, owner, measure, due } => {
                let missing: Vec<&str> = [("owner", *owner), ("measure", *measure), ("due date", *due)]
                    .into_iter()
                    .filter_map(|(k, missing)| missing.then_some(k))
                    .collect();
                format!("goal `{goal}` has no {}", join_words(&missing)).into()
            }
            Found::GoalUntouched { goal, sessions } => {
                format!("goal `{goal}` is open but untouched for {sessions} sessions").into()
            }
            Found::NoReflection { since, every } => format!(
                "no reflection on the mentorship in the last {since} sessions (review_every: {every})"
            )
            .into(),
        }
    }

    fn hint(&self) -> Cow<'static, str> {
        match self {
            Found::NoSunset => "record the decision in the last session: `direction: sunset`, with a `reflection`".into(),
            Found::TooFewGoals { .. } => "agree at least three clear, specific goals, or carry open ones forward (`min_goals` in mentorship.md changes the number)".into(),
            Found::WeaknessWithoutImpact(_) => "rank it: `{text: …, impact: high | medium | low}`".into(),
            Found::WeaknessesNotRanked { .. } => "list weaknesses by priority: the highest impact first".into(),
            Found::NoQuestions => "bring the questions the retrospective raised: `questions: [\"How do other teams …?\"]`".into(),
            Found::BacklogWithoutGoal => "say which goal a change makes room for: `goal: GOAL_ID`".into(),
            Found::GoalReopened(_) => "introduce a new goal (a new id) instead of reopening a closed one".into(),
            Found::GoalNotCarriedForward(goal) => format!("carry it forward: `- id: {goal}` with its status now (`mentorlog new` does this for you)").into(),
            Found::GoalNotSpecific { .. } => "a clear, specific goal says who drives it (`owner`), how you will know (`measure`) and by when (`due`)".into(),
            Found::GoalUntouched { .. } => "update it in the next session, or close it: `status: dropped` with a `note`".into(),
            Found::NoReflection { .. } => "reflect on how the mentorship is going: `reflection: …`, and decide a `direction` if needed".into(),
        }
    }
}
/// Where in its note a warning points, found in the note's YAML when it is shown.
#[derive(Debug, Clone, Copy)]
enum At {
    /// The key, else the `date` key, else the file's first character.
    Anchor(&'static str),
    /// The value of a top-level key.
    Value(&'static str),
    /// The `goals` key, else the `date` key.
    GoalsKey,
    /// The `date` key.
    Date,
    /// A weakness's text, else the weakness.
    Weakness(usize),
    /// The value of a field of a goal entry.
    Goal(usize, &'static str),
}

impl At {
    fn find<T>(self, note: &Note<T>) -> Option<Loc> {
        match self {
            At::Anchor(key) => note
                .key_at(key)
                .or_else(|| note.key_at("date"))
                .or(Some(Loc::start())),
            At::Value(key) => note.value_at(key),
            At::GoalsKey => note.key_at("goals").or_else(|| note.key_at("date")),
            At::Date => note.key_at("date"),
            At::Weakness(wi) => note
                .value_at(&format!("weaknesses.{wi}.text"))
                .or_else(|| note.value_at(&format!("weaknesses.{wi}"))),
            At::Goal(gi, field) => note.value_at(&format!("goals.{gi}.{field}")),
        }
    }
}

impl Lint {
    /// Its code.
    #[must_use]
    pub fn code(&self) -> Code {
        self.found.code()
    }

    /// Its note in `doc`, the mentorship it was made of.
    fn note<'d>(&self, doc: &'d MentorshipDoc) -> Option<&'d Note<SessionFront>> {
        self.note.and_then(|i| doc.sessions.get(i))
    }

    /// The path of its note in `doc`, the mentorship it was made of.
    #[must_use]
    pub fn path<'d>(&self, doc: &'d MentorshipDoc) -> &'d str {
        match self.note {
            None => &doc.note.path,
            Some(_) => self.note(doc).map_or("", |n| n.path.as_str()),
        }
    }

    /// Its message, as [`Lint::placed`] gives it.
    #[must_use]
    pub fn message(&self, doc: &MentorshipDoc) -> Cow<'static, str> {
        self.found.message(self.note(doc).map(|n| &*n.front))
    }

    /// The warning with its words and its place, found in `doc`, the mentorship it was
    /// made of (the note's span map stays until the note forgets it).
    #[must_use]
    pub fn placed(&self, doc: &MentorshipDoc) -> Diagnostic {
        let loc = match self.note {
            None => self.at.find(&doc.note),
            Some(_) => self.note(doc).and_then(|note| self.at.find(note)),
        };
        Diagnostic::warning(self.path(doc), loc, self.code(), self.message(doc))
            .with_hint(self.found.hint())
    }
}

/// The warnings of one mentorship as they are made: each beside its note and place.
struct Lints<'a> {
    /// Each note's index in the mentorship's sessions, by path.
    index: HashMap<&'a str, usize>,
    out: Vec<Lint>,
}

impl Lints<'_> {
    /// A lint of the session note at `path`.
    fn push(&mut self, path: &str, found: Found, at: At) {
        let note = self.index.get(path).copied();
        debug_assert!(note.is_some(), "a lint of a note not in its mentorship");
        self.out.push(Lint { found, note, at });
    }
}

/// The guidance for one mentorship, as its linked model and its notes show it.
#[must_use]
pub fn lint_mentorship(doc: &MentorshipDoc, m: &Mentorship) -> Vec<Lint> {
    let mut out = Lints {
        index: doc
            .sessions
            .iter()
            .enumerate()
            .map(|(i, n)| (n.path.as_str(), i))
            .collect(),
        out: Vec::new(),
    };
    let ordered: Vec<&Note<SessionFront>> = m
        .sessions
        .iter()
        .filter_map(|s| out.index.get(s.source.as_str()).map(|&i| &doc.sessions[i]))
        .collect();
    if ordered.len() != m.sessions.len() {
        return out.out;
    }
    mentorship_lints(m, &mut out);
    for (i, note) in ordered.iter().enumerate() {
        session_lints(m, i, note, &mut out);
        carried_forward(m, i, note, &mut out);
    }
    goal_lints(m, &ordered, &mut out);
    reflection_lints(m, &ordered, &mut out);
    out.out.shrink_to_fit();
    out.out
}

fn mentorship_lints(m: &Mentorship, out: &mut Lints<'_>) {
    if m.front.status == MentorshipStatus::Ended
        && !m
            .sessions
            .iter()
            .any(|s| s.front.direction == Some(crate::content::doc::Direction::Sunset))
    {
        out.out.push(Lint {
            found: Found::NoSunset,
            note: None,
            at: At::Value("status"),
        });
    }
}

fn session_lints(m: &Mentorship, i: usize, note: &Note<SessionFront>, out: &mut Lints<'_>) {
    let f = &note.front;
    let path = note.path.as_str();
    if f.kind == SessionKind::Mentoring && f.goals.len() < m.front.min_goals as usize {
        let found = Found::TooFewGoals {
            set: f.goals.len(),
            min: m.front.min_goals,
        };
        out.push(path, found, At::Anchor("goals"));
    }
    let mut previous: Option<Impact> = None;
    for (wi, w) in f.weaknesses.iter().enumerate() {
        match (w.impact, previous) {
            (None, _) => out.push(path, Found::WeaknessWithoutImpact(wi), At::Weakness(wi)),
            (Some(now), Some(before)) if now < before => {
                let found = Found::WeaknessesNotRanked { now, before };
                out.push(path, found, At::Weakness(wi));
            }
            _ => {}
        }
        if w.impact.is_some() {
            previous = w.impact.max(previous);
        }
    }
    if f.kind == SessionKind::Mentoring && f.questions.is_empty() {
        out.push(path, Found::NoQuestions, At::Anchor("questions"));
    }
    if !f.backlog.is_empty() && f.backlog.iter().all(|b| b.goal.is_none()) {
        out.push(path, Found::BacklogWithoutGoal, At::Anchor("backlog"));
    }
    // A closed goal named again with an open status.
    for (gi, entry) in f.goals.iter().enumerate() {
        let Some(goal) = m.goal(entry.id.trim()) else {
            continue;
        };
        let Some(status) = entry.status else { continue };
        let before = goal
            .events
            .iter()
            .take_while(|e| e.session < i)
            .last()
            .map(|e| e.status);
        if status.is_open() && before.is_some_and(|b| !b.is_open()) {
            let found = Found::GoalReopened(goal.id.clone());
            out.push(path, found, At::Goal(gi, "status"));
        }
    }
}

/// Open goals of the previous session that this one does not name.
fn carried_forward(m: &Mentorship, i: usize, note: &Note<SessionFront>, out: &mut Lints<'_>) {
    if i == 0 {
        return;
    }
    let named: HashSet<&str> = note.front.goals.iter().map(|g| g.id.trim()).collect();
    // Only the goals the previous session touched can have been open in it and named
    // there (a log of thousands of goals is not scanned for each session).
    let previous = m.sessions[i - 1].goal_changes.iter();
    for goal in previous.filter_map(|c| m.goal(&c.id)) {
        if goal.introduced >= i || named.contains(&*goal.id) {
            continue;
        }
        let status_then = goal
            .events
            .iter()
            .take_while(|e| e.session < i)
            .last()
            .map(|e| e.status);
        if status_then.is_some_and(GoalStatus::is_open)
            && goal.events.iter().any(|e| e.session == i - 1)
        {
            let found = Found::GoalNotCarriedForward(goal.id.clone());
            out.push(&note.path, found, At::GoalsKey);
        }
    }
}

/// Goals still open and untouched for several sessions; goals that are not specific.
fn goal_lints(m: &Mentorship, ordered: &[&Note<SessionFront>], out: &mut Lints<'_>) {
    let last = m.sessions.len();
    // Where each goal id stands in each note's `goals` (the first entry): looked up, not
    // searched for, for each goal (a note of 30,000 goals took seconds).
    let positions: Vec<HashMap<&str, usize>> = ordered
        .iter()
        .map(|note| {
            let mut at = HashMap::with_capacity(note.front.goals.len());
            for (gi, g) in note.front.goals.iter().enumerate() {
                at.entry(g.id.trim()).or_insert(gi);
            }
            at
        })
        .collect();
    let position = |session: usize, id: &str| positions[session].get(id).copied().unwrap_or(0);
    for goal in &m.goals {
        let note = ordered[goal.introduced];
        let gi = position(goal.introduced, &goal.id);
        // `owner: []` (or a blank name) is no owner.
        let owner = goal.owners().iter().all(|o| o.trim().is_empty());
        let (measure, due) = (goal.measure.is_none(), goal.due.is_none());
        if owner || measure || due {
            let found = Found::GoalNotSpecific {
                goal: goal.id.clone(),
                owner,
                measure,
                due,
            };
            out.push(&note.path, found, At::Goal(gi, "id"));
        }
        if goal.open && last - goal.last_update > UNTOUCHED_SESSIONS {
            let at = ordered[goal.last_update];
            let gi = position(goal.last_update, &goal.id);
            let found = Found::GoalUntouched {
                goal: goal.id.clone(),
                sessions: last - 1 - goal.last_update,
            };
            out.push(&at.path, found, At::Goal(gi, "id"));
        }
    }
}

/// No reflection on the mentorship within `review_every` sessions.
fn reflection_lints(m: &Mentorship, ordered: &[&Note<SessionFront>], out: &mut Lints<'_>) {
    let Some(every) = m.front.review_every.filter(|n| *n > 0).map(|n| n as usize) else {
        return;
    };
    let mut since = 0;
    for note in ordered {
        if note.front.reflection.is_some() {
            since = 0;
            continue;
        }
        since += 1;
        if since == every + 1 {
            out.push(&note.path, Found::NoReflection { since, every }, At::Date);
            since = 0;
        }
    }
}

fn impact_word(i: Impact) -> &'static str {
    match i {
        Impact::High => "high",
        Impact::Medium => "medium",
        Impact::Low => "low",
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        s.push('…');
    }
    s
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
