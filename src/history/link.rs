//! Linking: from parsed notes to the history, resolving every reference once.
//!
//! Zola's habit: keep things in maps keyed by id and resolve each reference in one place,
//! reporting every dangling one. Pure: takes notes, returns the [`Log`] and diagnostics.

use crate::code::Code;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::content::doc::{
    BacklogValue, Due, GoalEntry, GoalStatus, MentorshipStatus, SessionFront, ValueKind,
};
use crate::content::markdown::{Target, slug};
use crate::content::{MentorshipDoc, Note};
use crate::diagnostic::{Diagnostic, Loc, did_you_mean};
use crate::history::model::*;

/// Problems in one mentorship (in one pass) after which dangling references get no
/// did-you-mean hint: each costs a look at every known id, so a note of thousands of bad
/// references would take time quadratic in its size for hints nobody reads.
const SUGGESTED: usize = 200;

/// [`did_you_mean`] while fewer than [`SUGGESTED`] problems were found so far.
fn suggest<'a>(
    so_far: usize,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if so_far >= SUGGESTED {
        None
    } else {
        did_you_mean(word, candidates)
    }
}

/// Links every mentorship; returns the log and every reference error.
#[must_use]
pub fn link(docs: &[MentorshipDoc]) -> (Log, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let (mut log, mut diagnostics) = link_each(docs);
    let link_errors: Vec<_> = docs
        .par_iter()
        .zip(&log.mentorships)
        .map(|(doc, mentorship)| {
            check_note_links(doc, &mentorship.goal_ids(), docs, &log.note_urls)
        })
        .collect();
    diagnostics.extend(link_errors.into_iter().flatten());
    let note_urls = &log.note_urls;
    log.mentorships
        .par_iter_mut()
        .zip(docs)
        .for_each(|(m, doc)| resolve_note_links(doc, m, note_urls));
    (log, diagnostics)
}

/// Each mentorship linked on its own (in parallel), and the page of every note; the
/// reference errors inside mentorships and of their URL prefixes.
fn link_each(docs: &[MentorshipDoc]) -> (Log, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let (prefixes, mut diagnostics) = prefixes(docs);
    let mut log = Log::default();
    // Each mentorship's notes' pages are listed beside its linking, on both threads.
    let linked: Vec<_> = docs
        .par_iter()
        .zip(prefixes)
        .map(|(doc, prefix)| {
            let (mentorship, more) = link_mentorship(doc, prefix);
            let urls = note_urls_of(doc, &mentorship);
            (mentorship, more, urls)
        })
        .collect();
    log.note_urls
        .reserve(linked.iter().map(|(_, _, urls)| urls.len()).sum());
    for (mentorship, more, urls) in linked {
        diagnostics.extend(more);
        log.note_urls.extend(urls);
        log.mentorships.push(mentorship);
    }
    (log, diagnostics)
}

/// [`link`]'s history for a front end that only renders it, its diagnostics made before
/// (a build): the links between notes are resolved but not checked, each mentorship's
/// notes go as soon as its links are resolved, and the notes' pages are not kept
/// (`Log::note_urls` is empty: nothing renders from it). At 100,000 notes, what a build
/// holds while it renders.
#[must_use]
pub(crate) fn link_to_render(docs: Vec<MentorshipDoc>) -> Log {
    use rayon::prelude::*;
    let (mut log, _) = link_each(&docs);
    let note_urls = std::mem::take(&mut log.note_urls);
    log.mentorships
        .par_iter_mut()
        .zip(docs)
        .for_each(|(m, doc)| resolve_note_links(&doc, m, &note_urls));
    log
}

/// The folder under which each mentorship of a site with several lives: `/m/SLUG/`.
///
/// Site-wide pages (`/`, `/search/`, `feed.xml`, `log.json`, the theme's files …) never use
/// it, so no folder name can make a mentorship's page collide with one of theirs: a team
/// called Search lives at `/m/search/`, the search page stays at `/search/`. With one
/// mentorship its pages are at the root (`/sessions/…`), as they always were.
pub(crate) const MENTORSHIPS_DIR: &str = "m";

#[cfg(test)]
/// The mentorship prefix (`m/alpha`) of an output path or URL path (`m/alpha/goals/…`),
/// when it lies under one.
#[must_use]
pub(crate) fn mentorship_prefix_of(path: &str) -> Option<&str> {
    let path = path.trim_start_matches('/');
    let rest = path.strip_prefix(MENTORSHIPS_DIR)?.strip_prefix('/')?;
    let slug = rest.split('/').next().filter(|s| !s.is_empty())?;
    Some(&path[..MENTORSHIPS_DIR.len() + 1 + slug.len()])
}

/// The URL prefix of each mentorship (none when there is only one; `m/SLUG` with several,
/// see [`MENTORSHIPS_DIR`]), and an error for each prefix taken twice. The first step of
/// [`link`]; `serve` links mentorships one by one.
#[must_use]
pub(crate) fn prefixes(docs: &[MentorshipDoc]) -> (Vec<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let several = docs.len() > 1;
    let mut taken: HashMap<String, &str> = HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    for doc in docs {
        let prefix = if several {
            format!("{MENTORSHIPS_DIR}/{}", mentorship_slug(doc))
        } else {
            String::new()
        };
        if let Some(other) = taken.insert(prefix.clone(), &doc.note.path) {
            diagnostics.push(
                Diagnostic::error(
                    &doc.note.path,
                    Some(Loc::start()),
                    Code::DuplicatePage,
                    format!("this mentorship would be written to `/{prefix}/`, like `{other}`"),
                )
                .with_hint("rename one of the two folders"),
            );
        }
        out.push(prefix);
    }
    (out, diagnostics)
}

/// Links one mentorship under `prefix`: its sessions, goals' timelines, recurring items,
/// backlog, people and tags, with every reference error inside it. Pure; what [`link`]
/// does for each mentorship before it checks the links between notes.
#[must_use]
pub(crate) fn link_mentorship(
    doc: &MentorshipDoc,
    prefix: String,
) -> (Mentorship, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mentorship = link_one(doc, prefix, &mut diagnostics);
    (mentorship, diagnostics)
}

/// Adds the page URL of every note of `doc`, linked as `mentorship`, to `note_urls`.
pub(crate) fn add_note_urls(
    note_urls: &mut HashMap<PathBuf, String>,
    doc: &MentorshipDoc,
    mentorship: &Mentorship,
) {
    note_urls.extend(note_urls_of(doc, mentorship));
}

