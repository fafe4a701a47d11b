//! Completion: what may be written at a position, from `content::shape` (keys, enum
//! words) and the host's linked history (goal ids, weaknesses, people, tags, notes).

use std::path::{Component, Path, PathBuf};

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionTextEdit, Documentation, MarkupContent, MarkupKind, Position, TextEdit,
};

use super::Doc;
use super::context::{self, Located, Seg, Spot};
use super::convert;
use crate::content::shape::{MapShape, Presence, Shape};
use crate::history::Mentorship;

/// What completes the word at `pos`.
pub(crate) fn complete(doc: &Doc<'_>, pos: Position) -> CompletionList {
    let text = doc.text();
    let offset = convert::offset(text, pos, doc.enc);
    let ctx = context::at(text, offset);
    // Only what is before the position is replaced: the rest of the word stays.
    let word = ctx.word.start.min(offset)..offset.max(ctx.word.start);
    let range = convert::range(text, word, doc.enc);
    let m = doc
        .mentorship()
        .and_then(|i| doc.host.log().mentorships.get(i));
    let root = context::root_shape(doc.rel());
    let mut items = match &ctx.spot {
        Spot::Key { path } => keys(root, path, text, offset),
        Spot::Value { path } => context::shape_at(root, path)
            .map(|at| values(at, m))
            .unwrap_or_default(),
        Spot::Link => links(doc, m, text, ctx.word.start),
        Spot::Other => Vec::new(),
    };
    for item in &mut items {
        item.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(
            range,
            item.insert_text
                .take()
                .unwrap_or_else(|| item.label.clone()),
        )));
        if item.filter_text.is_none() {
            item.filter_text = Some(item.label.clone());
        }
    }
    CompletionList {
        is_incomplete: false,
        items,
    }
}

/// The one-line doc of a key: whether it must be written and what it takes.
fn key_doc(presence: Presence, shape: &Shape) -> String {
    let need = match presence {
        Presence::Required => "required",
        Presence::Defaulted | Presence::Optional => "optional",
    };
    format!("{need} · {}", shape.described())
}

