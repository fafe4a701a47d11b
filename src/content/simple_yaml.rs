//! A shortcut for the front matter people write: block maps and lists, plain scalars (on
//! one line or several), quoted ones on one line without escapes, `|` and `>` block
//! scalars, one-line flow lists and maps of scalars, comments. Such a block is read here a
//! line at a time into a small tree that serde deserializes, about five times faster than
//! through libyaml (whose reader was a sixth of a build's CPU time on 10,000 notes, issue
//! 17; `cargo bench --bench stages -- "front matter"` compares the two).
//!
//! Anything else — escapes, anchors, aliases, tags, nested flow collections, quoted text
//! over several lines, tabs, a number in any spelling but plain decimal digits, a value
//! serde refuses — makes [`read`] answer `None` or the deserializer [`Decline`], and
//! the caller parses the block with serde_yaml instead: that path stays the definition,
//! and every diagnostic comes from it. What this reader accepts, it must turn into exactly
//! what serde_yaml makes of it; the property test below and the `front_matter` fuzz
//! target (through [`super::front_matter::shortcut_agrees`]) hold it to that, and a test
//! breaks it on purpose to show that they would notice.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IntoDeserializer, Visitor};

/// How deep lists and maps may nest before the block is left to serde_yaml.
const MAX_DEPTH: usize = 24;

/// The longest key read here (libyaml refuses simple keys over 1,024 characters).
const MAX_KEY: usize = 128;

/// A node of a block this reader accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node<'a> {
    /// Text: `plain` when written unquoted, the only kind YAML may read as a number, a
    /// boolean or null.
    Scalar { text: Cow<'a, str>, plain: bool },
    /// A block or flow list.
    Seq(Vec<Node<'a>>),
    /// A block map in the order written, each key an unquoted scalar.
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    fn plain(text: &'a str) -> Self {
        Node::Scalar {
            text: Cow::Borrowed(text),
            plain: true,
        }
    }

    /// The text of an unquoted scalar.
    fn plain_text(&self) -> Option<&str> {
        match self {
            Node::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }
}

/// A deliberate bug, for the test that shows the property test catches one; outside
/// tests there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Quoted scalars are resolved like unquoted ones (`"12"` becomes a number).
    #[cfg(test)]
    QuotesIgnored,
}

/// `yaml` as a tree, or `None` when it is not all of the simple kind.
pub(crate) fn read(yaml: &str) -> Option<Node<'_>> {
    read_with(yaml, None)
}

/// [`read`], with `fault` built in.
pub(crate) fn read_with(yaml: &str, fault: Option<Fault>) -> Option<Node<'_>> {
    if !plain_characters(yaml) {
        return None;
    }
    let mut lines = Vec::with_capacity(yaml.len() / 24);
    for (start, raw) in raw_lines(yaml, 0) {
        let text = raw.trim_end_matches(' ');
        let body = text.trim_start_matches(' ');
        // Blank lines and whole-line comments say nothing, outside block scalars.
        if !body.is_empty() && !body.starts_with('#') {
            lines.push(Line {
                indent: text.len() - body.len(),
                text: body,
                start,
                next: start + raw.len() + 1,
            });
        }
    }
    let first = *lines.first()?;
    if is_item(first.text) {
        return None;
    }
    let mut reader = Reader {
        yaml,
        lines,
        at: 0,
        fault,
    };
    let node = reader.map(first.indent, 0)?;
    (reader.at == reader.lines.len()).then_some(node)
}

/// The lines of `yaml` from byte `from` (a line's start), each with its start.
fn raw_lines(yaml: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= yaml.len() {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &yaml.as_bytes()[start..]).map_or(yaml.len(), |i| start + i);
        let line = (start, &yaml[start..end]);
        start = end + 1;
        Some(line)
    })
}

/// Whether `yaml` holds only characters this reader takes as they are: no tab, carriage
/// return, backslash or other control character, and none of the characters libyaml
/// counts as line breaks (U+0085, U+2028, U+2029) or refuses (U+FEFF, U+FFFE, U+FFFF).
fn plain_characters(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    if bytes
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f || b == b'\\')
    {
        return false;
    }
    // Each of those characters starts with one of three bytes, which only start characters.
    memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes).all(|i| {
        let next = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
        !match bytes[i] {
            0xc2 => matches!(next.0, Some(0x80..=0x9f)),
            0xe2 => matches!(next, (Some(0x80), Some(0xa8 | 0xa9))),
            _ => matches!(
                next,
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ),
        }
    })
}

/// A line that says something: its indentation, its text after it (trimmed), and where
/// it and the next line start in the block.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
    start: usize,
    next: usize,
}