/// The pages of `doc`'s notes, in the order [`add_note_urls`] adds them.
fn note_urls_of(doc: &MentorshipDoc, mentorship: &Mentorship) -> Vec<(PathBuf, String)> {
    let by_source: HashMap<&str, &str> = mentorship
        .sessions
        .iter()
        .map(|s| (s.source.as_str(), s.url.as_str()))
        .collect();
    let mut urls = Vec::with_capacity(doc.sessions.len() + 1);
    for s in &doc.sessions {
        if let Some(url) = by_source.get(s.path.as_str()) {
            urls.push((s.rel.clone(), (*url).to_owned()));
        }
    }
    urls.push((doc.note.rel.clone(), mentorship.url.clone()));
    urls
}

/// A mentorship's slug: its folder's, else its title's, else `mentorship`.
fn mentorship_slug(doc: &MentorshipDoc) -> String {
    [doc.dir.to_string_lossy().as_ref(), &doc.note.front.title]
        .into_iter()
        .map(slug)
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "mentorship".to_owned())
}

/// `/prefix/path/`, in a string of its exact length (`concat`): a log holds one for each
/// session and goal, and `format!` would leave it up to twice the room.
fn url(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, true) => "/".to_owned(),
        (true, false) => ["/", path, "/"].concat(),
        (false, true) => ["/", prefix, "/"].concat(),
        (false, false) => ["/", prefix, "/", path, "/"].concat(),
    }
}

/// A weakness's or strength's identity across sessions: its id, else its text normalised.
#[must_use]
pub(crate) fn item_key(id: Option<&str>, text: &str) -> String {
    match id {
        Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
        _ => {
            // Called for every item of every session: one allocation, not one a word.
            let mut key = String::with_capacity(text.len());
            for word in text
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
            {
                if !key.is_empty() {
                    key.push(' ');
                }
                if word.is_ascii() {
                    key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    key.push_str(&word.to_lowercase());
                }
            }
            key
        }
    }
}

fn link_one(doc: &MentorshipDoc, prefix: String, diagnostics: &mut Vec<Diagnostic>) -> Mentorship {
    let front = &doc.note.front;
    check_mentorship(doc, diagnostics);
    // Sessions in date order, then by path, numbered.
    let mut notes: Vec<&Note<_>> = doc.sessions.iter().collect();
    notes.sort_by(|a, b| (a.front.date, &a.path).cmp(&(b.front.date, &b.path)));
    let mut sessions = number_sessions(doc, &notes, &prefix, diagnostics);
    let as_of = sessions.last().map(|s| s.front.date);

    let (mut weaknesses, strengths) = recurring_items(&sessions);
    let mut goals = link_goals(&notes, &mut sessions, &prefix, doc, diagnostics);
    link_addresses(
        &notes,
        (&mut sessions, &mut goals),
        &mut weaknesses,
        diagnostics,
    );
    goal_ages(&mut goals, &sessions);

    let (backlog, backlog_items) =
        link_backlog(&notes, front.repo.as_deref(), &goals, doc, diagnostics);
    let by_id: HashMap<String, usize> = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.to_string(), i))
        .collect();
    for (i, entry) in backlog.iter().enumerate() {
        if let Some(&g) = entry.goal.as_deref().and_then(|id| by_id.get(id)) {
            goals[g].backlog.push(i);
        }
    }
    let people = people(front, &sessions, &goals);
    let tags = tags(&sessions);
    let follow_through = super::follow_through::follow_through(&sessions, &goals);

    let goal_index = by_id;
    let mut mentorship = Mentorship {
        url: url(&prefix, ""),
        slug: prefix
            .strip_prefix(MENTORSHIPS_DIR)
            .and_then(|s| s.strip_prefix('/'))
            .unwrap_or(&prefix)
            .to_owned(),
        source: doc.note.path.clone(),
        front: front.clone(),
        own_visibility: front.own_visibility(),
        body: Body::new(doc.note.text.clone(), doc.note.body_offset),
        as_of,
        sessions,
        goals,
        weaknesses,
        strengths,
        backlog,
        backlog_items,
        people,
        tags,
        follow_through,
        goal_index,
    };
    mentorship.shrink_to_fit();
    mentorship
}

/// The mentorship's own front matter: `ended` when ended, a mentor, dates in order.
fn check_mentorship(doc: &MentorshipDoc, diagnostics: &mut Vec<Diagnostic>) {
    let front = &doc.note.front;
    let m_path = doc.note.path.as_str();
    if front.status == MentorshipStatus::Ended && front.ended.is_none() {
        diagnostics.push(
            Diagnostic::error(
                m_path,
                doc.note.spans().value("status"),
                Code::MissingKey,
                "an ended mentorship needs `ended`",
            )
            .with_hint("add `ended: YYYY-MM-DD`, the day it was sunset or completed"),
        );
    }
    if front.mentors.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                m_path,
                doc.note.spans().value("mentors"),
                Code::MissingKey,
                "a mentorship needs at least one mentor",
            )
            .with_hint("list them: `mentors: [Ada Lovelace]`"),
        );
    }
    if let (Some(ended), true) = (front.ended, true)
        && ended < front.started
    {
        diagnostics.push(Diagnostic::error(
            m_path,
            doc.note.spans().value("ended"),
            Code::InvalidDate,
            "`ended` is before `started`",
        ));
    }
}

