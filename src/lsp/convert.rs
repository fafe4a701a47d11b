//! Positions and names between the protocol and the host: LSP positions (line and column
//! in UTF-16 code units, or in bytes when the client agreed to `utf-8`) to byte offsets and
//! back, a diagnostic's [`Loc`] (columns in characters) to a range, `file:` URIs to paths.
//!
//! Texts here are as the host reads them: no byte-order mark, `\n` line ends (a client's
//! `\r\n` or lone `\r` ends a line just the same, so its lines and columns are ours).
//! Nothing here reads a file.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::diagnostic::Loc;

/// How columns are counted, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Bytes of UTF-8 (the client offered `utf-8`).
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    fn units(self, c: char) -> usize {
        match self {
            Self::Utf8 => c.len_utf8(),
            Self::Utf16 => c.len_utf16(),
        }
    }
}

/// A client's text as the host reads it: without a byte-order mark, lines ended by `\n`.
#[must_use]
pub(crate) fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// Byte offset of the start of line `line` (0-based), or the text's end.
fn line_start(text: &str, line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 1)
        .map_or(text.len(), |i| i + 1)
}

/// Line `line` (0-based) without its end.
#[must_use]
pub(crate) fn line_text(text: &str, line: usize) -> &str {
    let start = line_start(text, line);
    if start >= text.len() {
        return "";
    }
    let rest = &text[start..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

/// The byte offset of `pos` in `text`; a place past a line's end is its end, past the
/// text's end the text's end.
#[must_use]
pub(crate) fn offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let start = line_start(text, pos.line as usize);
    let line = line_text(text, pos.line as usize);
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= pos.character as usize {
            return start + i;
        }
        units += enc.units(c);
    }
    (start + line.len()).min(text.len())
}

/// The position of byte `offset` in `text`.
#[must_use]
pub(crate) fn position(text: &str, offset: usize, enc: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(|c| enc.units(c)).sum();
    Position::new(to_u32(line), to_u32(character))
}

/// The range of bytes `range` of `text`.
#[must_use]
pub(crate) fn range(text: &str, range: std::ops::Range<usize>, enc: Encoding) -> Range {
    Range::new(
        position(text, range.start, enc),
        position(text, range.end, enc),
    )
}

/// The column (in `enc` units) of character `chars` (0-based) of `line`: at most its end.
fn column(line: &str, chars: usize, enc: Encoding) -> usize {
    line.chars().take(chars).map(|c| enc.units(c)).sum()
}

/// The range a diagnostic marks: `loc`'s characters on its line of `text` (the whole
/// first character of the file for a problem of the whole file).
#[must_use]
pub(crate) fn loc_range(text: Option<&str>, loc: Option<Loc>, enc: Encoding) -> Range {
    let Some(loc) = loc else {
        return Range::new(Position::new(0, 0), Position::new(0, 0));
    };
    let line_no = loc.line.saturating_sub(1);
    let line = text.map_or("", |t| line_text(t, line_no));
    let first = loc.column.saturating_sub(1);
    let (start, end) = if text.is_some() {
        (
            column(line, first, enc),
            column(line, first + loc.len.max(1), enc),
        )
    } else {
        (first, first + loc.len.max(1))
    };
    Range::new(
        Position::new(to_u32(line_no), to_u32(start)),
        Position::new(to_u32(line_no), to_u32(end)),
    )
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The characters a path keeps as they are in a `file:` URI (RFC 3986's unreserved and
/// `/`); everything else is percent-encoded, as VS Code writes them.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'@')
    .add(b'&')
    .add(b'+')
    .add(b'$')
    .add(b',');

/// The local path of a `file:` URI; `None` for other schemes.
#[must_use]
pub(crate) fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///x` (no host) or `file://localhost/x`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

/// The `file:` URI of an absolute path.
#[must_use]
pub(crate) fn path_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let encoded = utf8_percent_encode(text, PATH).to_string();
    let slash = if encoded.starts_with('/') { "" } else { "/" };
    Uri::from_str(&format!("file://{slash}{encoded}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a: é🙂x\nb";
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x, Encoding::Utf16), Position::new(0, 6));
        assert_eq!(position(text, x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(offset(text, Position::new(0, 6), Encoding::Utf16), x);
        assert_eq!(offset(text, Position::new(0, 9), Encoding::Utf8), x);
        // Past the line's end: its end; past the text's: its end.
        assert_eq!(offset(text, Position::new(0, 99), Encoding::Utf16), x + 1);
        assert_eq!(
            offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            position(text, text.len(), Encoding::Utf16),
            Position::new(1, 1)
        );
    }

    #[test]
    fn a_loc_in_characters_becomes_a_range_in_units() {
        let text = "---\nkind: 🙂mentorin\n";
        let loc = Loc::new(2, 8, 8);
        let r = loc_range(Some(text), Some(loc), Encoding::Utf16);
        assert_eq!(r, Range::new(Position::new(1, 8), Position::new(1, 16)));
        let r = loc_range(Some(text), Some(loc), Encoding::Utf8);
        assert_eq!(r, Range::new(Position::new(1, 10), Position::new(1, 18)));
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/a b/ü#1.md");
        let uri = path_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%BC%231.md");
        assert_eq!(uri_path(uri.as_str()).unwrap(), path);
        assert_eq!(
            uri_path("file:///c%3A/x.md").unwrap(),
            Path::new("/c:/x.md")
        );
        assert!(uri_path("untitled:Untitled-1").is_none());
    }

    #[test]
    fn client_text_is_read_as_the_host_reads_files() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
    }
}
