//! A front matter block as a tree whose every node knows where it was written.
//!
//! The validator (`validate`) needs the values of a note that serde rejected, with their
//! places, to report every problem at once; saphyr-parser's events carry a mark on each
//! value. Built only for notes that need diagnostics, never on a clean build. Aliases
//! point at the node they name; nesting deeper than serde_yaml allows is refused.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostic::Loc;

/// The index of a node in its [`Tree`].
pub(crate) type Id = usize;

/// A parsed block: its nodes and the top one (`None` for a block of comments only).
#[derive(Debug)]
pub(crate) struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    /// The top-level node.
    pub root: Option<Id>,
}

/// One value.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    /// What it is.
    pub kind: Kind<'a>,
    /// Where it was written, counted from the file's first line. A value written on one
    /// line (`{name: Ana}`, `[a, b]`, `"text"`) is marked whole; one that spans lines (a
    /// block list or map, a folded text) from its start to the end of its first line.
    pub loc: Loc,
}

/// What a node is.
#[derive(Debug)]
pub(crate) enum Kind<'a> {
    /// Text as written; `plain` when unquoted (only plain text can be a number or null).
    Scalar { text: Cow<'a, str>, plain: bool },
    /// A list.
    List(Vec<Id>),
    /// A map's keys and values, in order; `flow` when written `{…}`.
    Map { entries: Vec<(Id, Id)>, flow: bool },
    /// `*name`: the node `&name` marked.
    Alias(Id),
}

/// The depth serde_yaml refuses (its recursion limit), so that no tree is deeper.
const MAX_DEPTH: usize = 128;

impl<'a> Tree<'a> {
    /// Parses `yaml`, a front matter block whose first line is line `first_line` of the
    /// file. `None` when it is not YAML saphyr reads, or nests too deeply.
    pub(crate) fn parse(yaml: &'a str, first_line: usize) -> Option<Self> {
        let mut builder = Builder {
            events: Parser::new_from_str(yaml),
            lines: yaml.split('\n').collect(),
            first_line,
            nodes: Vec::new(),
            anchors: HashMap::new(),
        };
        let mut root = None;
        loop {
            let (event, span) = builder.events.next()?.ok()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
                Event::DocumentEnd | Event::StreamEnd => break,
                event => {
                    root = Some(builder.node(event, span, 0)?);
                }
            }
        }
        Some(Self {
            nodes: builder.nodes,
            root,
        })
    }

    /// The node `id`, an alias followed to the node it names.
    pub(crate) fn get(&self, mut id: Id) -> &Node<'a> {
        // Anchors come before their aliases, so this ends.
        while let Kind::Alias(target) = self.nodes[id].kind {
            id = target;
        }
        &self.nodes[id]
    }
}

struct Builder<'a> {
    events: Parser<'a, saphyr_parser::StrInput<'a>>,
    lines: Vec<&'a str>,
    first_line: usize,
    nodes: Vec<Node<'a>>,
    anchors: HashMap<usize, Id>,
}

impl<'a> Builder<'a> {
    /// The place of `start` (0-based column), `len` characters wide, or to the end of its
    /// line when `len` is `None`.
    fn loc(&self, start: Span, len: Option<usize>) -> Loc {
        let (line, col) = (start.start.line(), start.start.col());
        let len = len.unwrap_or_else(|| {
            self.lines.get(line.saturating_sub(1)).map_or(1, |text| {
                text.chars()
                    .skip(col)
                    .collect::<String>()
                    .trim_end()
                    .chars()
                    .count()
            })
        });
        Loc::new(line + self.first_line - 1, col + 1, len.max(1))
    }