/// The sessions of `notes` (in date order), numbered, each with its page; a session
/// dated outside the mentorship and two sessions with one page are errors.
// Long on purpose: each session's page made together with the two checks that guard it (its
// date, its page's name), in one loop.
fn number_sessions(
    doc: &MentorshipDoc,
    notes: &[&Note<SessionFront>],
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Session> {
    let front = &doc.note.front;
    let m_path = doc.note.path.as_str();
    let mut slugs: HashMap<String, &str> = HashMap::new();
    let mentor_names: Arc<[String]> = front.mentors.iter().map(|m| m.name.clone()).collect();
    // Each item key once, shared by every session naming it (a weakness recurs: that is
    // the point), not a string for each session (memory at 100,000 notes).
    let mut keys: HashMap<String, Arc<str>> = HashMap::new();
    let mut key = |id: Option<&str>, text: &str| -> Arc<str> {
        let k = item_key(id, text);
        match keys.get(&k) {
            Some(shared) => shared.clone(),
            None => keys
                .entry(k)
                .or_insert_with_key(|k| k.as_str().into())
                .clone(),
        }
    };
    let mut sessions: Vec<Session> = Vec::with_capacity(notes.len());
    for (i, note) in notes.iter().enumerate() {
        let f = &note.front;
        if f.date < front.started || front.ended.is_some_and(|e| f.date > e) {
            let range = match front.ended {
                Some(e) => format!("{} to {e}", front.started),
                None => format!("from {}", front.started),
            };
            diagnostics.push(
                Diagnostic::error(
                    &note.path,
                    note.spans().value("date"),
                    Code::DateOutsideMentorship,
                    format!(
                        "the session is dated {}, outside the mentorship ({range})",
                        f.date
                    ),
                )
                .with_hint(format!("fix the date, or `started`/`ended` in {m_path}")),
            );
        }
        let stem = note
            .rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let page = slug(&stem);
        let page = if page.is_empty() {
            format!("session-{}", i + 1)
        } else {
            page
        };
        if let Some(other) = slugs.insert(page.clone(), &note.path) {
            diagnostics.push(
                Diagnostic::error(
                    &note.path,
                    Some(Loc::start()),
                    Code::DuplicatePage,
                    format!(
                        "two sessions would be written to the same page `{}`",
                        url(prefix, &format!("sessions/{page}"))
                    ),
                )
                .with_hint(format!("rename this file or `{other}`")),
            );
        }
        sessions.push(Session {
            number: i + 1,
            url: url(prefix, &format!("sessions/{page}")),
            slug: page,
            source: note.path.clone(),
            title: f
                .title
                .clone()
                .unwrap_or_else(|| format!("Session {}", i + 1)),
            visibility: f.visibility.unwrap_or(front.default_visibility),
            mentors: f
                .mentors
                .as_deref()
                .map_or_else(|| mentor_names.clone(), Arc::from),
            front: f.clone(),
            prev: i.checked_sub(1),
            next: (i + 1 < notes.len()).then_some(i + 1),
            goal_changes: Vec::new(),
            weakness_keys: f
                .weaknesses
                .iter()
                .map(|w| key(w.id.as_deref(), &w.text))
                .collect(),
            strength_keys: f
                .strengths
                .iter()
                .map(|s| key(s.id.as_deref(), &s.text))
                .collect(),
            question_weaknesses: Vec::new(),
            body: Body::new(note.text.clone(), note.body_offset),
        });
    }
    sessions
}

/// Checks the weaknesses that goals and questions say they address, keeps on each goal
/// those that exist, resolves each question's (`Session::question_weaknesses`), and tells
/// each weakness the goals addressing it.
fn link_addresses(
    notes: &[&Note<SessionFront>],
    (sessions, goals): (&mut [Session], &mut [Goal]),
    weaknesses: &mut [Recurring],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let weakness_key_list: Vec<String> = weaknesses.iter().map(|w| w.key.clone()).collect();
    let weakness_keys: HashSet<&str> = weakness_key_list.iter().map(String::as_str).collect();
    // `addresses` of goals and questions name weaknesses.
    let known_weaknesses: Vec<&str> = weakness_keys.iter().copied().collect();
    for note in notes {
        let goal_lists = note
            .front
            .goals
            .iter()
            .enumerate()
            .map(|(gi, entry)| (format!("goals.{gi}.addresses"), &entry.addresses.0));
        let question_lists = note
            .front
            .questions
            .iter()
            .enumerate()
            .map(|(qi, q)| (format!("questions.{qi}.addresses"), &q.addresses.0));
        for (list_path, list) in goal_lists.chain(question_lists) {
            for (ai, a) in list.iter().enumerate() {
                check_weakness_ref(
                    note,
                    (&format!("{list_path}.{ai}"), &list_path),
                    a,
                    (&weakness_keys, &known_weaknesses),
                    diagnostics,
                );
            }
        }
    }
    for s in sessions.iter_mut() {
        s.question_weaknesses = s
            .front
            .questions
            .iter()
            .map(|q| {
                q.addresses
                    .0
                    .iter()
                    .map(|a| weakness_key(a, &weakness_keys))
                    .collect()
            })
            .collect();
    }
    for goal in goals.iter_mut() {
        goal.addresses
            .retain(|k| weakness_keys.contains(k.as_str()));
        goal.addresses.dedup();
    }
    // The goals addressing each weakness, by key: one pass over the goals, not one per
    // weakness.
    let mut addressing: HashMap<&str, Vec<usize>> = HashMap::new();
    for (gi, g) in goals.iter().enumerate() {
        for key in &g.addresses {
            let list = addressing.entry(key.as_str()).or_default();
            if list.last() != Some(&gi) {
                list.push(gi);
            }
        }
    }
    for w in weaknesses.iter_mut() {
        let by = addressing
            .get(w.key.as_str())
            .map_or(&[][..], Vec::as_slice);
        w.addressed_by = by.iter().map(|&gi| goals[gi].id.to_string()).collect();
        let achieved = by
            .iter()
            .map(|&gi| &goals[gi])
            .filter(|g| g.status == GoalStatus::Achieved)
            .filter_map(|g| g.closed)
            .min();
        w.stopped_after_achieved = achieved.map(|at| w.last <= at);
    }
}

/// Goal ages and overdue, as of the latest session.
fn goal_ages(goals: &mut [Goal], sessions: &[Session]) {
    let as_of = sessions.last().map(|s| s.front.date);
    let latest_sprint = sessions
        .iter()
        .rev()
        .find_map(|s| s.front.sprint.as_ref()?.number());
    for goal in goals {
        let intro_date = sessions[goal.introduced].front.date;
        let (end_index, end_date) = match goal.closed {
            Some(c) => (c, sessions[c].front.date),
            None => (sessions.len(), as_of.unwrap_or(intro_date)),
        };
        goal.sessions_open = end_index.saturating_sub(goal.introduced).max(1);
        goal.days_open = intro_date.days_until(end_date).max(0);
        goal.overdue = goal.open
            && match &goal.due {
                Some(Due::Date(d)) => as_of.is_some_and(|now| *d < now),
                Some(Due::Sprint(s)) => s
                    .number()
                    .zip(latest_sprint)
                    .is_some_and(|(due, now)| due < now),
                None => false,
            };
    }
}

/// The key of the weakness `reference` names among `keys` (by id, else by its text).
fn weakness_key(reference: &str, keys: &HashSet<&str>) -> Option<String> {
    let id = reference.trim();
    if keys.contains(id) {
        return Some(id.to_owned());
    }
    let key = item_key(None, reference);
    keys.contains(key.as_str()).then_some(key)
}

/// An error unless `reference`, written at `path` in the list at `list_path` of `note`,
/// names one of the weaknesses `keys` (all of them listed in `known`, for hints).
fn check_weakness_ref(
    note: &Note<SessionFront>,
    (path, list_path): (&str, &str),
    reference: &str,
    (keys, known): (&HashSet<&str>, &[&str]),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let key = item_key(None, reference);
    if keys.contains(reference.trim()) || keys.contains(key.as_str()) {
        return;
    }
    let loc = note
        .spans()
        .value(path)
        .or_else(|| note.spans().value(list_path));
    let mut d = Diagnostic::error(
        &note.path,
        loc,
        Code::UnknownWeakness,
        format!("`addresses` names `{reference}`, but no session lists such a weakness"),
    );
    d = match suggest(diagnostics.len(), reference, known.iter().copied()) {
        Some(m) => d.with_hint(format!("did you mean `{m}`?")),
        None => d.with_hint("name a weakness by its `id`, or by its exact text"),
    };
    diagnostics.push(d);
}

/// Every goal of the mentorship, its life followed session by session: introduced (with
/// its `text`), updated, closed, superseded; each session's goal changes; every goal
/// reference that does not hold is an error.
fn link_goals(
    notes: &[&Note<SessionFront>],
    sessions: &mut [Session],
    prefix: &str,
    doc: &MentorshipDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Goal> {
    // The last session naming each id with a `text`, for "introduced later" messages.
    let mut last_text: HashMap<&str, usize> = HashMap::new();
    for (si, n) in notes.iter().enumerate() {
        for g in n.front.goals.iter().filter(|g| g.text.is_some()) {
            last_text.insert(&*g.id, si);
        }
    }
    // A goal is introduced by an entry with a `text`: at most one for each id. Sized once,
    // not grown by doubling (a mentorship of 12,500 sessions has 14,000 goals).
    let mut goals: Vec<Goal> = Vec::with_capacity(last_text.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(last_text.len());
    for (si, note) in notes.iter().enumerate() {
        let mut seen_here: HashSet<&str> = HashSet::new();
        for (gi, entry) in note.front.goals.iter().enumerate() {
            let Some(id) = goal_id(note, gi, &mut seen_here, diagnostics) else {
                continue;
            };
            let linked = if let Some(&g) = index.get(id) {
                let first = &sessions[goals[g].introduced].source;
                match update_goal(&mut goals[g], entry, si) {
                    Ok(()) => true,
                    Err(()) => {
                        diagnostics.push(introduced_again(note, gi, id, first));
                        false
                    }
                }
            } else if let Some(text) = &entry.text {
                index.insert(id.to_owned(), goals.len());
                goals.push(new_goal(id, text, entry, si, prefix));
                true
            } else {
                if !doc.may_be_broken(id) {
                    let later = last_text.get(id).is_some_and(|&at| at > si);
                    let d = unknown_goal(note, gi, id, later, &index, diagnostics.len());
                    diagnostics.push(d);
                }
                false
            };
            if linked {
                sessions[si]
                    .goal_changes
                    .push(session_goal(&goals[index[id]], entry));
            }
        }
    }
    check_supersessions(notes, &index, doc, diagnostics);
    let pairs: Vec<(String, String)> = goals
        .iter()
        .filter_map(|g| Some((g.superseded_by.clone()?, g.id.to_string())))
        .collect();
    for (by, old) in pairs {
        if let Some(&g) = index.get(&by) {
            goals[g].supersedes.push(old);
        }
    }
    goals
}

/// The id of goal entry `gi` of `note`, when it is one: not empty, a slug, and not named
/// twice in the note (`seen_here`); else an error.
fn goal_id<'n>(
    note: &'n Note<SessionFront>,
    gi: usize,
    seen_here: &mut HashSet<&'n str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'n str> {
    let id = note.front.goals[gi].id.trim();
    // Positions cost a second parse of the note: look them up only for a diagnostic.
    let id_loc = || note.spans().value(&format!("goals.{gi}.id"));
    let problem = if id.is_empty() {
        Diagnostic::error(
            &note.path,
            id_loc(),
            Code::MissingKey,
            "a goal needs an `id`",
        )
        .with_hint("a short slug, e.g. `id: fast-reviews`")
    } else if slug(id) != id {
        Diagnostic::error(
            &note.path,
            id_loc(),
            Code::InvalidId,
            format!("goal id `{id}` is not a slug"),
        )
        .with_hint(format!(
            "use lowercase letters, digits and dashes, e.g. `{}`",
            slug(id)
        ))
    } else if !seen_here.insert(id) {
        Diagnostic::error(
            &note.path,
            id_loc(),
            Code::GoalIntroducedTwice,
            format!("goal `{id}` appears twice in this session"),
        )
        .with_hint("merge the two entries, or give the second goal its own id")
    } else {
        return Some(id);
    };
    diagnostics.push(problem);
    None
}

/// Applies an update of session `si` to `goal`; `Err` when the entry gives the goal
/// another text (a second introduction, not an update).
fn update_goal(goal: &mut Goal, entry: &GoalEntry, si: usize) -> Result<(), ()> {
    if let Some(text) = &entry.text
        && text.trim() != goal.text.trim()
    {
        return Err(());
    }
    let status = entry.status.unwrap_or(goal.status);
    let was_open = goal.status.is_open();
    if let Some(owner) = &entry.owner {
        goal.owner = Some(Arc::new(owner.clone()));
    }
    if let Some(d) = &entry.due {
        goal.due = Some(d.clone());
        goal.due_text = Some(d.to_string().into());
    }
    if let Some(m) = &entry.measure {
        goal.measure = Some((&**m).into());
    }
    if entry.health.is_some() {
        goal.health = entry.health;
    }
    goal.status = status;
    goal.open = status.is_open();
    goal.last_update = si;
    let touch = if was_open && !status.is_open() {
        goal.closed = Some(si);
        Touch::Closed
    } else {
        if status.is_open() {
            goal.closed = None;
        }
        Touch::Updated
    };
    if let Some(by) = &entry.superseded_by {
        goal.superseded_by = Some(by.to_string());
    }
    for a in &entry.addresses.0 {
        goal.addresses.push(item_key(None, a));
    }
    let event = event(goal, entry, si, touch, status);
    goal.events.push(event);
    Ok(())
}

/// What session `si` did to a goal, from its entry, once the entry was applied to `goal`:
/// what the entry gives is the goal's now, and shared with it.
fn event(goal: &Goal, entry: &GoalEntry, si: usize, touch: Touch, status: GoalStatus) -> GoalEvent {
    GoalEvent {
        session: si,
        touch,
        status,
        health: entry.health,
        owner: entry.owner.as_ref().and(goal.owner.clone()),
        due: entry.due.as_ref().and(goal.due_text.clone()),
        note: entry.note.as_deref().map(Arc::from),
    }
}

/// A goal introduced by session `si` with `text`.
fn new_goal(id: &str, text: &str, entry: &GoalEntry, si: usize, prefix: &str) -> Goal {
    let status = entry.status.unwrap_or(GoalStatus::Active);
    let mut goal = Goal {
        id: id.into(),
        url: url(prefix, &format!("goals/{id}")).into(),
        text: text.into(),
        owner: entry.owner.clone().map(Arc::new),
        due: entry.due.clone(),
        due_text: entry.due.as_ref().map(|d| d.to_string().into()),
        measure: entry.measure.as_deref().map(Arc::from),
        status,
        open: status.is_open(),
        health: entry.health,
        introduced: si,
        closed: (!status.is_open()).then_some(si),
        last_update: si,
        superseded_by: entry.superseded_by.as_deref().map(str::to_owned),
        supersedes: Vec::new(),
        events: Vec::with_capacity(1),
        sessions_open: 0,
        days_open: 0,
        overdue: false,
        addresses: entry
            .addresses
            .0
            .iter()
            .map(|a| item_key(None, a))
            .collect(),
        backlog: Vec::new(),
    };
    let event = event(&goal, entry, si, Touch::New, status);
    goal.events.push(event);
    goal
}

/// What a session shows of a goal it names, after its entry was applied (its last event
/// is this session's).
fn session_goal(g: &Goal, entry: &GoalEntry) -> SessionGoal {
    let last = g.events.last();
    SessionGoal {
        id: g.id.clone(),
        url: g.url.clone(),
        text: g.text.clone(),
        touch: last.map_or(Touch::Updated, |e| e.touch),
        status: g.status,
        health: entry.health,
        owner: g.owner.clone(),
        due: g.due_text.clone(),
        measure: g.measure.clone(),
        note: last.and_then(|e| e.note.clone()),
        superseded_by: entry.superseded_by.as_deref().map(Arc::from),
    }
}

/// Goal `id` of entry `gi` is introduced again with another text than in `first`.
fn introduced_again(note: &Note<SessionFront>, gi: usize, id: &str, first: &str) -> Diagnostic {
    let loc = note
        .spans()
        .key(&format!("goals.{gi}.text"))
        .or_else(|| note.spans().value(&format!("goals.{gi}.id")));
    Diagnostic::error(
        &note.path,
        loc,
        Code::GoalIntroducedTwice,
        format!("goal `{id}` is introduced again with a different text; it was introduced in {first}"),
    )
    .with_hint("an update leaves out `text`; a different goal needs a new id (and `superseded_by` on the old one)")
}

/// Entry `gi` updates goal `id`, which no earlier session introduced (`later`: a later
/// one does); `so_far` problems were found before it (for hints).
fn unknown_goal(
    note: &Note<SessionFront>,
    gi: usize,
    id: &str,
    later: bool,
    index: &HashMap<String, usize>,
    so_far: usize,
) -> Diagnostic {
    let d = Diagnostic::error(
        &note.path,
        note.spans().value(&format!("goals.{gi}.id")),
        Code::UnknownGoal,
        if later {
            format!("goal `{id}` is updated here before the session that introduces it")
        } else {
            format!("goal `{id}` was never introduced")
        },
    );
    match suggest(so_far, id, index.keys().map(String::as_str)) {
        Some(m) => d.with_hint(format!("did you mean `{m}`?")),
        None => d.with_hint("a goal's first appearance needs its `text`: that introduces it"),
    }
}

/// Supersession: both ends must exist, a goal cannot supersede itself, and a superseded
/// goal says by which goal.
fn check_supersessions(
    notes: &[&Note<SessionFront>],
    index: &HashMap<String, usize>,
    doc: &MentorshipDoc,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for note in notes {
        for (gi, entry) in note.front.goals.iter().enumerate() {
            match (&entry.superseded_by, entry.status) {
                (Some(by), _) if !index.contains_key(by.trim()) && !doc.may_be_broken(by) => {
                    let mut d = Diagnostic::error(
                        &note.path,
                        note.spans().value(&format!("goals.{gi}.superseded_by")),
                        Code::UnknownGoal,
                        format!("`superseded_by` names goal `{by}`, which is never introduced"),
                    );
                    if let Some(m) =
                        suggest(diagnostics.len(), by, index.keys().map(String::as_str))
                    {
                        d = d.with_hint(format!("did you mean `{m}`?"));
                    } else {
                        d = d.with_hint("introduce the replacing goal (with its `text`) in this session or an earlier one");
                    }
                    diagnostics.push(d);
                }
                (Some(by), _) if by.trim() == entry.id.trim() => {
                    diagnostics.push(Diagnostic::error(
                        &note.path,
                        note.spans().value(&format!("goals.{gi}.superseded_by")),
                        Code::InvalidSupersession,
                        "a goal cannot supersede itself",
                    ));
                }
                (None, Some(GoalStatus::Superseded)) => diagnostics.push(
                    Diagnostic::error(
                        &note.path,
                        note.spans().value(&format!("goals.{gi}.status")),
                        Code::MissingKey,
                        format!(
                            "goal `{}` is `superseded` but does not say by which goal",
                            entry.id
                        ),
                    )
                    .with_hint("add `superseded_by: ID` naming the goal that replaces it"),
                ),
                _ => {}
            }
        }
    }
}

fn recurring_items(sessions: &[Session]) -> (Vec<Recurring>, Vec<Recurring>) {
    let mut weak: BTreeMap<String, Recurring> = BTreeMap::new();
    let mut strong: BTreeMap<String, Recurring> = BTreeMap::new();
    for (si, s) in sessions.iter().enumerate() {
        for (rank, (w, key)) in s.front.weaknesses.iter().zip(&s.weakness_keys).enumerate() {
            add_occurrence(
                &mut weak,
                key.to_string(),
                si,
                rank + 1,
                &w.text,
                w.impact,
                &w.tags,
            );
        }
        for (rank, (st, key)) in s.front.strengths.iter().zip(&s.strength_keys).enumerate() {
            add_occurrence(
                &mut strong,
                key.to_string(),
                si,
                rank + 1,
                &st.text,
                None,
                &[],
            );
        }
    }
    let finish = |map: BTreeMap<String, Recurring>| {
        let mut v: Vec<Recurring> = map.into_values().collect();
        v.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.first.cmp(&b.first))
                .then(a.key.cmp(&b.key))
        });
        v
    };
    (finish(weak), finish(strong))
}

