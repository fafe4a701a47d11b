//! Content: reading notes and turning each into typed front matter plus a Markdown body.
//!
//! `load` reads the files, `front_matter` splits and parses them, `markdown` finds links
//! and renders bodies. `parse_note` makes one `Note`; the analysis host
//! (`crate::analysis`) caches them and assembles a [`MentorshipDoc`] per mentorship, each
//! note still on its own: linking notes to each other is the history stage's job.

pub mod doc;
pub mod front_matter;
pub mod load;
pub mod markdown;
pub(crate) mod nesting;
pub(crate) mod shape;
mod simple_yaml;
pub mod spans;
mod tree;
mod validate;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::{Diagnostic, Loc};
use doc::{MentorshipFront, SessionFront};
use front_matter::Schema;
use load::SourceFile;
use markdown::Link;
use spans::SpanMap;

/// A note's span map while diagnostics are made; a copy of the note starts without one.
#[derive(Debug, Default)]
struct SpanCache(std::sync::Mutex<Option<Arc<SpanMap>>>);

impl Clone for SpanCache {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// The places a note was asked for (`Note::key_at`, `Note::value_at`), kept while its
/// text is the same: each parse starts with none, and copies of a parse share them. So a
/// host that lints a mentorship again after one of its notes changed walks only that
/// note's YAML again, not every note with a warning (issue 17).
#[derive(Debug, Default)]
struct Places {
    keys: HashMap<Box<str>, Option<Loc>>,
    values: HashMap<Box<str>, Option<Loc>>,
}

/// One parsed note: its front matter, where each value was written, and its body.
#[derive(Debug, Clone)]
pub struct Note<T> {
    /// The path relative to the site root, as messages show it.
    pub path: String,
    /// The path relative to `content/`.
    pub rel: PathBuf,
    /// The typed front matter, shared with the linked history (not copied into it).
    pub front: Arc<T>,
    /// Positions of front matter keys and values, found when first asked for and
    /// forgotten when the diagnostics are made ([`Note::forget_spans`]).
    spans: SpanCache,
    /// The places asked for, when the note keeps them ([`Note::keep_places`]).
    places: Option<Arc<Mutex<Places>>>,
    /// Byte range of the front matter's YAML in the file's text.
    yaml: std::ops::Range<usize>,
    /// Byte offset of the body in the file's text.
    pub body_offset: usize,
    /// The note and goal links in the body.
    pub links: Vec<Link>,
    /// The whole text, for placing body positions.
    pub text: Arc<str>,
}

impl<T> Note<T> {
    /// Where each front matter key and value was written. Computed on first use: only
    /// diagnostics need it, so a clean build never pays for it.
    pub(crate) fn spans(&self) -> Arc<SpanMap> {
        let mut spans = self
            .spans
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        spans
            .get_or_insert_with(|| Arc::new(SpanMap::build(&self.text[self.yaml.clone()], 2)))
            .clone()
    }

    /// Drops the positions found for diagnostics: a note with warnings must not keep its
    /// span map for the rest of the build (issue 13: 32,830 warnings held 180 MiB).
    pub(crate) fn forget_spans(&self) {
        self.spans
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
    }

    /// Keeps of the note's text only its body, for a history that only renders: the
    /// front matter's text is let go (half of what notes weigh; a build of 100,000 notes
    /// holds their bodies while it renders). The note's places are gone with it: no
    /// diagnostic may be made of it afterwards.
    pub(crate) fn keep_body_only(&mut self) {
        self.forget_spans();
        self.places = None;
        self.text = Arc::from(self.body());
        self.body_offset = 0;
        self.yaml = 0..0;
    }

    /// Keeps the places asked for by [`Note::key_at`] and [`Note::value_at`] for as long
    /// as the note lives, shared by its copies: for a host that analyses it again (`serve`,
    /// `lsp`), not for one asked once (a build keeps nothing it will not use again).
    pub(crate) fn keep_places(&mut self) {
        self.places = Some(Arc::default());
    }

    /// Takes the places kept by `old`, another parse: a shortcut broken on purpose
    /// (`analysis::Fault::StalePlaces`), for the test of the preview's property test.
    #[doc(hidden)]
    pub(crate) fn share_places_of(&mut self, old: &Self) {
        self.places.clone_from(&old.places);
    }

    /// Where the key at `path` was written ([`SpanMap::key`]).
    pub(crate) fn key_at(&self, path: &str) -> Option<Loc> {
        self.place(path, true)
    }

