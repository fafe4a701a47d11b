//! Code actions made from diagnostics' hints (apply a did-you-mean, add the missing
//! `text` of a new goal, carry the previous session's open goals forward), the note's
//! symbols (goals, weaknesses, backlog changes) and folding of its front matter.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentSymbol,
    FoldingRange, FoldingRangeKind, NumberOrString, Position, Range, SymbolKind, TextEdit,
    WorkspaceEdit,
};

use super::Doc;
use super::context;
use super::convert;
use crate::diagnostic::Loc;

fn hint_of(d: &lsp_types::Diagnostic) -> Option<String> {
    if let Some(h) = d.data.as_ref().and_then(|v| v.get("hint")?.as_str()) {
        return Some(h.to_owned());
    }
    // A client that drops `data` keeps the related information.
    d.related_information
        .iter()
        .flatten()
        .find_map(|r| r.message.strip_prefix("hint: ").map(str::to_owned))
}

fn code_of(d: &lsp_types::Diagnostic) -> &str {
    match &d.code {
        Some(NumberOrString::String(s)) => s,
        _ => "",
    }
}

/// The first word in backticks of `text`.
fn quoted(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

fn action(
    doc: &Doc<'_>,
    title: String,
    edits: Vec<TextEdit>,
    d: Option<&lsp_types::Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    // `Uri` hashes by its text (lsp-types), which never changes.
    #[allow(clippy::mutable_key_type)]
    let changes = HashMap::from([(doc.open.uri.clone(), edits)]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: d.map(|d| vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The quick fixes for the diagnostics the client sends.
pub(crate) fn code_actions(doc: &Doc<'_>, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let mut carried = false;
    for d in &p.context.diagnostics {
        if d.source.as_deref().is_some_and(|s| s != "mentorlog") {
            continue;
        }
        let hint = hint_of(d).unwrap_or_default();
        if let Some(rest) = hint.strip_prefix("did you mean `")
            && let Some(meant) = rest.split('`').next()
            && let Some(edit) = did_you_mean(doc, d.range, meant)
        {
            out.push(action(
                doc,
                format!("Change to `{meant}`"),
                vec![edit],
                Some(d),
                true,
            ));
        }
        if code_of(d) == "unknown-goal"
            && hint.contains("needs its `text`")
            && let Some(edit) = add_text(doc, d.range)
        {
            let id = quoted(&d.message).unwrap_or("the goal");
            out.push(action(
                doc,
                format!("Add `text` to introduce goal `{id}`"),
                vec![edit],
                Some(d),
                false,
            ));
        }
        if code_of(d) == "goal-not-carried-forward" {
            if let Some(id) = quoted(&d.message)
                && let Some(edit) = carry_forward(doc, &[id.to_owned()])
            {
                out.push(action(
                    doc,
                    format!("Carry goal `{id}` forward"),
                    vec![edit],
                    Some(d),
                    true,
                ));
            }
            carried = true;
        }
    }
    if carried {
        // Every open goal of the previous session this note does not update, at once.
        let path = doc.open.display_path();
        let ids: Vec<String> = doc
            .host
            .diagnostics()
            .iter()
            .filter(|d| d.path == path && d.code == "goal-not-carried-forward")
            .filter_map(|d| quoted(&d.message).map(str::to_owned))
            .collect();
        if ids.len() > 1
            && let Some(edit) = carry_forward(doc, &ids)
        {
            out.push(action(
                doc,
                format!(
                    "Carry the previous session's {} open goals forward",
                    ids.len()
                ),
                vec![edit],
                None,
                false,
            ));
        }
    }
    out
}

/// Replaces what `range` marks with `meant`: a link's target, a quoted value's inside,
/// or the word itself.
fn did_you_mean(doc: &Doc<'_>, range: Range, meant: &str) -> Option<TextEdit> {
    let text = doc.text();
    let start = convert::offset(text, range.start, doc.enc);
    let end = convert::offset(text, range.end, doc.enc);
    let marked = text.get(start..end)?;
    let (from, to) = if let Some(open) = marked.find("](") {
        let dest_start = open + 2;
        let dest_end = marked[dest_start..]
            .find([')', ' ', '#'])
            .map_or(marked.len(), |i| dest_start + i);
        if meant.starts_with("goal:") {
            (dest_start, dest_end)
        } else {
            // A note's name: its folder stays.
            let name_start = marked[dest_start..dest_end]
                .rfind('/')
                .map_or(dest_start, |i| dest_start + i + 1);
            (name_start, dest_end)
        }
    } else {
        let lead = marked.len() - marked.trim_start_matches(['"', '\'']).len();
        let trail = marked.len() - marked.trim_end_matches(['"', '\'']).len();
        (lead, marked.len() - trail)
    };
    Some(TextEdit::new(
        convert::range(text, start + from..start + to, doc.enc),
        meant.to_owned(),
    ))
}

/// A `text:` line under the goal entry whose id `range` marks.
fn add_text(doc: &Doc<'_>, range: Range) -> Option<TextEdit> {
    let text = doc.text();
    let line = convert::line_text(text, range.start.line as usize);
    let key = line.find("id:")?;
    let indent = line[..key].chars().count();
    let end = Position::new(
        range.start.line,
        convert::position(text, text.len(), doc.enc).character,
    );
    let end = if range.start.line as usize == text.matches('\n').count() {
        end
    } else {
        let line_end = convert::offset(text, Position::new(range.start.line + 1, 0), doc.enc) - 1;
        convert::position(text, line_end, doc.enc)
    };
    Some(TextEdit::new(
        Range::new(end, end),
        format!("\n{}text: ", " ".repeat(indent)),
    ))
}

/// Goal entries for `ids` (with their status after the previous session) added to the
/// note's `goals`.
fn carry_forward(doc: &Doc<'_>, ids: &[String]) -> Option<TextEdit> {
    let m = doc.host.log().mentorships.get(doc.mentorship()?)?;
    let path = doc.open.display_path();
    let here = m.sessions.iter().position(|s| s.source == path)?;
    let text = doc.text();
    let (first, end) = context::front_matter_lines(text)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let goals_line = (first..end).find(|&n| lines[n].starts_with("goals:"));
    let indent = goals_line
        .and_then(|g| {
            lines[g + 1..end]
                .iter()
                .find(|l| l.trim_start().starts_with("- "))
                .map(|l| l.len() - l.trim_start().len())
        })
        .unwrap_or(2);
    let pad = " ".repeat(indent);
    let mut entries = String::new();
    for id in ids {
        let goal = m.goal(id)?;
        let status = goal
            .events
            .iter()
            .take_while(|e| e.session < here)
            .last()
            .map_or(goal.status, |e| e.status);
        let status = serde_json::to_value(status).ok()?;
        entries.push_str(&format!(
            "{pad}- id: {id}\n{pad}  status: {}\n",
            status.as_str()?
        ));
    }
    let at =
        |n: usize| convert::offset(text, Position::new(u32::try_from(n).ok()?, 0), doc.enc).into();
    let (range, new_text) = match goals_line {
        Some(g) if lines[g].trim_end() == "goals:" => {
            let after = (g + 1..end)
                .find(|&n| {
                    let l = lines[n];
                    !l.trim().is_empty() && !l.starts_with(' ') && !l.starts_with('-')
                })
                .unwrap_or(end);
            let o: Option<usize> = at(after);
            (o?..o?, entries)
        }
        // `goals: []` or a flow list: written out as a block.
        Some(g) => {
            let s: Option<usize> = at(g);
            let e: Option<usize> = at(g + 1);
            (s?..e?, format!("goals:\n{entries}"))
        }
        None => {
            let o: Option<usize> = at(end);
            (o?..o?, format!("goals:\n{entries}"))
        }
    };
    Some(TextEdit::new(
        convert::range(text, range, doc.enc),
        new_text,
    ))
}

fn loc_range(doc: &Doc<'_>, loc: Option<Loc>) -> Range {
    convert::loc_range(Some(doc.text()), loc, doc.enc)
}

#[allow(deprecated)]
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.trim().is_empty() {
            "—".to_owned()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children,
    }
}

/// The note's goals, weaknesses and backlog changes, each group under its key.
// Long on purpose: the note's goals, weaknesses and backlog changes listed one kind after
// another.
pub(crate) fn symbols(doc: &Doc<'_>) -> Vec<DocumentSymbol> {
    let Some(mi) = doc.mentorship() else {
        return Vec::new();
    };
    let Some(note) = doc.host.docs()[mi]
        .sessions
        .iter()
        .find(|n| n.rel == doc.rel())
    else {
        return Vec::new();
    };
    let spans = note.spans();
    let front = &note.front;
    let mut out = Vec::new();
    let mut group = |key: &str, children: Vec<DocumentSymbol>| {
        if !children.is_empty() {
            let range = loc_range(doc, spans.key(key));
            out.push(symbol(
                key.to_owned(),
                None,
                SymbolKind::NAMESPACE,
                range,
                Some(children),
            ));
        }
    };
    let goals = front
        .goals
        .iter()
        .enumerate()
        .map(|(k, g)| {
            let detail = g.text.as_deref().map(str::to_owned).or_else(|| {
                g.status
                    .and_then(|s| serde_json::to_value(s).ok()?.as_str().map(str::to_owned))
            });
            symbol(
                g.id.to_string(),
                detail,
                SymbolKind::KEY,
                loc_range(doc, spans.value(&format!("goals.{k}.id"))),
                None,
            )
        })
        .collect();
    group("goals", goals);
    let weaknesses = front
        .weaknesses
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let (name, at) = match &w.id {
                Some(id) => (id.to_string(), format!("weaknesses.{k}.id")),
                None => (w.text.to_string(), format!("weaknesses.{k}")),
            };
            symbol(
                name,
                Some(w.text.to_string()),
                SymbolKind::EVENT,
                loc_range(doc, spans.value(&at)),
                None,
            )
        })
        .collect();
    group("weaknesses", weaknesses);
    let backlog = front
        .backlog
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let change = serde_json::to_value(b.change)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            symbol(
                b.item.to_string(),
                change,
                SymbolKind::OBJECT,
                loc_range(doc, spans.value(&format!("backlog.{k}.item"))),
                None,
            )
        })
        .collect();
    group("backlog", backlog);
    note.forget_spans();
    out
}

/// The front matter, and each of its top-level keys whose value spans several lines.
pub(crate) fn folding(doc: &Doc<'_>) -> Vec<FoldingRange> {
    let text = doc.text();
    let Some((first, end)) = context::front_matter_lines(text) else {
        return Vec::new();
    };
    let fold = |start: usize, last: usize, kind: Option<FoldingRangeKind>| FoldingRange {
        start_line: u32::try_from(start).unwrap_or(u32::MAX),
        end_line: u32::try_from(last).unwrap_or(u32::MAX),
        kind,
        ..FoldingRange::default()
    };
    let mut out = vec![fold(0, end, Some(FoldingRangeKind::Region))];
    let lines: Vec<&str> = text.split('\n').collect();
    let mut open: Option<usize> = None;
    for (n, l) in lines.iter().enumerate().take(end).skip(first) {
        let top =
            !l.is_empty() && !l.starts_with(' ') && !l.starts_with('-') && !l.starts_with('#');
        if top {
            if let Some(s) = open.take()
                && n - 1 > s
            {
                out.push(fold(s, n - 1, None));
            }
            open = Some(n);
        }
    }
    if let Some(s) = open
        && end - 1 > s
    {
        out.push(fold(s, end - 1, None));
    }
    out
}