fn add_occurrence(
    map: &mut BTreeMap<String, Recurring>,
    key: String,
    session: usize,
    rank: usize,
    text: &str,
    impact: Option<crate::content::doc::Impact>,
    tags: &[String],
) {
    let entry = map.entry(key.clone()).or_insert_with(|| Recurring {
        slug: slug(&key),
        key,
        text: text.into(),
        occurrences: Vec::new(),
        count: 0,
        recurring: false,
        first: session,
        last: session,
        addressed_by: Vec::new(),
        stopped_after_achieved: None,
        tags: Vec::new(),
    });
    if entry
        .occurrences
        .last()
        .is_some_and(|o| o.session == session)
    {
        return;
    }
    if *entry.text != *text {
        entry.text = text.into();
    }
    entry.occurrences.push(Occurrence {
        session,
        rank,
        text: entry.text.clone(),
        impact,
    });
    entry.count += 1;
    entry.recurring = entry.count > 1;
    entry.last = session;
    for t in tags {
        if !entry.tags.contains(t) {
            entry.tags.push(t.clone());
        }
    }
}

fn link_backlog(
    notes: &[&Note<SessionFront>],
    repo: Option<&str>,
    goals: &[Goal],
    doc: &MentorshipDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<BacklogEntry>, Vec<BacklogItem>) {
    let mut entries = Vec::with_capacity(notes.iter().map(|n| n.front.backlog.len()).sum());
    let mut items: Vec<BacklogItem> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let goal_ids: HashSet<&str> = goals.iter().map(|g| &*g.id).collect();
    for (si, note) in notes.iter().enumerate() {
        for (bi, change) in note.front.backlog.iter().enumerate() {
            if change.item.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &note.path,
                        note.spans().key(&format!("backlog.{bi}.item")),
                        Code::MissingKey,
                        "the backlog change names no item",
                    )
                    .with_hint(
                        "`#` starts a YAML comment: quote issue references, `item: \"#12\"`",
                    ),
                );
            }
            if let Some(goal) = &change.goal
                && !goal_ids.contains(goal.trim())
                && !doc.may_be_broken(goal)
            {
                let mut d = Diagnostic::error(
                    &note.path,
                    note.spans().value(&format!("backlog.{bi}.goal")),
                    Code::UnknownGoal,
                    format!("the backlog change serves goal `{goal}`, which is never introduced"),
                );
                d = match suggest(diagnostics.len(), goal, goals.iter().map(|g| &*g.id)) {
                    Some(m) => d.with_hint(format!("did you mean `{m}`?")),
                    None => d.with_hint("name a goal introduced in this session or an earlier one"),
                };
                diagnostics.push(d);
            }
            let (kind, before, after) = backlog_values(note, bi, change, diagnostics);
            let key = item_key(None, &change.item);
            let index = match by_key.get(&key) {
                Some(&index) => index,
                None => {
                    items.push(BacklogItem {
                        item: (&*change.item).into(),
                        slug: slug(&key).into(),
                        item_url: issue_url(repo, &change.item).map(Arc::from),
                        changes: Vec::new(),
                    });
                    by_key.insert(key, items.len() - 1);
                    items.len() - 1
                }
            };
            let it = &mut items[index];
            it.changes.push(entries.len());
            // Written alike, the item shares its text and URL; else its own.
            let (item, item_url) = if *it.item == *change.item {
                (it.item.clone(), it.item_url.clone())
            } else {
                let url = issue_url(repo, &change.item).map(Arc::from);
                ((&*change.item).into(), url)
            };
            entries.push(BacklogEntry {
                session: si,
                item,
                item_url,
                item_slug: it.slug.clone(),
                change: change.change,
                kind,
                before,
                after,
                goal: change.goal.as_ref().map(|g| g.trim().to_owned()),
                note: change.note.as_deref().map(str::to_owned),
            });
        }
    }
    (entries, items)
}

