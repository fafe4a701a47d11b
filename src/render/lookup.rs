//! Per-mentorship indices for rendering: resolve an id, a key or a session's backlog
//! changes in constant time, and give every item an anchor that is unique on its page.
//!
//! Built once per render from the (already restricted) model, so that no page scans the
//! whole log to find one thing: a session page costs the same whatever the log's size.
//! It also keeps the template values of the small things many pages show (a session's
//! summary or reference, a goal's link), each built once and then shared while the
//! mentorship's pages render: a person page lists a hundred sessions, every goal page and
//! backlog row points at sessions. All of them, however long the mentorship: a page that
//! lists its sessions holds them all anyway, and building them again for every page that
//! shows them made a mentorship of 12,000 sessions render a third slower (issue 17). A
//! backlog change is no template value of its own: its view ([`Lookup::backlog_change`])
//! borrows the change and shares its session's and goal's values, so that it costs a few
//! short strings to make, and a page makes the views it shows (a mentorship of 12,500
//! sessions has 20,000 changes). Pure: no I/O.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tera::Value;

use super::context::{
    BacklogView, GoalLink, LinkView, SectionUrls, SessionRef, SessionSummary, web_url,
};

use crate::content::markdown::slug;
use crate::history::{Goal, Mentorship, Recurring};

/// Indices into one mentorship.
pub(crate) struct Lookup<'a> {
    /// The mentorship.
    pub m: &'a Mentorship,
    /// Its section URLs.
    pub urls: SectionUrls,
    goals: HashMap<&'a str, usize>,
    weaknesses: HashMap<&'a str, usize>,
    strengths: HashMap<&'a str, usize>,
    /// Anchor (on the recurring page) of each weakness, unique on that page.
    pub weakness_anchor: Vec<String>,
    /// The goals (indices into `m.goals`) addressing each weakness, by introduction.
    pub addressing: Vec<Vec<usize>>,
    /// Anchor of each strength, unique on the recurring page.
    pub strength_anchor: Vec<String>,
    /// Indices into `m.backlog`, per session.
    pub backlog_by_session: Vec<Vec<usize>>,
    /// Anchor (on the backlog page) of each backlog item, unique on that page.
    pub item_anchor: Vec<String>,
    /// For each backlog change, the index of its item.
    pub entry_item: Vec<usize>,
    people: HashMap<String, usize>,
    tags: HashMap<String, usize>,
    /// Page URL of each person.
    pub person_url: Vec<String>,
    /// Page URL of each tag.
    pub tag_url: Vec<String>,
    /// Template values built so far (see [`Lookup::release`]).
    shared: Mutex<LazyValues>,
    /// A shortcut broken on purpose, for the test of the property test: sessions'
    /// summaries kept in the slot of their references.
    #[cfg(test)]
    fault: bool,
}

/// Template values of a mentorship, by session or goal index.
#[derive(Default)]
struct LazyValues {
    /// Each session's [`SessionSummary`].
    summaries: Vec<Option<Value>>,
    /// Each session's [`SessionRef`].
    refs: Vec<Option<Value>>,
    /// Each goal's [`GoalLink`].
    goal_links: Vec<Option<Value>>,
}

/// The value of `key` in `slot` (one of `shared`'s maps), built by `make` the first time.
/// Built outside the lock: should two threads race, both build and one copy is kept.
fn shared_value(
    shared: &Mutex<LazyValues>,
    slot: fn(&mut LazyValues) -> &mut Vec<Option<Value>>,
    key: usize,
    make: impl FnOnce() -> Value,
) -> Value {
    let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(Some(v)) = slot(&mut lock()).get(key) {
        return v.clone();
    }
    let v = make();
    let mut shared = lock();
    let values = slot(&mut shared);
    if values.len() <= key {
        values.resize(key + 1, None);
    }
    values[key].get_or_insert(v).clone()
}

