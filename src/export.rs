//! The linked model as data: JSON (the whole model, as `log.json`) and CSV (a row a goal,
//! or a row a backlog change).
//!
//! Pure: takes a [`Log`] already restricted to an audience and returns text.

use serde::Serialize;

use crate::audience::Audience;
use crate::history::Log;

/// The columns of the CSV export, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "mentorship",
    "id",
    "text",
    "owner",
    "status",
    "introduced",
    "closed",
    "sessions_open",
    "overdue",
];

#[derive(Serialize)]
struct Envelope<'a> {
    generator: String,
    audience: &'a str,
    #[serde(flatten)]
    log: &'a Log,
}

/// The whole model, pretty-printed.
///
/// # Errors
/// Only if serialisation fails, which plain data does not.
pub fn json(log: &Log, audience: Audience) -> Result<String, serde_json::Error> {
    let envelope = Envelope {
        generator: format!("mentorlog {}", env!("CARGO_PKG_VERSION")),
        audience: audience.as_str(),
        log,
    };
    serde_json::to_string_pretty(&envelope).map(|mut s| {
        s.push('\n');
        s
    })
}

/// A cell as a spreadsheet may safely open it: text starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula (CSV injection), so it gets a
/// leading `'`, as OWASP advises; spreadsheets show the rest as plain text.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One row per goal: mentorship, id, text, owner, status, introduced (date), closed (date),
/// sessions open, overdue. Every cell is neutralised against formula injection.
///
/// # Errors
/// If the CSV writer fails, which writing to memory does not.
pub fn csv(log: &Log) -> Result<String, Box<dyn std::error::Error>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for m in &log.mentorships {
        for g in &m.goals {
            let date = |i: usize| m.sessions[i].front.date.to_string();
            let row = [
                m.front.title.as_str(),
                &g.id,
                &g.text,
                &g.owners().join("; "),
                g.status.as_str(),
                &date(g.introduced),
                &g.closed.map(date).unwrap_or_default(),
                &g.sessions_open.to_string(),
                if g.overdue { "true" } else { "false" },
            ];
            w.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The columns of the backlog CSV export, in order.
pub const BACKLOG_CSV_COLUMNS: [&str; 12] = [
    "mentorship",
    "session",
    "date",
    "item",
    "change",
    "kind",
    "before",
    "after",
    "values",
    "goal",
    "note",
    "item_url",
];

/// One row per backlog change: mentorship, session number, date, item, change, the kind of
/// value (`position`, `moscow`, `size`, `points`, or empty when written bare), before and
/// after as text, the change of value as pages show it (`5 → 13 points`), goal, note, and
/// the item's issue URL.
///
/// # Errors
/// If the CSV writer fails, which writing to memory does not.
pub fn backlog_csv(log: &Log) -> Result<String, Box<dyn std::error::Error>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(BACKLOG_CSV_COLUMNS)?;
    for m in &log.mentorships {
        for b in &m.backlog {
            let session = &m.sessions[b.session];
            w.write_record([
                m.front.title.as_str(),
                &session.number.to_string(),
                &session.front.date.to_string(),
                &b.item,
                b.change.as_str(),
                b.kind.map_or("", |k| k.key()),
                b.before.as_deref().unwrap_or(""),
                b.after.as_deref().unwrap_or(""),
                &b.values().unwrap_or_default(),
                b.goal.as_deref().unwrap_or(""),
                b.note.as_deref().unwrap_or(""),
                b.item_url.as_deref().unwrap_or(""),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
