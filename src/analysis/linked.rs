//! Each mentorship's linked history, cached by its notes and its URL prefix; the links
//! between notes, checked again where a note's page appeared, went or moved; the lints.
//!
//! What `history::link` does for a whole site, one mentorship at a time: a mentorship whose
//! notes did not change keeps its model, its reference errors and its lints; so does one
//! whose notes changed in their bodies alone (`reword`: linking reads front matter only),
//! with the new bodies put in and their links checked again.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::history::{self, Body, Mentorship};
use crate::lints::{self, Lint};

use super::{Fault, Host};

/// How one mentorship was linked, beside its `Mentorship` in the log.
pub(super) struct LinkState {
    /// Its folder, relative to `content/`.
    dir: PathBuf,
    /// The URL prefix it was linked under.
    prefix: String,
    /// The page of each of its notes, sorted (its part of `Log::note_urls`).
    urls: Vec<(PathBuf, String)>,
    /// Its notes that did not parse.
    broken: Vec<PathBuf>,
    /// Reference errors inside it.
    diagnostics: Vec<Diagnostic>,
    /// Broken note and goal links in its notes; `None` when they must be checked again.
    note_links: Option<Vec<Diagnostic>>,
    /// Its lints; `None` until computed (only for a history without errors).
    lints: Option<Vec<Lint>>,
    /// How many sessions and goals its model has, kept when the model is not.
    size: (usize, usize),
}

impl LinkState {
    /// Its reference errors and broken links.
    pub(super) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.note_links.iter().flatten())
    }

    /// Its folder, relative to `content/`.
    pub(super) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Its lints, as last computed (they count only while the history has no error).
    pub(super) fn lints(&self) -> impl Iterator<Item = &Lint> {
        self.lints.iter().flatten()
    }

    /// How many sessions and goals its model has.
    pub(super) fn size(&self) -> (usize, usize) {
        self.size
    }
}

/// A mentorship linked anew: its model and how it was linked.
fn link_fresh(doc: &crate::content::MentorshipDoc, prefix: String) -> (Mentorship, LinkState) {
    let (m, diagnostics) = history::link::link_mentorship(doc, prefix.clone());
    let mut urls = HashMap::new();
    history::link::add_note_urls(&mut urls, doc, &m);
    let mut urls: Vec<(PathBuf, String)> = urls.into_iter().collect();
    urls.sort();
    let state = LinkState {
        dir: doc.dir.clone(),
        prefix,
        urls,
        broken: doc.broken.clone(),
        diagnostics,
        note_links: None,
        lints: None,
        size: (m.sessions.len(), m.goals.len()),
    };
    (m, state)
}

/// Puts the bodies of the notes `notes` (paths relative to `content/`) of `doc` into its
/// linked history `m`, when nothing but their bodies changed: the history links front
/// matter alone, and takes a note's body as it is (its links are resolved after).
fn reword(doc: &crate::content::MentorshipDoc, m: &mut Mentorship, notes: &BTreeSet<PathBuf>) {
    for note in doc.sessions.iter().filter(|n| notes.contains(&n.rel)) {
        if let Some(s) = m.sessions.iter_mut().find(|s| s.source == note.path) {
            s.body = Body::new(note.text.clone(), note.body_offset);
            s.front = note.front.clone();
        }
    }
}

/// How the notes' pages changed while mentorships were linked again.
#[derive(Default)]
struct Moves {
    /// Notes whose page appeared, went or moved.
    moved: BTreeSet<PathBuf>,
    /// Whether the set of notes that do not parse changed.
    broken_changed: bool,
    /// Notes whose old page goes (taken out first: a note may change mentorships).
    urls_out: Vec<PathBuf>,
    /// Notes' new pages (put in after).
    urls_in: Vec<(PathBuf, String)>,
}

impl Moves {
    /// A mentorship linked again as `state`, which was `previous`; gives back what the
    /// mentorship was.
    fn replace(
        &mut self,
        previous: Option<(Mentorship, LinkState)>,
        state: &LinkState,
    ) -> Option<Mentorship> {
        let old_m = match previous {
            Some((old_m, old_state)) => {
                self.moved
                    .extend(changed_urls(&old_state.urls, &state.urls));
                self.broken_changed |= old_state.broken != state.broken;
                self.urls_out
                    .extend(old_state.urls.into_iter().map(|(rel, _)| rel));
                Some(old_m)
            }
            None => {
                self.moved
                    .extend(state.urls.iter().map(|(rel, _)| rel.clone()));
                self.broken_changed |= !state.broken.is_empty();
                None
            }
        };
        self.urls_in.extend(state.urls.iter().cloned());
        old_m
    }