/// The keys of the map at `path` not yet written in it.
fn keys(root: &'static MapShape, path: &[Seg], text: &str, offset: usize) -> Vec<CompletionItem> {
    let map = match context::shape_at(root, path).map(|l| l.shape) {
        Some(Shape::Map(m) | Shape::TextOrMap(m)) => m,
        _ => return Vec::new(),
    };
    let written = siblings(text, offset);
    map.fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !written.contains(&f.key))
        .map(|(i, f)| {
            let takes_block = matches!(f.shape, Shape::List(..) | Shape::Map(_));
            CompletionItem {
                label: f.key.to_owned(),
                kind: Some(CompletionItemKind::PROPERTY),
                detail: Some(key_doc(f.presence, &f.shape)),
                insert_text: Some(if takes_block {
                    format!("{}:", f.key)
                } else {
                    format!("{}: ", f.key)
                }),
                sort_text: Some(format!(
                    "{}{i:03}",
                    u8::from(f.presence != Presence::Required)
                )),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// Where a line's key starts, where its dash is, and whether it has one.
fn indent_of(l: &str) -> (usize, usize, bool) {
    let rest = l.trim_start_matches(' ');
    let dash = rest == "-" || rest.starts_with("- ");
    let after = if dash { rest[1..].trim_start() } else { rest };
    (l.len() - after.len(), l.len() - rest.len(), dash)
}

/// The keys written beside the line at `offset`, in the map the position is in, to leave
/// them out.
fn siblings(text: &str, offset: usize) -> Vec<&str> {
    let Some((first, end)) = context::front_matter_lines(text) else {
        return Vec::new();
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let here = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    // The column keys of this map start at: the position's, or the key's on its line.
    let (line_col, _, here_dash) = indent_of(lines.get(here).copied().unwrap_or(""));
    let col = line_col.min(offset - line_start);
    let mut out = Vec::new();
    for l in lines.iter().take(end.min(lines.len())).skip(here + 1) {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let (c, dash_col, dash) = indent_of(l);
        if c < col || (dash && dash_col < col) {
            break;
        }
        if c == col {
            out.extend(first_key(l));
        }
    }
    if here_dash {
        // The item's first line: nothing above belongs to its map.
        return out;
    }
    for l in lines[first..here.min(lines.len())].iter().rev() {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let (c, dash_col, dash) = indent_of(l);
        if c < col {
            break;
        }
        if c == col {
            out.extend(first_key(l));
        }
        if dash && dash_col < col {
            break;
        }
    }
    out
}

fn first_key(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    let rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
    let (key, _) = rest.split_once(':')?;
    key.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        .then_some(key)
}

fn plain(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

/// The values that fit at `at`.
fn values(at: Located, m: Option<&Mentorship>) -> Vec<CompletionItem> {
    let key = at.field.map_or("", |f| f.key);
    match (at.map.name, key, at.shape) {
        (_, _, Shape::Word(words)) => words
            .words
            .iter()
            .map(|w| plain(w, CompletionItemKind::ENUM_MEMBER, None))
            .collect(),
        (_, _, Shape::Flag) => ["true", "false"]
            .iter()
            .map(|w| plain(w, CompletionItemKind::KEYWORD, None))
            .collect(),
        ("goal", "id" | "superseded_by", _) | ("backlog", "goal", _) => {
            m.map(goals).unwrap_or_default()
        }
        (_, "addresses", _) => m.map(weaknesses).unwrap_or_default(),
        (_, "attendees" | "mentors" | "members" | "owner" | "name", _) => {
            m.map(people).unwrap_or_default()
        }
        (_, "tags", _) => m.map(tags).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A goal's status as a word, with `overdue` when it is.
fn goal_state(g: &crate::history::model::Goal) -> String {
    let status = serde_json::to_value(g.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if g.overdue {
        format!("{status}, overdue")
    } else {
        status
    }
}

/// Every goal: open ones first (overdue first among them), then closed ones.
fn goals(m: &Mentorship) -> Vec<CompletionItem> {
    m.goals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let state = goal_state(g);
            let rank = match (g.open, g.overdue) {
                (true, true) => 0,
                (true, false) => 1,
                (false, _) => 2,
            };
            CompletionItem {
                label: g.id.to_string(),
                kind: Some(CompletionItemKind::REFERENCE),
                label_details: Some(CompletionItemLabelDetails {
                    detail: None,
                    description: Some(state.clone()),
                }),
                detail: Some(format!("{state}: {}", g.text)),
                documentation: Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: super::hover::goal_markdown(m, g),
                })),
                sort_text: Some(format!("{rank}{i:06}")),
                ..CompletionItem::default()
            }
        })
        .collect()
}

fn weaknesses(m: &Mentorship) -> Vec<CompletionItem> {
    m.weaknesses
        .iter()
        .map(|w| {
            plain(
                &w.key,
                CompletionItemKind::REFERENCE,
                Some(format!("seen in {} session(s): {}", w.count, w.text)),
            )
        })
        .collect()
}

fn people(m: &Mentorship) -> Vec<CompletionItem> {
    m.people
        .iter()
        .map(|p| {
            let role = match (p.mentor, p.member) {
                (true, _) => "mentor",
                (false, true) => "member",
                _ => "named in the log",
            };
            plain(&p.name, CompletionItemKind::VALUE, Some(role.to_owned()))
        })
        .collect()
}

fn tags(m: &Mentorship) -> Vec<CompletionItem> {
    let mut names: Vec<&str> = m.tags.iter().map(|t| t.name.as_str()).collect();
    names.extend(
        m.weaknesses
            .iter()
            .flat_map(|w| w.tags.iter().map(String::as_str)),
    );
    names.extend(m.front.tags.iter().map(String::as_str));
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|t| plain(t, CompletionItemKind::VALUE, None))
        .collect()
}

/// After `](`: note paths relative to this note's folder; after `](goal:`, goal ids.
fn links(
    doc: &Doc<'_>,
    m: Option<&Mentorship>,
    text: &str,
    word_start: usize,
) -> Vec<CompletionItem> {
    if text[..word_start].ends_with("goal:") {
        return m.map(goals).unwrap_or_default();
    }
    let here = doc.rel().parent().unwrap_or(Path::new(""));
    let mut items: Vec<CompletionItem> = doc
        .host
        .note_paths()
        .filter(|p| *p != doc.rel())
        .map(|p| {
            let rel = relative(here, p);
            let session = doc.host.log().mentorships.iter().find_map(|m| {
                let source = format!("content/{}", p.to_string_lossy());
                m.sessions.iter().find(|s| s.source == source)
            });
            let detail = session.map(|s| format!("{} · {}", s.front.date, s.title));
            let mut item = plain(&rel, CompletionItemKind::FILE, detail);
            item.sort_text = Some(format!("{}{rel}", u8::from(rel.contains('/'))));
            item
        })
        .collect();
    items.push(plain(
        "goal:",
        CompletionItemKind::KEYWORD,
        Some("a link to a goal".to_owned()),
    ));
    items
}

/// `to` relative to the folder `from` (both relative to `content/`), with `/`.
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from.components().collect();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to_parts[common..] {
        out.push(c);
    }
    out.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(relative(&p("sessions"), &p("sessions/a.md")), "a.md");
        assert_eq!(
            relative(&p("sessions"), &p("mentorship.md")),
            "../mentorship.md"
        );
        assert_eq!(relative(&p(""), &p("sessions/a.md")), "sessions/a.md");
    }

    #[test]
    fn written_keys_are_not_offered_again() {
        let text = "---\ndate: 2026-01-01\ngoals:\n  - id: a\n    text: b\n    \n  - id: c\nkind: review\n---\n";
        let offset = text.find("    \n").unwrap() + 4;
        let mut got = siblings(text, offset);
        got.sort_unstable();
        assert_eq!(got, ["id", "text"]);
        let offset = text.find("kind").unwrap();
        let mut got = siblings(text, offset);
        got.sort_unstable();
        assert_eq!(got, ["date", "goals"]);
    }
}
