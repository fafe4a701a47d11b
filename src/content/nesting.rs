//! How deeply flow collections (`[…]`, `{…}`) nest in a front matter block, found in one
//! pass before serde_yaml parses it (audit finding 6).
//!
//! libyaml's scanner (serde_yaml's parser) keeps a possible simple key for every open flow
//! collection and looks at all of them for every token it reads, and it reads a whole
//! collection before it hands out its first event: `n` nested `[` cost n² steps (100,000
//! of them, a 200 KB note, took 42 s) before serde_yaml's recursion limit could say
//! "nested too deeply". saphyr-parser scans the same way. Block nesting costs no such
//! thing (one indentation level per line, or `- - -`, are linear).
//!
//! This module follows libyaml's tokenizer just far enough to know where flow
//! collections open and close: comments, quoted scalars (with their escapes), block
//! scalars (with libyaml's indentation rules), plain scalars (which may hold `[` in block
//! context), anchors, tags, directives and document markers. It stops at the first `[` or
//! `{` that opens a level deeper than the limit. It never fails: on text libyaml refuses
//! it goes on as best it can, and it stops where libyaml's reader stops (a control
//! character, U+FFFE, U+FFFF), since libyaml never scans beyond.
//!
//! Pure, linear in the block's length, and run only on a block with more `[` and `{`
//! than the limit (fewer cannot nest deeper).

/// Flow levels a front matter block may open: serde_yaml's own limit for all nesting, so
/// a block this refuses was refused before too, only after a long while.
pub(crate) const LIMIT: usize = 128;

/// The byte offset in `yaml` of the `[` or `{` that opens flow level `limit + 1`, if any.
#[must_use]
pub(crate) fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    let openers = yaml.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if openers <= limit {
        return None;
    }
    Scanner::new(yaml).run(limit).err()
}

#[cfg(test)]
/// The deepest flow nesting of `yaml` as libyaml's tokenizer sees it (for tests).
#[must_use]
pub(crate) fn max_flow_depth(yaml: &str) -> usize {
    Scanner::new(yaml).run(usize::MAX).unwrap_or(usize::MAX)
}

/// libyaml's line breaks (YAML 1.1 has NEL, LS and PS besides CR and LF).
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Blank, break, or the end (`'\0'` stands for the end).
fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

fn is_breakz(c: char) -> bool {
    is_break(c) || c == '\0'
}