struct Reader<'a> {
    /// The block.
    yaml: &'a str,
    /// Its lines that say something.
    lines: Vec<Line<'a>>,
    /// The next of `lines`.
    at: usize,
    #[cfg_attr(not(test), allow(dead_code))]
    fault: Option<Fault>,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    /// A map whose keys stand at `indent`, from the current line to a line less indented.
    fn map(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut entries = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            // Deeper than its keys, or a list item among them: not a map YAML allows.
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            let rest = without_comment(rest);
            self.at += 1;
            let value = if rest.is_empty() {
                match self.peek() {
                    Some(next) if next.indent > indent => {
                        if is_item(next.text) {
                            self.seq(next.indent, depth + 1)?
                        } else {
                            self.map(next.indent, depth + 1)?
                        }
                    }
                    // A list may stand at its key's own indentation.
                    Some(next) if next.indent == indent && is_item(next.text) => {
                        self.seq(indent, depth + 1)?
                    }
                    _ => Node::plain(""),
                }
            } else if let Some(header) = block_header(rest) {
                self.block_scalar(header, indent, line.next)?
            } else {
                let value = self.inline(rest)?;
                self.continued(value, line, indent)?
            };
            entries.push((Node::plain(key), value));
        }
        Some(Node::Map(entries))
    }

    /// A list whose `- ` marks stand at `indent`, from the current line.
    fn seq(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent != indent || !is_item(line.text) {
                if line.indent > indent {
                    return None;
                }
                break;
            }
            let after = &line.text[1..];
            let content = without_comment(after.trim_start_matches(' '));
            // `-` alone (the item on the next lines), `- - x` and `- |` are left to
            // serde_yaml.
            if content.is_empty() || is_item(content) || block_header(content).is_some() {
                return None;
            }
            if split_key(content).is_some() {
                // A map starting on the item's line, its keys at the column of the first.
                let column = indent + 1 + (after.len() - content.len());
                self.lines[self.at].indent = column;
                self.lines[self.at].text = content;
                items.push(self.map(column, depth + 1)?);
            } else {
                self.at += 1;
                let value = self.inline(content)?;
                items.push(self.continued(value, line, indent)?);
            }
        }
        Some(Node::Seq(items))
    }

    /// `value`, written at the end of `line` in a block at `indent`, with the lines that
    /// continue it: those deeper than the block, when `value` is a plain scalar that ends
    /// its line (no comment after it). Each is a plain scalar's text of its own (no
    /// comment, nothing YAML reads as structure); one line break between two becomes a
    /// space, and each blank line a line break. Leaves `at` at the first line after them.
    fn continued(&mut self, value: Node<'a>, line: Line<'a>, indent: usize) -> Option<Node<'a>> {
        if self.peek().is_none_or(|next| next.indent <= indent) {
            return Some(value);
        }
        let Node::Scalar {
            text: Cow::Borrowed(first),
            plain: true,
        } = value
        else {
            // A quoted scalar or a flow collection over several lines.
            return None;
        };
        let ends_line =
            first.as_ptr() as usize + first.len() == line.text.as_ptr() as usize + line.text.len();
        if !ends_line {
            return None;
        }
        let from = line.next;
        let mut text = first.to_owned();
        let mut blanks = 0;
        let mut end = self.yaml.len();
        for (start, raw) in raw_lines(self.yaml, from) {
            let trimmed = raw.trim_end_matches(' ');
            let body = trimmed.trim_start_matches(' ');
            if body.is_empty() {
                blanks += 1;
                continue;
            }
            if trimmed.len() - body.len() <= indent {
                end = start;
                break;
            }
            // A comment ends the scalar, and the deeper line after it is an error.
            plain(body, false)?;
            if blanks == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', blanks));
            }
            blanks = 0;
            text.push_str(body);
        }
        while self.peek().is_some_and(|line| line.start < end) {
            self.at += 1;
        }
        Some(Node::Scalar {
            text: Cow::Owned(text),
            plain: true,
        })
    }

    /// A value written on its key's or item's line (not empty).
    fn inline(&self, text: &'a str) -> Option<Node<'a>> {
        match text.as_bytes()[0] {
            b'[' => self.flow(text),
            b'{' => self.flow_map(text),
            b'"' | b'\'' => self.quoted(text),
            _ => plain(text, false),
        }
    }

    /// `"text"` or `'text'`, the quote not repeated inside.
    fn quoted(&self, text: &'a str) -> Option<Node<'a>> {
        let quote = char::from(text.as_bytes()[0]);
        let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
        if memchr::memchr(text.as_bytes()[0], inner.as_bytes()).is_some() {
            return None;
        }
        #[cfg(test)]
        if self.fault == Some(Fault::QuotesIgnored) {
            return Some(Node::plain(inner));
        }
        Some(Node::Scalar {
            text: Cow::Borrowed(inner),
            plain: false,
        })
    }

    /// `[a, "b", c]` on one line, its items scalars.
    fn flow(&self, text: &'a str) -> Option<Node<'a>> {
        let inner = text.strip_prefix('[')?.strip_suffix(']')?;
        if inner.trim_matches(' ').is_empty() {
            return Some(Node::Seq(Vec::new()));
        }
        inner
            .split(',')
            .map(|item| {
                let item = item.trim_matches(' ');
                match item.as_bytes().first()? {
                    b'"' | b'\'' => self.quoted(item),
                    _ => plain(item, true),
                }
            })
            .collect::<Option<Vec<_>>>()
            .map(Node::Seq)
    }

    /// `{key: value, key: "value"}` on one line, its values scalars.
    fn flow_map(&self, text: &'a str) -> Option<Node<'a>> {
        let inner = text.strip_prefix('{')?.strip_suffix('}')?;
        if inner.trim_matches(' ').is_empty() {
            return Some(Node::Map(Vec::new()));
        }
        inner
            .split(',')
            .map(|entry| {
                let (key, value) = split_key(entry.trim_matches(' '))?;
                let value = match value.as_bytes().first()? {
                    b'"' | b'\'' => self.quoted(value)?,
                    _ => plain(value, true)?,
                };
                Some((Node::plain(key), value))
            })
            .collect::<Option<Vec<_>>>()
            .map(Node::Map)
    }

    /// The text of a block scalar whose header ends the line before byte `from`, under a
    /// key at `indent`: its lines all equally indented, deeper than the key, none of them
    /// blank at first, none with trailing spaces. Leaves `at` at the first line after it.
    fn block_scalar(&mut self, header: Block, indent: usize, from: usize) -> Option<Node<'a>> {
        let mut content: Option<usize> = None;
        let mut text = String::new();
        // Blank lines seen since the last line of text.
        let mut blanks = 0;
        let mut end = self.yaml.len();
        for (start, raw) in raw_lines(self.yaml, from) {
            let body = raw.trim_start_matches(' ');
            let at = raw.len() - body.len();
            if body.is_empty() {
                // An empty line, or one of spaces no deeper than the text.
                if content.is_none() || content.is_some_and(|c| at > c) {
                    return None;
                }
                blanks += 1;
                continue;
            }
            let column = *content.get_or_insert(at);
            if at < column {
                // Less indented: the scalar ended, at a line its key's map (or an outer
                // one) goes on with.
                if at > indent {
                    return None;
                }
                end = start;
                break;
            }
            if at > column || body.ends_with(' ') {
                return None;
            }
            if !text.is_empty() {
                match (header.folded, blanks) {
                    (true, 0) => text.push(' '),
                    (true, n) => text.extend(std::iter::repeat_n('\n', n)),
                    (false, n) => text.extend(std::iter::repeat_n('\n', n + 1)),
                }
            }
            blanks = 0;
            text.push_str(body);
        }
        if content.is_none_or(|c| c <= indent) {
            return None;
        }
        if !header.strip {
            text.push('\n');
        }
        // On to the first line that says something after the scalar.
        while self.peek().is_some_and(|line| line.start < end) {
            self.at += 1;
        }
        Some(Node::Scalar {
            text: Cow::Owned(text),
            plain: false,
        })
    }
}

/// A block scalar's header: `|` keeps line breaks, `>` folds them; `-` strips the final
/// one. Explicit indentation and `+` are left to serde_yaml.
#[derive(Debug, Clone, Copy)]
struct Block {
    folded: bool,
    strip: bool,
}

fn block_header(text: &str) -> Option<Block> {
    let (folded, strip) = match text {
        "|" => (false, false),
        "|-" => (false, true),
        ">" => (true, false),
        ">-" => (true, true),
        _ => return None,
    };
    Some(Block { folded, strip })
}

/// A value's text without the comment after it (` # …`), where one is sure to be a
/// comment: after a plain scalar, a quoted one or a flow list without quotes. A value
/// that is only a comment is empty.
fn without_comment(text: &str) -> &str {
    if text.starts_with('#') {
        return "";
    }
    let bytes = text.as_bytes();
    let Some(at) = memchr::memchr_iter(b'#', bytes).find(|&i| bytes[i - 1] == b' ') else {
        return text;
    };
    let at = at - 1;
    match text.as_bytes()[0] {
        quote @ (b'"' | b'\'') => match text[1..].find(char::from(quote)) {
            // The comment after the closing quote, spaces between.
            Some(close)
                if text[close + 2..].starts_with(' ')
                    && text[close + 2..].trim_start_matches(' ').starts_with('#') =>
            {
                &text[..close + 2]
            }
            _ => text,
        },
        // Inside a flow list or map a quoted item may hold ` #`.
        b'[' | b'{' if text[..at].contains(['"', '\'']) => text,
        _ => text[..at].trim_end_matches(' '),
    }
}

/// Whether a line's text is a list item: `-` followed by a space or nothing.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` for a key of letters, digits, `_` and `-` (starting with a letter or `_`),
/// followed by `:` and a space or the line's end.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    if !(bytes.first()?.is_ascii_alphabetic() || bytes[0] == b'_') {
        return None;
    }
    let end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    if bytes[end] != b':' || end > MAX_KEY {
        return None;
    }
    match bytes.get(end + 1) {
        None => Some((&text[..end], "")),
        Some(b' ') => Some((&text[..end], text[end + 1..].trim_start_matches(' '))),
        Some(_) => None,
    }
}