    fn push(&mut self, kind: Kind<'a>, loc: Loc, anchor: usize) -> Id {
        self.nodes.push(Node { kind, loc });
        let id = self.nodes.len() - 1;
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        id
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Option<Id> {
        if depth > MAX_DEPTH {
            return None;
        }
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let one_line = span.end.line() == span.start.line();
                let len = one_line.then(|| span.end.col().saturating_sub(span.start.col()));
                let loc = self.loc(span, len);
                let plain = style == ScalarStyle::Plain;
                Some(self.push(Kind::Scalar { text, plain }, loc, anchor))
            }
            Event::Alias(anchor) => {
                let target = *self.anchors.get(&anchor)?;
                let loc = self.loc(span, Some(span.end.col().saturating_sub(span.start.col())));
                Some(self.push(Kind::Alias(target), loc, 0))
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (event, end) = self.events.next()?.ok()?;
                    if matches!(event, Event::SequenceEnd) {
                        let loc = self.collection_loc(span, end);
                        return Some(self.push(Kind::List(items), loc, anchor));
                    }
                    items.push(self.node(event, end, depth + 1)?);
                }
            }
            Event::MappingStart(anchor, _) => {
                let mut entries = Vec::new();
                loop {
                    let (event, key_span) = self.events.next()?.ok()?;
                    if matches!(event, Event::MappingEnd) {
                        let loc = self.collection_loc(span, key_span);
                        let flow = key_span.end.index() > key_span.start.index();
                        return Some(self.push(Kind::Map { entries, flow }, loc, anchor));
                    }
                    let key = self.node(event, key_span, depth + 1)?;
                    let (event, value_span) = self.events.next()?.ok()?;
                    let value = self.node(event, value_span, depth + 1)?;
                    entries.push((key, value));
                }
            }
            _ => None,
        }
    }

    /// A flow list or map closed on the line it opens is marked whole; any other from its
    /// start to the end of that line.
    fn collection_loc(&self, start: Span, end: Span) -> Loc {
        let flow_close = end.end.index() > end.start.index();
        let len = (flow_close && end.start.line() == start.start.line())
            .then(|| end.end.col().saturating_sub(start.start.col()));
        self.loc(start, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc_of(tree: &Tree, path: &[&str]) -> Loc {
        let mut id = tree.root.unwrap();
        for step in path {
            id = match &tree.get(id).kind {
                Kind::Map { entries, .. } => entries
                    .iter()
                    .find(|(k, _)| {
                        matches!(&tree.get(*k).kind, Kind::Scalar { text, .. } if text == step)
                    })
                    .unwrap()
                    .1,
                Kind::List(items) => items[step.parse::<usize>().unwrap()],
                _ => panic!("{step}"),
            };
        }
        tree.get(id).loc
    }

    #[test]
    fn values_are_marked_whole_or_to_the_end_of_their_first_line() {
        let yaml = "date: 2026-09-23\ngoals:\n  - id: a\n    owner: {name: Ana}\n  - id: b\nlist: [a,\n  b]\ntext: 'one\n  two'\n";
        let tree = Tree::parse(yaml, 2).unwrap();
        assert_eq!(loc_of(&tree, &["date"]), Loc::new(2, 7, 10));
        assert_eq!(loc_of(&tree, &["goals", "0", "owner"]), Loc::new(5, 12, 11));
        // A block list: from its first `-` to the end of that line.
        assert_eq!(loc_of(&tree, &["goals"]), Loc::new(4, 3, 7));
        // A block map: its first line.
        assert_eq!(loc_of(&tree, &["goals", "1"]), Loc::new(6, 5, 5));
        // A flow list that does not close on its line, and a quoted text on two lines.
        assert_eq!(loc_of(&tree, &["list"]), Loc::new(7, 7, 3));
        assert_eq!(loc_of(&tree, &["text"]), Loc::new(9, 7, 4));
    }

    #[test]
    fn aliases_name_their_anchor_and_bad_yaml_is_refused() {
        let tree = Tree::parse("a: &x [1]\nb: *x\n", 2).unwrap();
        assert_eq!(loc_of(&tree, &["b"]), Loc::new(2, 4, 6));
        assert!(Tree::parse("a: [1\nb: 2\n", 2).is_none());
        let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert!(Tree::parse(&deep, 2).is_none());
        assert!(Tree::parse("# only a comment\n", 2).unwrap().root.is_none());
    }
}
