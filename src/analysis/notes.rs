//! Each note's parse, cached by its text, and the mentorships assembled from the parses.
//!
//! A walk of `content/` (or files handed over in memory) gives every note's text; a note
//! whose text did not change keeps its parse. An edited note is read and parsed alone,
//! and its mentorship assembled again from the cached parses of the others.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::code::Code;
use crate::content::doc::{MentorshipFront, SessionFront};
use crate::content::front_matter::Schema;
use crate::content::load::{self, MENTORSHIP_FILE, MentorshipFiles, SourceFile};
use crate::content::{self, MentorshipDoc, Note};
use crate::diagnostic::{Diagnostic, display_path};

use super::{Fault, Host};

/// One note as last read: its text and what parsing it gave.
#[derive(Debug)]
pub(super) struct FileEntry {
    /// The path shown in messages.
    path: String,
    /// The text, for showing source lines (lossily decoded when it is not UTF-8).
    text: Option<Arc<str>>,
    /// The mentorship folder it belongs to, relative to `content/`.
    owner: PathBuf,
    /// The parse.
    state: NoteState,
    /// Problems reading or parsing it.
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
enum NoteState {
    Session(Option<Note<SessionFront>>),
    Mentorship(Option<Note<MentorshipFront>>),
    /// Not read, or not UTF-8: no part of any mentorship.
    Unread,
    /// Parsed, and handed to its mentorship alone (a host asked once keeps no copy).
    Handed,
}

impl FileEntry {
    /// Whether `new`, the parse of this file's new text, differs from this one in its
    /// body alone: both are sessions that parsed, and everything before the body (fences
    /// and front matter) is the same, byte for byte.
    fn differs_in_body_alone(&self, new: &FileEntry) -> bool {
        match (&self.state, &new.state) {
            (NoteState::Session(Some(old)), NoteState::Session(Some(now))) => {
                self.owner == new.owner
                    && old.text.get(..old.body_offset) == now.text.get(..now.body_offset)
            }
            _ => false,
        }
    }

    /// Lets the text go (a host asked once, after its diagnostics were shown).
    pub(super) fn forget_text(&mut self) {
        self.text = None;
    }

    /// Parses a decoded file: a mentorship's `mentorship.md` or a session note.
    /// `keep_places`: its note keeps the places diagnostics asked for (a host that will
    /// analyse it again, `Note::keep_places`).
    fn parse(file: &SourceFile, owner: PathBuf, keep_places: bool) -> Self {
        let is_mentorship = file.rel.file_name().is_some_and(|n| n == MENTORSHIP_FILE);
        let (state, diagnostics) = if is_mentorship {
            let (mut note, d) = content::parse_note::<MentorshipFront>(file, Schema::Mentorship);
            if keep_places {
                note.iter_mut().for_each(Note::keep_places);
            }
            (NoteState::Mentorship(note), d)
        } else {
            let (mut note, d) = content::parse_note::<SessionFront>(file, Schema::Session);
            if let Some(front) = note.as_mut().and_then(|n| Arc::get_mut(&mut n.front)) {
                front.shrink_to_fit();
            }
            if keep_places {
                note.iter_mut().for_each(Note::keep_places);
            }
            (NoteState::Session(note), d)
        };
        Self {
            path: file.path.clone(),
            text: Some(file.text.clone()),
            owner,
            state,
            diagnostics,
        }
    }

    /// A file that could not be read as text: no part of any mentorship.
    fn unread(path: String, text: Option<Arc<str>>, owner: PathBuf, d: Vec<Diagnostic>) -> Self {
        Self {
            path,
            text,
            owner,
            state: NoteState::Unread,
            diagnostics: d,
        }
    }

    /// Gives its note the places kept by `old`'s, a parse of another text: the shortcut
    /// `Fault::StalePlaces` breaks on purpose.
    fn share_places_of(&mut self, old: &Self) {
        match (&mut self.state, &old.state) {
            (NoteState::Session(Some(new)), NoteState::Session(Some(old))) => {
                new.share_places_of(old);
            }
            (NoteState::Mentorship(Some(new)), NoteState::Mentorship(Some(old))) => {
                new.share_places_of(old);
            }
            _ => {}
        }
    }

    fn same_text(&self, text: &str) -> bool {
        self.text.as_deref() == Some(text)
    }