impl<'a> Lookup<'a> {
    /// Indexes `m`.
    #[must_use]
    pub(crate) fn new(m: &'a Mentorship) -> Self {
        let urls = SectionUrls::new(&m.url);
        let goals: HashMap<&str, usize> = m
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (&*g.id, i))
            .collect();
        let weaknesses = m
            .weaknesses
            .iter()
            .enumerate()
            .map(|(i, w)| (w.key.as_str(), i))
            .collect();
        let strengths = m
            .strengths
            .iter()
            .enumerate()
            .map(|(i, w)| (w.key.as_str(), i))
            .collect();
        let mut used = HashMap::new();
        let weakness_anchor = anchors(&m.weaknesses, "w-", &mut used);
        let strength_anchor = anchors(&m.strengths, "s-", &mut used);
        let mut backlog_by_session = vec![Vec::new(); m.sessions.len()];
        for (i, b) in m.backlog.iter().enumerate() {
            if let Some(list) = backlog_by_session.get_mut(b.session) {
                list.push(i);
            }
        }
        let mut used = HashMap::new();
        let item_anchor = m
            .backlog_items
            .iter()
            .map(|it| unique(&format!("item-{}", non_empty(&it.slug, "x")), &mut used))
            .collect();
        let mut entry_item = vec![0; m.backlog.len()];
        for (ii, it) in m.backlog_items.iter().enumerate() {
            for &c in &it.changes {
                if let Some(slot) = entry_item.get_mut(c) {
                    *slot = ii;
                }
            }
        }
        let people = m
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (crate::history::link::person_key(&p.name), i))
            .collect();
        let tags = m
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        let person_url = m
            .people
            .iter()
            .map(|p| format!("{}{}/", urls.people, p.slug))
            .collect();
        let tag_url = m
            .tags
            .iter()
            .map(|t| format!("{}{}/", urls.tags, t.slug))
            .collect();
        // The goals addressing each weakness, in the order they were introduced (goals
        // introduced together in their listed order).
        let addressing = m
            .weaknesses
            .iter()
            .map(|w| {
                let mut list: Vec<usize> = w
                    .addressed_by
                    .iter()
                    .filter_map(|id| goals.get(id.trim()).copied())
                    .collect();
                list.sort_by_key(|&g| m.goals[g].introduced);
                list
            })
            .collect();
        Self {
            m,
            urls,
            goals,
            addressing,
            weaknesses,
            strengths,
            weakness_anchor,
            strength_anchor,
            backlog_by_session,
            item_anchor,
            entry_item,
            people,
            tags,
            person_url,
            tag_url,
            shared: Mutex::default(),
            #[cfg(test)]
            fault: false,
        }
    }

    /// Frees the shared template values (once the mentorship's pages are rendered);
    /// they are built again if asked for.
    pub(crate) fn release(&self) {
        *self.shared.lock().unwrap_or_else(PoisonError::into_inner) = LazyValues::default();
    }

    /// The [`SessionSummary`] of session `i`, as a template value.
    #[must_use]
    pub(crate) fn summary(&self, i: usize) -> Value {
        shared_value(&self.shared, self.summary_slot(), i, || {
            Value::from_serializable(&SessionSummary::of(&self.m.sessions[i]))
        })
    }

    /// Where the sessions' summaries are kept.
    fn summary_slot(&self) -> fn(&mut LazyValues) -> &mut Vec<Option<Value>> {
        #[cfg(test)]
        if self.fault {
            return |s| &mut s.refs;
        }
        |s| &mut s.summaries
    }

    /// The [`SessionSummary`] of the latest session, as a template value.
    #[must_use]
    pub(crate) fn latest_summary(&self) -> Option<Value> {
        self.m
            .sessions
            .len()
            .checked_sub(1)
            .map(|i| self.summary(i))
    }

    /// The [`SessionRef`] of session `i`, as a template value.
    #[must_use]
    pub(crate) fn session_ref(&self, i: usize) -> Value {
        shared_value(
            &self.shared,
            |s| &mut s.refs,
            i,
            || Value::from_serializable(&SessionRef::of(&self.m.sessions[i])),
        )
    }

    /// The change at `index` of the backlog log, with its session, item and goal resolved.
    #[must_use]
    pub(crate) fn backlog_change(&self, index: usize) -> BacklogView<'a> {
        let entry = &self.m.backlog[index];
        let goal = entry.goal.as_deref().and_then(|id| self.goal(id));
        BacklogView {
            issue_url: entry.item_url.as_deref().and_then(web_url),
            history_url: self.item_url(self.entry_item[index]),
            goal_link: goal.map(|g| self.goal_link(g)),
            goal_url: goal.map(|g| &*g.url),
            session: self.session_ref(entry.session),
            before_shown: entry.before_shown(),
            after_shown: entry.after_shown(),
            values: entry.values(),
            entry,
        }
    }

    /// The [`GoalLink`] of `g` (a goal of this mentorship), as a template value.
    #[must_use]
    pub(crate) fn goal_link(&self, g: &Goal) -> Value {
        match self.goals.get(&*g.id) {
            Some(&i) if std::ptr::eq(&self.m.goals[i], g) => shared_value(
                &self.shared,
                |s| &mut s.goal_links,
                i,
                || Value::from_serializable(&GoalLink::of(g)),
            ),
            _ => Value::from_serializable(&GoalLink::of(g)),
        }
    }

    /// The goal with this id.
    #[must_use]
    pub(crate) fn goal(&self, id: &str) -> Option<&'a Goal> {
        self.m.indexed_goal(id)
    }

    /// The index of the weakness with this key.
    #[must_use]
    pub(crate) fn weakness(&self, key: &str) -> Option<usize> {
        self.weaknesses.get(key).copied()
    }

    /// The index of the strength with this key.
    #[must_use]
    pub(crate) fn strength(&self, key: &str) -> Option<usize> {
        self.strengths.get(key).copied()
    }

    /// The URL of a weakness's row on the recurring page.
    #[must_use]
    pub(crate) fn weakness_url(&self, index: usize) -> String {
        format!("{}#{}", self.urls.recurring, self.weakness_anchor[index])
    }

    /// Links to the rows (on the recurring page) of the weaknesses named by `keys`; keys
    /// that name none are left out.
    pub(crate) fn weakness_links<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Vec<LinkView> {
        keys.into_iter()
            .filter_map(|key| self.weakness(key))
            .map(|wi| LinkView {
                title: self.m.weaknesses[wi].text.to_string(),
                url: self.weakness_url(wi),
            })
            .collect()
    }

    /// The URL of a strength's row on the recurring page.
    #[must_use]
    pub(crate) fn strength_url(&self, index: usize) -> String {
        format!("{}#{}", self.urls.recurring, self.strength_anchor[index])
    }

    /// The URL of a backlog item's history on the backlog page.
    #[must_use]
    pub(crate) fn item_url(&self, item: usize) -> String {
        format!("{}#{}", self.urls.backlog, self.item_anchor[item])
    }

    /// The page of the person called `name`, if the log knows them.
    #[must_use]
    pub(crate) fn person_url(&self, name: &str) -> Option<&str> {
        self.people
            .get(&crate::history::link::person_key(name))
            .map(|&i| self.person_url[i].as_str())
    }

    /// The page of a tag, if some session carries it.
    #[must_use]
    pub(crate) fn tag_url(&self, tag: &str) -> Option<&str> {
        self.tags.get(&slug(tag)).map(|&i| self.tag_url[i].as_str())
    }
}