    /// A mentorship that went.
    fn gone(&mut self, state: LinkState) {
        self.broken_changed |= !state.broken.is_empty();
        self.moved
            .extend(state.urls.iter().map(|(rel, _)| rel.clone()));
        self.urls_out
            .extend(state.urls.into_iter().map(|(rel, _)| rel));
    }
}

/// A mentorship after [`Host::link`]: as it was, or linked again.
enum Linked {
    Kept(Mentorship, LinkState),
    Fresh(Mentorship, LinkState),
}

impl Host {
    /// [`Host::link`] and [`Host::lint`] for a host that keeps no history of everything
    /// ([`super::Options::history`]): every mentorship is linked, linted and let go
    /// at once, keeping only its diagnostics and its goals' ids for the links between notes
    /// (a build of 100,000 notes cannot hold that history beside the one it renders). The
    /// lints are made beside the linking and dropped should anything be an error: the
    /// diagnostics are those of the other way.
    pub(super) fn link_without_history(&mut self) {
        let (prefixes, prefix_diagnostics) = history::link::prefixes(&self.docs);
        self.prefix_diagnostics = prefix_diagnostics;
        let linked: Vec<(LinkState, Vec<String>, Vec<Lint>)> = self
            .docs
            .par_iter()
            .zip(prefixes)
            .map(|(doc, prefix)| {
                let (m, state) = link_fresh(doc, prefix);
                let lints = lints::lint_mentorship(doc, &m);
                let goal_ids = m.goals.iter().map(|g| g.id.to_string()).collect();
                (state, goal_ids, lints)
            })
            .collect();
        let mut lints = Vec::with_capacity(linked.len());
        let mut goal_ids = Vec::with_capacity(linked.len());
        let mut linked: Vec<LinkState> = linked
            .into_iter()
            .map(|(state, ids, l)| {
                goal_ids.push(ids);
                lints.push(l);
                state
            })
            .collect();
        let note_urls: HashMap<PathBuf, String> = linked
            .iter_mut()
            .flat_map(|state| state.urls.iter().cloned())
            .collect();
        let docs = &self.docs;
        docs.par_iter()
            .zip(&mut linked)
            .zip(&goal_ids)
            .for_each(|((doc, state), ids)| {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                state.note_links =
                    Some(history::link::check_note_links(doc, &ids, docs, &note_urls));
            });
        self.log = history::Log {
            mentorships: Vec::new(),
            note_urls,
        };
        self.linked = linked;
        self.relink.clear();
        self.reworded.clear();
        let errors = self.problems().any(Diagnostic::is_error);
        self.linted = !errors;
        if self.linted {
            for (state, lints) in self.linked.iter_mut().zip(lints) {
                state.lints = Some(lints);
            }
        }
    }