    /// Where the value at `path` was written ([`SpanMap::value`]).
    pub(crate) fn value_at(&self, path: &str) -> Option<Loc> {
        self.place(path, false)
    }

    fn place(&self, path: &str, key: bool) -> Option<Loc> {
        let find = |spans: &SpanMap| {
            if key {
                spans.key(path)
            } else {
                spans.value(path)
            }
        };
        let Some(places) = &self.places else {
            return find(&self.spans());
        };
        let known = |p: &Places| {
            let map = if key { &p.keys } else { &p.values };
            map.get(path).copied()
        };
        if let Some(loc) = known(&places.lock().unwrap_or_else(PoisonError::into_inner)) {
            return loc;
        }
        let loc = find(&self.spans());
        let mut p = places.lock().unwrap_or_else(PoisonError::into_inner);
        let map = if key { &mut p.keys } else { &mut p.values };
        map.insert(path.into(), loc);
        loc
    }

    /// The Markdown after the front matter.
    #[must_use]
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A mentorship and its sessions, parsed but not linked.
#[derive(Debug, Clone)]
pub struct MentorshipDoc {
    /// The folder relative to `content/`.
    pub dir: PathBuf,
    /// `mentorship.md`.
    pub note: Note<MentorshipFront>,
    /// The session notes that parsed, in path order.
    pub sessions: Vec<Note<SessionFront>>,
    /// Session notes that did not parse, relative to `content/`: links to them are not
    /// reported as broken while their own errors stand.
    pub broken: Vec<PathBuf>,
    /// Goal ids that the broken notes whose YAML still reads name, so that references to
    /// them do not cascade into errors of their own.
    pub broken_ids: std::collections::HashSet<String>,
    /// The broken notes that cannot be read at all (no front matter block, or YAML that
    /// does not parse): while there is one, no goal reference of the mentorship that no
    /// readable note resolves can be checked, and that is said once (`history::link`).
    pub unreadable: Vec<PathBuf>,
}

impl MentorshipDoc {
    /// Notes that `text`, the text of one of its session notes, did not parse.
    pub(crate) fn add_broken(&mut self, rel: PathBuf, text: &str) {
        match goal_ids_of_broken(text) {
            Some(ids) => self.broken_ids.extend(ids),
            None => self.unreadable.push(rel.clone()),
        }
        self.broken.push(rel);
    }

    /// Whether a reference to goal `id` might point into a broken note.
    #[must_use]
    pub(crate) fn may_be_broken(&self, id: &str) -> bool {
        !self.unreadable.is_empty() || self.broken_ids.contains(id.trim())
    }
}

/// The goal ids a note that did not parse names, when its YAML at least reads (a wrong
/// type or value somewhere); `None` when it does not.
fn goal_ids_of_broken(text: &str) -> Option<Vec<String>> {
    let split = front_matter::split("", text).ok()?;
    // libyaml is quadratic in deep flow nesting: such a note cannot be read.
    if nesting::too_deep(split.yaml, nesting::LIMIT).is_some() {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(split.yaml).ok()?;
    let goals = value.get("goals").and_then(serde_yaml::Value::as_sequence);
    Some(
        goals
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("id")?.as_str().map(|id| id.trim().to_owned()))
            .collect(),
    )
}

/// The byte range of `part`, a slice of `text`, within it.
fn yaml_range(text: &str, part: &str) -> std::ops::Range<usize> {
    let start = part.as_ptr() as usize - text.as_ptr() as usize;
    start..start + part.len()
}

/// Parses one note: splits its front matter, parses it against `schema`, finds the links
/// in its body. `None` when the front matter did not parse. Pure.
pub(crate) fn parse_note<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    schema: Schema,
) -> (Option<Note<T>>, Vec<Diagnostic>) {
    // Control characters, in the front matter or the body, are refused before anything
    // reads the note (audit finding 3).
    let controls = load::control_characters(&file.path, &file.text, "a note");
    if !controls.is_empty() {
        return (None, controls);
    }
    let split = match front_matter::split(&file.path, &file.text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let (parsed, diagnostics) = front_matter::parse::<T>(&file.path, split.yaml, schema);
    let note = parsed.map(|p| Note {
        path: file.path.clone(),
        rel: file.rel.clone(),
        front: Arc::new(p.front),
        spans: SpanCache::default(),
        places: None,
        yaml: yaml_range(&file.text, split.yaml),
        body_offset: split.body_offset,
        links: markdown::links(split.body),
        text: file.text.clone(),
    });
    (note, diagnostics)
}
