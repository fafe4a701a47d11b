//! Reading the content folder: which files are mentorships, which are sessions.
//!
//! Every folder under `content/` that holds a `mentorship.md` is a mentorship; every other
//! `.md` file below it (and not below a nested mentorship) is one of its sessions. This
//! module and `config` are the only places that read the site's files; it returns their
//! decoded text and never interprets it.

use crate::code::Code;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Loc, display_path};

/// The file that makes a folder a mentorship.
pub(crate) const MENTORSHIP_FILE: &str = "mentorship.md";

/// A file read from disk, decoded to text with LF line endings.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the site root, `/`-separated, as messages show it.
    pub path: String,
    /// The path relative to the content folder.
    pub rel: PathBuf,
    /// The text, without byte-order mark, with `\r\n` and a lone `\r` turned into `\n`.
    pub text: Arc<str>,
}

/// The files of one mentorship, not yet parsed.
#[derive(Debug, Clone)]
pub struct MentorshipFiles {
    /// Its folder relative to the content folder (empty for `content/` itself).
    pub dir: PathBuf,
    /// `mentorship.md`, or `None` if it could not be read.
    pub mentorship: Option<SourceFile>,
    /// The session notes, in path order.
    pub sessions: Vec<SourceFile>,
    /// Notes that are not UTF-8, decoded lossily: only for showing the bad line.
    pub undecodable: Vec<SourceFile>,
}

/// Finds and reads every mentorship and session under `root/content`.
pub fn load(root: &Path) -> (Vec<MentorshipFiles>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                display_path(root, &content),
                None,
                Code::NoContent,
                "there is no `content` folder",
            )
            .with_hint(
                "create `content/mentorship.md` and a session note, or run `mentorlog init`",
            ),
        );
        return (Vec::new(), diagnostics);
    }

    let (mut mentorship_dirs, notes) = walk(root, &content, &mut diagnostics);
    // The longest mentorship folder that contains a note owns it.
    mentorship_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    let mut groups = group(root, &content, &mentorship_dirs, &notes, &mut diagnostics);
    if groups.is_empty() {
        diagnostics.push(
            Diagnostic::error("content", None, Code::NoMentorship, "no `mentorship.md` found under `content/`")
                .with_hint("describe the mentorship in `content/mentorship.md`; sessions go beside it, e.g. `content/sessions/`"),
        );
    }
    groups.sort_by(|a, b| a.dir.cmp(&b.dir));
    (groups, diagnostics)
}

/// Reads the notes (in parallel) and gives each to the mentorship of the nearest folder
/// above it (`mentorship_dirs`, deepest first); a note under none is reported.
fn group(
    root: &Path,
    content: &Path,
    mentorship_dirs: &[PathBuf],
    notes: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MentorshipFiles> {
    let mut groups: Vec<MentorshipFiles> = mentorship_dirs
        .iter()
        .map(|dir| MentorshipFiles {
            dir: dir.clone(),
            mentorship: None,
            sessions: Vec::new(),
            undecodable: Vec::new(),
        })
        .collect();
    let read: Vec<(PathBuf, Result<SourceFile, Diagnostic>)> = {
        use rayon::prelude::*;
        notes
            .par_iter()
            .map(|rel| (rel.clone(), read_file(root, content, rel)))
            .collect()
    };
    let by_dir: std::collections::HashMap<PathBuf, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.dir.clone(), i))
        .collect();
    for (rel, file) in read {
        // The nearest folder above the note that is a mentorship's.
        let owner = rel.ancestors().skip(1).find_map(|d| by_dir.get(d).copied());
        let Some(group) = owner.map(|i| &mut groups[i]) else {
            diagnostics.push(
                Diagnostic::warning(
                    display_path(root, &content.join(&rel)),
                    None,
                    Code::OrphanNote,
                    "this note belongs to no mentorship and is ignored",
                )
                .with_hint(
                    "a session must be in a folder that has a `mentorship.md`, or below one",
                ),
            );
            continue;
        };
        match file {
            Ok(file)
                if rel.file_name().is_some_and(|n| n == MENTORSHIP_FILE)
                    && rel.parent() == Some(&group.dir) =>
            {
                group.mentorship = Some(file);
            }
            Ok(file) => group.sessions.push(file),
            Err(d) => {
                if d.code == Code::NotUtf8
                    && let Ok(bytes) = std::fs::read(content.join(&rel))
                {
                    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
                    group.undecodable.push(SourceFile {
                        path: d.path.clone(),
                        rel: rel.clone(),
                        text: text.into(),
                    });
                }
                diagnostics.push(d);
            }
        }
    }
    groups
}