    /// Links the mentorships whose notes changed (and those whose URL prefix moved), keeps
    /// the others as they were linked, and checks links between notes where they can have
    /// changed.
    pub(super) fn link(&mut self) {
        let (prefixes, prefix_diagnostics) = history::link::prefixes(&self.docs);
        self.prefix_diagnostics = prefix_diagnostics;
        let mut old: HashMap<PathBuf, (Mentorship, LinkState)> = std::mem::take(&mut self.linked)
            .into_iter()
            .zip(std::mem::take(&mut self.log.mentorships))
            .map(|(state, m)| (state.dir.clone(), (m, state)))
            .collect();
        let linked_now = self.link_changed(prefixes, &mut old);
        // What moved: notes whose page appeared, went or moved, and whether the set of
        // notes that do not parse changed; either changes what links to them, from anywhere.
        let mut moves = Moves::default();
        let mut mentorships = Vec::with_capacity(self.docs.len());
        let mut linked = Vec::with_capacity(self.docs.len());
        let reworded = std::mem::take(&mut self.reworded);
        for (doc, now) in self.docs.iter().zip(linked_now) {
            let (m, state) = match now {
                Linked::Kept(mut m, mut state) => {
                    if let Some(notes) = reworded.get(&doc.dir) {
                        if self.pending.settled_once {
                            self.pending
                                .replaced
                                .entry(m.source.clone())
                                .or_insert_with(|| m.clone());
                        }
                        if self.options.fault != Some(Fault::StaleBodies) {
                            reword(doc, &mut m, notes);
                        }
                        // Its bodies' links are checked and resolved again below.
                        state.note_links = None;
                    }
                    (m, state)
                }
                Linked::Fresh(m, state) => {
                    let previous = old.remove(&doc.dir);
                    if let Some(old_m) = moves.replace(previous, &state)
                        && self.pending.settled_once
                    {
                        self.pending
                            .replaced
                            .entry(old_m.source.clone())
                            .or_insert(old_m);
                    }
                    (m, state)
                }
            };
            mentorships.push(m);
            linked.push(state);
        }
        // Mentorships that went.
        for (_, (_, state)) in old {
            moves.gone(state);
        }
        for rel in &moves.urls_out {
            self.log.note_urls.remove(rel);
        }
        self.log.note_urls.extend(moves.urls_in);
        self.relink.clear();
        let recheck = !moves.moved.is_empty() || moves.broken_changed;
        let (docs, note_urls) = (&self.docs, &self.log.note_urls);
        docs.par_iter()
            .zip(&mut mentorships)
            .zip(&mut linked)
            .filter(|(_, state)| recheck || state.note_links.is_none())
            .for_each(|((doc, m), state)| {
                state.note_links = Some(history::link::check_note_links(
                    doc,
                    &m.goal_ids(),
                    docs,
                    note_urls,
                ));
                history::link::resolve_note_links(doc, m, note_urls);
            });
        self.log.mentorships = mentorships;
        self.linked = linked;
        self.pending.moved.extend(moves.moved);
    }

    /// Each mentorship: kept as it was (from `old`) when neither its notes nor its prefix
    /// changed, else linked again, in parallel; what it was stays in `old`.
    fn link_changed(
        &self,
        prefixes: Vec<String>,
        old: &mut HashMap<PathBuf, (Mentorship, LinkState)>,
    ) -> Vec<Linked> {
        let decided: Vec<Result<(Mentorship, LinkState), String>> = self
            .docs
            .iter()
            .zip(prefixes)
            .map(|(doc, prefix)| match old.remove(&doc.dir) {
                Some((m, state))
                    if state.prefix == prefix
                        && (!self.relink.contains(&doc.dir)
                            || self.fault() == Some(Fault::StaleLinks)) =>
                {
                    Ok((m, state))
                }
                previous => {
                    // Back in `old` until it is replaced.
                    if let Some(previous) = previous {
                        old.insert(doc.dir.clone(), previous);
                    }
                    Err(prefix)
                }
            })
            .collect();
        self.docs
            .par_iter()
            .zip(decided)
            .map(|(doc, decided)| match decided {
                Ok((m, state)) => Linked::Kept(m, state),
                Err(prefix) => {
                    let (m, state) = link_fresh(doc, prefix);
                    Linked::Fresh(m, state)
                }
            })
            .collect()
    }

    /// Lints the mentorships not linted since they were last linked.
    pub(super) fn lint(&mut self) {
        let log = &self.log;
        self.docs
            .par_iter()
            .zip(&log.mentorships)
            .zip(&mut self.linked)
            .filter(|(_, state)| state.lints.is_none())
            .for_each(|((doc, m), state)| state.lints = Some(lints::lint_mentorship(doc, m)));
    }
}

/// The notes whose page differs between two sorted lists of (note, page).
fn changed_urls<'a>(
    old: &'a [(PathBuf, String)],
    new: &'a [(PathBuf, String)],
) -> impl Iterator<Item = PathBuf> + 'a {
    let old_map: HashMap<&PathBuf, &String> = old.iter().map(|(k, v)| (k, v)).collect();
    let new_map: HashMap<&PathBuf, &String> = new.iter().map(|(k, v)| (k, v)).collect();
    new.iter()
        .filter(move |(k, v)| old_map.get(k) != Some(&v))
        .chain(old.iter().filter(move |(k, _)| !new_map.contains_key(k)))
        .map(|(k, _)| k.clone())
}
