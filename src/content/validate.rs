//! Every problem of a note's front matter at once, each at its value, in a user's words.
//!
//! serde stops at a note's first wrong value and speaks of Rust types (`expected struct
//! GoalEntry`). When the typed parse fails, `front_matter` asks this module, which walks
//! the note's YAML ([`super::tree`]) against the table of what each key accepts
//! ([`super::shape`]) and reports every missing key, wrong type and unknown value, with
//! did-you-mean hints, and the unknown keys. A note that parses comes here only when it
//! has unknown keys, for those warnings: the fast path stays serde's alone.
//!
//! It must accept exactly what the typed parse accepts, or a note would be refused for
//! nothing (or a problem left unsaid): scalars are read as serde_yaml reads them (`5` is
//! a number where a number may be, text where text is expected; `~` and nothing are null),
//! and a test mutates valid notes value by value and compares the two.

use crate::code::Code;
use crate::content::front_matter::abbreviated;
use crate::content::markdown::slug;
use crate::content::shape::{self, Field, MapShape, Presence, Shape, Words};
use crate::content::tree::{Id, Kind, Node, Tree};
use crate::date::{self, Date, DateError};
use crate::diagnostic::{Diagnostic, Loc, did_you_mean};

/// Every problem of `yaml`, a front matter block starting on line `first_line` of `path`,
/// against `top` ([`shape::MENTORSHIP`] or [`shape::SESSION`]): errors, and warnings for
/// unknown keys. `None` when the block is not YAML that saphyr reads (the caller keeps
/// serde_yaml's own message then).
pub(crate) fn check(
    path: &str,
    yaml: &str,
    first_line: usize,
    top: &'static MapShape,
) -> Option<Vec<Diagnostic>> {
    let tree = Tree::parse(yaml, first_line)?;
    let mut checker = Checker {
        file: path,
        tree: &tree,
        out: Vec::new(),
        budget: BUDGET,
    };
    match tree.root {
        None => checker.missing_keys(top, &[], Loc::new(first_line, 1, 1), &[], None),
        Some(root) => checker.top(root, top),
    }
    Some(checker.out)
}

/// The most values one check visits: aliases can make a small block a huge tree, and
/// serde_yaml stops expanding them long before this.
const BUDGET: usize = 100_000;

/// One step of a value's path: `goals[0].owner` is `goals`, 0, `owner`.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `goals[0].owner`, as serde_yaml and the messages write it.
fn dotted(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// "`goals[0].owner`: ", the start of a message about the value at `path`.
fn prefix(path: &[Step]) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("`{}`: ", dotted(path))
    }
}

/// How serde_yaml reads a plain scalar where any value may be (`deserialize_any`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Read {
    Null,
    Bool,
    Unsigned(u64),
    Negative,
    /// A whole number beyond 64 bits.
    Huge,
    Float(f64),
    Text,
}

/// serde_yaml's reading of a scalar: only plain ones are null, booleans or numbers.
fn read(text: &str, plain: bool) -> Read {
    if !plain {
        return Read::Text;
    }
    if is_null(text) {
        return Read::Null;
    }
    if matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return Read::Bool;
    }
    if let Some(n) = unsigned(text, u64::from_str_radix) {
        return Read::Unsigned(n);
    }
    if negative(text, i64::from_str_radix).is_some() {
        return Read::Negative;
    }
    if unsigned(text, u128::from_str_radix).is_some()
        || negative(text, i128::from_str_radix).is_some()
    {
        return Read::Huge;
    }
    if !leading_zero(text)
        && let Some(f) = float(text)
    {
        return Read::Float(f);
    }
    Read::Text
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar that is nothing or null.
fn null_like(node: &Node) -> bool {
    matches!(&node.kind, Kind::Scalar { text, plain: true } if is_null(text))
}