/// Every note under `content` (relative to it, in name order) and the folders that hold a
/// `mentorship.md`; symbolic links and unreadable entries are reported, not followed.
fn walk(
    root: &Path,
    content: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut mentorship_dirs = Vec::new();
    let mut notes = Vec::new();
    let walker = WalkDir::new(content)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name())) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| "content".to_owned(), |p| display_path(root, p));
                diagnostics.push(Diagnostic::error(
                    path,
                    None,
                    Code::Unreadable,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .ok()
                .zip(root.canonicalize().ok())
                .is_some_and(|(t, r)| t.starts_with(r));
            let message = if inside {
                "symbolic links are not followed in `content/`"
            } else {
                "this symbolic link points outside the site and is not followed"
            };
            diagnostics.push(
                Diagnostic::warning(display_path(root, path), None, Code::Symlink, message)
                    .with_hint("move or copy the file into `content/`"),
            );
            continue;
        }
        if !entry.file_type().is_file()
            || path
                .extension()
                .is_none_or(|e| !e.eq_ignore_ascii_case("md"))
        {
            continue;
        }
        let rel = path.strip_prefix(content).unwrap_or(path).to_path_buf();
        if entry.file_name() == MENTORSHIP_FILE {
            mentorship_dirs.push(rel.parent().map(Path::to_path_buf).unwrap_or_default());
        }
        notes.push(rel);
    }

    (mentorship_dirs, notes)
}

/// Hidden files, editor droppings and swap files are never notes.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Reads and decodes the note at `content/rel` (`content` is `root/content`). `serve`
/// reads an edited note again with it, alone.
///
/// # Errors
/// When the file cannot be read or is not UTF-8.
pub(crate) fn read_file(root: &Path, content: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let full = content.join(rel);
    let path = display_path(root, &full);
    let bytes = std::fs::read(&full).map_err(|e| {
        Diagnostic::error(
            path.clone(),
            None,
            Code::Unreadable,
            format!("cannot read the file: {e}"),
        )
    })?;
    let text = decode(&path, bytes)?;
    Ok(SourceFile {
        path,
        rel: rel.to_path_buf(),
        text: text.into(),
    })
}

/// Whether `c` may not stand in a note or in `mentorlog.toml` (audit finding 3): a C0
/// control but tab, line feed and carriage return, DEL, or a C1 control (U+0080–U+009F).
/// Invisible in editors, they would reach the pages raw and make `feed.xml` ill-formed.
#[must_use]
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Where the first block of 64 bytes of `bytes` starts that holds a byte that may begin a
/// control character [`is_forbidden_control`] refuses: below 0x20 but for tab, line feed
/// and carriage return, 0x7f, or 0xc2 (the first byte of U+0080–U+009F). A branch-free
/// test of each block, which the compiler vectorises: every note and every value a page
/// shows is scanned (issue 17).
pub(crate) fn first_suspect_block(bytes: &[u8]) -> Option<usize> {
    let suspect = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f) | (b == 0xc2)
    };
    bytes
        .chunks(64)
        .position(|block| block.iter().fold(false, |any, &b| any | suspect(b)))
        .map(|k| k * 64)
}

/// Whether the byte at `i` of `bytes` (UTF-8) begins a control character that
/// [`is_forbidden_control`] refuses.
pub(crate) fn control_at(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || b == 0x7f
        // C1 controls are U+0080–U+009F: 0xC2 0x80–0x9F in UTF-8.
        || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
}