/// The kind, `before` and `after` of backlog change `bi` of `note`, as text. A bare scalar
/// beside a value written with its kind is read as that kind (`before: 5`, `after:
/// {points: 8}`); two kinds, or a bare value that cannot be of the other's kind, are errors
/// at the value.
fn backlog_values(
    note: &Note<crate::content::doc::SessionFront>,
    bi: usize,
    change: &crate::content::doc::BacklogChange,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<ValueKind>, Option<String>, Option<String>) {
    let (before, after) = (change.before.as_ref(), change.after.as_ref());
    let text = |v: Option<&BacklogValue>| v.map(BacklogValue::text);
    let kinds = (
        before.and_then(BacklogValue::kind),
        after.and_then(BacklogValue::kind),
    );
    let kind = match kinds {
        (None, None) => return (None, text(before), text(after)),
        (Some(b), Some(a)) if a != b => {
            diagnostics.push(
                Diagnostic::error(
                    &note.path,
                    note.spans().value(&format!("backlog.{bi}.after")),
                    Code::BacklogValueKind,
                    format!(
                        "`after` is {}, but `before` is {}",
                        a.described(),
                        b.described()
                    ),
                )
                .with_hint(format!(
                    "`before` and `after` hold the same kind of value: write `after` as `{}`, or record the new {} in a backlog change of its own",
                    b.example(),
                    a.key()
                )),
            );
            return (None, text(before), text(after));
        }
        (Some(k), _) | (None, Some(k)) => k,
    };
    // A bare value beside a typed one is read as its kind.
    let mut read = |side: &str, value: Option<&BacklogValue>| -> Option<String> {
        let value = value?;
        if value.kind().is_some() {
            return Some(value.text());
        }
        let written = value.text();
        match kind.read(&written) {
            Some(typed) => Some(typed.text()),
            None => {
                let other = if side == "before" { "after" } else { "before" };
                diagnostics.push(
                    Diagnostic::error(
                        &note.path,
                        note.spans().value(&format!("backlog.{bi}.{side}")),
                        Code::BacklogValueKind,
                        format!(
                            "`{side}` is `{written}`, which is not {} like `{other}`",
                            kind.described()
                        ),
                    )
                    .with_hint(format!(
                        "`before` and `after` hold the same kind of value: write `{side}` as {}, e.g. `{}`",
                        kind.described(),
                        kind.example()
                    )),
                );
                Some(written)
            }
        }
    };
    let before = read("before", before);
    let after = read("after", after);
    (Some(kind), before, after)
}

