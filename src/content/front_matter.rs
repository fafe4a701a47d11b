//! Splits a note into front matter and body, and parses the front matter into typed data.
//!
//! Line numbers in every message are counted from the first line of the file, not of the
//! front matter block (Hugo #9857 got this wrong): the block starts on line 2, so a YAML
//! error on the block's line `n` is reported on line `n + 1`.
//!
//! serde parses; it stops at a note's first wrong value, so when it fails the note's YAML
//! is checked once more against `shape`'s table (`validate`), which reports every problem
//! of the note at once (issue 13). serde's own message remains for YAML that does not
//! parse, alias bombs and nesting too deep, and is the answer whenever the validator finds
//! nothing to say.

use crate::code::Code;
use serde::de::DeserializeOwned;

use crate::content::shape::{self, MapShape};
use crate::content::{simple_yaml, validate};
use crate::diagnostic::{Diagnostic, Loc, did_you_mean};

/// A note split at its fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The body after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the text.
    pub body_offset: usize,
}

/// The front matter of a note, typed.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The typed front matter.
    pub front: T,
}

/// Which file's schema to check keys against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// `mentorship.md`
    Mentorship,
    /// A session note.
    Session,
}

impl Schema {
    /// What its front matter accepts.
    #[must_use]
    pub(crate) fn shape(self) -> &'static MapShape {
        match self {
            Self::Mentorship => &shape::MENTORSHIP,
            Self::Session => &shape::SESSION,
        }
    }
}

/// Splits `text` (already free of BOM and CR) at the `---` fences.
///
/// # Errors
/// A diagnostic when the first line is not a fence or no closing fence follows.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            path,
            Some(Loc::start()),
            Code::NoFrontMatter,
            "the file is empty",
        )
        .with_hint(
            "a note starts with front matter between two `---` lines, then its Markdown body",
        ));
    }
    let first = text.split_inclusive('\n').next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            Some(Loc::new(1, 1, first.trim_end().chars().count())),
            Code::NoFrontMatter,
            "the file does not start with front matter",
        )
        .with_hint("the first line must be `---`, followed by YAML keys and another `---` line"));
    }
    let yaml_start = first.len();
    // The closing fence is a line that starts with `---`: only those are looked at.
    let after_first = yaml_start.saturating_sub(1);
    for at in memchr::memmem::find_iter(&text.as_bytes()[after_first..], b"\n---") {
        let offset = after_first + at + 1;
        let line = text[offset..]
            .split_inclusive('\n')
            .next()
            .unwrap_or_default();
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                body: &text[body_offset..],
                body_offset,
            });
        }
    }
    Err(Diagnostic::error(
        path,
        Some(Loc::new(1, 1, 3)),
        Code::UnterminatedFrontMatter,
        "the front matter is never closed",
    )
    .with_hint("add a line `---` after the last front matter key, before the Markdown body"))
}

