//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage returns its problems as [`Diagnostic`]s instead of stopping at the first one
//! (ripgrep's habit); the command prints them all and then decides the exit code. This
//! module owns the data and its two renderings (human and JSON); it never reads files: the
//! source line shown under a message comes from the [`Sources`] the loader kept.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::code::Code;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    Error,
    /// Guidance; an error under `--strict`.
    Warning,
}

/// A place in a source file: 1-based line and column (in characters), and how many
/// characters to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    /// 1-based line, counted from the first line of the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Characters to mark (at least one is always marked).
    #[serde(skip)]
    pub len: usize,
}

impl Loc {
    /// A place with a marker `len` characters wide.
    #[must_use]
    pub(crate) fn new(line: usize, column: usize, len: usize) -> Self {
        Self { line, column, len }
    }

    /// The first character of a file.
    #[must_use]
    pub(crate) fn start() -> Self {
        Self::new(1, 1, 1)
    }

    /// The place of byte `offset` in `text`.
    #[must_use]
    pub(crate) fn at_offset(text: &str, offset: usize, len_bytes: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + len_bytes).min(text.len()));
        let marked = text[offset..end].split('\n').next().unwrap_or("");
        Self::new(line, column, marked.chars().count().max(1))
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the content, the configuration or the templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root, with `/` separators.
    pub path: String,
    /// Where in the file; `None` when the problem is the whole file.
    #[serde(flatten)]
    pub loc: Option<Loc>,
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name of the problem (`unknown-goal`), for tools.
    pub code: Code,
    /// A plain sentence saying what is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `loc` in `path`.
    pub(crate) fn error(
        path: impl Into<String>,
        loc: Option<Loc>,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            loc,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `loc` in `path`.
    pub(crate) fn warning(
        path: impl Into<String>,
        loc: Option<Loc>,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, loc, code, message)
        }
    }

    /// The same diagnostic with a hint.
    #[must_use]
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, or just the path.
    #[must_use]
    pub(crate) fn location(&self) -> String {
        match self.loc {
            Some(loc) => format!("{}:{}:{}", printable(&self.path), loc.line, loc.column),
            None => printable(&self.path).into_owned(),
        }
    }

    /// The human rendering: headline, location, the source line with a marker, the hint.
    #[must_use]
    pub fn render(&self, sources: &Sources) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {}\n", printable(&self.message));
        let _ = writeln!(out, "  --> {}", self.location());
        if let Some(loc) = self.loc
            && let Some(line) = sources.line(&self.path, loc.line)
        {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, column) = window(&line.replace('\t', " "), loc.column);
            let width = loc
                .len
                .max(1)
                .min(shown.chars().count().saturating_sub(column - 1).max(1));
            // The marker sits under what is printed: a control character shown as
            // `\u{1b}` takes six columns, before the marked text or inside it.
            let before: String = shown.chars().take(column - 1).collect();
            let marked: String = shown.chars().skip(column - 1).take(width).collect();
            let indent = " ".repeat(printable(&before).chars().count());
            let width = printable(&marked).chars().count().max(1);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {}", printable(&shown));
            let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", printable(hint));
        }
        out
    }
}