/// `#12` with a repository becomes its issue 12.
fn issue_url(repo: Option<&str>, item: &str) -> Option<String> {
    let number = item.trim().strip_prefix('#')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let repo = repo?.trim_end_matches('/');
    // Exact (`concat`, not `format!`): one for every backlog item of an issue.
    Some([repo, "/issues/", number].concat())
}

/// The identity of a person's name: two spellings that differ only in case or spacing
/// (`Bo Member`, `bo  member`) are one person, with one page. Pages look people up by it.
#[must_use]
pub(crate) fn person_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn people(
    front: &crate::content::doc::MentorshipFront,
    sessions: &[Session],
    goals: &[Goal],
) -> Vec<Person> {
    fn get<'m>(map: &'m mut BTreeMap<String, Person>, name: &str) -> Option<&'m mut Person> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        Some(map.entry(person_key(name)).or_insert_with(|| Person {
            name: name.to_owned(),
            slug: String::new(),
            mentor: false,
            member: false,
            sessions: Vec::new(),
            goals: Vec::new(),
        }))
    }
    let mut map: BTreeMap<String, Person> = BTreeMap::new();
    for m in &front.mentors {
        if let Some(p) = get(&mut map, &m.name) {
            p.mentor = true;
        }
    }
    for m in &front.members {
        if let Some(p) = get(&mut map, m) {
            p.member = true;
        }
    }
    for (si, s) in sessions.iter().enumerate() {
        for name in s.front.attendees.iter().chain(s.mentors.iter()) {
            if let Some(p) = get(&mut map, name)
                && p.sessions.last() != Some(&si)
            {
                p.sessions.push(si);
            }
        }
    }
    for g in goals {
        for owner in g.owners() {
            // `owner: [Ana, Ana]` owns it once.
            if let Some(p) = get(&mut map, owner)
                && p.goals.last().map(String::as_str) != Some(&*g.id)
            {
                p.goals.push(g.id.to_string());
            }
        }
    }
    let mut people: Vec<Person> = map.into_values().collect();
    for p in &mut people {
        p.sessions.sort_unstable();
        p.sessions.dedup();
    }
    let slugs = person_slugs(&people);
    for (p, slug) in people.iter_mut().zip(slugs) {
        p.slug = slug;
    }
    people.sort_by(|a, b| a.slug.cmp(&b.slug).then(a.name.cmp(&b.name)));
    people
}