/// An unquoted scalar that starts with a letter, a digit or a non-ASCII character and
/// holds nothing YAML reads as structure: no `: ` or ` #`, no `:` at its end, and in a
/// flow list none of `[]{},:#`.
fn plain(text: &str, in_flow: bool) -> Option<Node<'_>> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphanumeric() || first >= 0x80)
        || (in_flow && bytes.iter().any(|b| b"[]{}:#".contains(b)))
    {
        return None;
    }
    for i in memchr::memchr2_iter(b':', b'#', bytes) {
        let structure = if bytes[i] == b':' {
            bytes.get(i + 1).is_none_or(|&b| b == b' ')
        } else {
            bytes[i - 1] == b' '
        };
        if structure {
            return None;
        }
    }
    Some(Node::plain(text))
}

/// What serde_yaml makes of an unquoted scalar, as far as this reader tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolved {
    Null,
    Bool(bool),
    Int(u64),
    Text,
    /// A spelling this reader does not resolve (`+1`, `0x1f`, `1.5`, `007`, `.inf` …).
    Unsure,
}

fn resolve(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    let bytes = text.as_bytes();
    // A letter first: never a number to serde_yaml (`inf` and `nan` parse as floats
    // that it refuses, not being finite).
    if bytes[0].is_ascii_alphabetic() || bytes[0] >= 0x80 {
        return Resolved::Text;
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        if bytes.len() > 1 && bytes[0] == b'0' {
            return Resolved::Unsure;
        }
        return text.parse().map_or(Resolved::Unsure, Resolved::Int);
    }
    // A date (`2026-10-21`) is text to serde_yaml: neither an integer nor a float.
    if crate::date::looks_like_date(text) {
        return Resolved::Text;
    }
    Resolved::Unsure
}

