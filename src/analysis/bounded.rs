//! What a build reports: every problem, its warnings bounded, placing only the warnings
//! it shows.
//!
//! A log written carelessly has tens of thousands of warnings, and finding a warning's
//! place in its note walks the note's YAML a second time (issue 17: 12 % of a careless
//! build's time). A build shows twenty warnings and counts the rest by code, so it places
//! only the lints it shows, and those it needs to tell two warnings apart: its report is
//! [`Host::diagnostics`] bounded as [`bound`] does, without the places nobody reads. The
//! property test below holds the two equal on random logs. `check` takes the same path
//! unbounded, each file's problems handed over as they are placed
//! ([`Host::each_diagnostic`]); a second property test holds what it prints equal to
//! [`Host::diagnostics`] of a host that keeps the history of everything.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::code::Code;
use crate::content::MentorshipDoc;
use crate::diagnostic::{self, Diagnostic};
use crate::lints::Lint;

use super::{Fault, Host, forget_spans};

/// The diagnostics a build keeps, and the warnings it only counts.
pub(crate) type Bounded = (Vec<Diagnostic>, BTreeMap<Code, usize>);

/// The plain way: `all` (sorted, as [`Host::diagnostics`] gives them) with every error
/// and the first `room` warnings kept whole, the other warnings counted by code.
#[must_use]
pub(crate) fn bound(all: Vec<Diagnostic>, room: usize) -> Bounded {
    let mut room = room;
    let mut more = BTreeMap::new();
    let mut kept = Vec::with_capacity(all.len().min(room + 64));
    for d in all {
        if d.is_error() {
            kept.push(d);
        } else if room > 0 {
            room -= 1;
            kept.push(d);
        } else {
            *more.entry(d.code).or_default() += 1;
        }
    }
    (kept, more)
}

/// A problem of the host before it is sorted: placed, or a lint still to place.
#[derive(Clone, Copy)]
enum Item<'a> {
    Placed(&'a Diagnostic),
    Lint(&'a MentorshipDoc, &'a Lint),
}

impl Item<'_> {
    fn path(&self) -> &str {
        match self {
            Item::Placed(d) => &d.path,
            Item::Lint(doc, lint) => lint.path(doc),
        }
    }

    /// The message: a lint's is made when asked for.
    fn message(&self) -> Cow<'_, str> {
        match self {
            Item::Placed(d) => Cow::Borrowed(&d.message),
            Item::Lint(doc, lint) => lint.message(doc),
        }
    }

    fn placed(self) -> Diagnostic {
        match self {
            Item::Placed(d) => d.clone(),
            Item::Lint(doc, lint) => lint.placed(doc),
        }
    }
}

impl Host {
    /// [`Host::diagnostics`] as a build reports them ([`bound`]): every error and the
    /// first `room` warnings whole (all when `None`), the other warnings counted by code.
    ///
    /// The diagnostics are sorted by path first, so they are taken a file at a time, in
    /// path order: a file's are placed, sorted and deduplicated while there is room. After
    /// that, a file's lints are counted unplaced when no other problem of the file has the
    /// same message: they cannot be equal to another (equal diagnostics have equal
    /// messages), nor sit between two that are (a sort by place puts only diagnostics
    /// with the same message next to each other before deduplication). A file where two
    /// share a message is placed whole.
    #[must_use]
    pub(crate) fn bounded_diagnostics(&self, room: Option<usize>) -> Bounded {
        let mut kept = Vec::new();
        let more = self.each_diagnostic(room, |d| kept.push(d));
        (kept, more)
    }