    pub(super) fn path(&self) -> &str {
        &self.path
    }

    pub(super) fn text(&self) -> Option<&Arc<str>> {
        self.text.as_ref()
    }

    pub(super) fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl Host {
    /// Walks `content/` again, parsing only the notes whose text changed.
    pub(super) fn rescan(&mut self) {
        if std::mem::take(&mut self.handed) {
            // The parses went to the mentorships: every note is parsed again.
            self.files.clear();
        }
        let (mut groups, mut diagnostics) = load::load(&self.root);
        if !self.buffers.is_empty() {
            self.add_unsaved(&mut groups);
            if !groups.is_empty() {
                diagnostics.retain(|d| d.code != Code::NoMentorship);
            }
        }
        self.ingest(groups, diagnostics);
    }

    /// Adds the editor buffers of notes that are not on disk yet (a note created in the
    /// editor and not saved, a whole new mentorship) to `groups`, as the walk would have
    /// found them once saved.
    fn add_unsaved(&self, groups: &mut Vec<MentorshipFiles>) {
        let on_disk: HashSet<PathBuf> = groups
            .iter()
            .flat_map(|g| g.mentorship.iter().chain(&g.sessions).chain(&g.undecodable))
            .map(|f| f.rel.clone())
            .collect();
        let mut unsaved: Vec<SourceFile> = self
            .buffers
            .iter()
            .filter(|(rel, _)| !on_disk.contains(*rel))
            .filter(|(rel, _)| {
                rel.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            })
            .map(|(rel, text)| SourceFile {
                path: display_path(&self.root, &self.root.join("content").join(rel)),
                rel: rel.clone(),
                text: text.clone(),
            })
            .collect();
        unsaved.sort_by(|a, b| a.rel.cmp(&b.rel));
        let (mentorships, sessions): (Vec<SourceFile>, Vec<SourceFile>) = unsaved
            .into_iter()
            .partition(|f| f.rel.file_name().is_some_and(|n| n == MENTORSHIP_FILE));
        for file in mentorships {
            let dir = file.rel.parent().map(Path::to_path_buf).unwrap_or_default();
            match groups.iter_mut().find(|g| g.dir == dir) {
                Some(group) => group.mentorship = Some(file),
                None => groups.push(MentorshipFiles {
                    dir,
                    mentorship: Some(file),
                    sessions: Vec::new(),
                    undecodable: Vec::new(),
                }),
            }
        }
        for file in sessions {
            // The nearest mentorship folder above it, as `load` assigns notes.
            let owner = groups
                .iter_mut()
                .filter(|g| file.rel.starts_with(&g.dir))
                .max_by_key(|g| g.dir.components().count());
            if let Some(group) = owner {
                group.sessions.push(file);
                group.sessions.sort_by(|a, b| a.rel.cmp(&b.rel));
            }
        }
        groups.sort_by(|a, b| a.dir.cmp(&b.dir));
    }

    /// Takes in every note of the site as `groups` holds them (a walk's result).
    pub(super) fn ingest(&mut self, groups: Vec<MentorshipFiles>, diagnostics: Vec<Diagnostic>) {
        self.scan_diagnostics = diagnostics;
        let mut old = std::mem::take(&mut self.files);
        let mut to_parse: Vec<(SourceFile, PathBuf)> = Vec::new();
        let mut dirs = Vec::new();
        for group in groups {
            dirs.push(group.dir.clone());
            for mut file in group.mentorship.into_iter().chain(group.sessions) {
                if let Some(text) = self.buffers.get(&file.rel) {
                    file.text = text.clone();
                }
                match old.remove(&file.rel) {
                    Some(mut entry) if entry.same_text(&file.text) => {
                        entry.owner.clone_from(&group.dir);
                        self.files.insert(file.rel.clone(), entry);
                    }
                    _ => to_parse.push((file, group.dir.clone())),
                }
            }
            for file in group.undecodable {
                // The walk reported it, in `scan_diagnostics`.
                let entry =
                    FileEntry::unread(file.path, Some(file.text), group.dir.clone(), Vec::new());
                self.files.insert(file.rel, entry);
            }
        }
        let keep_places = !self.options.once;
        let parsed: Vec<(PathBuf, FileEntry)> = to_parse
            .into_par_iter()
            .map(|(file, owner)| {
                let entry = FileEntry::parse(&file, owner, keep_places);
                (file.rel.clone(), entry)
            })
            .collect();
        if self.files.is_empty() {
            // A first load: built at once from the parses (nearly sorted), not inserted one
            // by one (10,000 comparisons of paths by their components, on one thread,
            // while the others wait).
            self.files = parsed.into_iter().collect();
        } else {
            self.files.extend(parsed);
        }
        // Deepest first, as `load` assigns notes.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        self.mentorship_dirs = dirs;
        // Every mentorship may have changed; linking tells which did.
        self.pending
            .dirty
            .extend(self.mentorship_dirs.iter().cloned());
        self.relink.extend(self.mentorship_dirs.iter().cloned());
        if self.options.once {
            self.docs = self.hand_over_all();
            self.handed = true;
        } else {
            self.docs = self.assemble_all();
        }
    }

    /// Every mentorship, its notes moved out of their entries rather than copied (a host
    /// asked once keeps no parse beside the mentorships: 10,000 notes' worth of memory).
    fn hand_over_all(&mut self) -> Vec<MentorshipDoc> {
        let mut dirs = self.mentorship_dirs.clone();
        dirs.sort();
        // Broken notes are named by their mentorships before any parse is moved.
        let mut docs: Vec<MentorshipDoc> =
            dirs.iter().filter_map(|d| self.assemble_bare(d)).collect();
        for doc in &mut docs {
            let dir = doc.dir.clone();
            let mentorship = dir.join(MENTORSHIP_FILE);
            for (rel, entry) in self
                .files
                .range_mut(dir.clone()..)
                .take_while(|(p, _)| p.starts_with(&dir))
                .filter(|(_, e)| e.owner == dir)
            {
                match std::mem::replace(&mut entry.state, NoteState::Handed) {
                    NoteState::Session(Some(n)) => doc.sessions.push(n),
                    NoteState::Mentorship(Some(n)) if *rel == mentorship => doc.note = n,
                    other => entry.state = other,
                }
            }
        }
        docs
    }

    /// The mentorship of folder `dir` without its sessions (its note a copy, replaced by
    /// `hand_over_all`), with its broken notes.
    fn assemble_bare(&self, dir: &Path) -> Option<MentorshipDoc> {
        let NoteState::Mentorship(Some(note)) = &self.files.get(&dir.join(MENTORSHIP_FILE))?.state
        else {
            return None;
        };
        let mut doc = MentorshipDoc {
            dir: dir.to_path_buf(),
            note: note.clone(),
            sessions: Vec::new(),
            broken: Vec::new(),
            broken_ids: HashSet::new(),
            unreadable: Vec::new(),
        };
        for (rel, entry) in self
            .files
            .range(dir.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(dir))
            .filter(|(_, e)| e.owner == dir)
        {
            if let NoteState::Session(None) = &entry.state {
                doc.add_broken(rel.clone(), entry.text.as_deref().unwrap_or_default());
            }
        }
        Some(doc)
    }

    fn owner_of(&self, rel: &Path) -> Option<&PathBuf> {
        self.mentorship_dirs.iter().find(|d| rel.starts_with(d))
    }

    /// Reads and parses one note again; `false` when the folders must be walked instead
    /// (a mentorship file, a symbolic link, a note that belongs to no mentorship).
    pub(super) fn refresh(&mut self, rel: &Path) -> bool {
        if rel.file_name().is_some_and(|n| n == MENTORSHIP_FILE) {
            return false;
        }
        let Some(owner) = self.owner_of(rel).cloned() else {
            return false;
        };
        let full = self.root.join("content").join(rel);
        let path = display_path(&self.root, &full);
        // What the last walk said about this file no longer holds.
        self.scan_diagnostics.retain(|d| d.path != path);
        self.pending.dirty.insert(owner.clone());
        let keep_places = !self.options.once;
        let mut entry = if let Some(text) = self.buffers.get(rel) {
            let file = SourceFile {
                path,
                rel: rel.to_path_buf(),
                text: text.clone(),
            };
            FileEntry::parse(&file, owner.clone(), keep_places)
        } else {
            let Ok(meta) = std::fs::symlink_metadata(&full) else {
                self.files.remove(rel);
                self.relink.insert(owner.clone());
                self.reassemble(&owner);
                return true;
            };
            if meta.file_type().is_symlink() || !meta.is_file() {
                return false;
            }
            let content = self.root.join("content");
            match load::read_file(&self.root, &content, rel) {
                Ok(file) => FileEntry::parse(&file, owner.clone(), keep_places),
                // Not UTF-8, or unreadable: no part of the mentorship, an error of its own.
                Err(d) => FileEntry::unread(path, None, owner.clone(), vec![d]),
            }
        };
        if self.fault() == Some(Fault::StalePlaces)
            && let Some(old) = self.files.get(rel)
        {
            entry.share_places_of(old);
        }
        // A new body under the same front matter leaves the linked history as it was but
        // for that body: the mentorship is not linked again (`Host::link` puts it in).
        let reworded = self
            .files
            .get(rel)
            .is_some_and(|old| old.differs_in_body_alone(&entry));
        if reworded && !self.relink.contains(&owner) {
            self.reworded
                .entry(owner.clone())
                .or_default()
                .insert(rel.to_path_buf());
        } else {
            self.relink.insert(owner.clone());
        }
        self.files.insert(rel.to_path_buf(), entry);
        self.reassemble(&owner);
        true
    }

    /// The mentorship of folder `dir`, from the cached parses; `None` when its
    /// `mentorship.md` did not parse.
    fn assemble(&self, dir: &Path) -> Option<MentorshipDoc> {
        let mut doc = self.assemble_bare(dir)?;
        doc.sessions = self
            .files
            .range(dir.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(dir))
            .filter(|(_, e)| e.owner == dir)
            .filter_map(|(_, entry)| match &entry.state {
                NoteState::Session(Some(n)) => Some(n.clone()),
                _ => None,
            })
            .collect();
        Some(doc)
    }

    fn assemble_all(&self) -> Vec<MentorshipDoc> {
        let mut dirs = self.mentorship_dirs.clone();
        dirs.sort();
        dirs.par_iter().filter_map(|d| self.assemble(d)).collect()
    }

    /// Assembles the mentorship of `dir` again after one of its notes changed.
    fn reassemble(&mut self, dir: &Path) {
        let doc = self.assemble(dir);
        match (
            self.docs.binary_search_by(|d| d.dir.as_path().cmp(dir)),
            doc,
        ) {
            (Ok(i), Some(doc)) => self.docs[i] = doc,
            (Ok(i), None) => {
                self.docs.remove(i);
            }
            (Err(i), Some(doc)) => self.docs.insert(i, doc),
            (Err(_), None) => {}
        }
    }

    /// The docs were moved out (`take_restricted`): assemble them again from the parses.
    pub(super) fn reassemble_all(&mut self) {
        self.docs = self.assemble_all();
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::analysis::{Host, Options};

    const MENTORSHIP: &str = "---\ntitle: T\nmentee: M\nmentors: [Pat]\nstarted: 2026-01-01\n---\n";
    const SESSION: &str = "---\ndate: 2026-02-01\nattendees: [Pat]\ngoals:\n  - id: g\n    text: Ship it\n---\nBody.\n";

    /// A note or a whole mentorship typed in an editor and not saved yet is analysed as
    /// if it were on disk (the language server lays buffers over the files).
    #[test]
    fn unsaved_notes_and_mentorships_are_analysed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/a")).unwrap();
        std::fs::write(dir.path().join("content/a/mentorship.md"), MENTORSHIP).unwrap();
        let mut host = Host::load(dir.path(), Options::default());
        assert_eq!(host.docs().len(), 1);
        host.set_buffer(Path::new("a/s1.md"), Some(Arc::from(SESSION)));
        assert_eq!(host.docs()[0].sessions.len(), 1);
        host.set_buffer(Path::new("b/mentorship.md"), Some(Arc::from(MENTORSHIP)));
        host.set_buffer(Path::new("b/s.md"), Some(Arc::from(SESSION)));
        let dirs: Vec<_> = host.docs().iter().map(|d| d.dir.clone()).collect();
        assert_eq!(dirs, [Path::new("a"), Path::new("b")]);
        assert_eq!(host.docs()[1].sessions.len(), 1);
        assert_eq!(host.log().mentorships[1].goals[0].id, "g".into());
        host.set_buffer(Path::new("b/mentorship.md"), None);
        assert_eq!(host.docs().len(), 1, "{:?}", host.diagnostics());
    }
}
