//! Hover: a goal's history, where a weakness was seen, a linked note's title and date, a
//! key's one-line doc; all read from the host's linked log.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::Doc;
use super::convert;
use super::navigate::{self, Target};
use crate::content::shape::Presence;
use crate::history::Mentorship;
use crate::history::model::{Goal, Touch};

/// What to show for the position.
pub(crate) fn hover(doc: &Doc<'_>, pos: Position) -> Option<Hover> {
    let text = doc.text();
    let offset = convert::offset(text, pos, doc.enc);
    let (target, bytes) = navigate::target_at(doc, offset)?;
    let m = doc
        .mentorship()
        .and_then(|i| doc.host.log().mentorships.get(i));
    let value = match target {
        Target::Goal(id) => {
            let m = m?;
            goal_markdown(m, m.goal(&id)?)
        }
        Target::Weakness(key) => weakness_markdown(m?, &key)?,
        Target::Note(rel) => note_markdown(doc, &rel)?,
        Target::Key(field) => format!(
            "`{}`: {}{}",
            field.key,
            field.shape.described(),
            if field.presence == Presence::Required {
                " (required)"
            } else {
                ""
            }
        ),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(convert::range(text, bytes, doc.enc)),
    })
}

fn word<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn session_name(m: &Mentorship, i: usize) -> String {
    m.sessions
        .get(i)
        .map_or_else(String::new, |s| format!("{} ({})", s.title, s.front.date))
}

/// A goal: text, status, owner, due, age and every session that touched it.
pub(crate) fn goal_markdown(m: &Mentorship, g: &Goal) -> String {
    let mut out = format!("**goal `{}`**: {}\n\n", g.id, g.text);
    let _ = write!(out, "status: **{}**", word(g.status));
    if let Some(h) = g.health {
        let _ = write!(out, " ({})", word(h));
    }
    if g.overdue {
        out.push_str(" · **overdue**");
    }
    out.push('\n');
    let owners = g.owners();
    if !owners.is_empty() {
        let _ = writeln!(out, "\nowner: {}", owners.join(", "));
    }
    if let Some(due) = &g.due {
        let _ = writeln!(out, "\ndue: {due}");
    }
    if let Some(measure) = &g.measure {
        let _ = writeln!(out, "\nmeasure: {measure}");
    }
    let age = if g.open { "open for" } else { "was open for" };
    let _ = writeln!(
        out,
        "\n{age} {} session{} ({} days)",
        g.sessions_open,
        if g.sessions_open == 1 { "" } else { "s" },
        g.days_open
    );
    out.push_str("\nsessions:\n");
    for e in &g.events {
        let touch = match e.touch {
            Touch::New => "introduced",
            Touch::Updated => "updated",
            Touch::Closed => "closed",
        };
        let _ = write!(
            out,
            "- {}: {touch}, {}",
            session_name(m, e.session),
            word(e.status)
        );
        if let Some(note) = &e.note {
            let _ = write!(out, " — {note}");
        }
        out.push('\n');
    }
    if let Some(by) = &g.superseded_by {
        let _ = writeln!(out, "\nsuperseded by `{by}`");
    }
    out
}

fn weakness_markdown(m: &Mentorship, key: &str) -> Option<String> {
    let w = m.weaknesses.iter().find(|w| w.key == key)?;
    let mut out = format!(
        "**weakness `{}`**: {}\n\nseen in {} session{}:\n",
        w.key,
        w.text,
        w.count,
        if w.count == 1 { "" } else { "s" }
    );
    for o in &w.occurrences {
        let _ = write!(out, "- {}: priority {}", session_name(m, o.session), o.rank);
        if let Some(impact) = o.impact {
            let _ = write!(out, ", {} impact", word(impact));
        }
        out.push('\n');
    }
    if !w.addressed_by.is_empty() {
        let _ = writeln!(out, "\naddressed by: `{}`", w.addressed_by.join("`, `"));
    }
    Some(out)
}

fn note_markdown(doc: &Doc<'_>, rel: &std::path::Path) -> Option<String> {
    let source = format!("content/{}", rel.to_string_lossy());
    for m in &doc.host.log().mentorships {
        if m.source == source {
            return Some(format!(
                "**{}** (mentorship, since {})",
                m.front.title, m.front.started
            ));
        }
        if let Some(s) = m.sessions.iter().find(|s| s.source == source) {
            return Some(format!(
                "**{}**: session {} of {}, {}",
                s.title,
                s.number,
                m.front.title,
                s.front.date.long()
            ));
        }
    }
    None
}