/// libyaml's `IS_ALPHA`: the characters of anchors and tag handles.
fn is_alpha(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The characters libyaml reads in a tag's URI (`verbatim`: inside `!<…>`).
fn is_uri(c: char, verbatim: bool) -> bool {
    is_alpha(c) || ";/?:@&=+$.%!~*'()".contains(c) || (verbatim && ",[]".contains(c))
}

/// A character libyaml's reader refuses: it stops there, and so does the scan.
fn refused(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The possible simple key of the block context: where a `key:` may have started.
#[derive(Clone, Copy)]
struct Key {
    column: usize,
    line: usize,
    index: usize,
}

struct Scanner {
    /// The characters up to the first one libyaml refuses, with their byte offsets.
    chars: Vec<(usize, char)>,
    pos: usize,
    line: usize,
    column: usize,
    flow: usize,
    indent: isize,
    indents: Vec<isize>,
    key_allowed: bool,
    key: Option<Key>,
}

impl Scanner {
    fn new(yaml: &str) -> Self {
        let chars = yaml
            .char_indices()
            .take_while(|&(_, c)| !refused(c))
            .collect();
        Self {
            chars,
            pos: 0,
            line: 0,
            column: 0,
            flow: 0,
            indent: -1,
            indents: Vec::new(),
            key_allowed: true,
            key: None,
        }
    }

    /// The character `k` places ahead, `'\0'` past the end.
    fn c(&self, k: usize) -> char {
        self.chars.get(self.pos + k).map_or('\0', |&(_, c)| c)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// Moves past one character that is not a line break.
    fn skip(&mut self) {
        if !self.at_end() {
            self.pos += 1;
            self.column += 1;
        }
    }

    /// Moves past a line break (CR LF is one).
    fn skip_line(&mut self) {
        if self.c(0) == '\r' && self.c(1) == '\n' {
            self.pos += 2;
        } else if is_break(self.c(0)) {
            self.pos += 1;
        } else {
            return;
        }
        self.line += 1;
        self.column = 0;
    }

    fn document_marker(&self) -> bool {
        self.column == 0
            && ((self.c(0) == '-' && self.c(1) == '-' && self.c(2) == '-')
                || (self.c(0) == '.' && self.c(1) == '.' && self.c(2) == '.'))
            && is_blankz(self.c(3))
    }

    fn roll(&mut self, column: usize) {
        let column = isize::try_from(column).unwrap_or(isize::MAX);
        if self.flow == 0 && self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
        }
    }

    fn unroll(&mut self, column: isize) {
        if self.flow != 0 {
            return;
        }
        while self.indent > column {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    /// A token that may start a simple key starts here.
    fn save_key(&mut self) {
        if self.flow == 0 && self.key_allowed {
            self.key = Some(Key {
                column: self.column,
                line: self.line,
                index: self.pos,
            });
        }
    }

    /// Only the block context's key matters: flow keys never change the indentation.
    fn remove_key(&mut self) {
        if self.flow == 0 {
            self.key = None;
        }
    }

    /// libyaml's `stale_simple_keys` for the block key: a key cannot span lines or more
    /// than 1,024 characters.
    fn stale_key(&mut self) {
        if let Some(k) = self.key
            && (k.line < self.line || k.index + 1024 < self.pos)
        {
            self.key = None;
        }
    }

    /// Scans every token; `Err` with the byte offset of the opener that goes deeper than
    /// `limit`, else `Ok` with the deepest level seen.
    // Long on purpose: a tokenizer's state machine, following libyaml's; its states share
    // the same locals.
    fn run(mut self, limit: usize) -> Result<usize, usize> {
        let mut deepest = 0;
        loop {
            self.skip_to_next_token();
            if self.at_end() {
                return Ok(deepest);
            }
            self.stale_key();
            self.unroll(isize::try_from(self.column).unwrap_or(isize::MAX));
            let (c0, c1) = (self.c(0), self.c(1));
            match c0 {
                '%' if self.column == 0 => {
                    self.unroll(-1);
                    self.remove_key();
                    self.key_allowed = false;
                    while !is_breakz(self.c(0)) {
                        self.skip();
                    }
                }
                '-' | '.' if self.document_marker() => {
                    self.unroll(-1);
                    self.remove_key();
                    self.key_allowed = false;
                    for _ in 0..3 {
                        self.skip();
                    }
                }
                '[' | '{' => {
                    self.save_key();
                    self.flow += 1;
                    if self.flow > limit {
                        return Err(self.chars[self.pos].0);
                    }
                    deepest = deepest.max(self.flow);
                    self.key_allowed = true;
                    self.skip();
                }
                ']' | '}' => {
                    self.remove_key();
                    self.flow = self.flow.saturating_sub(1);
                    self.key_allowed = false;
                    self.skip();
                }
                ',' => {
                    self.remove_key();
                    self.key_allowed = true;
                    self.skip();
                }
                '-' if is_blankz(c1) => {
                    self.roll(self.column);
                    self.remove_key();
                    self.key_allowed = true;
                    self.skip();
                }
                '?' if self.flow > 0 || is_blankz(c1) => {
                    self.roll(self.column);
                    self.remove_key();
                    self.key_allowed = self.flow == 0;
                    self.skip();
                }
                ':' if self.flow > 0 || is_blankz(c1) => {
                    // In flow context the key is the collection's own: no indentation.
                    if self.flow > 0 {
                        self.key_allowed = false;
                    } else if let Some(k) = self.key.take() {
                        self.roll(k.column);
                        self.key_allowed = false;
                    } else {
                        self.roll(self.column);
                        self.key_allowed = true;
                    }
                    self.skip();
                }
                '*' | '&' => {
                    self.save_key();
                    self.key_allowed = false;
                    self.skip();
                    while is_alpha(self.c(0)) {
                        self.skip();
                    }
                }
                '!' => {
                    self.save_key();
                    self.key_allowed = false;
                    self.tag();
                }
                '|' | '>' if self.flow == 0 => {
                    self.remove_key();
                    self.key_allowed = true;
                    self.block_scalar();
                }
                '\'' | '"' => {
                    self.save_key();
                    self.key_allowed = false;
                    self.quoted_scalar(c0 == '\'');
                }
                _ if self.plain_starts(c0, c1) => {
                    self.save_key();
                    self.key_allowed = false;
                    self.plain_scalar();
                }
                // libyaml stops here ("cannot start any token"); going on only counts more.
                _ => self.skip(),
            }
        }
    }

    /// libyaml's `scan_to_next_token`: spaces, tabs where allowed, comments, line breaks.
    fn skip_to_next_token(&mut self) {
        loop {
            if self.column == 0 && self.c(0) == '\u{feff}' {
                self.skip();
            }
            while self.c(0) == ' ' || ((self.flow > 0 || !self.key_allowed) && self.c(0) == '\t') {
                self.skip();
            }
            if self.c(0) == '#' {
                while !is_breakz(self.c(0)) {
                    self.skip();
                }
            }
            if !is_break(self.c(0)) {
                return;
            }
            self.skip_line();
            if self.flow == 0 {
                self.key_allowed = true;
            }
        }
    }

    fn plain_starts(&self, c0: char, c1: char) -> bool {
        !(is_blankz(c0) || "-?:,[]{}#&*!|>'\"%@`".contains(c0))
            || (c0 == '-' && !is_blank(c1))
            || (self.flow == 0 && (c0 == '?' || c0 == ':') && !is_blankz(c1))
    }

    /// libyaml's `scan_plain_scalar`: it may run over several lines, and holds `[`, `"` …
    /// freely in block context.
    fn plain_scalar(&mut self) {
        let indent = self.indent + 1;
        let mut leading_blanks = false;
        'scalar: loop {
            if self.document_marker() || self.c(0) == '#' {
                break;
            }
            while !is_blankz(self.c(0)) {
                let (c0, c1) = (self.c(0), self.c(1));
                if self.flow > 0 && c0 == ':' && ",?[]{}".contains(c1) {
                    // libyaml stops here ("found unexpected ':'").
                    break 'scalar;
                }
                if (c0 == ':' && is_blankz(c1)) || (self.flow > 0 && ",[]{}".contains(c0)) {
                    break;
                }
                leading_blanks = false;
                self.skip();
            }
            if !(is_blank(self.c(0)) || is_break(self.c(0))) {
                break;
            }
            while is_blank(self.c(0)) || is_break(self.c(0)) {
                if is_blank(self.c(0)) {
                    self.skip();
                } else {
                    leading_blanks = true;
                    self.skip_line();
                }
            }
            if self.flow == 0 && isize::try_from(self.column).unwrap_or(isize::MAX) < indent {
                break;
            }
        }
        if leading_blanks {
            self.key_allowed = true;
        }
    }

    /// libyaml's `scan_flow_scalar`: `'…'` with `''`, or `"…"` with backslash escapes;
    /// either may run over lines.
    fn quoted_scalar(&mut self, single: bool) {
        let quote = if single { '\'' } else { '"' };
        self.skip();
        loop {
            if self.document_marker() || self.at_end() {
                // libyaml stops ("unexpected document indicator", "unexpected end").
                return;
            }
            while !is_blankz(self.c(0)) {
                let (c0, c1) = (self.c(0), self.c(1));
                if single && c0 == '\'' && c1 == '\'' {
                    self.skip();
                    self.skip();
                } else if c0 == quote {
                    break;
                } else if !single && c0 == '\\' && is_break(c1) {
                    self.skip();
                    self.skip_line();
                    break;
                } else if !single && c0 == '\\' {
                    let digits = match c1 {
                        'x' => 2,
                        'u' => 4,
                        'U' => 8,
                        _ => 0,
                    };
                    self.skip();
                    self.skip();
                    for _ in 0..digits {
                        if !self.c(0).is_ascii_hexdigit() {
                            break;
                        }
                        self.skip();
                    }
                } else {
                    self.skip();
                }
            }
            if self.c(0) == quote {
                self.skip();
                return;
            }
            while is_blank(self.c(0)) || is_break(self.c(0)) {
                if is_blank(self.c(0)) {
                    self.skip();
                } else {
                    self.skip_line();
                }
            }
        }
    }

    /// libyaml's `scan_block_scalar`: the header, then every line indented at least as the
    /// content (found from the first line that is not empty, and never less than one
    /// more than the enclosing block collection).
    fn block_scalar(&mut self) {
        self.skip();
        let mut increment: isize = 0;
        let digit = |c: char| {
            c.to_digit(10)
                .map_or(0, |d| isize::try_from(d).unwrap_or(0))
        };
        if matches!(self.c(0), '+' | '-') {
            self.skip();
            if self.c(0).is_ascii_digit() {
                increment = digit(self.c(0));
                self.skip();
            }
        } else if self.c(0).is_ascii_digit() {
            increment = digit(self.c(0));
            self.skip();
            if matches!(self.c(0), '+' | '-') {
                self.skip();
            }
        }
        while is_blank(self.c(0)) {
            self.skip();
        }
        if self.c(0) == '#' {
            while !is_breakz(self.c(0)) {
                self.skip();
            }
        }
        if !is_breakz(self.c(0)) {
            // libyaml stops ("did not find expected comment or line break").
            return;
        }
        self.skip_line();
        let mut indent = if increment > 0 {
            if self.indent >= 0 {
                self.indent + increment
            } else {
                increment
            }
        } else {
            0
        };
        self.block_breaks(&mut indent);
        while isize::try_from(self.column).unwrap_or(isize::MAX) == indent && !self.at_end() {
            while !is_breakz(self.c(0)) {
                self.skip();
            }
            if self.at_end() {
                break;
            }
            self.skip_line();
            self.block_breaks(&mut indent);
        }
    }

    /// libyaml's `scan_block_scalar_breaks`: empty lines and indentation; sets the
    /// content's indentation when the header did not.
    fn block_breaks(&mut self, indent: &mut isize) {
        let column = |s: &Self| isize::try_from(s.column).unwrap_or(isize::MAX);
        let mut max_indent: isize = 0;
        loop {
            while (*indent == 0 || column(self) < *indent) && self.c(0) == ' ' {
                self.skip();
            }
            max_indent = max_indent.max(column(self));
            if (*indent == 0 || column(self) < *indent) && self.c(0) == '\t' {
                // libyaml stops ("found a tab character where an indentation space is
                // expected").
                break;
            }
            if !is_break(self.c(0)) {
                break;
            }
            self.skip_line();
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
    }

    /// libyaml's `scan_tag`: `!<…>`, or a handle and a suffix of URI characters (which
    /// include `'`, so `!a'b` holds no quote).
    fn tag(&mut self) {
        self.skip();
        let verbatim = self.c(0) == '<';
        if verbatim {
            self.skip();
        }
        while is_uri(self.c(0), verbatim) {
            self.skip();
        }
        if verbatim && self.c(0) == '>' {
            self.skip();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_flow_levels_not_brackets_in_text() {
        assert_eq!(max_flow_depth("a: [1, [2, {b: [3]}]]\n"), 4);
        // Plain scalars in block context, quoted scalars, comments and block scalars hold
        // brackets that open nothing.
        let text = "title: a [b [c\nq: \"[[[\"\nr: '[[[''['\n# [[[\ns: |\n  [[[\n  \"x\nt: [x]\n";
        assert_eq!(max_flow_depth(text), 1);
        // A tag may hold a quote; an anchor may not hold a bracket.
        assert_eq!(max_flow_depth("a: !t'x [[1]]\nb: &a[[1]]\n"), 2);
        // `"` inside a plain scalar is no quote: the brackets after it are real.
        assert_eq!(max_flow_depth("a: x\"y\nb: [[[1]]]\n"), 3);
        // A multi-line plain scalar swallows a line that starts with a quote.
        assert_eq!(max_flow_depth("a: x\n  \"y\nb: [[1]]\nc: \"\n"), 2);
        // A block scalar ends at the first line indented less than its content.
        assert_eq!(max_flow_depth("- a: |\n    x\n  b: [[[1]]]\n"), 3);
    }

    #[test]
    fn stops_at_the_first_opener_too_deep() {
        let yaml = format!("extra: {}{}\n", "[".repeat(300), "]".repeat(300));
        assert_eq!(too_deep(&yaml, LIMIT), Some("extra: ".len() + LIMIT));
        let yaml = format!("extra: {}1{}\n", "{a: ".repeat(200), "}".repeat(200));
        assert_eq!(too_deep(&yaml, LIMIT), Some("extra: ".len() + LIMIT * 4));
        // Many brackets, none deep.
        let yaml = "tags: [a, b]\n".repeat(500);
        assert_eq!(too_deep(&yaml, LIMIT), None);
        // Brackets in text do not count.
        let yaml = format!("title: \"{}\"\n", "[".repeat(1000));
        assert_eq!(too_deep(&yaml, LIMIT), None);
        // libyaml stops at a character its reader refuses; so does the scan.
        let yaml = format!("a: \u{ffff}{}\n", "[".repeat(1000));
        assert_eq!(too_deep(&yaml, LIMIT), None);
    }

    /// The flow depth saphyr-parser (a port of libyaml's scanner) builds, for documents
    /// it accepts: collections that start at a `[` or `{` and end at a `]` or `}` (a
    /// block mapping whose first key is a flow collection starts at its `{` too).
    fn saphyr_flow_depth(yaml: &str) -> Option<usize> {
        use saphyr_parser::{Event, Parser};
        let chars: Vec<char> = yaml.chars().collect();
        let at = |i: usize| chars.get(i).copied();
        let events: Vec<_> = Parser::new_from_str(yaml).collect::<Result<_, _>>().ok()?;
        // Each collection's start and end, matched.
        let mut open: Vec<usize> = Vec::new();
        let mut flow = vec![false; events.len()];
        for (i, (event, span)) in events.iter().enumerate() {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => open.push(i),
                Event::SequenceEnd | Event::MappingEnd => {
                    let start = open.pop()?;
                    flow[start] = matches!(at(events[start].1.start.index()), Some('[' | '{'))
                        && matches!(at(span.start.index()), Some(']' | '}'));
                }
                _ => {}
            }
        }
        let mut stack: Vec<bool> = Vec::new();
        let mut deepest = 0;
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    stack.push(flow[i]);
                    deepest = deepest.max(stack.iter().filter(|f| **f).count());
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Some(deepest)
    }

    /// Random documents from the characters that matter: the scan never sees less flow
    /// nesting than a real scanner builds (it may see more on text a scanner refuses).
    #[test]
    fn never_sees_less_nesting_than_a_parser() {
        const PIECES: &[&str] = &[
            "[", "]", "{", "}", ", ", ",", ": ", ":", "- ", "? ", "\n", "\n  ", "\n    ", " ", "a",
            "b: ", "'", "\"", "''", "\\\"", "\\", "#", " #", "|", ">", "|2", "&a ", "*a", "!t ",
            "!t'", "---\n", "...\n", "\t", "\u{2028}", "x\"y", "%",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut checked = 0;
        for _ in 0..20_000 {
            let len = 1 + next() % 24;
            let doc: String = (0..len)
                .map(|_| PIECES[usize::try_from(next() % PIECES.len() as u64).unwrap()])
                .collect();
            if let Some(real) = saphyr_flow_depth(&doc) {
                checked += 1;
                let seen = max_flow_depth(&doc);
                assert!(seen >= real, "{doc:?}: scanned {seen}, parsed {real}");
            }
        }
        assert!(checked > 1_000, "only {checked} documents parsed");
    }
}
