//! Where in a note a position is: in the front matter, under which keys (`goals`, an item,
//! `addresses`), on a key or a value; or in the body, inside which link.
//!
//! While a note is being typed its YAML is often half written and does not parse, so this
//! reads the lines around the position by their indentation, as an editor's YAML mode
//! does, rather than asking the parser. It says only *where* the position is; what may be
//! written there comes from `content::shape`, what exists from the host.

use crate::content::shape::{self, Field, MapShape, Shape};

/// One step of a path in the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A key of a map.
    Key(String),
    /// An item of a list.
    Item,
}

/// What the position is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spot {
    /// A key of the map at `path` (being typed, or under the cursor).
    Key {
        /// The map's path.
        path: Vec<Seg>,
    },
    /// The value at `path` (its last step is the key or the list item).
    Value {
        /// The value's path.
        path: Vec<Seg>,
    },
    /// The body, after `](`: a note path or `goal:` link target.
    Link,
    /// Elsewhere in the body, or nowhere we know.
    Other,
}

/// The spot of a position and the word around it.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// What the position is on.
    pub spot: Spot,
    /// The byte range of the word at the position (what a completion replaces).
    pub word: std::ops::Range<usize>,
}

impl Context {
    /// The word at the position in `text`.
    #[must_use]
    pub(crate) fn word<'a>(&self, text: &'a str) -> &'a str {
        &text[self.word.clone()]
    }
}