/// Parses a front matter block into `T`, reporting problems against `path`.
///
/// Returns the typed data when it parses, and every diagnostic found: when it does not,
/// every missing key, wrong type and unknown value, with the unknown keys' warnings; when
/// it does, the unknown keys' warnings.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    yaml: &str,
    schema: Schema,
) -> (Option<Parsed<T>>, Vec<Diagnostic>) {
    // The block starts on the file's second line.
    const FIRST_LINE: usize = 2;
    if yaml.trim().is_empty() {
        let required = match schema {
            Schema::Mentorship => "`title`, `mentee`, `mentors` and `started`",
            Schema::Session => "`date`",
        };
        return (
            None,
            vec![
                Diagnostic::error(
                    path,
                    Some(Loc::start()),
                    Code::EmptyFrontMatter,
                    "the front matter is empty",
                )
                .with_hint(format!("it needs at least {required}")),
            ],
        );
    }
    // serde_ignored reports the keys serde skipped, so unknown keys cost no second parse;
    // positions are looked up only for the (rare) warnings.
    let mut ignored = Vec::new();
    // The YAML people write is read by the shortcut, which gives up on anything it does
    // not read exactly as serde_yaml would (`simple_yaml`).
    let quick = simple_yaml::read(yaml)
        .and_then(|node| serde_ignored::deserialize(&node, |p| ignored.push(p.to_string())).ok());
    let result: Result<T, _> = match quick {
        Some(front) => Ok(front),
        None => {
            // libyaml takes time quadratic in the depth of nested `[`/`{` before
            // serde_yaml's recursion limit speaks: deeper than it allows is refused first,
            // in one pass. (The shortcut reads no flow nesting.)
            if let Some(at) =
                crate::content::nesting::too_deep(yaml, crate::content::nesting::LIMIT)
            {
                let loc = Loc::at_offset(yaml, at, 1);
                return (
                    None,
                    vec![
                        Diagnostic::error(
                            path,
                            Some(Loc::new(loc.line + FIRST_LINE - 1, loc.column, 1)),
                            Code::YamlTooDeep,
                            "the front matter is nested too deeply",
                        )
                        .with_hint(TOO_DEEP_HINT),
                    ],
                );
            }
            ignored.clear();
            serde_ignored::deserialize(serde_yaml::Deserializer::from_str(yaml), |p| {
                ignored.push(p.to_string());
            })
        }
    };
    // A double-quoted escape (`"\x01"`, `"\e"`, `"\u0085"`) makes a control character the
    // raw text did not show: only possible with a backslash. Such a value explains a type
    // error too (`kind: "\e[2J"` is not a known kind), so it is looked for first.
    if yaml.contains('\\') {
        let escaped = escaped_controls(path, yaml, FIRST_LINE);
        if !escaped.is_empty() {
            return (None, escaped);
        }
    }
    match result {
        Ok(front) => {
            // A note that parses is never walked twice, unless it has an unknown key.
            let warnings = if ignored.is_empty() {
                Vec::new()
            } else {
                validate::check(path, yaml, FIRST_LINE, schema.shape())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|d| !d.is_error())
                    .collect()
            };
            (Some(Parsed { front }), warnings)
        }
        Err(err) => (None, problems(path, yaml, &err, schema, FIRST_LINE)),
    }
}

/// Whether the shortcut that reads the YAML people write (`simple_yaml`) agrees with
/// serde_yaml on `yaml`, as session and mentorship front matter and as free data:
/// `Ok(true)` when it read the block at least one way, each time exactly as serde_yaml
/// did (the same value, the same unknown keys); `Ok(false)` when it left every reading to
/// serde_yaml. For the fuzz target and the property test.
///
/// # Errors
/// The first reading where the two differ, described.
#[doc(hidden)]
pub fn shortcut_agrees(yaml: &str) -> Result<bool, String> {
    use crate::content::doc::{MentorshipFront, SessionFront};
    let session = simple_yaml::agrees::<SessionFront>(yaml, None)?;
    let mentorship = simple_yaml::agrees::<MentorshipFront>(yaml, None)?;
    let data = simple_yaml::agrees::<serde_json::Value>(yaml, None)?;
    Ok(session || mentorship || data)
}

/// Every problem of a block serde rejected: the validator's, when the YAML reads and it
/// finds an error; else serde's one message, explained.
fn problems(
    path: &str,
    yaml: &str,
    err: &serde_yaml::Error,
    schema: Schema,
    first_line: usize,
) -> Vec<Diagnostic> {
    let explained = yaml_error(path, yaml, err, first_line);
    // Alias bombs and deep nesting are not walked again.
    if matches!(explained.code, Code::YamlTooLarge | Code::YamlTooDeep) {
        return vec![explained];
    }
    match validate::check(path, yaml, first_line, schema.shape()) {
        Some(found) if found.iter().any(Diagnostic::is_error) => found,
        // The validator must agree with serde; should it not, serde's message still says
        // what is wrong (a test keeps the two equal).
        _ => vec![explained],
    }
}

