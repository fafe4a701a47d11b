//! What a position names (a goal, a weakness, a note, a key), where it is defined, where
//! it is named, and a goal id renamed across the whole mentorship as one edit.
//!
//! Places come from the parsed notes (`Note::spans`, the body's links), the history from
//! the host's log; nothing here links anything itself.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use lsp_types::{
    GotoDefinitionResponse, Location, Position, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit,
};

use super::Doc;
use super::context::{self, Spot};
use super::convert;
use crate::content::Note;
use crate::content::doc::SessionFront;
use crate::content::markdown::{self, Target as LinkTarget};
use crate::content::shape::Field;
use crate::diagnostic::Loc;

/// What a position names.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A goal, by id.
    Goal(String),
    /// A weakness, by id or text.
    Weakness(String),
    /// A note, relative to `content/`.
    Note(PathBuf),
    /// A key of the front matter.
    Key(&'static Field),
}

/// What byte `offset` of the note names, and the bytes naming it.
pub(crate) fn target_at(doc: &Doc<'_>, offset: usize) -> Option<(Target, Range<usize>)> {
    let text = doc.text();
    let in_body = context::front_matter_lines(text)
        .is_none_or(|(_, end)| text[..offset.min(text.len())].matches('\n').count() > end);
    if in_body {
        let (dest, range) = context::link_at(text, offset)?;
        return match markdown::classify(&dest)? {
            LinkTarget::Goal(id) => {
                let start = range.end.saturating_sub(id.len()).max(range.start);
                Some((Target::Goal(id), start..range.end))
            }
            LinkTarget::Note { path, .. } => {
                let rel = crate::history::link::resolve_note_path(doc.rel(), &path)?;
                Some((Target::Note(rel), range))
            }
        };
    }
    let ctx = context::at(text, offset);
    let root = context::root_shape(doc.rel());
    let word = ctx.word(text).trim().to_owned();
    match &ctx.spot {
        Spot::Key { path } => {
            let map = match context::shape_at(root, path)?.shape {
                crate::content::shape::Shape::Map(m)
                | crate::content::shape::Shape::TextOrMap(m) => m,
                _ => return None,
            };
            let field = map.fields.iter().find(|f| f.key == word)?;
            Some((Target::Key(field), ctx.word))
        }
        Spot::Value { path } if !word.is_empty() => {
            let at = context::shape_at(root, path)?;
            let key = at.field.map_or("", |f| f.key);
            match (at.map.name, key) {
                ("goal", "id" | "superseded_by") | ("backlog", "goal") => {
                    Some((Target::Goal(word), ctx.word))
                }
                (_, "addresses") | ("weakness", "id") => Some((Target::Weakness(word), ctx.word)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The bytes of `needle` at or just after `loc` in `text` (a quoted value's span starts
/// at its quote).
pub(crate) fn loc_bytes(text: &str, loc: Loc, needle: &str) -> Option<Range<usize>> {
    let line_start = if loc.line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes()).nth(loc.line - 2)? + 1
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let col = line
        .char_indices()
        .nth(loc.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let at = line[col..].find(needle)?;
    let start = line_start + col + at;
    Some(start..start + needle.len())
}

/// One place a goal id is written.
pub(crate) struct Place {
    /// The note, as diagnostics name it.
    pub path: String,
    /// The note's text.
    pub text: std::sync::Arc<str>,
    /// The bytes of the id.
    pub bytes: Range<usize>,
    /// Where the goal is introduced (an entry with `text`, or its first entry).
    pub defines: bool,
}

/// Every place of goal `id` in the mentorship of `doc`: goal entries, `superseded_by`,
/// `backlog.goal` and `goal:` links, in notes that parse.
pub(crate) fn goal_places(doc: &Doc<'_>, id: &str) -> Vec<Place> {
    let Some(mi) = doc.mentorship() else {
        return Vec::new();
    };
    let introduced = doc.host.log().mentorships.get(mi).and_then(|m| {
        let g = m.goal(id)?;
        Some(m.sessions.get(g.introduced)?.source.clone())
    });
    let mut out = Vec::new();
    for note in &doc.host.docs()[mi].sessions {
        places_in(
            note,
            id,
            introduced.as_deref() == Some(&note.path),
            &mut out,
        );
    }
    out
}

fn places_in(note: &Note<SessionFront>, id: &str, introduces: bool, out: &mut Vec<Place>) {
    let front = &note.front;
    let named = front.goals.iter().any(|g| g.id.trim() == id)
        || front
            .goals
            .iter()
            .any(|g| g.superseded_by.as_deref().map(str::trim) == Some(id))
        || front
            .backlog
            .iter()
            .any(|b| b.goal.as_deref().map(str::trim) == Some(id));
    let mut push = |bytes: Option<Range<usize>>, defines: bool| {
        if let Some(bytes) = bytes {
            out.push(Place {
                path: note.path.clone(),
                text: note.text.clone(),
                bytes,
                defines,
            });
        }
    };
    if named {
        let spans = note.spans();
        let mut first = introduces;
        for (k, g) in front.goals.iter().enumerate() {
            if g.id.trim() == id {
                let loc = spans.value(&format!("goals.{k}.id"));
                push(loc.and_then(|l| loc_bytes(&note.text, l, id)), first);
                first = false;
            }
            if g.superseded_by.as_deref().map(str::trim) == Some(id) {
                let loc = spans.value(&format!("goals.{k}.superseded_by"));
                push(loc.and_then(|l| loc_bytes(&note.text, l, id)), false);
            }
        }
        for (k, b) in front.backlog.iter().enumerate() {
            if b.goal.as_deref().map(str::trim) == Some(id) {
                let loc = spans.value(&format!("backlog.{k}.goal"));
                push(loc.and_then(|l| loc_bytes(&note.text, l, id)), false);
            }
        }
        note.forget_spans();
    }
    for link in &note.links {
        if matches!(&link.target, LinkTarget::Goal(g) if g == id) {
            let start = note.body_offset + link.span.start;
            let end = (note.body_offset + link.span.end).min(note.text.len());
            let Some(i) = note.text[start..end].rfind("goal:") else {
                continue;
            };
            let from = start + i + "goal:".len();
            let at = note.text[from..end].find(id).map(|j| from + j);
            push(at.map(|a| a..a + id.len()), false);
        }
    }
}

fn location(doc: &Doc<'_>, path: &str, text: &str, bytes: Range<usize>) -> Option<Location> {
    let uri = doc.ws.uri_of(doc.site, path)?;
    let text = match doc.ws.doc(&uri) {
        Some(open) => open.text.as_str(),
        None => text,
    };
    Some(Location::new(uri, convert::range(text, bytes, doc.enc)))
}

/// Go to definition: the entry that introduced a goal; the first note naming a
/// weakness; a linked note.
pub(crate) fn definition(doc: &Doc<'_>, pos: Position) -> Option<GotoDefinitionResponse> {
    let offset = convert::offset(doc.text(), pos, doc.enc);
    let (target, _) = target_at(doc, offset)?;
    match target {
        Target::Goal(id) => {
            let places = goal_places(doc, &id);
            let place = places.iter().find(|p| p.defines).or(places.first())?;
            let loc = location(doc, &place.path, &place.text, place.bytes.clone())?;
            Some(GotoDefinitionResponse::Scalar(loc))
        }
        Target::Weakness(key) => {
            let mi = doc.mentorship()?;
            let m = doc.host.log().mentorships.get(mi)?;
            let w = m.weaknesses.iter().find(|w| w.key == key)?;
            let session = m.sessions.get(w.first)?;
            let uri = doc.ws.uri_of(doc.site, &session.source)?;
            let text = doc.ws.text_of(doc.site, &session.source)?;
            let start = text.find(&key).unwrap_or(0);
            let range = convert::range(&text, start..start + key.len(), doc.enc);
            Some(GotoDefinitionResponse::Scalar(Location::new(uri, range)))
        }
        Target::Note(rel) => {
            let path = format!("content/{}", rel.to_string_lossy());
            let uri = doc.ws.uri_of(doc.site, &path)?;
            let zero = Position::new(0, 0);
            Some(GotoDefinitionResponse::Scalar(Location::new(
                uri,
                lsp_types::Range::new(zero, zero),
            )))
        }
        Target::Key(_) => None,
    }
}

/// Find references of a goal id: every place in the mentorship that names it.
pub(crate) fn references(doc: &Doc<'_>, pos: Position) -> Option<Vec<Location>> {
    let offset = convert::offset(doc.text(), pos, doc.enc);
    let (Target::Goal(id), _) = target_at(doc, offset)? else {
        return None;
    };
    Some(
        goal_places(doc, &id)
            .into_iter()
            .filter_map(|p| location(doc, &p.path, &p.text, p.bytes))
            .collect(),
    )
}

/// Whether the position can be renamed: a goal id.
pub(crate) fn prepare_rename(doc: &Doc<'_>, pos: Position) -> Option<PrepareRenameResponse> {
    let offset = convert::offset(doc.text(), pos, doc.enc);
    let (Target::Goal(id), bytes) = target_at(doc, offset)? else {
        return None;
    };
    let text = doc.text();
    let bytes = loc_free(text, bytes, &id);
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(text, bytes, doc.enc),
        placeholder: id,
    })
}

/// `bytes` narrowed to the id itself (a word may hold quotes or spaces).
fn loc_free(text: &str, bytes: Range<usize>, id: &str) -> Range<usize> {
    match text[bytes.clone()].find(id) {
        Some(i) => bytes.start + i..bytes.start + i + id.len(),
        None => bytes,
    }
}

/// Whether `id` can be a goal id as written in front matter without quotes.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Renames a goal id wherever the mentorship names it, as one edit.
pub(crate) fn rename(
    doc: &Doc<'_>,
    pos: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let offset = convert::offset(doc.text(), pos, doc.enc);
    let Some((Target::Goal(id), _)) = target_at(doc, offset) else {
        return Ok(None);
    };
    let new_name = new_name.trim();
    if !valid_id(new_name) {
        return Err(format!(
            "`{new_name}` is not a goal id: use letters, digits and `-`"
        ));
    }
    if let Some(m) = doc
        .mentorship()
        .and_then(|i| doc.host.log().mentorships.get(i))
        && new_name != id
        && m.goal(new_name).is_some()
    {
        return Err(format!("goal `{new_name}` exists already"));
    }
    // `Uri` hashes by its text (lsp-types), which never changes.
    #[allow(clippy::mutable_key_type)]
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for p in goal_places(doc, &id) {
        if let Some(loc) = location(doc, &p.path, &p.text, p.bytes) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(TextEdit::new(loc.range, new_name.to_owned()));
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}