/// The lines of the front matter block: from the line after the first `---` to the line
/// before the closing one (or the text's end when it is not closed yet); `None` when the
/// note does not start with `---`.
#[must_use]
pub(crate) fn front_matter_lines(text: &str) -> Option<(usize, usize)> {
    let mut lines = text.split('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut end = 1;
    for line in lines {
        if line.trim_end() == "---" {
            return Some((1, end));
        }
        end += 1;
    }
    Some((1, end))
}

/// The parts of one line of YAML up to its first value: list dashes and a key, each with
/// its byte column, then the value's column.
#[derive(Debug)]
struct Parts<'a> {
    steps: Vec<(usize, Seg)>,
    /// Where the value (after the dashes and the key's colon) starts, and the value.
    value: (usize, &'a str),
    /// A `key:` was found.
    keyed: bool,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn parts(line: &str) -> Parts<'_> {
    let mut steps = Vec::new();
    let mut i = line.len() - line.trim_start_matches(' ').len();
    loop {
        let rest = &line[i..];
        if rest == "-" || rest.starts_with("- ") {
            steps.push((i, Seg::Item));
            i += 1;
            i += line[i..].len() - line[i..].trim_start_matches(' ').len();
        } else {
            break;
        }
    }
    let rest = &line[i..];
    let key_len = rest.len() - rest.trim_start_matches(is_key_char).len();
    let after = &rest[key_len..];
    let after_spaces = after.trim_start_matches(' ');
    if key_len > 0
        && let Some(value) = after_spaces.strip_prefix(':')
        && (value.is_empty() || value.starts_with(' '))
    {
        steps.push((i, Seg::Key(rest[..key_len].to_owned())));
        let v = value.trim_start_matches(' ');
        let at = line.len() - v.len();
        return Parts {
            steps,
            value: (at, v),
            keyed: true,
        };
    }
    Parts {
        steps,
        value: (i, rest),
        keyed: false,
    }
}

/// Whether a line holds nothing but spaces or a comment.
fn blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The keys and items above line `line` that hold what starts at byte column `limit`.
fn parents(lines: &[&str], first: usize, line: usize, mut limit: usize) -> Vec<Seg> {
    let mut path = Vec::new();
    let mut n = line;
    while limit > 0 && n > first {
        n -= 1;
        let l = lines[n];
        if blank(l) {
            continue;
        }
        let p = parts(l);
        for (col, seg) in p.steps.into_iter().rev() {
            if col < limit {
                path.push(seg);
                limit = col;
            }
        }
    }
    path.reverse();
    path
}

fn word_bounds(line: &str, col: usize, stop: impl Fn(char) -> bool) -> (usize, usize) {
    let start = line[..col].rfind(&stop).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = line[col..].find(&stop).map_or(line.len(), |i| col + i);
    (start, end)
}

/// Where byte `offset` of `text` is.
#[must_use]
pub(crate) fn at(text: &str, offset: usize) -> Context {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_no = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let lines: Vec<&str> = text.split('\n').collect();
    let line = lines.get(line_no).copied().unwrap_or("");
    let col = offset - line_start;
    let other = Context {
        spot: Spot::Other,
        word: offset..offset,
    };
    let Some((first, end)) = front_matter_lines(text) else {
        return other;
    };
    if line_no > end {
        return body(line, line_start, col).unwrap_or(other);
    }
    if line_no < first || line_no == end && end < lines.len() && lines[end].trim_end() == "---" {
        return other;
    }
    front(&lines, first, line_no, line, line_start, col)
}

fn front(
    lines: &[&str],
    first: usize,
    line_no: usize,
    line: &str,
    line_start: usize,
    col: usize,
) -> Context {
    let before = parts(&line[..col]);
    let whole = parts(line);
    let limit = before.steps.first().map_or(before.value.0, |(c, _)| *c);
    let mut path = parents(lines, first, line_no, limit);
    // The word around the position: a value's word may hold spaces (`Bo Member`).
    let in_key = !before.keyed;
    if in_key && whole.keyed && col <= whole.value.0 {
        // On a key already written: `sta|tus: active`.
        let steps: Vec<Seg> = whole.steps.iter().map(|(_, s)| s.clone()).collect();
        let (key_col, _) = whole.steps.last().cloned().unwrap_or((col, Seg::Item));
        path.extend(steps[..steps.len() - 1].iter().cloned());
        let (s, e) = word_bounds(line, col.max(key_col), |c| !is_key_char(c));
        return Context {
            spot: Spot::Key { path },
            word: line_start + s..line_start + e,
        };
    }
    path.extend(before.steps.iter().map(|(_, s)| s.clone()));
    let (value_col, value) = before.value;
    if !before.keyed {
        // A key being typed, or a list item's value (`- Bo`): the shape tells which.
        let (s, e) = word_bounds(line, col, |c| !is_key_char(c) && c != ' ');
        let s = s.max(value_col);
        let is_item = matches!(path.last(), Some(Seg::Item));
        let word = line_start + s..line_start + e.max(col);
        if is_item && !takes_map(&path) {
            return Context {
                spot: Spot::Value { path },
                word: trim_word(line, line_start, s, e.max(col)),
            };
        }
        return Context {
            spot: Spot::Key { path },
            word,
        };
    }
    // A value: in a flow list (`[a, b`) it is an item.
    let mut start = value_col;
    if let Some(open) = value.rfind('[') {
        path.push(Seg::Item);
        start = value_col + open + 1;
    }
    if let Some(comma) = line[start..col].rfind(',') {
        start += comma + 1;
    }
    let end = line[col..]
        .find([',', ']', '#'])
        .map_or(line.len(), |i| col + i);
    Context {
        spot: Spot::Value { path },
        word: trim_word(line, line_start, start, end),
    }
}

/// `start..end` of `line` without spaces and quotes around it, as a range of the text.
fn trim_word(line: &str, line_start: usize, start: usize, end: usize) -> std::ops::Range<usize> {
    let raw = &line[start..end.max(start)];
    let lead = raw.len() - raw.trim_start_matches([' ', '"', '\'']).len();
    let inner = raw.trim_start_matches([' ', '"', '\'']);
    let trimmed = inner.trim_end_matches([' ', '"', '\'']);
    let s = start + lead;
    line_start + s..line_start + s + trimmed.len()
}

/// Whether the list item at `path` may be a map (then `- ` starts a key).
fn takes_map(path: &[Seg]) -> bool {
    matches!(
        shape_at(&shape::SESSION, path).map(|l| l.shape),
        Some(Shape::Map(_) | Shape::TextOrMap(_))
    ) || matches!(
        shape_at(&shape::MENTORSHIP, path).map(|l| l.shape),
        Some(Shape::Map(_) | Shape::TextOrMap(_))
    )
}

fn body(line: &str, line_start: usize, col: usize) -> Option<Context> {
    let before = &line[..col];
    let open = before.rfind("](")?;
    let target_start = open + 2;
    if before[target_start..].contains(')') {
        return None;
    }
    let mut start = target_start;
    if line[start..].starts_with("goal:") && col >= start + 5 {
        start += 5;
    }
    let end = line[col..]
        .find([')', ' ', '#'])
        .map_or(line.len(), |i| col + i);
    Some(Context {
        spot: Spot::Link,
        word: line_start + start..line_start + end,
    })
}

/// The link target (`goal:x` or a path) that contains byte `offset` of `text`, with its
/// byte range, when `offset` is in the body inside `[..](target)`.
#[must_use]
pub(crate) fn link_at(text: &str, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let col = offset - line_start;
    // Every `](…)` of the line; the one whose brackets hold the position.
    let mut from = 0;
    while let Some(i) = line[from..].find("](") {
        let open = from + i;
        let target_start = open + 2;
        let close = line[target_start..].find(')').map(|j| target_start + j)?;
        let label_start = line[..open].rfind('[').unwrap_or(open);
        if (label_start..=close).contains(&col) {
            let target = &line[target_start..close];
            let target = target.split_whitespace().next().unwrap_or("");
            return Some((
                target.to_owned(),
                line_start + target_start..line_start + target_start + target.len(),
            ));
        }
        from = close;
    }
    None
}

/// What a path of the front matter leads to: the map holding its last key and the
/// shape of the value there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Located {
    /// The map whose key the path's last key is (the root's for `date`).
    pub map: &'static MapShape,
    /// That key's field, when the path ends in a key or an item of its list.
    pub field: Option<&'static Field>,
    /// The value's shape at the path.
    pub shape: Shape,
}