/// `007`: digits after a leading zero are text in YAML 1.2, as serde_yaml reads it.
fn leading_zero(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A whole number 0 or more, as serde_yaml reads one (`+5`, `0x10`, `0o17`, `0b11`).
fn unsigned<T>(
    text: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    for (radix_prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(radix_prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if digits.starts_with(['+', '-']) || leading_zero(text) {
        return None;
    }
    parse(digits, 10).ok()
}

/// A negative whole number, as serde_yaml reads one (`-5`, `-0x10`).
fn negative<T>(
    text: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (radix_prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(radix_prefix)
            && let Ok(n) = parse(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if leading_zero(text) {
        return None;
    }
    parse(text, 10).ok()
}

/// A number with a fraction or exponent, or an infinity or NaN, as serde_yaml reads one.
fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// What was written instead, for messages: "the number `5`", "a list".
fn found(node: &Node) -> String {
    match &node.kind {
        Kind::List(_) => "a list".to_owned(),
        Kind::Map { entries, .. } if entries.is_empty() => "an empty map".to_owned(),
        Kind::Map { .. } => "a map".to_owned(),
        Kind::Alias(_) => "an alias".to_owned(),
        Kind::Scalar { text, plain } => match read(text, *plain) {
            Read::Null if text.is_empty() => "nothing".to_owned(),
            Read::Null => format!("`{text}`, which is nothing"),
            Read::Bool => format!("`{text}`"),
            Read::Unsigned(_) | Read::Negative | Read::Huge | Read::Float(_) => {
                format!("the number `{text}`")
            }
            Read::Text => format!("the text `{}`", shortened(text)),
        },
    }
}

/// At most 40 characters of `text`, on one line.
fn shortened(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut short: String = line.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// `text` as YAML would need it written after `key: `: plain when it can be, else quoted.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !text.ends_with(|c: char| c == ':' || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains('\n')
        && read(text, true) == Read::Text;
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| text.to_owned())
    }
}

struct Checker<'t, 'a> {
    file: &'t str,
    tree: &'t Tree<'a>,
    out: Vec<Diagnostic>,
    budget: usize,
}

impl<'a> Checker<'_, 'a> {
    fn error(&mut self, loc: Loc, code: Code, message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(self.file, Some(loc), code, message);
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        self.out.push(d);
    }

    /// The front matter itself: a map of keys.
    fn top(&mut self, root: Id, top: &MapShape) {
        let tree = self.tree;
        let node = tree.get(root);
        match &node.kind {
            Kind::Map { .. } => self.map(root, top, &[]),
            Kind::Scalar { text, plain: true } if text.is_empty() => {
                self.missing_keys(top, &[], node.loc, &[], None);
            }
            Kind::List(_) => self.error(
                node.loc,
                Code::WrongType,
                "the front matter is a list, not a map of keys".to_owned(),
                Some(
                    "write keys at the top level, e.g. `date: 2026-09-23`, without a leading `- `"
                        .to_owned(),
                ),
            ),
            _ => self.error(
                node.loc,
                Code::WrongType,
                format!("the front matter is {}, not a map of keys", found(node)),
                Some("write one `key: value` per line, e.g. `date: 2026-09-23`".to_owned()),
            ),
        }
    }

    /// Checks the value `id` against `shape`; `presence` says whether null is allowed.
    // Long on purpose: one match over the shapes of `content::shape`, an arm a shape.
    fn value(&mut self, id: Id, shape: &Shape, presence: Presence, path: &[Step]) {
        let tree = self.tree;
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let node = tree.get(id);
        if presence == Presence::Optional && null_like(node) {
            return;
        }
        let scalar = match &node.kind {
            Kind::Scalar { text, plain } => Some((text.as_ref(), *plain)),
            _ => None,
        };
        let reading = scalar.map(|(text, plain)| read(text, plain));
        match shape {
            Shape::Text => {
                if scalar.is_none() {
                    self.wrong_type(node, shape, path);
                }
            }
            Shape::Free => self.free(id, path),
            Shape::Flag => match (scalar, reading) {
                (Some((_, true)), Some(Read::Bool)) => {}
                _ if null_like(node) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Date => match scalar {
                None => self.wrong_type(node, shape, path),
                Some(_) if null_like(node) => self.missing_value(node, shape, path),
                Some((text, _)) => self.date(node, text, path),
            },
            Shape::Count => match (scalar, reading) {
                (Some((_, true)), Some(Read::Unsigned(n))) if u32::try_from(n).is_ok() => {}
                _ if null_like(node) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Word(words) => match scalar {
                None => self.wrong_type(node, shape, path),
                Some((text, plain)) => {
                    if words.read(text).is_none() {
                        if text.is_empty() || plain && is_null(text) {
                            self.missing_value(node, shape, path);
                        } else {
                            self.unknown_value(node, words, text, path);
                        }
                    }
                }
            },
            Shape::List(item, _) => match &node.kind {
                Kind::List(items) => {
                    for (i, &child) in items.iter().enumerate() {
                        let path = [path, &[Step::Index(i)]].concat();
                        self.value(child, item, Presence::Defaulted, &path);
                    }
                }
                Kind::Scalar { text, plain: true } if text.is_empty() => {}
                _ if null_like(node) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Names | Shape::Owner => match (&node.kind, reading) {
                (_, Some(Read::Text)) => {}
                (_, Some(Read::Null)) if matches!(shape, Shape::Names) => {}
                (Kind::List(items), _) => {
                    for (i, &child) in items.iter().enumerate() {
                        let path = [path, &[Step::Index(i)]].concat();
                        self.value(child, &Shape::Text, Presence::Defaulted, &path);
                    }
                }
                (_, Some(Read::Null)) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Sprint => match reading {
                Some(Read::Unsigned(_) | Read::Text) => {}
                Some(Read::Null) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Due => match (scalar, reading) {
                (_, Some(Read::Unsigned(_))) => {}
                (Some((text, _)), Some(Read::Text)) => {
                    if date::looks_like_date(text.trim()) {
                        self.date(node, text, path);
                    }
                }
                (_, Some(Read::Null)) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::TextOrMap(map) => match (&node.kind, reading) {
                (_, Some(Read::Text | Read::Unsigned(_) | Read::Negative | Read::Float(_))) => {}
                (Kind::Map { .. }, _) => self.map(id, map, path),
                (_, Some(Read::Null)) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Map(map) => match &node.kind {
                Kind::Map { .. } => self.map(id, map, path),
                Kind::Scalar { text, plain: true } if text.is_empty() => {
                    self.missing_keys(map, &[], node.loc, path, None);
                }
                _ if null_like(node) => self.missing_value(node, shape, path),
                _ => self.wrong_type(node, shape, path),
            },
            Shape::BacklogValue => match (&node.kind, reading) {
                (Kind::Map { .. }, _) => self.backlog_value(id, path),
                (_, Some(Read::Huge)) | (Kind::List(_), _) => self.wrong_type(node, shape, path),
                (_, Some(Read::Null)) => self.missing_value(node, shape, path),
                _ => {}
            },
            Shape::Position => match reading {
                Some(Read::Unsigned(n)) if n > 0 => {}
                _ => self.wrong_type(node, shape, path),
            },
            Shape::Points => match reading {
                Some(Read::Unsigned(_)) => {}
                Some(Read::Float(f)) if f >= 0.0 && f.is_finite() => {}
                _ => self.wrong_type(node, shape, path),
            },
        }
    }

    /// Free data (`extra`): anything JSON can hold, so no number beyond 64 bits.
    fn free(&mut self, id: Id, path: &[Step]) {
        let tree = self.tree;
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let node = tree.get(id);
        match &node.kind {
            Kind::Scalar { text, plain } if read(text, *plain) == Read::Huge => self.error(
                node.loc,
                Code::WrongType,
                format!("{}the number `{text}` is too large", prefix(path)),
                Some(format!("quote it to keep it as text: `\"{text}\"`")),
            ),
            Kind::List(items) => {
                for (i, &child) in items.iter().enumerate() {
                    self.free(child, &[path, &[Step::Index(i)]].concat());
                }
            }
            Kind::Map { entries, .. } => {
                for &(key, value) in entries {
                    match &tree.get(key).kind {
                        Kind::Scalar { text, .. } => {
                            self.free(value, &[path, &[Step::Key(text)]].concat());
                        }
                        _ => self.free(value, path),
                    }
                }
            }
            _ => {}
        }
    }

    /// A date's text, read as `Date` reads it.
    fn date(&mut self, node: &Node, text: &str, path: &[Step]) {
        if let Err(err) = text.parse::<Date>() {
            let hint = matches!(err, DateError::Shape(_))
                .then(|| "dates are written YYYY-MM-DD, e.g. 2026-09-23".to_owned());
            self.error(
                node.loc,
                Code::WrongType,
                format!("{}{err}", prefix(path)),
                hint,
            );
        }
    }

    /// The keys of map `id` against `map`: each known key's value, unknown keys (warnings),
    /// keys given twice, and required keys left out.
    fn map(&mut self, id: Id, map: &MapShape, path: &[Step]) {
        let tree = self.tree;
        let node = tree.get(id);
        let Kind::Map { entries, flow } = &node.kind else {
            return;
        };
        let mut seen: Vec<(&str, Loc)> = Vec::new();
        for &(key, value) in entries {
            let key_node = tree.get(key);
            let Kind::Scalar { text, .. } = &key_node.kind else {
                self.error(
                    key_node.loc,
                    Code::WrongType,
                    format!(
                        "{}a key must be a word, not {}",
                        prefix(path),
                        found(key_node)
                    ),
                    Some("write keys as plain words: `key: value`".to_owned()),
                );
                continue;
            };
            let key_text: &str = text;
            let Some(field) = map.field(key_text) else {
                self.unknown_key(key_node.loc, key_text, map);
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key_text) {
                let first = first.line;
                self.error(
                    key_node.loc,
                    Code::DuplicateKey,
                    format!("{}`{key_text}` is given twice", prefix(path)),
                    Some(format!("keep one of them; the first is on line {first}")),
                );
                continue;
            }
            seen.push((key_text, key_node.loc));
            let path = [path, &[Step::Key(field.key)]].concat();
            self.value(value, &field.shape, field.presence, &path);
        }
        // A missing key is marked at the map: a flow map whole, a block map at its first key.
        let at = match entries.first() {
            Some(&(key, _)) if !flow => tree.get(key).loc,
            _ => node.loc,
        };
        let seen: Vec<&str> = seen.iter().map(|(k, _)| *k).collect();
        let text = entries.iter().find_map(|&(k, v)| {
            let is_text = matches!(&tree.get(k).kind, Kind::Scalar { text, .. } if text == "text");
            match &tree.get(v).kind {
                Kind::Scalar { text, .. } if is_text => Some(text.to_string()),
                _ => None,
            }
        });
        self.missing_keys(map, &seen, at, path, text.as_deref());
    }

    /// An error for each required key of `map` not among `seen`, at `at`; `text` is the
    /// map's `text`, for a goal's suggested id.
    fn missing_keys(
        &mut self,
        map: &MapShape,
        seen: &[&str],
        at: Loc,
        path: &[Step],
        text: Option<&str>,
    ) {
        for field in map.fields {
            if field.presence != Presence::Required || seen.contains(&field.key) {
                continue;
            }
            let key = field.key;
            let hint = match (map.name, key) {
                (_, "date" | "started") => format!("add `{key}: YYYY-MM-DD`"),
                ("goal", "id") => match text.map(slug).filter(|s| !s.is_empty()) {
                    Some(id) => format!(
                        "a goal needs an id that stays the same from session to session: add `id: {id}`"
                    ),
                    None => "a goal needs an id that stays the same from session to session, e.g. `id: fast-reviews`".to_owned(),
                },
                ("backlog", "item") => {
                    "name the backlog item: a title, or an issue reference in quotes (`item: \"#12\"`)".to_owned()
                }
                ("backlog", "change") => format!(
                    "say what happened to the item: `change: added` (one of: {})",
                    shape::BACKLOG_CHANGE.words.join(", ")
                ),
                ("mentorship", "mentors") => "list them: `mentors: [Ada Lovelace]`".to_owned(),
                _ => format!("add `{key}:`"),
            };
            let place = if path.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", dotted(path))
            };
            self.error(
                at,
                Code::MissingKey,
                format!("missing required key `{key}`{place}"),
                Some(hint),
            );
        }
    }

    fn unknown_key(&mut self, loc: Loc, key: &str, map: &MapShape) {
        let d = Diagnostic::warning(
            self.file,
            Some(loc),
            Code::UnknownKey,
            format!("unknown key `{key}`"),
        );
        let d = match did_you_mean(key, map.keys()) {
            Some(m) => d.with_hint(format!(
                "did you mean `{m}`? Free data for templates goes under `extra:`"
            )),
            None => d.with_hint("free data for templates goes under `extra:`"),
        };
        self.out.push(d);
    }

    /// A backlog change's `before` or `after` written as a map: exactly one key, the kind.
    fn backlog_value(&mut self, id: Id, path: &[Step]) {
        let tree = self.tree;
        let node = tree.get(id);
        let Kind::Map { entries, .. } = &node.kind else {
            return;
        };
        let kinds = shape::BACKLOG_VALUE.keys().collect::<Vec<_>>();
        let Some(&(key, value)) = entries.first() else {
            self.wrong_type(node, &Shape::BacklogValue, path);
            return;
        };
        let key_node = tree.get(key);
        let Kind::Scalar { text, .. } = &key_node.kind else {
            self.wrong_type(node, &Shape::BacklogValue, path);
            return;
        };
        let first: &str = text;
        match shape::BACKLOG_VALUE.field(first) {
            Some(Field { key, shape, .. }) => {
                let path = [path, &[Step::Key(key)]].concat();
                self.value(value, shape, Presence::Defaulted, &path);
            }
            None => {
                let hint = did_you_mean(first, kinds.iter().copied())
                    .or_else(|| abbreviated(first, &kinds))
                    .map_or_else(
                        || format!("use one of: {}", kinds.join(", ")),
                        |m| format!("did you mean `{m}`? (one of: {})", kinds.join(", ")),
                    );
                self.error(
                    key_node.loc,
                    Code::UnknownKey,
                    format!("{}unknown key `{first}`", prefix(path)),
                    Some(hint),
                );
            }
        }
        if let Some(&(second, _)) = entries.get(1) {
            let second = match &tree.get(second).kind {
                Kind::Scalar { text, .. } => format!("`{text}`"),
                _ => "another key".to_owned(),
            };
            self.error(
                node.loc,
                Code::WrongType,
                format!(
                    "{}`{first}` and {second} in one map, expected one kind of value",
                    prefix(path)
                ),
                Some(BACKLOG_VALUE_HINT.to_owned()),
            );
        }
    }

    /// "`key`: a value is missing": null or nothing where a value is needed.
    fn missing_value(&mut self, node: &Node, shape: &Shape, path: &[Step]) {
        let hint = match shape {
            Shape::Date => "write a date after the colon, YYYY-MM-DD, e.g. 2026-09-23".to_owned(),
            Shape::Word(words) => format!("write one of: {}", words.words.join(", ")),
            _ => "the value is empty: write one after the colon, or remove the key".to_owned(),
        };
        self.error(
            node.loc,
            Code::WrongType,
            format!("{}a value is missing", prefix(path)),
            Some(hint),
        );
    }

    /// "`kind`: `mentorin` is not a known value", with the value most likely meant.
    fn unknown_value(&mut self, node: &Node, words: &Words, text: &str, path: &[Step]) {
        let all = words.words.join(", ");
        let hint = match words.meant(text) {
            Some(meant) => format!("did you mean `{meant}`? (one of: {all})"),
            None => format!("use one of: {all}"),
        };
        self.error(
            node.loc,
            Code::UnknownValue,
            format!("{}`{text}` is not a known value", prefix(path)),
            Some(hint),
        );
    }

    /// "`attendees`: expected a list of names, found the number `5`".
    fn wrong_type(&mut self, node: &Node, shape: &Shape, path: &[Step]) {
        let text = match &node.kind {
            Kind::Scalar { text, .. } => Some(text.as_ref()),
            _ => None,
        };
        let hint = match shape {
            Shape::Text => {
                Some("write plain text here; quote it if it starts with a special character".to_owned())
            }
            Shape::Date => Some("dates are written YYYY-MM-DD, e.g. 2026-09-23".to_owned()),
            Shape::Count => Some(match node.kind {
                Kind::Scalar { plain: false, .. } => "write the number without quotes".to_owned(),
                _ => "write a whole number, e.g. `3`".to_owned(),
            }),
            Shape::Word(_) => Some("write one of them as plain text".to_owned()),
            Shape::List(..) => Some("write a list: `[first, second]`, or one `- item` per line".to_owned()),
            Shape::Names => Some(
                "write a weakness's id, `addresses: slow-reviews`, or a list, `addresses: [slow-reviews, flaky-tests]`".to_owned(),
            ),
            Shape::Owner => {
                Some("write a name, `owner: Ana`, or a list of names, `owner: [Ana, Ben]`".to_owned())
            }
            Shape::Sprint => Some("write a number, `sprint: 4`, or a name, `sprint: \"4b\"`".to_owned()),
            Shape::Due => Some("write a date, `due: 2026-05-01`, or a sprint, `due: sprint 4`".to_owned()),
            Shape::Map(map) if map.name == "goal" && text.is_some() => {
                Some(goal_hint(text.unwrap_or_default()))
            }
            Shape::Map(map) if map.name == "backlog" && text.is_some() => Some(format!(
                "a backlog change names its item and what happened: write `- item: {}` and, under it, `change: added` (or {})",
                yaml_text(text.unwrap_or_default()),
                shape::BACKLOG_CHANGE.words[1..].join(", ")
            )),
            Shape::Map(_) | Shape::TextOrMap(_) => {
                Some("write keys under it, one `key: value` per line, indented".to_owned())
            }
            Shape::BacklogValue => Some(BACKLOG_VALUE_HINT.to_owned()),
            Shape::Position => {
                Some("the top of the backlog is `{position: 1}`, the next `{position: 2}` …".to_owned())
            }
            Shape::Points => Some("write a number of points, e.g. `{points: 5}`".to_owned()),
            Shape::Flag => Some("write `true` or `false`, without quotes".to_owned()),
            Shape::Free => None,
        };
        let message = format!(
            "{}expected {}, found {}",
            prefix(path),
            shape.described(),
            found(node)
        );
        self.error(node.loc, Code::WrongType, message, hint);
    }
}

const BACKLOG_VALUE_HINT: &str = "write a value as it is (`5`, `must`), or with its kind: `{position: 3}`, `{moscow: must}`, `{size: M}` or `{points: 5}`";

/// The hint for a goal written as plain text: the entry to write, its id made from it.
fn goal_hint(text: &str) -> String {
    let id = slug(text);
    if id.is_empty() {
        return "a goal is an entry with an id that stays the same from session to session: `- id: fast-reviews` and, under it, `text: …`".to_owned();
    }
    if id == text.trim() {
        return format!(
            "a goal is an entry with an id: to update goal `{id}`, write `- id: {id}` with its `status`; to introduce it, add its `text:` under the id"
        );
    }
    format!(
        "a goal is an entry with an id that stays the same from session to session: write `- id: {id}` and, under it, `text: {}`",
        yaml_text(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::doc::{GoalStatus, Impact, MentorshipFront, SessionFront};
    use crate::content::front_matter::{self, Schema};

    const SESSION: &str = "date: 2026-01-10
title: After sprint 1
kind: mentoring
sprint: 1
retro: https://example.org/retro
attendees: [Bo, Cy]
mentors: [Ada]
visibility: team
strengths:
  - Fast builds
  - id: pairing
    text: Pairing works
weaknesses:
  - Slow reviews
  - id: flaky
    text: Flaky tests
    impact: high
    tags: [ci]
questions:
  - How?
  - text: Why?
    addresses: flaky
goals:
  - id: fast-reviews
    text: Fast reviews
    owner: Bo
    due: 2026-02-01
    measure: median under a day
    status: active
    health: on-track
    addresses: [flaky]
    superseded_by: other
    note: started
  - {id: small-prs, text: Small PRs}
backlog:
  - item: \"#12\"
    change: re-estimated
    before: {points: 5}
    after: 8
    goal: small-prs
    note: bigger than thought
  - {item: Docs, change: added}
reflection: Going well
direction: continue
next: 2026-01-24
tags: [process]
extra: {room: B}
";

    const MENTORSHIP: &str = "title: Otters
mentee: Team Otter
mentors:
  - Ada
  - name: Lin
    role: lead
members: [Bo, Cy]
aims:
  - Ship weekly
  - id: quality
    text: Fewer bugs
    area: technical
started: 2026-01-05
ends: 2026-06-01
ended: 2026-05-01
status: active
cadence: every two weeks
formality: regular
default_visibility: public
visibility: team
roles: {mentor: [listen], mentee: [prepare]}
review_every: 4
min_goals: 3
repo: https://example.org/otters
tags: [pilot]
extra: {a: 1}
";

    /// Values to write in place of each value of the notes above, one at a time.
    const VALUES: &[&str] = &[
        "",
        "~",
        "null",
        "Null",
        "5",
        "0",
        "-1",
        "4.5",
        "-0.5",
        ".inf",
        ".nan",
        "1e3",
        "007",
        "0x10",
        "+5",
        "99999999999999999999999",
        "-99999999999999999999",
        "true",
        "False",
        "yes",
        "text",
        "\"quoted\"",
        "''",
        "'5'",
        "High",
        "ACHIEVED",
        "ON-TRACK",
        "done",
        "Must",
        "m",
        "2026-01-01",
        "\"2026-01-01\"",
        "2026-02-30",
        "2026-1-1",
        "sprint 4",
        "[]",
        "[a, b]",
        "[5, true]",
        "[[a]]",
        "[{a: b}]",
        "[~]",
        "{}",
        "{a: b}",
        "{id: x}",
        "{text: y}",
        "{id: x, text: y}",
        "{id: x, id: y}",
        "{name: Ana}",
        "{points: 5}",
        "{points: 2.5}",
        "{points: -1}",
        "{points: \"5\"}",
        "{points: .inf}",
        "{position: 0}",
        "{position: 3}",
        "{position: -2}",
        "{moscow: Must}",
        "{moscow: maybe}",
        "{moscow: ~}",
        "{size: m}",
        "{size: XXL}",
        "{points: 5, size: M}",
        "{pts: 5}",
        "{5: a}",
        "[fast-reviews]",
        "Faster reviews",
        "{item: a, change: Added}",
        "{mentor: x}",
        "{mentor: [a], mentee: 5}",
    ];

    /// Every note made from `base` by writing one of [`VALUES`] in place of one value, or
    /// by leaving one line out; each with the line changed, for messages.
    fn mutations(base: &str) -> Vec<(String, String)> {
        let lines: Vec<&str> = base.lines().collect();
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let (head, value) = match trimmed.strip_prefix("- ") {
                Some(rest) if !rest.contains(": ") || rest.starts_with('{') => {
                    (format!("{indent}- "), rest)
                }
                Some(rest) => match rest.split_once(": ") {
                    Some((key, value)) => (format!("{indent}- {key}: "), value),
                    None => continue,
                },
                None => match trimmed.split_once(": ") {
                    Some((key, value)) => (format!("{indent}{key}: "), value),
                    None => continue,
                },
            };
            if value.is_empty() {
                continue;
            }
            for new in VALUES {
                let mut note = lines.clone();
                let replaced = format!("{head}{new}");
                note[i] = replaced.trim_end();
                out.push((
                    format!("line {}: {}", i + 1, note[i]),
                    note.join("\n") + "\n",
                ));
            }
            if !head.trim_start().starts_with('-') {
                let mut note = lines.clone();
                note.remove(i);
                out.push((
                    format!("without line {}: {line}", i + 1),
                    note.join("\n") + "\n",
                ));
            }
        }
        out
    }

    fn disagreements<T: serde::de::DeserializeOwned>(base: &str, schema: Schema) -> Vec<String> {
        let mut out = Vec::new();
        for (change, note) in mutations(base) {
            if Tree::parse(&note, 2).is_none() {
                continue;
            }
            let typed: Result<T, _> = serde_yaml::from_str(&note);
            let found = check("a.md", &note, 2, schema.shape()).unwrap();
            let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.is_error()).collect();
            if typed.is_ok() != errors.is_empty() {
                out.push(format!(
                    "{change}\n  serde: {:?}\n  validator: {:?}",
                    typed.err().map(|e| e.to_string()),
                    errors.iter().map(|d| &d.message).collect::<Vec<_>>()
                ));
            }
        }
        out
    }

    /// The validator refuses exactly what the typed parse refuses: every value of two
    /// notes that use every key, replaced by each of many values, and every key left out.
    #[test]
    fn the_validator_agrees_with_the_typed_parse() {
        assert!(serde_yaml::from_str::<SessionFront>(SESSION).is_ok());
        assert!(serde_yaml::from_str::<MentorshipFront>(MENTORSHIP).is_ok());
        let mut bad = disagreements::<SessionFront>(SESSION, Schema::Session);
        bad.extend(disagreements::<MentorshipFront>(
            MENTORSHIP,
            Schema::Mentorship,
        ));
        assert!(
            bad.is_empty(),
            "{} disagreements:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }

    fn problems(yaml: &str) -> Vec<Diagnostic> {
        let (parsed, diags) = front_matter::parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(parsed.is_none(), "{yaml}");
        diags
    }

    fn places(diags: &[Diagnostic]) -> Vec<(usize, usize, usize, &'static str)> {
        diags
            .iter()
            .map(|d| {
                let loc = d.loc.unwrap();
                (loc.line, loc.column, loc.len, d.code.as_str())
            })
            .collect()
    }

    #[test]
    fn every_problem_of_a_note_is_reported_at_its_value() {
        let yaml = "date: 2026-01-10\nweaknesses:\n  - text: Slow\n    impact: High\n  - {text: Flaky, impact: med}\ngoals:\n  - Faster reviews\n  - id: ci\n    status: done\n    owner: {name: X}\n  - text: Pair on Fridays\nattendees: 5\nweaknes: []\n";
        let diags = problems(yaml);
        assert_eq!(
            places(&diags),
            vec![
                (6, 27, 3, "unknown-value"),
                (8, 5, 14, "wrong-type"),
                (10, 13, 4, "unknown-value"),
                (11, 12, 9, "wrong-type"),
                (12, 5, 4, "missing-key"),
                (13, 12, 1, "wrong-type"),
                (14, 1, 7, "unknown-key"),
            ],
            "{diags:#?}"
        );
        let hints: Vec<&str> = diags.iter().filter_map(|d| d.hint.as_deref()).collect();
        assert!(hints[0].starts_with("did you mean `medium`?"), "{hints:?}");
        assert!(
            hints[1].contains("`- id: faster-reviews`")
                && hints[1].contains("`text: Faster reviews`")
        );
        assert!(hints[2].starts_with("did you mean `achieved`?"));
        assert!(hints[4].contains("`id: pair-on-fridays`"));
        // No Rust type names.
        for d in &diags {
            assert!(
                !d.message.contains("struct") && !d.message.contains("sequence"),
                "{}",
                d.message
            );
        }
    }

    #[test]
    fn values_differing_only_by_case_are_accepted() {
        let yaml = "date: 2026-01-10\nkind: Review\nvisibility: PUBLIC\ndirection: Continue\nweaknesses:\n  - {text: a, impact: High}\ngoals:\n  - id: a\n    text: A\n    status: Achieved\n    health: ON-TRACK\nbacklog:\n  - item: b\n    change: Re-Estimated\n    before: {size: m}\n    after: {size: Xl}\n  - item: c\n    change: Reprioritised\n    before: {moscow: Should}\n    after: MUST\n";
        let (parsed, diags) = front_matter::parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(diags.is_empty(), "{diags:#?}");
        let front = parsed.unwrap().front;
        assert_eq!(
            front.goals[0].status.map(GoalStatus::as_str),
            Some("achieved")
        );
        assert_eq!(front.weaknesses[0].impact.map(Impact::as_str), Some("high"));
    }

    #[test]
    fn synonyms_are_errors_that_name_the_value_meant() {
        for (key, written, meant) in [
            ("kind", "retro", "mentoring"),
            ("direction", "pivot", "reorient"),
            ("visibility", "private", "confidential"),
        ] {
            let diags = problems(&format!("date: 2026-01-10\n{key}: {written}\n"));
            assert_eq!(diags[0].code, "unknown-value");
            let hint = diags[0].hint.as_deref().unwrap();
            assert!(
                hint.starts_with(&format!("did you mean `{meant}`?")),
                "{written}: {hint}"
            );
        }
        let status = |s: &str| {
            let yaml = format!("date: 2026-01-10\ngoals:\n  - id: a\n    status: {s}\n");
            problems(&yaml)[0].hint.clone().unwrap()
        };
        for (written, meant) in [
            ("done", "achieved"),
            ("complete", "achieved"),
            ("completed", "achieved"),
            ("finished", "achieved"),
            ("in progress", "active"),
            ("in-progress", "active"),
            ("wip", "active"),
            ("ongoing", "active"),
            ("open", "active"),
            ("cancelled", "dropped"),
            ("canceled", "dropped"),
            ("abandoned", "dropped"),
            ("on hold", "blocked"),
            ("On-Hold", "blocked"),
            ("acheived", "achieved"),
        ] {
            assert!(
                status(written).starts_with(&format!("did you mean `{meant}`?")),
                "{written}"
            );
        }
        let impact = |s: &str| {
            let yaml = format!("date: 2026-01-10\nweaknesses:\n  - text: a\n    impact: {s}\n");
            problems(&yaml)[0].hint.clone().unwrap()
        };
        assert!(impact("med").starts_with("did you mean `medium`?"));
        assert!(impact("mid").starts_with("did you mean `medium`?"));
        assert!(impact("zzz").starts_with("use one of: high, medium, low"));
    }

    #[test]
    fn a_goal_written_as_text_is_shown_as_an_entry() {
        assert_eq!(
            goal_hint("Faster reviews"),
            "a goal is an entry with an id that stays the same from session to session: write `- id: faster-reviews` and, under it, `text: Faster reviews`"
        );
        assert!(goal_hint("Fix: the build").ends_with("`text: \"Fix: the build\"`"));
        assert!(goal_hint("fast-reviews").contains("to update goal `fast-reviews`"));
        let diags = problems("date: 2026-01-10\ngoals: [\"Faster reviews\", fast-reviews]\n");
        assert_eq!(
            places(&diags),
            vec![(3, 9, 16, "wrong-type"), (3, 27, 12, "wrong-type")]
        );
        assert_eq!(
            diags[0].message,
            "`goals[0]`: expected a goal, found the text `Faster reviews`"
        );
    }

    #[test]
    fn keys_given_twice_and_missing_keys_are_each_reported() {
        let diags = problems("date: 2026-01-10\ndate: 2026-01-11\nbacklog:\n  - {note: x}\n");
        assert_eq!(
            places(&diags),
            vec![
                (3, 1, 4, "duplicate-key"),
                (5, 5, 9, "missing-key"),
                (5, 5, 9, "missing-key"),
            ]
        );
        let (_, diags) =
            front_matter::parse::<MentorshipFront>("m.md", "mentors: [Ada]\n", Schema::Mentorship);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "missing required key `title`",
                "missing required key `mentee`",
                "missing required key `started`"
            ]
        );
    }

    /// serde_yaml stops at `date`, before the aliases expand; the walk stops early too.
    #[test]
    fn an_alias_bomb_after_an_error_is_not_walked_whole() {
        let mut yaml = String::from("date: soon\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            yaml.push_str(&format!("  {name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        yaml.push_str("tags: *j\n");
        let started = std::time::Instant::now();
        let diags = problems(&yaml);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(
            diags[0].message,
            "`date`: `soon` is not a date: write it as YYYY-MM-DD"
        );
    }

    #[test]
    fn scalars_are_read_as_serde_yaml_reads_them() {
        assert_eq!(read("5", true), Read::Unsigned(5));
        assert_eq!(read("5", false), Read::Text);
        assert_eq!(read("0x10", true), Read::Unsigned(16));
        assert_eq!(read("+5", true), Read::Unsigned(5));
        assert_eq!(read("-5", true), Read::Negative);
        assert_eq!(read("007", true), Read::Text);
        assert_eq!(read("1_000", true), Read::Text);
        assert_eq!(read("4.5", true), Read::Float(4.5));
        assert_eq!(read("~", true), Read::Null);
        assert_eq!(read("", true), Read::Null);
        assert_eq!(read("yes", true), Read::Text);
        assert_eq!(read("TRUE", true), Read::Bool);
        assert_eq!(read("99999999999999999999", true), Read::Huge);
    }
}