    /// [`Host::bounded_diagnostics`] told to `keep` one at a time, in the same order,
    /// instead of gathered: `check` prints every problem of a careless log as it is
    /// placed, a file at a time, and holds none of them (at 100,000 notes they were
    /// hundreds of megabytes). Returns the warnings counted, not kept.
    ///
    /// With no bound (`None`), the files are placed in batches, the files of a batch in
    /// parallel, each batch's span maps let go after it.
    pub(crate) fn each_diagnostic(
        &self,
        room: Option<usize>,
        mut keep: impl FnMut(Diagnostic),
    ) -> BTreeMap<Code, usize> {
        // In the order `Host::diagnostics` collects them: a stable sort keeps it among
        // problems of the same file.
        let mut items: Vec<Item<'_>> = self
            .problems()
            .map(Item::Placed)
            .chain(self.lints().map(|(doc, lint)| Item::Lint(doc, lint)))
            .chain(self.theme_problems().map(Item::Placed))
            .collect();
        items.par_sort_by(|a, b| a.path().cmp(b.path()));
        let files = items.chunk_by(|a, b| a.path() == b.path());
        let mut more: BTreeMap<Code, usize> = BTreeMap::new();
        let Some(mut room) = room else {
            let files: Vec<&[Item<'_>]> = files.collect();
            for batch in files.chunks(PLACED_AT_ONCE) {
                let placed: Vec<Vec<Diagnostic>> =
                    batch.par_iter().map(|file| self.placed(file)).collect();
                forget_spans_of(batch.iter().copied().flatten());
                placed.into_iter().flatten().for_each(&mut keep);
            }
            return more;
        };
        let mut placed_in = Vec::new();
        for file in files {
            let has_lints = file.iter().any(|i| matches!(i, Item::Lint(..)));
            if room == 0 && has_lints && !shares_a_message(file) {
                // Counted unplaced; the placed ones are sorted and deduplicated apart.
                let mut placed: Vec<Diagnostic> = file
                    .iter()
                    .filter_map(|i| match i {
                        Item::Placed(d) => Some((*d).clone()),
                        Item::Lint(_, lint) => {
                            *more.entry(lint.code()).or_default() += 1;
                            None
                        }
                    })
                    .collect();
                diagnostic::sort(&mut placed);
                placed.dedup();
                let (errors, counted) = bound(placed, 0);
                errors.into_iter().for_each(&mut keep);
                counted
                    .into_iter()
                    .for_each(|(code, n)| *more.entry(code).or_default() += n);
                continue;
            }
            placed_in.extend(file);
            let (file_kept, file_more) = bound(self.placed(file), room);
            room -= file_kept.iter().filter(|d| !d.is_error()).count();
            file_kept.into_iter().for_each(&mut keep);
            file_more
                .into_iter()
                .for_each(|(code, n)| *more.entry(code).or_default() += n);
        }
        forget_spans_of(placed_in);
        more
    }

    /// A file's problems placed, sorted and deduplicated, as [`Host::diagnostics`] has
    /// them.
    fn placed(&self, file: &[Item<'_>]) -> Vec<Diagnostic> {
        let mut placed: Vec<Diagnostic> = file.iter().map(|i| i.placed()).collect();
        if self.fault() != Some(Fault::LintsUnsorted) {
            diagnostic::sort(&mut placed);
        }
        placed.dedup();
        placed
    }
}

/// How many files' problems are placed before their span maps are let go: enough for
/// both threads to stay busy, few enough that the maps stay small.
const PLACED_AT_ONCE: usize = 256;

/// Lets go of the span maps the lints among `items` were placed with.
fn forget_spans_of<'a>(items: impl IntoIterator<Item = &'a Item<'a>>) {
    let mut docs: Vec<&MentorshipDoc> = items
        .into_iter()
        .filter_map(|i| match i {
            Item::Lint(doc, _) => Some(*doc),
            Item::Placed(_) => None,
        })
        .collect();
    docs.dedup_by(|a, b| std::ptr::eq(*a, *b));
    docs.into_iter().for_each(forget_spans);
}

/// Whether two problems of one file have the same message.
fn shares_a_message(file: &[Item<'_>]) -> bool {
    if file.len() < 2 {
        return false;
    }
    let mut messages: Vec<Cow<'_, str>> = file.iter().map(Item::message).collect();
    // A note has a few warnings: compared in pairs, without sorting the list.
    if messages.len() <= 16 {
        return messages
            .iter()
            .enumerate()
            .any(|(i, a)| messages[i + 1..].contains(a));
    }
    messages.sort_unstable();
    messages.windows(2).any(|w| w[0] == w[1])
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::analysis::Options;
    use crate::config::SiteConfig;
    use crate::content::load::{MentorshipFiles, SourceFile};

    use crate::test_rng::Rng;

    fn file(path: String, rel: &str, text: String) -> SourceFile {
        SourceFile {
            path,
            rel: PathBuf::from(rel),
            text: text.into(),
        }
    }

    /// A random mentorship written carelessly: goals without owners, measures or due
    /// dates, left untouched or not carried forward, reopened; weaknesses unranked or
    /// without impact, with the same text twice; no questions, backlog changes serving no
    /// goal, no reflections; sometimes a goal named twice or a broken link (errors).
    fn mentorship(rng: &mut Rng, dir: &str) -> MentorshipFiles {
        let status = if rng.one_in(3) {
            "ended\nended: 2026-06-01"
        } else {
            "active"
        };
        let mentorship = format!(
            "---\ntitle: Team {dir}\nmentee: Team {dir}\nmentors: [Ada]\nstarted: 2026-01-05\nstatus: {status}\nreview_every: {}\n---\n",
            1 + rng.below(4)
        );
        let mut sessions = Vec::new();
        let mut goals: Vec<String> = Vec::new();
        for s in 0..1 + rng.below(9) {
            let mut text = format!("---\ndate: 2026-02-{:02}\n", 1 + s);
            if rng.one_in(2) {
                text.push_str("weaknesses:\n");
                for _ in 0..rng.below(4) {
                    let what = ["Reviews", "Tests", "Docs"][rng.below(3)];
                    match rng.below(4) {
                        0 => writeln!(text, "  - {what} are slow").unwrap(),
                        1 => writeln!(text, "  - {{text: {what} are slow}}").unwrap(),
                        _ => {
                            let impact = ["high", "medium", "low"][rng.below(3)];
                            writeln!(text, "  - text: {what} are slow\n    impact: {impact}")
                                .unwrap();
                        }
                    }
                }
            }
            if rng.one_in(2) {
                text.push_str("questions: [\"How?\"]\n");
            }
            text.push_str("goals:\n");
            let mut named = Vec::new();
            for _ in 0..rng.below(4) {
                let new = goals.is_empty() || rng.one_in(3);
                let id = if new {
                    goals.push(format!("g{}", goals.len()));
                    goals.last().unwrap().clone()
                } else {
                    goals[rng.below(goals.len())].clone()
                };
                if named.contains(&id) && !rng.one_in(30) {
                    continue;
                }
                named.push(id.clone());
                let status = ["active", "blocked", "achieved", "dropped"][rng.below(4)];
                write!(text, "  - id: {id}\n    status: {status}\n").unwrap();
                if new {
                    writeln!(text, "    text: Goal {id}").unwrap();
                    if rng.one_in(2) {
                        text.push_str("    owner: Bo\n");
                    }
                    if rng.one_in(2) {
                        text.push_str("    due: 2026-06-01\n");
                    }
                }
            }
            if rng.one_in(3) {
                text.push_str("backlog:\n  - {item: A change, change: added}\n");
            }
            if rng.one_in(4) {
                text.push_str("reflection: Going well.\n");
            }
            if rng.one_in(5) {
                text.push_str("mood: fine\n");
            }
            text.push_str("---\nNotes.\n");
            if rng.one_in(60) {
                text.push_str("See [this](goal:no-such-goal).\n");
            }
            let rel = format!("{dir}/sessions/2026-02-{:02}.md", 1 + s);
            sessions.push(file(format!("content/{rel}"), &rel, text));
        }
        MentorshipFiles {
            dir: PathBuf::from(dir),
            mentorship: Some(file(
                format!("content/{dir}/mentorship.md"),
                &format!("{dir}/mentorship.md"),
                mentorship,
            )),
            sessions,
            undecodable: Vec::new(),
        }
    }

    /// A build's host of a random log.
    fn host(rng: &mut Rng, fault: Option<Fault>) -> Host {
        let groups = (0..1 + rng.below(4))
            .map(|m| mentorship(rng, &format!("m{m}")))
            .collect();
        host_of(groups, false, fault)
    }

    /// A host asked once of `groups`, keeping the history of everything or not.
    fn host_of(groups: Vec<MentorshipFiles>, history: bool, fault: Option<Fault>) -> Host {
        let mut host = Host::new(
            Path::new(""),
            Options {
                once: true,
                history,
                fault,
                ..Options::default()
            },
        );
        host.config = SiteConfig::default();
        host.ingest(groups, Vec::new());
        host.analyse();
        host
    }

    /// The first random log, if any, on which `check` without the history of everything
    /// (a host that keeps none, its problems told a file at a time, with `fault`) prints
    /// or counts other than the host with the history.
    fn check_counterexample(cases: u64, fault: Option<Fault>) -> Option<String> {
        for seed in 1..=cases {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let groups: Vec<MentorshipFiles> = (0..1 + rng.below(4))
                .map(|m| mentorship(&mut rng, &format!("m{m}")))
                .collect();
            let full = host_of(groups.clone(), true, None);
            let report = host_of(groups, false, fault);
            assert!(full.keeps_history() && !report.keeps_history());
            let mut told = Vec::new();
            let more = report.each_diagnostic(None, |d| told.push(d));
            assert!(more.is_empty());
            let log = full.log();
            let size = crate::CheckedSize {
                mentorships: log.mentorships.len(),
                sessions: log.mentorships.iter().map(|m| m.sessions.len()).sum(),
                goals: log.mentorships.iter().map(|m| m.goals.len()).sum(),
            };
            let all = full.diagnostics();
            if told != all || report.size() != size || full.size() != size {
                return Some(format!(
                    "seed {seed}: {:?} {:?} {size:?}\n{told:#?}\n!=\n{all:#?}",
                    report.size(),
                    full.size()
                ));
            }
        }
        None
    }

    /// The property: on random careless logs, `check` without the history prints what
    /// the host with the history reports, and counts the same log.
    #[test]
    fn a_check_without_the_history_reports_and_counts_the_same() {
        if let Some(diff) = check_counterexample(200, None) {
            panic!("{diff}");
        }
    }

    /// It catches the problems told a file at a time but left unsorted in their file.
    #[test]
    fn the_check_property_catches_lints_left_unsorted() {
        assert!(check_counterexample(200, Some(Fault::LintsUnsorted)).is_some());
    }

    /// The first random log, if any, on which the bounded report differs from the plain
    /// one, with the room asked for.
    fn counterexample(cases: u64, fault: Option<Fault>) -> Option<(u64, usize, String)> {
        for seed in 1..=cases {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let host = host(&mut rng, fault);
            let all = host.diagnostics();
            for room in [
                0,
                1,
                2,
                3,
                5,
                8,
                13,
                all.len() / 2,
                all.len(),
                all.len() + 1,
            ] {
                let plain = bound(all.clone(), room);
                let bounded = host.bounded_diagnostics(Some(room));
                if bounded != plain {
                    return Some((seed, room, format!("{bounded:#?}\n!=\n{plain:#?}")));
                }
            }
            assert_eq!(host.bounded_diagnostics(None).0, all);
        }
        None
    }

    /// The property: on random careless logs, for any room, the report placing only what
    /// it keeps is the plain one.
    #[test]
    fn the_bounded_report_is_the_plain_one() {
        let cases = std::env::var("MENTORLOG_BOUNDED_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(300);
        if let Some((seed, room, diff)) = counterexample(cases, None) {
            panic!("seed {seed}, room {room}:\n{diff}");
        }
    }

    /// The property test catches the shortcut broken on purpose: the lints kept whole
    /// left in the order they were made instead of sorted by place.
    #[test]
    fn the_property_test_catches_lints_left_unsorted() {
        assert!(
            counterexample(300, Some(Fault::LintsUnsorted)).is_some(),
            "no random log told the broken shortcut apart"
        );
    }
}