/// A page path for each person, valid and unique (audit finding 10): the slug of the name
/// when it has one and no other person's name has the same slug; else the slug (or
/// `person`) with a short hash of the name, stable whoever else is in the log. Names that
/// slug to nothing (`.`, `..`, `🙂`) get a page too.
fn person_slugs(people: &[Person]) -> Vec<String> {
    let keys: Vec<String> = people.iter().map(|p| person_key(&p.name)).collect();
    let bases: Vec<String> = people.iter().map(|p| slug(&p.name)).collect();
    // The plain slug goes to the first name (by identity) that has it.
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, base) in bases.iter().enumerate() {
        if base.is_empty() {
            continue;
        }
        owner
            .entry(base.as_str())
            .and_modify(|o| {
                if keys[i] < keys[*o] {
                    *o = i;
                }
            })
            .or_insert(i);
    }
    let mut taken: HashSet<String> = owner.keys().map(|s| (*s).to_owned()).collect();
    (0..people.len())
        .map(|i| {
            if owner.get(bases[i].as_str()) == Some(&i) {
                return bases[i].clone();
            }
            let hash = xxhash_rust::xxh3::xxh3_64(keys[i].as_bytes());
            let stem = if bases[i].is_empty() {
                "person"
            } else {
                &bases[i]
            };
            let mut candidate = format!("{stem}-{:08x}", hash >> 32);
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{stem}-{:08x}-{n}", hash >> 32);
                n += 1;
            }
            candidate
        })
        .collect()
}

fn tags(sessions: &[Session]) -> Vec<TagGroup> {
    let mut map: BTreeMap<String, TagGroup> = BTreeMap::new();
    for (si, s) in sessions.iter().enumerate() {
        for t in &s.front.tags {
            let sl = slug(t);
            if sl.is_empty() {
                continue;
            }
            let g = map.entry(sl.clone()).or_insert_with(|| TagGroup {
                name: t.clone(),
                slug: sl,
                sessions: Vec::new(),
            });
            if g.sessions.last() != Some(&si) {
                g.sessions.push(si);
            }
        }
    }
    map.into_values().collect()
}