/// JSON text (as serde_json writes it) with the characters [`printable`] escapes written
/// as `\uXXXX` escapes too: serde_json escapes the C0 controls in strings (outside them,
/// line feeds and spaces are its layout) but writes DEL, the C1 controls, the separators
/// and the bidirectional controls raw, which is valid JSON but not safe to print. They can
/// only stand inside strings, where the escape means the same.
#[must_use]
pub fn json_printable(json: &str) -> std::borrow::Cow<'_, str> {
    let raw = |c: char| c >= '\u{7f}' && acts_on_terminal(c);
    if !json.chars().any(raw) {
        return json.into();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Whether a terminal would act on `c` instead of showing it: see [`printable`].
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` as it may be printed on a terminal: every character that a terminal would act
/// on instead of showing is written as a Rust-style escape, `\u{1b}`. That is the C0
/// controls (tab and line feed included: a message is one line), DEL, the C1 controls
/// (U+0080–U+009F: `U+009B` is a CSI of its own on some terminals), the Unicode line and
/// paragraph separators, and the bidirectional overrides and isolates that reorder what
/// follows them. Whatever reaches the terminal from a note, a file name or the config
/// goes through here (audit finding 4: `kind: "x\e]0;PWNED\a\e[2J"` set the window
/// title and cleared the screen of whoever ran `check` on a pull request).
#[must_use]
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts_on_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// At most 100 characters of `line` around `column`, and the column within them.
fn window(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_owned(), column);
    }
    let start = column.saturating_sub(WIDTH / 2).min(chars.len() - WIDTH);
    let mut shown: String = chars[start..start + WIDTH].iter().collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + WIDTH < chars.len() {
        shown.push('…');
    }
    (shown, column)
}

/// The text of every file the loader read, by the path diagnostics use; only for showing
/// source lines under messages.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: HashMap<String, std::sync::Arc<str>>,
    /// Single lines kept of files whose whole text was let go ([`Sources::keep_lines`]),
    /// by path and line number.
    lines: HashMap<(String, usize), Box<str>>,
}

impl Sources {
    /// Remembers the text of `path`.
    pub fn insert(&mut self, path: impl Into<String>, text: std::sync::Arc<str>) {
        self.files.insert(path.into(), text);
    }

    /// Every file and its text.
    #[must_use]
    pub(crate) fn entries(&self) -> Vec<(String, std::sync::Arc<str>)> {
        self.files
            .iter()
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    }

    /// Line `n` (1-based) of `path`, without its line ending.
    #[must_use]
    pub(crate) fn line(&self, path: &str, n: usize) -> Option<&str> {
        let Some(text) = self.files.get(path) else {
            return self.lines.get(&(path.to_owned(), n)).map(|l| &**l);
        };
        text.split('\n')
            .nth(n.checked_sub(1)?)
            .map(|l| l.trim_end_matches('\r'))
    }

    /// Keeps of each file only the lines `diagnostics` show, and lets the whole texts go:
    /// a build holds its messages' lines while it renders, not every note it read (the
    /// texts of 100,000 notes are hundreds of megabytes). What [`Diagnostic::render`]
    /// prints for those diagnostics does not change.
    pub(crate) fn keep_lines(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            let Some(loc) = d.loc else { continue };
            let key = (d.path.clone(), loc.line);
            if self.lines.contains_key(&key) {
                continue;
            }
            if let Some(line) = self.line(&d.path, loc.line) {
                let line = line.into();
                self.lines.insert(key, line);
            }
        }
        self.files.clear();
    }
}

/// A path relative to `root`, with `/` separators, for messages.
#[must_use]
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path
        .strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
#[must_use]
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Sorts diagnostics by file, then place, so output is stable across runs.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.loc, a.severity, &a.message).cmp(&(&b.path, b.loc, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\ncdé f\n";
        assert_eq!(Loc::at_offset(text, 0, 1), Loc::new(1, 1, 1));
        assert_eq!(Loc::at_offset(text, 3, 2), Loc::new(2, 1, 2));
        // `f` sits after a two-byte character: column counts characters.
        assert_eq!(Loc::at_offset(text, 8, 1), Loc::new(2, 5, 1));
    }

    #[test]
    fn sources_kept_as_lines_show_what_the_whole_texts_showed() {
        let mut sources = Sources::default();
        sources.insert(
            "a.md",
            "---\ndate: 2026-01-01\r\nkind: oops\n---\nbody\n".into(),
        );
        sources.insert("b.md", "---\ntitle: x\n---\n".into());
        let diagnostics = vec![
            Diagnostic::error("a.md", Some(Loc::new(3, 7, 4)), Code::Template, "m"),
            Diagnostic::warning("a.md", Some(Loc::new(2, 1, 4)), Code::Template, "w"),
            Diagnostic::warning(
                "a.md",
                Some(Loc::new(9, 1, 1)),
                Code::Template,
                "past the end",
            ),
            Diagnostic::warning("b.md", None, Code::Template, "no place"),
            Diagnostic::warning("c.md", Some(Loc::new(1, 1, 1)), Code::Template, "unread"),
        ];
        let whole: Vec<String> = diagnostics.iter().map(|d| d.render(&sources)).collect();
        sources.keep_lines(&diagnostics);
        assert!(sources.files.is_empty());
        assert_eq!(sources.lines.len(), 2);
        let kept: Vec<String> = diagnostics.iter().map(|d| d.render(&sources)).collect();
        assert_eq!(whole, kept);
        assert!(kept[0].contains("3 | kind: oops"), "{}", kept[0]);
    }

    #[test]
    fn control_characters_are_shown_escaped_and_the_marker_stays_under_its_text() {
        assert_eq!(printable("plain text, é"), "plain text, é");
        assert_eq!(
            printable("x\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}\u{202e}"),
            "x\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{9b}\\u{202e}"
        );
        let mut sources = Sources::default();
        let text = "---\nkind: \u{1b}[2Jbad value\n---\n";
        sources.insert("a.md", text.into());
        sources.insert("a\u{1b}.md", text.into());
        let d = Diagnostic::error(
            "a\u{1b}.md",
            Some(Loc::new(2, 11, 3)),
            Code::Template,
            "m\u{1b}[2J",
        )
        .with_hint("h\u{7}");
        let text = d.render(&sources);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert!(text.contains("error: m\\u{1b}[2J\n"), "{text}");
        assert!(text.contains("--> a\\u{1b}.md:2:11"), "{text}");
        assert!(text.contains("= hint: h\\u{7}"), "{text}");
        // `bad` starts at column 11, after an escape printed six characters wide.
        let sources_line = "2 | kind: \\u{1b}[2Jbad value";
        assert!(text.contains(sources_line), "{text}");
        let marker = text.lines().find(|l| l.contains('^')).unwrap();
        let start = sources_line.find("bad").unwrap();
        assert_eq!(marker.find('^'), Some(start), "{text}");
        assert_eq!(marker.trim_end().len(), start + 3, "{text}");
        // A marked control character is marked whole.
        let d = Diagnostic::error("a.md", Some(Loc::new(2, 7, 1)), Code::Template, "m");
        let text = d.render(&sources);
        let marker = text.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(marker.trim_start_matches([' ', '|']), "^^^^^^", "{text}");
    }

    #[test]
    fn json_stays_json_and_safe_to_print() {
        let d = Diagnostic::error(
            "a.md",
            None,
            Code::Template,
            "a\u{1b}b\u{7f}c\u{9b}d\u{2028}e",
        );
        let json = serde_json::to_string_pretty(&[d]).unwrap();
        let safe = json_printable(&json);
        assert!(
            !safe.chars().any(|c| c != '\n' && acts_on_terminal(c)),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back[0]["message"], "a\u{1b}b\u{7f}c\u{9b}d\u{2028}e");
    }

    #[test]
    fn suggestions_need_to_be_close() {
        let known = ["weaknesses", "strengths", "questions"];
        assert_eq!(did_you_mean("weakneses", known), Some("weaknesses"));
        assert_eq!(did_you_mean("zzz", known), None);
    }
}