/// Why the shortcut stopped: the block is parsed by serde_yaml instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decline;

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_yaml")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

impl<'a, 'de> IntoDeserializer<'de, Decline> for &'a Node<'de> {
    type Deserializer = &'a Node<'de>;

    fn into_deserializer(self) -> Self::Deserializer {
        self
    }
}

/// The deserializer over a node: what serde_yaml's does with the same events, for the
/// calls whose answer this reader knows; [`Decline`] for the others.
impl<'de> Deserializer<'de> for &Node<'de> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Scalar { text, plain: false } => visit_text(text, visitor),
            Node::Scalar { text, plain: true } => match resolve(text) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(n) => visitor.visit_u64(n),
                Resolved::Text => visit_text(text, visitor),
                Resolved::Unsure => Err(Decline),
            },
            Node::Seq(items) => visit_seq(items, visitor),
            Node::Map(entries) => visit_map(entries, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.plain_text().map(resolve) {
            Some(Resolved::Bool(b)) => visitor.visit_bool(b),
            _ => Err(Decline),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.plain_text().map(resolve) {
            Some(Resolved::Int(n)) => visitor.visit_u64(n),
            _ => Err(Decline),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.plain_text().map(resolve) {
            Some(Resolved::Int(n)) => visitor.visit_i64(i64::try_from(n).map_err(|_| Decline)?),
            _ => Err(Decline),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Scalar { text, .. } => visit_text(text, visitor),
            _ => Err(Decline),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        if self.plain_text().map(resolve) == Some(Resolved::Null) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.plain_text().map(resolve) {
            Some(Resolved::Null) => visitor.visit_unit(),
            _ => Err(Decline),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Seq(items) => visit_seq(items, visitor),
            // An empty value is an empty list to serde_yaml.
            Node::Scalar { text, plain: true } if text.is_empty() => visit_seq(&[], visitor),
            _ => Err(Decline),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Map(entries) => visit_map(entries, visitor),
            Node::Scalar { text, plain: true } if text.is_empty() => visit_map(&[], visitor),
            _ => Err(Decline),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        match self {
            // A scalar names a unit variant.
            Node::Scalar { .. } => visitor.visit_enum(UnitVariant(self)),
            _ => Err(Decline),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        visitor.visit_unit()
    }
}

/// Visits text borrowed from the block when it is.
fn visit_text<'de, V: Visitor<'de>>(text: &Cow<'de, str>, visitor: V) -> Result<V::Value, Decline> {
    match text {
        Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
        Cow::Owned(text) => visitor.visit_str(text),
    }
}

/// Visits `items`; a visitor that stops before the end is an error to serde_yaml.
fn visit_seq<'de, V: Visitor<'de>>(items: &[Node<'de>], visitor: V) -> Result<V::Value, Decline> {
    let mut access = de::value::SeqDeserializer::new(items.iter());
    let value = visitor.visit_seq(&mut access)?;
    access.end()?;
    Ok(value)
}

/// Visits `entries`; as [`visit_seq`], all of them.
fn visit_map<'de, V: Visitor<'de>>(
    entries: &[(Node<'de>, Node<'de>)],
    visitor: V,
) -> Result<V::Value, Decline> {
    let mut access = de::value::MapDeserializer::new(entries.iter().map(|(k, v)| (k, v)));
    let value = visitor.visit_map(&mut access)?;
    access.end()?;
    Ok(value)
}

/// An enum written as a scalar: the variant's name, no content.
struct UnitVariant<'a, 'de>(&'a Node<'de>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Decline;
    type Variant = Self;

    fn variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self), Decline> {
        Ok((seed.deserialize(self.0)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Decline;

    fn unit_variant(self) -> Result<(), Decline> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Decline> {
        Err(Decline)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Decline> {
        Err(Decline)
    }
}

/// Whether reading `yaml` as a `T` through this reader (with `fault` built in) gives what
/// serde_yaml gives: `Ok(false)` when the reader declined, `Ok(true)` when both read the
/// same value and reported the same unknown keys.
pub(crate) fn agrees<T>(yaml: &str, fault: Option<Fault>) -> Result<bool, String>
where
    T: de::DeserializeOwned + PartialEq + fmt::Debug,
{
    let Some(node) = read_with(yaml, fault) else {
        return Ok(false);
    };
    let mut quick_ignored = Vec::new();
    let Ok(quick) =
        serde_ignored::deserialize::<_, _, T>(&node, |p| quick_ignored.push(p.to_string()))
    else {
        return Ok(false);
    };
    let mut ignored = Vec::new();
    let slow =
        serde_ignored::deserialize::<_, _, T>(serde_yaml::Deserializer::from_str(yaml), |p| {
            ignored.push(p.to_string());
        });
    match slow {
        Ok(slow) if slow == quick && ignored == quick_ignored => Ok(true),
        Ok(slow) => Err(format!(
            "read as {quick:?} with unknown keys {quick_ignored:?}; serde_yaml read \
             {slow:?} with {ignored:?}"
        )),
        Err(e) => Err(format!("read as {quick:?}; serde_yaml refused it: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::{Fault, agrees, read};
    use crate::content::doc::{MentorshipFront, SessionFront};
    use crate::test_rng::Rng;

    /// Scalars as people write them.
    const COMMON: &[&str] = &[
        "Slow reviews",
        "Tomás Ortega",
        "naïve plan",
        "it's fine",
        "say \"hi\"",
        "a, b",
        "a:b",
        "https://example.org/retro",
        "Fix [the] bug",
        "a# b",
        "12",
        "2026-10-21",
        "Kwame Mensah",
        "Review every pull request within one working day",
    ];

    /// Spellings YAML reads as something else, or not at all.
    const TRICKY: &[&str] = &[
        "high",
        "HIGH",
        "Medium",
        "achieved",
        "done",
        "on-track",
        "public",
        "Team",
        "added",
        "re-estimated",
        "mentoring",
        "sprint 4",
        "4b",
        "2026-10-21",
        "2026-1-5",
        "2026-02-30",
        "2026-10-21T10:00",
        "12:30",
        "12",
        "0",
        "007",
        "-3",
        "+4",
        "1.5",
        "1e3",
        "0x1F",
        "0o7",
        "0b101",
        ".inf",
        "-.inf",
        ".nan",
        "inf",
        "nan",
        "Infinity",
        "18446744073709551615",
        "18446744073709551616",
        "9223372036854775808",
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nil",
        "true",
        "False",
        "TRUE",
        "yes",
        "no",
        "on",
        "a: b",
        "a #b",
        "x:",
        "#x",
        "- x",
        "-x",
        "[a]",
        "{a: 1}",
        "&anchor x",
        "*alias",
        "!tag x",
        "!!str 12",
        "|",
        ">",
        "%x",
        "@x",
        "`x`",
        "? x",
        "a\tb",
        "a\\nb",
        "\u{a0}x",
        "x\u{a0}",
        "a\u{85}b",
        "a\u{2028}b",
        "\u{feff}x",
        "ü",
        "…",
        "---",
        "...",
    ];

    const KEYS: &[&str] = &[
        "date",
        "title",
        "kind",
        "sprint",
        "retro",
        "attendees",
        "mentors",
        "visibility",
        "strengths",
        "weaknesses",
        "questions",
        "goals",
        "backlog",
        "tags",
        "extra",
        "reflection",
        "direction",
        "next",
        "mentee",
        "started",
        "ends",
        "status",
        "cadence",
        "formality",
        "members",
        "aims",
        "min_goals",
        "review_every",
        "repo",
        "roles",
        "colour",
        "x-y",
        "_z",
        "Title",
        "id",
        "text",
        "impact",
        "owner",
        "due",
        "measure",
        "health",
        "addresses",
        "note",
        "item",
        "change",
        "before",
        "after",
        "goal",
        "name",
        "role",
    ];

    /// A few characters, mostly letters, digits and spaces, some of them YAML's own.
    fn text(rng: &mut Rng) -> String {
        const CHARS: &[&str] = &[
            "a", "b", "Z", "é", "ß", "0", "1", "9", " ", " ", "-", ":", "#", ",", "[", "]", "{",
            "}", "'", "\"", "&", "*", "!", "|", ">", "%", "@", "?", ".", "+", "_", "~", "`", "/",
            "\u{a0}", "…",
        ];
        (0..=rng.below(7)).map(|_| rng.pick(CHARS)).collect()
    }

    /// A scalar, plain or quoted.
    fn scalar(rng: &mut Rng) -> String {
        let made;
        let s = if rng.one_in(5) {
            rng.pick(TRICKY)
        } else if rng.one_in(4) {
            made = text(rng);
            made.trim_matches(' ')
        } else {
            rng.pick(COMMON)
        };
        match rng.below(6) {
            0 if !s.contains('"') => format!("\"{s}\""),
            1 if !s.contains('\'') => format!("'{s}'"),
            _ => s.to_owned(),
        }
    }

    /// A flow list of scalars: `[a, "b"]`.
    fn flow(rng: &mut Rng) -> String {
        let n = rng.below(4);
        let items: Vec<String> = (0..n).map(|_| scalar(rng)).collect();
        let sep = if rng.one_in(4) { "," } else { ", " };
        if rng.one_in(5) {
            format!("[ {} ]", items.join(sep))
        } else {
            format!("[{}]", items.join(sep))
        }
    }

    /// A flow map of scalars: `{id: a, text: "b"}`.
    fn flow_map(rng: &mut Rng) -> String {
        let entries: Vec<String> = (0..rng.below(4))
            .map(|_| format!("{}: {}", rng.pick(KEYS), scalar(rng)))
            .collect();
        format!("{{{}}}", entries.join(", "))
    }

    /// Now and then a comment after a value.
    fn comment(rng: &mut Rng) -> &'static str {
        if rng.one_in(6) {
            rng.pick(&[" # a comment", "  #c", "#c", " # \"quoted\" #", " #"])
        } else {
            ""
        }
    }

    /// Now and then, lines that continue a scalar written above at `indent`: deeper (or
    /// not quite), blank lines between, some of them comments or structure.
    fn continuation(rng: &mut Rng, out: &mut Vec<String>, indent: usize) {
        if !rng.one_in(3) {
            return;
        }
        for _ in 0..=rng.below(2) {
            if rng.one_in(4) {
                out.push(" ".repeat(rng.below(indent + 3)));
            }
            let pad = " ".repeat(indent + rng.below(4));
            let text = match rng.below(12) {
                0 => "- x".to_owned(),
                1 => "# c".to_owned(),
                2 => "k: v".to_owned(),
                3 => scalar(rng),
                _ => rng.pick(COMMON).to_owned(),
            };
            out.push(format!("{pad}{text}"));
        }
    }

    /// Appends a value for a key or item at `indent` (its own line's text is `head`).
    fn value(rng: &mut Rng, out: &mut Vec<String>, head: String, indent: usize, depth: usize) {
        let step = [2, 2, 2, 4, 3, 1][rng.below(6)];
        match rng.below(if depth > 2 { 3 } else { 7 }) {
            6 => {
                // A block scalar: lines of text, blank lines, now and then a line that
                // looks like a comment, one more indented, or trailing spaces.
                let header = rng.pick(&["|", "|-", ">", ">-", "|+", ">2", "| # c"]);
                out.push(format!("{head} {header}"));
                let pad = " ".repeat(indent + step);
                for _ in 0..=rng.below(4) {
                    out.push(match rng.below(9) {
                        0 => String::new(),
                        1 => format!("{pad}# not a comment"),
                        2 => format!("{pad}  deeper"),
                        3 => format!("{pad}spaces after "),
                        4 => format!("{pad} {}", rng.pick(COMMON)),
                        _ => format!("{pad}{}", rng.pick(COMMON)),
                    });
                }
            }
            0 | 1 => {
                let s = scalar(rng);
                out.push(if s.is_empty() {
                    head
                } else {
                    format!("{head} {s}")
                });
            }
            2 => out.push(format!("{head} {}", flow(rng))),
            3 => {
                out.push(head);
                map(rng, out, indent + step, depth + 1);
            }
            _ => {
                out.push(head);
                // Items at the key's own indentation, or deeper.
                let at = if rng.one_in(2) { indent } else { indent + step };
                seq(rng, out, at, depth + 1);
            }
        }
    }

    fn map(rng: &mut Rng, out: &mut Vec<String>, indent: usize, depth: usize) {
        for _ in 0..=rng.below(4) {
            let made;
            let key = if rng.one_in(10) {
                made = text(rng);
                made.trim_matches(' ')
            } else {
                rng.pick(KEYS)
            };
            value(
                rng,
                out,
                format!("{}{key}:", " ".repeat(indent)),
                indent,
                depth,
            );
        }
    }

    fn seq(rng: &mut Rng, out: &mut Vec<String>, indent: usize, depth: usize) {
        for _ in 0..=rng.below(3) {
            let pad = " ".repeat(indent);
            if rng.one_in(2) {
                out.push(format!("{pad}- {}{}", scalar(rng), comment(rng)));
                continuation(rng, out, indent);
            } else if rng.one_in(4) {
                out.push(format!("{pad}- {}", flow_map(rng)));
            } else {
                // `- key: value` and the map's other keys under the first.
                let gap = 1 + usize::from(rng.one_in(5));
                let mut lines = Vec::new();
                map(rng, &mut lines, indent + 1 + gap, depth + 1);
                let first = lines[0].split_off(indent + 1 + gap);
                lines[0] = format!("{pad}-{}{first}", " ".repeat(gap));
                out.extend(lines);
            }
        }
    }

    /// `usual`, or now and then any scalar.
    fn any(rng: &mut Rng, usual: String) -> String {
        if rng.one_in(12) { scalar(rng) } else { usual }
    }

    /// A session as people write it, each value sometimes replaced by any scalar.
    fn session(rng: &mut Rng) -> Vec<String> {
        let mut out = Vec::new();
        let usual = format!("2026-0{}-1{}", 1 + rng.below(9), rng.below(10));
        let date = any(rng, usual);
        out.push(format!("date: {date}").trim_end().to_owned());
        if rng.one_in(2) {
            let title = any(rng, "After sprint 4".into());
            out.push(format!("title: {title}").trim_end().to_owned());
        }
        if rng.one_in(2) {
            let usual = rng.below(40).to_string();
            let sprint = any(rng, usual);
            out.push(format!("sprint: {sprint}").trim_end().to_owned());
        }
        let visibility = any(rng, "public".into());
        out.push(format!("visibility: {visibility}").trim_end().to_owned());
        out.push(format!("attendees: {}", flow(rng)));
        out.push("weaknesses:".into());
        for i in 0..rng.below(3) {
            out.push(format!("  - id: w{i}"));
            out.push(
                format!("    text: {}", any(rng, "Slow reviews".into()))
                    .trim_end()
                    .to_owned(),
            );
            if rng.one_in(2) {
                out.push(
                    format!("    impact: {}", any(rng, "high".into()))
                        .trim_end()
                        .to_owned(),
                );
            }
        }
        out.push("goals:".into());
        for i in 0..rng.below(3) {
            let pad = if rng.one_in(3) { "" } else { "  " };
            out.push(format!("{pad}- id: g{i}"));
            out.push(
                format!("{pad}  status: {}", any(rng, "active".into()))
                    .trim_end()
                    .to_owned(),
            );
            if rng.one_in(2) {
                out.push(
                    format!("{pad}  due: {}", any(rng, "sprint 4".into()))
                        .trim_end()
                        .to_owned(),
                );
            }
            if rng.one_in(2) {
                out.push(format!("{pad}  addresses: {}", flow(rng)));
            }
        }
        if rng.one_in(2) {
            out.push("backlog:".into());
            out.push(
                format!("  - item: {}", any(rng, "\"#12\"".into()))
                    .trim_end()
                    .to_owned(),
            );
            out.push(
                format!("    change: {}", any(rng, "added".into()))
                    .trim_end()
                    .to_owned(),
            );
            out.push(
                format!("    after: {}", any(rng, "8".into()))
                    .trim_end()
                    .to_owned(),
            );
        }
        if rng.one_in(3) {
            out.push(format!("tags: {}", flow(rng)));
        }
        if rng.one_in(4) {
            out.push("extra:".into());
            map(rng, &mut out, 2, 1);
        }
        out
    }

    /// A mentorship as people write it.
    fn mentorship(rng: &mut Rng) -> Vec<String> {
        let mut out = vec![
            format!("title: {}", any(rng, "Mentoring the team".into())),
            format!("mentee: {}", any(rng, "Team 0".into())),
        ];
        if rng.one_in(2) {
            out.push(format!("mentors: {}", flow(rng)));
        } else {
            out.push("mentors:".into());
            for _ in 0..=rng.below(2) {
                out.push(format!("  - name: {}", any(rng, "Kwame Mensah".into())));
                if rng.one_in(2) {
                    out.push(format!("    role: {}", any(rng, "lead mentor".into())));
                }
            }
        }
        out.push(format!("started: {}", any(rng, "2020-01-01".into())));
        if rng.one_in(2) {
            out.push(format!("min_goals: {}", any(rng, "3".into())));
        }
        if rng.one_in(2) {
            out.push(format!("default_visibility: {}", any(rng, "public".into())));
        }
        if rng.one_in(2) {
            out.push(format!("members: {}", flow(rng)));
        }
        if rng.one_in(3) {
            out.push(format!("status: {}", any(rng, "active".into())));
        }
        for line in &mut out {
            line.truncate(line.trim_end().len());
        }
        out
    }

    /// A random block: a session, a mentorship, a mentorship-like map or any map, then a few of the
    /// slips people make (a stray character, a line moved, a comment) now and then.
    fn block(seed: u64) -> String {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut lines = match rng.below(4) {
            0 => session(&mut rng),
            1 => mentorship(&mut rng),
            _ => {
                let mut out = Vec::new();
                map(&mut rng, &mut out, 0, 0);
                out
            }
        };
        let slips = if rng.one_in(3) { 1 + rng.below(2) } else { 0 };
        for _ in 0..slips {
            if lines.is_empty() {
                break;
            }
            let at = rng.below(lines.len());
            match rng.below(8) {
                0 => lines.insert(at, String::new()),
                1 => lines.insert(at, format!("{}# a comment", " ".repeat(rng.below(5)))),
                2 => lines[at].push_str(" # a comment"),
                3 => lines[at].push_str("  "),
                4 => lines[at].insert(0, ' '),
                5 => {
                    let line = &mut lines[at];
                    let mut i = rng.below(line.len() + 1);
                    while !line.is_char_boundary(i) {
                        i -= 1;
                    }
                    line.insert(
                        i,
                        rng.pick(&["-", ":", "#", "[", "]", "'", "\"", " ", "\t", "{"])
                            .chars()
                            .next()
                            .unwrap_or(' '),
                    );
                }
                6 => {
                    lines.remove(at);
                }
                _ => {
                    let line = lines.remove(at);
                    lines.push(line);
                }
            }
        }
        if rng.one_in(10) {
            // The whole block indented alike.
            for line in &mut lines {
                line.insert_str(0, "  ");
            }
        }
        let mut text = lines.join("\n");
        text.push('\n');
        text
    }

    /// The first case among `cases` where the shortcut (with `fault` built in) reads a
    /// block otherwise than serde_yaml, and how often it read one, per kind of reading.
    fn counterexample(
        cases: u64,
        fault: Option<Fault>,
    ) -> (Option<(u64, String, String)>, [usize; 3]) {
        let mut read = [0; 3];
        for seed in 0..cases {
            let yaml = block(seed);
            let found = [
                agrees::<SessionFront>(&yaml, fault),
                agrees::<MentorshipFront>(&yaml, fault),
                agrees::<serde_json::Value>(&yaml, fault),
            ];
            for (i, f) in found.into_iter().enumerate() {
                match f {
                    Ok(true) => read[i] += 1,
                    Ok(false) => {}
                    Err(why) => return (Some((seed, yaml, why)), read),
                }
            }
        }
        (None, read)
    }

    fn cases() -> u64 {
        std::env::var("MENTORLOG_YAML_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20_000)
    }

    #[test]
    fn the_shortcut_reads_what_serde_yaml_reads() {
        let cases = cases();
        let (found, read) = counterexample(cases, None);
        if let Some((seed, yaml, why)) = found {
            panic!("case {seed}:\n{yaml}\n{why}");
        }
        // Not vacuous: the shortcut read many blocks, typed ones included.
        let cases = usize::try_from(cases).unwrap_or(usize::MAX);
        assert!(read[0] * 40 >= cases, "sessions read {read:?} of {cases}");
        assert!(
            read[1] * 40 >= cases,
            "mentorships read {read:?} of {cases}"
        );
        assert!(read[2] * 4 >= cases, "free data read {read:?} of {cases}");
    }

    #[test]
    fn the_property_test_catches_a_broken_shortcut() {
        let (found, _) = counterexample(cases(), Some(Fault::QuotesIgnored));
        let (_, yaml, why) = found.expect("quoted scalars read as numbers went unnoticed");
        assert!(yaml.contains(['"', '\'']), "{yaml}\n{why}");
    }

    #[test]
    fn reads_the_example_log_and_the_fixtures_as_serde_yaml_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read_example = 0;
        let mut notes = 0;
        for dir in [
            "content",
            "tests/fixtures",
            "tests/fuzz/corpus/front_matter",
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(split) = crate::content::front_matter::split("", &text) else {
                    continue;
                };
                let agreed = crate::content::front_matter::shortcut_agrees(split.yaml);
                assert!(agreed.is_ok(), "{}: {agreed:?}", entry.path().display());
                if dir == "content" {
                    notes += 1;
                    read_example += usize::from(agreed == Ok(true));
                }
            }
        }
        // The example is written the way people write: the shortcut reads all of it.
        assert!(notes > 0);
        assert_eq!(read_example, notes);
    }

    #[test]
    fn refuses_the_characters_libyaml_breaks_lines_at_or_refuses() {
        // The byte-wise check against the characters themselves, for every character
        // of the first three planes' start and each ASCII one.
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let refused = (c < ' ' && c != '\n')
                || c == '\u{7f}'
                || c == '\\'
                || matches!(
                    c,
                    '\u{80}'
                        ..='\u{9f}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{feff}'
                            | '\u{fffe}'
                            | '\u{ffff}'
                );
            let text = format!("a{c}b");
            assert_eq!(
                super::plain_characters(&text),
                !refused,
                "U+{:04X}",
                u32::from(c)
            );
            assert_eq!(
                super::plain_characters(&c.to_string()),
                !refused,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn declines_what_it_does_not_read_exactly() {
        for yaml in [
            "a: \"x\"#c\n",
            "a: [\"x\"] # c\n",
            "a: \"x\\ty\"\n",
            "a: |2\n  text\n",
            "a: >+\n  text\n",
            "a: |\n  text\n    deeper\n",
            "a: >\n\n  text\n",
            "- |\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: {b: {c: 1}}\n",
            "a: x # c\n  continued\n",
            "a: \"x\"\n  continued\n",
            "a: x\n  - continued\n",
            "a: x\n  # c\n  continued\n",
            "a: [x,\n  y]\n",
            "a:\n- x\n - y\n",
            "- a\n- b\n",
            "a: !tag x\n",
            "a:\tx\n",
            "'a': x\n",
            "a: x\n---\nb: y\n",
        ] {
            assert_eq!(read(yaml), None, "{yaml}");
        }
        assert!(read("a: 1\nb:\n- x\n- k: v\n  l: [m, 'n']\nc: \"d\"\n").is_some());
        assert!(
            read("a: 1 # c\nb: \"x #y\"  # c\nc: [x] # c\nd: # c\n  - {k: v, l: 'm'}\n").is_some()
        );
        assert!(read("a: one\n  two\n\n   three\nb:\n- x\n  y\n").is_some());
        assert!(read("a: >-\n  one\n  # two\n\n  three\nb: |\n  x\n\n  y\n").is_some());
    }
}