/// An error at each control character of `text` that [`is_forbidden_control`] refuses, at
/// most ten (the tenth says how many more follow); `what` names the file in messages ("a
/// note"). One pass over the bytes.
#[must_use]
pub(crate) fn control_characters(path: &str, text: &str, what: &str) -> Vec<Diagnostic> {
    const SHOWN: usize = 10;
    let bytes = text.as_bytes();
    // Nearly every note has none: the exact test runs from the first block that may.
    let start = first_suspect_block(bytes).unwrap_or(bytes.len());
    let found = (start..bytes.len()).filter(|&i| control_at(bytes, i));
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut more = 0usize;
    for i in found {
        if out.len() == SHOWN {
            more += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        out.push(
            Diagnostic::error(
                path,
                Some(Loc::at_offset(text, i, c.len_utf8())),
                Code::ControlCharacter,
                format!(
                    "control character U+{:04X} is not allowed in {what}",
                    u32::from(c)
                ),
            )
            .with_hint(
                "remove it: control characters are invisible in most editors and would reach \
                 the pages and the feed as they are (a tab or a line break is fine)",
            ),
        );
    }
    if more > 0
        && let Some(last) = out.last_mut()
    {
        last.message
            .push_str(&format!(" (and {more} more after this one)"));
    }
    out
}

/// UTF-8 with or without BOM, LF or CRLF; anything else is an error naming the place.
///
/// # Errors
/// When the bytes are not UTF-8: the line and column of the first bad byte.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        // A lone CR ends a line for YAML and CommonMark alike: make it `\n` too, or YAML
        // errors would point below the line that `\n` counting shows (found by fuzzing).
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n").replace('\r', "\n")),
        Ok(text) => Ok(text),
        Err(err) => {
            let good = err.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&err.as_bytes()[..good]).into_owned();
            let loc = Loc::at_offset(&valid, valid.len(), 0);
            let utf16 =
                err.as_bytes().starts_with(b"\xFF\xFE") || err.as_bytes().starts_with(b"\xFE\xFF");
            let hint = if utf16 {
                "the file looks like UTF-16: save it as UTF-8"
            } else {
                "save the file as UTF-8 (Latin-1 and Windows-1252 are not accepted)"
            };
            Err(Diagnostic::error(
                path,
                Some(loc),
                Code::NotUtf8,
                format!("the file is not valid UTF-8 (byte {good})"),
            )
            .with_hint(hint))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_crlf() {
        assert_eq!(
            decode("a", b"\xEF\xBB\xBF---\r\nx\r\n".to_vec()).unwrap(),
            "---\nx\n"
        );
    }

    #[test]
    fn decodes_a_lone_cr_as_a_line_end() {
        assert_eq!(
            decode("a", b"---\rx: 1\r\ry: 2\r\n---\n".to_vec()).unwrap(),
            "---\nx: 1\n\ny: 2\n---\n"
        );
    }

    #[test]
    fn control_characters_are_errors_at_their_place() {
        let text = "---\ntitle: a\u{1}b\n---\nbody \u{1b}[2J and \u{85} and \u{7f}\ttab ok\r\n";
        let d = control_characters("a.md", text, "a note");
        let places: Vec<_> = d
            .iter()
            .map(|d| d.loc.map(|l| (l.line, l.column)))
            .collect();
        assert_eq!(
            places,
            vec![Some((2, 9)), Some((4, 6)), Some((4, 15)), Some((4, 21))]
        );
        assert!(d[0].message.contains("U+0001"), "{}", d[0].message);
        assert!(d[1].message.contains("U+001B"));
        assert!(d[2].message.contains("U+0085"));
        assert!(d[3].message.contains("U+007F"));
        assert_eq!(d[0].code, "control-character");
        assert!(control_characters("a.md", "tab\t, é, \u{a0}, \u{2028}, 🙂\r\n", "").is_empty());
        let many = "\u{1}".repeat(25);
        let d = control_characters("a.md", &many, "a note");
        assert_eq!(d.len(), 10);
        assert!(d[9].message.ends_with("(and 15 more after this one)"));
    }

    #[test]
    fn rejects_latin1_with_its_place() {
        let err = decode("a.md", b"---\ntitle: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!(err.loc.map(|l| (l.line, l.column)), Some((2, 11)));
    }
}