/// An error at each scalar (key or value) whose parsed text holds a control character
/// that `content::load::is_forbidden_control` refuses: it can only come from an escape
/// of a double-quoted scalar, since the raw text was checked. Walks the block once more
/// as saphyr-parser events, for their places; runs only on a block serde_yaml accepted.
fn escaped_controls(path: &str, yaml: &str, first_line: usize) -> Vec<Diagnostic> {
    use saphyr_parser::{Event, Parser};
    let mut out = Vec::new();
    for item in Parser::new_from_str(yaml) {
        let Ok((event, span)) = item else { break };
        let Event::Scalar(text, ..) = event else {
            continue;
        };
        let Some(c) = text
            .chars()
            .find(|&c| crate::content::load::is_forbidden_control(c))
        else {
            continue;
        };
        let len = if span.end.line() == span.start.line() {
            span.end.col().saturating_sub(span.start.col())
        } else {
            1
        };
        out.push(
            Diagnostic::error(
                path,
                Some(Loc::new(
                    span.start.line() + first_line - 1,
                    span.start.col() + 1,
                    len.max(1),
                )),
                Code::ControlCharacter,
                format!(
                    "this quoted text holds control character U+{:04X}, written as an escape",
                    u32::from(c)
                ),
            )
            .with_hint(
                "remove the escape (`\\e`, `\\x01`, `\\u0085` …): control characters are not \
                 allowed in notes (`\\t` and `\\n` are fine)",
            ),
        );
    }
    out
}

const TOO_DEEP_HINT: &str = "front matter needs only a few levels of lists and maps";

fn yaml_error(path: &str, yaml: &str, err: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends " at line L column C"; we show the place ourselves.
    let message = raw
        .find(" at line ")
        .map_or(raw.as_str(), |i| &raw[..i])
        .to_owned();
    // A reader error (a character libyaml refuses, like U+FFFF) has no mark: serde_yaml
    // gives the start of the block as its place and the byte in the message, "… at
    // position 25". The byte is the place (the audit saw such errors a line or more
    // above the character).
    let (message, reader_at) = match message.rsplit_once(" at position ") {
        Some((m, n)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            (m.to_owned(), n.parse::<usize>().ok())
        }
        _ => (message, None),
    };
    let index = reader_at.or_else(|| err.location().map(|l| l.index()));
    // Placed by byte index, not by libyaml's line: YAML 1.1 also breaks lines at U+0085,
    // U+2028 and U+2029, which neither Markdown nor the shown source line do.
    let loc = index.map(|i| {
        // An unknown key is marked where it is written, not where its map starts.
        let i = unknown_field(&message)
            .and_then(|field| key_after(yaml, i, field))
            .unwrap_or(i);
        let at = Loc::at_offset(yaml, i, 0);
        let len = token_len(yaml, i);
        Loc::new(at.line + first_line - 1, at.column, len)
    });
    let (code, message, hint) = explain(&message, yaml, index);
    let mut d = Diagnostic::error(path, loc.or(Some(Loc::start())), code, message);
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    d
}

/// The width of the token starting at byte `index`, for the marker: a flow list or map
/// (`[Ana, {name: Ben}]`) is marked whole when it closes on its line.
fn token_len(yaml: &str, index: usize) -> usize {
    let Some(rest) = yaml.get(index..) else {
        return 1;
    };
    if rest.starts_with(['[', '{'])
        && let Some(len) = flow_len(rest)
    {
        return len;
    }
    rest.chars()
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ']' && *c != '}')
        .count()
        .max(1)
}