/// Follows `path` from the front matter `root`.
#[must_use]
pub(crate) fn shape_at(root: &'static MapShape, path: &[Seg]) -> Option<Located> {
    let mut here = Located {
        map: root,
        field: None,
        shape: Shape::Map(root),
    };
    for seg in path {
        here = match (seg, here.shape) {
            (Seg::Key(k), Shape::Map(m) | Shape::TextOrMap(m)) => {
                let field = m.fields.iter().find(|f| f.key == k)?;
                Located {
                    map: m,
                    field: Some(field),
                    shape: field.shape,
                }
            }
            (Seg::Item, Shape::List(inner, _)) => Located {
                shape: *inner,
                ..here
            },
            (Seg::Item, Shape::Names | Shape::Owner) => Located {
                shape: Shape::Text,
                ..here
            },
            _ => return None,
        };
    }
    Some(here)
}

/// The front matter's table for the note at `rel`: `mentorship.md` or a session.
#[must_use]
pub(crate) fn root_shape(rel: &std::path::Path) -> &'static MapShape {
    if rel
        .file_name()
        .is_some_and(|n| n == crate::content::load::MENTORSHIP_FILE)
    {
        &shape::MENTORSHIP
    } else {
        &shape::SESSION
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(text: &str) -> (Spot, String) {
        let at_ = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let c = at(&text, at_);
        let word = c.word(&text).to_owned();
        (c.spot, word)
    }

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    #[test]
    fn finds_keys_and_values_by_indentation() {
        let (s, w) = spot("---\ndate: 2026-01-01\nki|\n---\n");
        assert_eq!(s, Spot::Key { path: vec![] });
        assert_eq!(w, "ki");
        let (s, w) = spot("---\ngoals:\n  - id: fast\n    status: ac|\n---\n");
        assert_eq!(
            s,
            Spot::Value {
                path: vec![key("goals"), Seg::Item, key("status")]
            }
        );
        assert_eq!(w, "ac");
        let (s, _) = spot("---\ngoals:\n  - id: fast\n    sta|\n");
        assert_eq!(
            s,
            Spot::Key {
                path: vec![key("goals"), Seg::Item]
            }
        );
        let (s, w) = spot("---\ngoals:\n  - id: fa|st-reviews\n---\n");
        assert_eq!(
            s,
            Spot::Value {
                path: vec![key("goals"), Seg::Item, key("id")]
            }
        );
        assert_eq!(w, "fast-reviews");
        let (s, w) = spot("---\nattendees: [Bo Member, C|\n");
        assert_eq!(
            s,
            Spot::Value {
                path: vec![key("attendees"), Seg::Item]
            }
        );
        assert_eq!(w, "C");
        let (s, w) = spot("---\nattendees:\n  - Bo M|\n");
        assert_eq!(
            s,
            Spot::Value {
                path: vec![key("attendees"), Seg::Item]
            }
        );
        assert_eq!(w, "Bo M");
        let (s, _) = spot("---\nweaknesses:\n  - |\n");
        assert_eq!(
            s,
            Spot::Key {
                path: vec![key("weaknesses"), Seg::Item]
            }
        );
        let (s, w) = spot("---\ngoals:\n  - id: x\n    addresses: [slow-reviews, fl|]\n");
        assert_eq!(
            s,
            Spot::Value {
                path: vec![key("goals"), Seg::Item, key("addresses"), Seg::Item]
            }
        );
        assert_eq!(w, "fl");
        let (s, w) = spot("---\ngoals:\n  - id: x\n    sta|tus: active\n");
        assert_eq!(
            s,
            Spot::Key {
                path: vec![key("goals"), Seg::Item]
            }
        );
        assert_eq!(w, "status");
    }

    #[test]
    fn finds_link_targets_in_the_body() {
        let (s, w) = spot("---\ndate: 2026-01-01\n---\nSee [x](goal:fa|\n");
        assert_eq!(s, Spot::Link);
        assert_eq!(w, "fa");
        let (s, w) = spot("---\ndate: 2026-01-01\n---\nSee [x](../k|\n");
        assert_eq!(s, Spot::Link);
        assert_eq!(w, "../k");
        let text = "---\n---\nSee [the kickoff](kick.md) and [g](goal:fast).\n";
        let at_ = text.find("fast").unwrap();
        assert_eq!(link_at(text, at_).unwrap().0, "goal:fast");
        let at_ = text.find("kickoff").unwrap();
        assert_eq!(link_at(text, at_).unwrap().0, "kick.md");
    }

    #[test]
    fn paths_lead_to_the_table() {
        let l = shape_at(
            &shape::SESSION,
            &[key("goals"), Seg::Item, key("addresses"), Seg::Item],
        )
        .unwrap();
        assert_eq!(l.map.name, "goal");
        assert_eq!(l.field.unwrap().key, "addresses");
        assert!(matches!(l.shape, Shape::Text));
    }
}
