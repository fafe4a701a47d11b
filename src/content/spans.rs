//! Where each key and value of a front matter block was written.
//!
//! serde_yaml parses the front matter into typed structs and reports its own errors with a
//! location, but a typed struct no longer knows where its values came from. Later stages
//! need that (an unknown goal id, a key nobody knows), so this module walks the same YAML
//! once more as an event stream (saphyr-parser keeps marks on every event) and records the
//! position of every key and value by its path: `goals.2.id`. It runs only on blocks that
//! serde_yaml already accepted, so it never sees an alias bomb.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span};

use crate::diagnostic::Loc;

/// Positions of keys and values by path (`goals.2.status`), counted from the file's start.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    keys: HashMap<String, Loc>,
    values: HashMap<String, Loc>,
    /// Every mapping's path and its keys, in order; for unknown-key checks.
    maps: Vec<(String, Vec<(String, Loc)>)>,
}

impl SpanMap {
    /// Walks `yaml`, a front matter block whose first line is line `first_line` of the file.
    #[must_use]
    pub fn build(yaml: &str, first_line: usize) -> Self {
        let mut walker = Walker {
            events: Parser::new_from_str(yaml).peekable(),
            first_line,
            map: Self::default(),
        };
        // The stream and document starts come first.
        while let Some(Ok((event, _))) = walker.events.peek() {
            if matches!(event, Event::StreamStart | Event::DocumentStart(_)) {
                walker.events.next();
            } else {
                break;
            }
        }
        walker.node(String::new(), 0);
        walker.map
    }

    /// Where the key at `path` was written, falling back to its parents.
    #[must_use]
    pub fn key(&self, path: &str) -> Option<Loc> {
        self.keys
            .get(path)
            .copied()
            .or_else(|| self.value(parent(path)?))
    }

    /// Where the value at `path` was written, falling back to its key, then its parents.
    #[must_use]
    pub fn value(&self, path: &str) -> Option<Loc> {
        if let Some(loc) = self.values.get(path) {
            return Some(*loc);
        }
        if let Some(loc) = self.keys.get(path) {
            return Some(*loc);
        }
        self.value(parent(path)?)
    }

    /// Every mapping: its path and its keys with their places (the front matter fuzzer
    /// checks every place against the text).
    pub fn maps(&self) -> impl Iterator<Item = (&str, &[(String, Loc)])> {
        self.maps.iter().map(|(p, k)| (p.as_str(), k.as_slice()))
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rfind('.').map_or("", |i| &path[..i]))
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

struct Walker<'a> {
    events: std::iter::Peekable<Parser<'a, saphyr_parser::StrInput<'a>>>,
    first_line: usize,
    map: SpanMap,
}

impl Walker<'_> {
    fn loc(&self, span: Span, len: usize) -> Loc {
        Loc::new(
            span.start.line() + self.first_line - 1,
            span.start.col() + 1,
            len.max(1),
        )
    }

    /// A flow list or map written on one line (`{size: M}`) is marked whole: its value's
    /// place reaches from its opening bracket to its closing one.
    fn close(&mut self, path: &str, start: Span, end: Span) {
        let flow_close = end.end.index() > end.start.index();
        if flow_close
            && end.start.line() == start.start.line()
            && let Some(loc) = self.map.values.get_mut(path)
        {
            loc.len = end.end.col().saturating_sub(start.start.col()).max(1);
        }
    }

    fn node(&mut self, path: String, depth: usize) {
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
                self.map.values.insert(path, loc);
            }
            Event::Alias(_) => {
                let loc = self.loc(span, 1);
                self.map.values.insert(path, loc);
            }
            Event::SequenceStart(..) => {
                let loc = self.loc(span, 1);
                self.map.values.insert(path.clone(), loc);
                let mut i = 0;
                while let Some(Ok((next, end))) = self.events.peek() {
                    if matches!(next, Event::SequenceEnd) {
                        let end = *end;
                        self.events.next();
                        self.close(&path, span, end);
                        break;
                    }
                    self.node(child(&path, &i.to_string()), depth + 1);
                    i += 1;
                }
            }
            Event::MappingStart(..) => {
                let loc = self.loc(span, 1);
                self.map.values.insert(path.clone(), loc);
                let mut keys = Vec::new();
                while let Some(Ok((next, key_span))) = self.events.next() {
                    match next {
                        Event::MappingEnd => {
                            self.close(&path, span, key_span);
                            break;
                        }
                        Event::Scalar(key, ..) => {
                            let key = key.into_owned();
                            let loc = self.loc(key_span, key.chars().count());
                            let key_path = child(&path, &key);
                            self.map.keys.insert(key_path.clone(), loc);
                            keys.push((key, loc));
                            self.node(key_path, depth + 1);
                        }
                        _ => {
                            // A complex key: nothing in our schema uses one; skip its value.
                            self.node(child(&path, "?"), depth + 1);
                        }
                    }
                }
                self.map.maps.push((path, keys));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