/// The characters of the flow collection that `text` starts with, up to its closing
/// bracket, when that is on the same line (quoted brackets do not count).
fn flow_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (n, c) in text.chars().enumerate() {
        match (quote, c) {
            (_, '\n') => return None,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(n + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The field of serde's "unknown field `x`, expected …".
fn unknown_field(message: &str) -> Option<&str> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    rest.split_once('`').map(|(field, _)| field)
}

/// The byte index of key `key` written at or after `from` (`key:` or `"key":`).
fn key_after(yaml: &str, from: usize, key: &str) -> Option<usize> {
    let rest = yaml.get(from..)?;
    [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ]
    .iter()
    .filter_map(|k| rest.find(k.as_str()))
    .min()
    .map(|i| from + i)
}

/// Turns serde_yaml's message into a plain one with a hint.
// Long on purpose: one match over serde_yaml's kinds of error, an arm a message: the table
// of what each means, kept in one place.
fn explain(message: &str, yaml: &str, index: Option<usize>) -> (Code, String, Option<String>) {
    let (path, what) = match message.split_once(": ") {
        Some((p, w)) if !p.contains(' ') => (Some(p), w),
        _ => (None, message),
    };
    let key = path.map(|p| format!("`{p}`: ")).unwrap_or_default();
    if what.contains("repetition limit exceeded") {
        return (
            Code::YamlTooLarge,
            "the front matter expands aliases too many times".to_owned(),
            Some(
                "remove the `&anchor`/`*alias` chain: it would expand to an enormous document"
                    .to_owned(),
            ),
        );
    }
    if what.contains("recursion limit exceeded") {
        return (
            Code::YamlTooDeep,
            "the front matter is nested too deeply".to_owned(),
            Some(TOO_DEEP_HINT.to_owned()),
        );
    }
    if let Some(field) = what
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        let hint = match field {
            "date" | "started" => format!("add `{field}: YYYY-MM-DD`"),
            "text" if path.is_some_and(|p| p.starts_with("goals")) => {
                "a goal's first appearance needs its `text`".to_owned()
            }
            "item" => {
                "name the backlog item: a title, or an issue reference in quotes (`item: \"#12\"`)"
                    .to_owned()
            }
            _ => format!("add `{field}:`"),
        };
        let place = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
        return (
            Code::MissingKey,
            format!("missing required key `{field}`{place}"),
            Some(hint),
        );
    }
    if let Some(rest) = what.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once("`, expected ").unwrap_or((rest, ""));
        let options = expected_words(expected);
        let hint = did_you_mean(value, options.iter().copied()).map_or_else(
            || format!("use one of: {}", options.join(", ")),
            |m| format!("did you mean `{m}`? (one of: {})", options.join(", ")),
        );
        return (
            Code::UnknownValue,
            format!("{key}`{value}` is not a known value"),
            Some(hint),
        );
    }
    if let Some(rest) = what.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once("`, expected ").unwrap_or((rest, ""));
        let options = expected_words(expected);
        let hint = did_you_mean(field, options.iter().copied())
            .or_else(|| abbreviated(field, &options))
            .map_or_else(
                || format!("use one of: {}", options.join(", ")),
                |m| format!("did you mean `{m}`? (one of: {})", options.join(", ")),
            );
        return (
            Code::UnknownKey,
            format!("{key}unknown key `{field}`"),
            Some(hint),
        );
    }
    if what.contains("invalid type: unit value") {
        let hint = if path.is_some_and(|p| p.contains("item")) {
            "`#` starts a YAML comment: quote issue references, `item: \"#12\"`"
        } else {
            "the value is empty: write one after the colon, or remove the key"
        };
        return (
            Code::WrongType,
            format!("{key}a value is missing"),
            Some(hint.to_owned()),
        );
    }
    if what.starts_with("invalid type: sequence") && path.is_none() {
        return (
            Code::WrongType,
            "the front matter is a list, not a map of keys".to_owned(),
            Some(
                "write keys at the top level, e.g. `date: 2026-09-23`, without a leading `- `"
                    .to_owned(),
            ),
        );
    }
    if what.starts_with("invalid type")
        || what.starts_with("invalid value")
        || what.contains("is not a")
    {
        let hint = if what.contains("is not a date") {
            Some("dates are written YYYY-MM-DD, e.g. 2026-09-23".to_owned())
        } else if what.contains("expected a sequence") {
            Some("write a list: `[first, second]`, or one `- item` per line".to_owned())
        } else if what.contains("expected a string") || what.contains("expected a borrowed string")
        {
            Some("write plain text here; quote it if it starts with a special character".to_owned())
        } else if what.contains("an owner's name or a list of names") {
            Some("write a name, `owner: Ana`, or a list of names, `owner: [Ana, Ben]`".to_owned())
        } else if what.contains("one kind of value") {
            Some(
                "write a value as it is (`5`, `must`), or with its kind: `{position: 3}`, `{moscow: must}`, `{size: M}` or `{points: 5}`"
                    .to_owned(),
            )
        } else if what.contains("expected struct") || what.contains("expected a map") {
            Some("write keys under it, one `key: value` per line, indented".to_owned())
        } else {
            None
        };
        return (Code::WrongType, format!("{key}{what}"), hint);
    }
    let tab = index
        .and_then(|i| yaml.get(i..))
        .is_some_and(|r| r.starts_with('\t'));
    if tab || what.contains("found character that cannot start any token") && yaml.contains('\t') {
        return (
            Code::InvalidYaml,
            format!("invalid YAML: {what}"),
            Some("YAML does not allow tabs for indentation: indent with spaces".to_owned()),
        );
    }
    let hint = if what.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, or the indentation is off".to_owned())
    } else if what.contains("did not find expected") || what.contains("indentation") {
        Some("check the indentation: items of one list or map must line up".to_owned())
    } else {
        None
    };
    (Code::InvalidYaml, format!("invalid YAML: {what}"), hint)
}