/// Resolves `link` (relative to the folder of the note at `from`, both relative to
/// `content/`) lexically; `None` when it climbs out of `content/`.
#[must_use]
pub(crate) fn resolve_note_path(from: &Path, link: &str) -> Option<PathBuf> {
    let decoded = link.replace("%20", " ");
    let mut out = PathBuf::new();
    for c in from
        .parent()
        .unwrap_or(Path::new(""))
        .join(decoded)
        .components()
    {
        match c {
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// While a note of `doc` cannot be read at all, references to goals that no readable note
/// introduces may point into it: they are not reported one by one (issue 13: an
/// unterminated block made every later update of its goals "never introduced"), but said
/// once, here.
fn unchecked_references(
    doc: &MentorshipDoc,
    is_goal: &mut impl FnMut(&str) -> bool,
) -> Option<Diagnostic> {
    let first = doc.unreadable.first()?;
    let mut known = |id: &str| is_goal(id.trim());
    let mut ids = std::collections::BTreeSet::new();
    for note in &doc.sessions {
        for g in &note.front.goals {
            if g.text.is_none() && !known(&g.id) {
                ids.insert(g.id.trim().to_owned());
            }
            ids.extend(
                g.superseded_by
                    .iter()
                    .filter(|b| !known(b))
                    .map(|b| b.trim().to_owned()),
            );
        }
        ids.extend(
            note.front
                .backlog
                .iter()
                .filter_map(|b| b.goal.as_deref())
                .filter(|g| !known(g))
                .map(|g| g.trim().to_owned()),
        );
    }
    for l in doc
        .sessions
        .iter()
        .flat_map(|n| &n.links)
        .chain(&doc.note.links)
    {
        if let Target::Goal(id) = &l.target
            && !known(id)
        {
            ids.insert(id.clone());
        }
    }
    if ids.is_empty() {
        return None;
    }
    let shown: Vec<String> = ids.iter().take(5).map(|id| format!("`{id}`")).collect();
    let more = ids.len().saturating_sub(shown.len());
    let broken = doc.unreadable.len();
    // Shown as the other notes' paths are: the content folder as the site names it.
    let rel = doc.note.rel.to_string_lossy();
    let base = doc
        .note
        .path
        .strip_suffix(rel.as_ref())
        .unwrap_or("content/");
    let path = format!("{base}{}", first.to_string_lossy().replace('\\', "/"));
    Some(
        Diagnostic::warning(
            path,
            None,
            Code::UncheckedReferences,
            format!(
                "{} named in other notes but introduced in none that can be read: not checked until {} can be read",
                if ids.len() == 1 {
                    format!("goal {}", shown.join(", "))
                } else {
                    format!(
                        "{} goals ({}{})",
                        ids.len(),
                        shown.join(", "),
                        if more > 0 { format!(" and {more} more") } else { String::new() }
                    )
                },
                if broken == 1 { "this note".to_owned() } else { format!("this note and {} others", broken - 1) },
            ),
        )
        .with_hint("fix this note's error; references to goals are checked again then"),
    )
}

/// Checks the note and goal links in the notes of `doc` (linked as `mentorship`) against
/// the pages of the whole site (`note_urls`) and the notes that did not parse (in `docs`).
/// Resolves every note link of `doc`'s notes to the page it goes to, in the bodies of
/// `mentorship` (`Body::note_link`), once every note's page is known (`note_urls`): so
/// that render resolves nothing again.
pub(crate) fn resolve_note_links(
    doc: &MentorshipDoc,
    mentorship: &mut Mentorship,
    note_urls: &HashMap<PathBuf, String>,
) {
    let resolve = |rel: &Path, links: &[crate::content::markdown::Link]| {
        links
            .iter()
            .filter_map(|l| match &l.target {
                Target::Note { path, .. } => {
                    let url = note_urls.get(&resolve_note_path(rel, path)?)?;
                    Some((Box::from(path.as_str()), Box::from(url.as_str())))
                }
                Target::Goal(_) => None,
            })
            .collect::<Vec<_>>()
    };
    mentorship
        .body
        .set_note_links(resolve(&doc.note.rel, &doc.note.links));
    let notes: HashMap<&str, &Note<SessionFront>> =
        doc.sessions.iter().map(|n| (n.path.as_str(), n)).collect();
    for s in &mut mentorship.sessions {
        if let Some(note) = notes.get(s.source.as_str()) {
            s.body.set_note_links(resolve(&note.rel, &note.links));
        }
    }
}

/// Every note or goal link of `doc`'s notes that goes nowhere, as an error.
#[must_use]
// Long on purpose: every link of every note of the mentorship checked in one loop, with the
// hints each kind of broken link gets.
pub(crate) fn check_note_links(
    doc: &MentorshipDoc,
    goal_ids: &[&str],
    docs: &[MentorshipDoc],
    note_urls: &HashMap<PathBuf, String>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut known: Option<HashSet<&str>> = None;
    let mut is_goal = |id: &str| {
        known
            .get_or_insert_with(|| goal_ids.iter().copied().collect())
            .contains(id)
    };
    let notes = std::iter::once((
        &doc.note.path,
        &doc.note.rel,
        &doc.note.links,
        &doc.note.text,
        doc.note.body_offset,
    ))
    .chain(
        doc.sessions
            .iter()
            .map(|s| (&s.path, &s.rel, &s.links, &s.text, s.body_offset)),
    );
    for (path, rel, links, text, body_offset) in notes {
        for l in links {
            // Counting lines is for the error, not for every link.
            let loc = || {
                Some(Loc::at_offset(
                    text,
                    body_offset + l.span.start,
                    l.span.len(),
                ))
            };
            match &l.target {
                Target::Goal(id) if !is_goal(id) && !doc.may_be_broken(id) => {
                    let mut d = Diagnostic::error(
                        path.as_str(),
                        loc(),
                        Code::BrokenLink,
                        format!("the link points to goal `{id}`, which is never introduced"),
                    );
                    d = match suggest(diagnostics.len(), id, goal_ids.iter().copied()) {
                        Some(m) => d.with_hint(format!("did you mean `goal:{m}`?")),
                        None => d.with_hint("a goal link is written `[text](goal:ID)` with the id of an introduced goal"),
                    };
                    diagnostics.push(d);
                }
                Target::Note { path: target, .. } => {
                    let found = resolve_note_path(rel, target).filter(|p| {
                        note_urls.contains_key(p) || docs.iter().any(|d| d.broken.contains(p))
                    });
                    if found.is_none() {
                        let mut names: Vec<String> = if diagnostics.len() < SUGGESTED {
                            note_urls
                                .keys()
                                .filter_map(|p| p.file_name())
                                .map(|n| n.to_string_lossy().into_owned())
                                .collect()
                        } else {
                            Vec::new()
                        };
                        // In a fixed order: of names equally close, the suggestion must not
                        // depend on a hash map's order (the preview's property test).
                        names.sort_unstable();
                        let wanted = Path::new(target)
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let mut d = Diagnostic::error(
                            path.as_str(),
                            loc(),
                            Code::BrokenLink,
                            format!("the link points to `{target}`, but there is no such note"),
                        );
                        d = match did_you_mean(&wanted, names.iter().map(String::as_str)) {
                            Some(m) => d.with_hint(format!("did you mean `{m}`? Note links are relative to this note's folder")),
                            None => d.with_hint("note links are relative paths to `.md` files, from this note's folder"),
                        };
                        diagnostics.push(d);
                    }
                }
                Target::Goal(_) => {}
            }
        }
    }
    diagnostics.extend(unchecked_references(doc, &mut is_goal));
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::{item_key, mentorship_prefix_of};

    #[test]
    fn paths_under_a_mentorship_know_its_prefix() {
        assert_eq!(
            mentorship_prefix_of("m/search/goals/x/index.html"),
            Some("m/search")
        );
        assert_eq!(mentorship_prefix_of("/m/search/"), Some("m/search"));
        for outside in [
            "search/index.html",
            "index.html",
            "m",
            "m/",
            "mx/a/b",
            "feed.xml",
        ] {
            assert_eq!(mentorship_prefix_of(outside), None, "{outside}");
        }
    }

    #[test]
    fn item_keys_ignore_case_spacing_and_edge_punctuation() {
        assert_eq!(item_key(Some(" bus-factor "), "whatever"), "bus-factor");
        assert_eq!(
            item_key(Some("  "), "Only ONE person\tcan cut a release!"),
            "only one person can cut a release"
        );
        assert_eq!(
            item_key(None, "  “Reviews”  wait — days. "),
            "reviews wait days"
        );
        // Non-ASCII words are lowered as whole words (a final sigma stays final).
        assert_eq!(item_key(None, "ΟΔΟΣ Straße"), "οδος straße");
    }
}
