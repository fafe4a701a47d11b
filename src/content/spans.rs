//! Where each key and value of a front matter block was written.
//!
//! serde_yaml parses the front matter into typed structs and reports its own errors with a
//! location, but a typed struct no longer knows where its values came from. Later stages
//! need that (an unknown goal id, a key nobody knows), so this module walks the same YAML
//! once more as an event stream (saphyr-parser keeps marks on every event) and records the
//! position of every key and value by its path: `goals.2.id`. It runs only on blocks that
//! serde_yaml already accepted, so it never sees an alias bomb.

use saphyr_parser::{Event, Parser, Span};

use crate::diagnostic::Loc;

/// Positions of keys and values by path (`goals.2.status`), counted from the file's start.
///
/// Compact, since a log with warnings holds one for every note of the mentorships being
/// linted (issue 17: a map of strings was about 20 KB a note): every path's text once in
/// one string, and the places found beside it in the order they were written. A note asks
/// for a few places (one a warning), so they are looked up by a scan from the end (the
/// last place written at a path counts) rather than sorted or hashed when made.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    /// The paths' texts, one after another.
    paths: String,
    /// Every key and value, in the order written.
    found: Box<[Found]>,
}

/// A [`Loc`] in a third of its size.
#[derive(Debug, Clone, Copy)]
struct Place([u32; 3]);

impl Place {
    fn of(loc: Loc) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Self([n(loc.line), n(loc.column), n(loc.len)])
    }

    fn loc(self) -> Loc {
        let [line, column, len] = self.0.map(|x| x as usize);
        Loc::new(line, column, len)
    }
}

impl SpanMap {
    /// Walks `yaml`, a front matter block whose first line is line `first_line` of the file.
    #[must_use]
    pub fn build(yaml: &str, first_line: usize) -> Self {
        let mut walker = Walker {
            events: Parser::new_from_str(yaml).peekable(),
            first_line,
            path: String::new(),
            paths: String::new(),
            found: Vec::new(),
        };
        // The stream and document starts come first.
        while let Some(Ok((event, _))) = walker.events.peek() {
            if matches!(event, Event::StreamStart | Event::DocumentStart(_)) {
                walker.events.next();
            } else {
                break;
            }
        }
        walker.node(0);
        walker.finish()
    }

    /// The last key (or value) written at `path`.
    fn last(&self, path: &str, is_key: bool) -> Option<Loc> {
        self.found
            .iter()
            .rev()
            .find(|f| f.is_key == is_key && self.path_of(f) == path)
            .map(|f| f.place.loc())
    }

    fn path_of(&self, f: &Found) -> &str {
        &self.paths[f.path.0 as usize..f.path.1 as usize]
    }

    /// Where the key at `path` was written, falling back to its parents.
    #[must_use]
    pub fn key(&self, path: &str) -> Option<Loc> {
        match self.last(path, true) {
            Some(loc) => Some(loc),
            None => self.value(parent(path)?),
        }
    }

    /// Where the value at `path` was written, falling back to its key, then its parents.
    #[must_use]
    pub fn value(&self, path: &str) -> Option<Loc> {
        match self.last(path, false).or_else(|| self.last(path, true)) {
            Some(loc) => Some(loc),
            None => self.value(parent(path)?),
        }
    }

    /// Every key written, in the order written: its path and its place (the front matter
    /// fuzzer checks every place against the text).
    pub fn keys(&self) -> impl Iterator<Item = (&str, Loc)> {
        self.found
            .iter()
            .filter(|f| f.is_key)
            .map(|f| (self.path_of(f), f.place.loc()))
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rfind('.').map_or("", |i| &path[..i]))
}

/// A key or a value found at a path.
#[derive(Debug, Clone, Copy)]
struct Found {
    path: (u32, u32),
    is_key: bool,
    place: Place,
}

struct Walker<'a> {
    events: std::iter::Peekable<Parser<'a, saphyr_parser::StrInput<'a>>>,
    first_line: usize,
    /// The path of the node being walked.
    path: String,
    /// Every path found, one after another.
    paths: String,
    found: Vec<Found>,
}