fn non_empty<'s>(s: &'s str, fallback: &'s str) -> &'s str {
    if s.is_empty() { fallback } else { s }
}

fn anchors(items: &[Recurring], prefix: &str, used: &mut HashMap<String, usize>) -> Vec<String> {
    items
        .iter()
        .map(|r| unique(&format!("{prefix}{}", non_empty(&r.slug, "item")), used))
        .collect()
}

/// `base`, or `base-2`, `base-3` … when taken.
fn unique(base: &str, used: &mut HashMap<String, usize>) -> String {
    let n = used.entry(base.to_owned()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base.to_owned()
    } else {
        let candidate = format!("{base}-{n}");
        // A later `base-2` written as such would collide; keep counting until free.
        if used.contains_key(&candidate) {
            return unique(&candidate, used);
        }
        used.insert(candidate.clone(), 1);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::PathBuf;

    use super::*;
    use crate::audience::Audience;
    use crate::content::load::{MentorshipFiles, SourceFile};
    use crate::test_rng::Rng;

    /// A random mentorship: goals introduced, updated and closed, backlog changes to a few
    /// items with values before and after, serving goals or not, some sessions withheld.
    fn mentorship(rng: &mut Rng, dir: &str) -> MentorshipFiles {
        let file = |rel: String, text: String| SourceFile {
            path: format!("content/{rel}"),
            rel: PathBuf::from(rel),
            text: text.into(),
        };
        let mut sessions = Vec::new();
        let mut goals = 0;
        for s in 0..1 + rng.below(30) {
            let mut text = format!("---\ndate: 2026-{:02}-{:02}\n", 1 + s / 28, 1 + s % 28);
            if rng.one_in(5) {
                text.push_str("visibility: team\n");
            }
            text.push_str("goals:\n");
            for _ in 0..rng.below(4) {
                if goals == 0 || rng.one_in(2) {
                    goals += 1;
                    writeln!(text, "  - {{id: g{goals}, text: Goal {goals}, owner: Bo}}").unwrap();
                } else {
                    let status = rng.pick(&["active", "achieved", "blocked"]);
                    let id = 1 + rng.below(goals);
                    writeln!(text, "  - {{id: g{id}, status: {status}}}").unwrap();
                }
            }
            text.push_str("backlog:\n");
            for _ in 0..rng.below(5) {
                let item = rng.pick(&["\"#1\"", "\"#2\"", "Search", "Docs"]);
                let change = rng.pick(&["added", "reprioritised", "re-estimated", "done"]);
                write!(text, "  - {{item: {item}, change: {change}").unwrap();
                if rng.one_in(2) {
                    let (before, after) = (rng.pick(&["could", "3"]), rng.pick(&["must", "5"]));
                    write!(text, ", before: {before}, after: {after}").unwrap();
                }
                if goals > 0 && rng.one_in(2) {
                    write!(text, ", goal: g{}", 1 + rng.below(goals)).unwrap();
                }
                text.push_str("}\n");
            }
            text.push_str("---\nNotes.\n");
            sessions.push(file(format!("{dir}/sessions/s{s:02}.md"), text));
        }
        MentorshipFiles {
            dir: PathBuf::from(dir),
            mentorship: Some(file(
                format!("{dir}/mentorship.md"),
                format!(
                    "---\ntitle: {dir}\nmentee: {dir}\nmentors: [Ada]\nstarted: 2026-01-01\nrepo: https://example.org/r\n---\n"
                ),
            )),
            sessions,
            undecodable: Vec::new(),
        }
    }

    /// The first random log on which a value the lookup hands out differs from the one
    /// built anew, asked for in a random order, again and again, with the values freed
    /// in between.
    fn counterexample(cases: u64, fault: bool) -> Option<String> {
        for seed in 1..=cases {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let groups = (0..1 + rng.below(3))
                .map(|m| mentorship(&mut rng, &format!("m{m}")))
                .collect();
            let audience = [Audience::Public, Audience::Team, Audience::All][rng.below(3)];
            let log = crate::analysis::log_of_files(groups, audience);
            for m in &log.mentorships {
                let mut l = Lookup::new(m);
                l.fault = fault;
                for _ in 0..200 {
                    if rng.one_in(40) {
                        l.release();
                    }
                    let (s, g) = (m.sessions.len(), m.goals.len());
                    let (what, got, fresh) = match rng.below(3) {
                        0 if s > 0 => {
                            let i = rng.below(s);
                            let fresh = SessionSummary::of(&m.sessions[i]);
                            (
                                format!("summary {i}"),
                                l.summary(i),
                                Value::from_serializable(&fresh),
                            )
                        }
                        1 if s > 0 => {
                            let i = rng.below(s);
                            let fresh = SessionRef::of(&m.sessions[i]);
                            (
                                format!("ref {i}"),
                                l.session_ref(i),
                                Value::from_serializable(&fresh),
                            )
                        }
                        2 if g > 0 => {
                            let goal = &m.goals[rng.below(g)];
                            let fresh = Value::from_serializable(&GoalLink::of(goal));
                            (format!("goal {}", goal.id), l.goal_link(goal), fresh)
                        }
                        _ => continue,
                    };
                    if got != fresh {
                        return Some(format!(
                            "seed {seed}, {}: {what}: {got:?} != {fresh:?}",
                            m.slug
                        ));
                    }
                }
            }
        }
        None
    }

    /// The property: whatever the order of asking and freeing, a shared value is the one
    /// built anew (the plain path).
    #[test]
    fn shared_values_are_the_values_built_anew() {
        if let Some(diff) = counterexample(200, false) {
            panic!("{diff}");
        }
    }

    /// The property test catches the sharing broken on purpose: sessions' summaries kept
    /// where their references are.
    #[test]
    fn the_property_test_catches_values_kept_in_the_wrong_slot() {
        assert!(
            counterexample(200, true).is_some(),
            "no random log told the broken sharing apart"
        );
    }

    #[test]
    fn anchors_are_unique() {
        let mut used = HashMap::new();
        let a: Vec<String> = ["x", "x", "x-2", "x"]
            .iter()
            .map(|b| unique(b, &mut used))
            .collect();
        let set: std::collections::HashSet<_> = a.iter().collect();
        assert_eq!(set.len(), a.len(), "{a:?}");
    }
}