/// The one option that `word` abbreviates: the one it begins (`pos` → `position`), else
/// the one with its first letter and the rest of its letters in order (`pts` → `points`).
pub(crate) fn abbreviated<'a>(word: &str, options: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let only = |mut found: std::vec::IntoIter<&'a str>| match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    };
    let begun: Vec<&str> = options
        .iter()
        .copied()
        .filter(|o| word.len() > 1 && o.starts_with(&word))
        .collect();
    if !begun.is_empty() {
        return only(begun.into_iter());
    }
    let abbreviates = |option: &str| {
        let mut letters = option.chars();
        word.chars().next() == option.chars().next()
            && word.chars().all(|c| letters.any(|o| o == c))
    };
    only(
        options
            .iter()
            .copied()
            .filter(|o| word.len() > 1 && abbreviates(o))
            .collect::<Vec<_>>()
            .into_iter(),
    )
}

/// The words of serde's "expected one of `a`, `b`": `[a, b]`.
fn expected_words(expected: &str) -> Vec<&str> {
    expected
        .trim_start_matches("one of ")
        .split(", ")
        .map(|s| s.trim_matches('`'))
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::doc::SessionFront;

    #[test]
    fn splits_at_fences() {
        let s = split("a.md", "---\ndate: 2026-01-01\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "date: 2026-01-01\n");
        assert_eq!(s.body, "body\n");
        assert!(split("a.md", "---\ndate: 2026-01-01\n").is_err());
        assert!(split("a.md", "").is_err());
        assert!(split("a.md", "# Title\n").is_err());
        // The closing fence is the first line that is `---` and trailing blanks, wherever
        // other lines start with dashes.
        for (text, yaml) in [
            ("---\n---\nbody", Some("")),
            ("--- \nx: 1\n---  \n", Some("x: 1\n")),
            (
                "---\nx: ---\n----\n --- \n---x\n---\t\nb",
                Some("x: ---\n----\n --- \n---x\n"),
            ),
            ("---\nx: 1\n---", Some("x: 1\n")),
            ("---\nx: 1\n----\n", None),
            ("---", None),
        ] {
            assert_eq!(split("a.md", text).ok().map(|s| s.yaml), yaml, "{text:?}");
        }
    }

    #[test]
    fn yaml_errors_count_lines_from_the_file_start() {
        let yaml = "date: 2026-01-01\nkind: mentorin\n";
        let (parsed, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(parsed.is_none());
        assert_eq!(diags[0].loc.map(|l| (l.line, l.column)), Some((3, 7)));
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("did you mean `mentoring`")
        );
    }

    #[test]
    fn yaml_errors_count_only_newlines_as_line_ends() {
        // libyaml ends a line at U+2028 too; the file's lines are counted at `\n` only.
        let yaml = "date: 2026-01-01\ntitle: a\u{2028}b\nkind: x\n";
        let (_, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert_eq!(diags[0].loc.map(|l| (l.line, l.column)), Some((4, 7)));
        // So does serde's own message, kept for YAML that does not parse.
        let yaml = "date: 2026-01-01\ntitle: a\u{2028}b\nkind: [x\n";
        let (_, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert_eq!(diags[0].code, "invalid-yaml");
        assert_eq!(diags[0].loc.map(|l| l.line), Some(4));
    }

    #[test]
    fn an_unknown_kind_of_backlog_value_is_marked_with_a_suggestion() {
        let yaml = "date: 2026-01-01\nbacklog:\n  - item: A\n    change: re-estimated\n    before: {pts: 5}\n";
        let (parsed, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(parsed.is_none());
        assert_eq!(diags[0].code, "unknown-key");
        assert_eq!(diags[0].loc, Some(Loc::new(6, 14, 3)));
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("did you mean `points`")
        );
        assert_eq!(
            abbreviated("pos", &["position", "moscow", "size", "points"]),
            Some("position")
        );
        assert_eq!(
            abbreviated("p", &["position", "moscow", "size", "points"]),
            None
        );
    }

    #[test]
    fn a_wrong_flow_value_is_marked_whole() {
        let yaml = "date: 2026-01-01\ngoals:\n  - id: a\n    text: A\n    owner: {name: Ana}\n";
        let (_, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert_eq!(diags[0].loc, Some(Loc::new(6, 12, 11)));
        assert_eq!(flow_len("[a, \"]\", {b: c}] tail"), Some(16));
        assert_eq!(flow_len("[a,\n b]"), None);
    }

    #[test]
    fn escaped_control_characters_are_errors_at_their_scalar() {
        let yaml = "date: 2026-01-01\nkind: \"x\\e]0;PWNED\\a\"\nextra:\n  \"k\\x01\": 1\n  b: \"\\u0085\"\n  fine: \"a\\tb\\nc \\\\ d\"\n";
        let (parsed, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(parsed.is_none());
        let places: Vec<_> = diags
            .iter()
            .map(|d| d.loc.map(|l| (l.line, l.column)))
            .collect();
        assert_eq!(
            places,
            vec![Some((3, 7)), Some((5, 3)), Some((6, 6))],
            "{diags:?}"
        );
        assert!(diags[0].message.contains("U+001B"));
        assert!(diags[1].message.contains("U+0001"));
        assert!(diags[2].message.contains("U+0085"));
        assert!(diags.iter().all(|d| d.code == "control-character"));
    }

    #[test]
    fn reader_errors_are_placed_at_their_character() {
        // libyaml refuses U+FFFF; serde_yaml reports it at the block's start.
        let yaml = "date: 2026-01-01\ntitle: a\u{ffff}b\n";
        let (_, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert_eq!(diags[0].loc.map(|l| (l.line, l.column)), Some((3, 9)));
        assert!(
            !diags[0].message.contains("position"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn unknown_keys_are_warnings_with_suggestions() {
        let yaml = "date: 2026-01-01\nweakneses: []\n";
        let (parsed, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(parsed.is_some());
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
        assert!(diags[0].hint.as_deref().unwrap().contains("`weaknesses`"));
        // In the maps of entries written as text or a map too.
        let yaml = "date: 2026-01-01\nweaknesses: [{text: a, impct: high}]\n";
        let (parsed, diags) = parse::<SessionFront>("a.md", yaml, Schema::Session);
        assert!(parsed.is_some());
        let places: Vec<_> = diags
            .iter()
            .map(|d| d.loc.map(|l| (l.line, l.column)))
            .collect();
        assert_eq!(places, vec![Some((3, 24))], "{diags:#?}");
        assert!(diags[0].hint.as_deref().unwrap().contains("`impact`"));
    }
}