impl Walker<'_> {
    fn loc(&self, span: Span, len: usize) -> Loc {
        Loc::new(
            span.start.line() + self.first_line - 1,
            span.start.col() + 1,
            len.max(1),
        )
    }

    /// Records a key or value at the current path; its index in `found`.
    fn record(&mut self, is_key: bool, loc: Loc) -> usize {
        // A mapping's key and its value share the path's text.
        let path = match self.found.last() {
            Some(last) if self.paths[last.path.0 as usize..last.path.1 as usize] == self.path => {
                last.path
            }
            _ => {
                let start = self.paths.len();
                self.paths.push_str(&self.path);
                let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
                (n(start), n(self.paths.len()))
            }
        };
        self.found.push(Found {
            path,
            is_key,
            place: Place::of(loc),
        });
        self.found.len() - 1
    }

    /// Goes down to the child `key` of the current path; the length to truncate back to.
    fn enter(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        len
    }

    fn finish(self) -> SpanMap {
        SpanMap {
            paths: self.paths,
            found: self.found.into_boxed_slice(),
        }
    }

    /// A flow list or map written on one line (`{size: M}`) is marked whole: its value's
    /// place reaches from its opening bracket to its closing one.
    fn close(&mut self, at: usize, start: Span, end: Span) {
        let flow_close = end.end.index() > end.start.index();
        if flow_close && end.start.line() == start.start.line() {
            let len = end.end.col().saturating_sub(start.start.col()).max(1);
            self.found[at].place.0[2] = u32::try_from(len).unwrap_or(u32::MAX);
        }
    }

    fn node(&mut self, depth: usize) {
        let Some(Ok((event, span))) = self.events.next() else {
            return;
        };
        if depth > 64 {
            return;
        }
        match event {
            Event::Scalar(text, ..) => {
                let len = if span.end.line() == span.start.line() {
                    span.end.col().saturating_sub(span.start.col())
                } else {
                    text.chars().take_while(|c| *c != '\n').count()
                };
                let loc = self.loc(span, len);
                self.record(false, loc);
            }
            Event::Alias(_) => {
                let loc = self.loc(span, 1);
                self.record(false, loc);
            }
            Event::SequenceStart(..) => {
                let loc = self.loc(span, 1);
                let at = self.record(false, loc);
                let mut i = 0;
                while let Some(Ok((next, end))) = self.events.peek() {
                    if matches!(next, Event::SequenceEnd) {
                        let end = *end;
                        self.events.next();
                        self.close(at, span, end);
                        break;
                    }
                    let back = self.enter(itoa::Buffer::new().format(i));
                    self.node(depth + 1);
                    self.path.truncate(back);
                    i += 1;
                }
            }
            Event::MappingStart(..) => {
                let loc = self.loc(span, 1);
                let at = self.record(false, loc);
                while let Some(Ok((next, key_span))) = self.events.next() {
                    match next {
                        Event::MappingEnd => {
                            self.close(at, span, key_span);
                            break;
                        }
                        Event::Scalar(key, ..) => {
                            let loc = self.loc(key_span, key.chars().count());
                            let back = self.enter(&key);
                            self.record(true, loc);
                            self.node(depth + 1);
                            self.path.truncate(back);
                        }
                        _ => {
                            // A complex key: nothing in our schema uses one; skip its value.
                            let back = self.enter("?");
                            self.node(depth + 1);
                            self.path.truncate(back);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_written_twice_keeps_its_last_key_and_value() {
        let map = SpanMap::build("a: 1\nb:\n  - x\na: 22\n", 2);
        assert_eq!(map.key("a"), Some(Loc::new(5, 1, 1)));
        assert_eq!(map.value("a"), Some(Loc::new(5, 4, 2)));
        assert_eq!(map.value("b.0"), Some(Loc::new(4, 5, 1)));
        assert_eq!(map.value("b.1"), Some(Loc::new(4, 3, 1)));
        assert_eq!(map.value("zz"), Some(Loc::new(2, 1, 1)));
        let keys: Vec<(&str, Loc)> = map.keys().collect();
        let written = [
            ("a", Loc::new(2, 1, 1)),
            ("b", Loc::new(3, 1, 1)),
            ("a", Loc::new(5, 1, 1)),
        ];
        assert_eq!(keys, written);
    }

    #[test]
    fn finds_nested_keys_and_values() {
        let yaml = "date: 2026-09-23\ngoals:\n  - id: fast-reviews\n    status: active\n";
        let map = SpanMap::build(yaml, 2);
        assert_eq!(map.key("date"), Some(Loc::new(2, 1, 4)));
        assert_eq!(map.value("goals.0.id"), Some(Loc::new(4, 9, 12)));
        assert_eq!(map.key("goals.0.status"), Some(Loc::new(5, 5, 6)));
        // A flow map or list on one line is marked whole.
        let flow = SpanMap::build("backlog:\n  - after: {size: M}\n    owner: [Ana, Ben]\n", 2);
        assert_eq!(flow.value("backlog.0.after"), Some(Loc::new(3, 12, 9)));
        assert_eq!(flow.value("backlog.0.owner"), Some(Loc::new(4, 12, 10)));
        // Unknown paths fall back to the nearest parent that exists.
        assert_eq!(map.value("goals.0.note"), Some(Loc::new(4, 5, 1)));
    }
}
