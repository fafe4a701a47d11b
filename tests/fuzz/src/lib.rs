//! Checks shared by the fuzz targets: where a diagnostic may point, and what HTML the
//! Markdown renderer may emit when raw HTML is not allowed.
//!
//! Every check panics with a message naming the broken invariant, so that libFuzzer
//! records the input as a crash.

use mentorlog::diagnostic::{Diagnostic, Sources};

/// Asserts that `d` points inside `text`: line 1 ..= lines + 1 (one past the end is where
/// an unterminated block is reported), column 1 ..= the line's length in characters + 1.
/// Then renders it as the command line does, which must not panic either.
pub fn check_diagnostic(d: &Diagnostic, text: &str, sources: &Sources) {
    if let Some(loc) = d.loc {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            loc.line >= 1 && loc.line <= lines.len() + 1,
            "{} `{}`: line {} outside a text of {} lines: {d:?}",
            d.path,
            d.code,
            loc.line,
            lines.len()
        );
        assert!(loc.column >= 1, "{} `{}`: column 0: {d:?}", d.path, d.code);
        if let Some(line) = lines.get(loc.line - 1) {
            let width = line.chars().count();
            assert!(
                loc.column <= width + 1,
                "{} `{}`: column {} outside line {} of {width} characters: {d:?}",
                d.path,
                d.code,
                loc.column,
                loc.line
            );
        }
    }
    let shown = d.render(sources);
    // Shown as printed: control characters in a message are made visible (issue 12).
    let message = mentorlog::diagnostic::printable(&d.message);
    assert!(shown.contains(d.code.as_str()) || shown.contains(message.as_ref()));
}

/// The elements pulldown-cmark emits for the options mentorlog enables.
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The attributes pulldown-cmark writes itself. Anything else (an `onclick`, a `style`
/// with content from the note) came from the note and is raw HTML in disguise.
const ATTRIBUTES: &[&str] = &[
    "alt", "checked", "class", "disabled", "href", "id", "src", "start", "style", "title", "type",
];

/// One tag of rendered HTML: its name and attributes (values still escaped).
#[derive(Debug)]
pub struct Tag<'a> {
    /// The element's name, without `/`.
    pub name: &'a str,
    /// `(name, value)` pairs.
    pub attributes: Vec<(&'a str, &'a str)>,
}

/// Parses the HTML the renderer produced with raw HTML escaped, asserting that every `<`
/// opens a tag pulldown-cmark writes, with only the attributes it writes, each value
/// quoted and free of `<`, `>` and `"`. Returns the opening tags.
pub fn safe_tags(html: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let closing = after.starts_with('/');
        let after = after.strip_prefix('/').unwrap_or(after);
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        assert!(
            TAGS.contains(&name),
            "unexpected element <{name}> in rendered Markdown: {html:?}"
        );
        let mut cursor = &after[name_len..];
        let mut attributes = Vec::new();
        loop {
            cursor = cursor.trim_start_matches(' ');
            if let Some(r) = cursor.strip_prefix('>') {
                cursor = r;
                break;
            }
            if let Some(r) = cursor.strip_prefix("/>") {
                cursor = r;
                break;
            }
            assert!(!closing, "attributes on a closing tag </{name}>: {html:?}");
            let attr_len = cursor
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(cursor.len());
            let attr = &cursor[..attr_len];
            assert!(
                ATTRIBUTES.contains(&attr),
                "unexpected attribute `{attr}` on <{name}> in rendered Markdown: {html:?}"
            );
            cursor = &cursor[attr_len..];
            let Some(quoted) = cursor.strip_prefix("=\"") else {
                panic!("attribute `{attr}` on <{name}> is not `=\"…\"`: {html:?}");
            };
            let end = quoted
                .find('"')
                .unwrap_or_else(|| panic!("unterminated attribute `{attr}`: {html:?}"));
            let value = &quoted[..end];
            assert!(
                !value.contains(['<', '>']),
                "unescaped `<` or `>` in `{attr}`: {html:?}"
            );
            attributes.push((attr, value));
            cursor = &quoted[end + 1..];
        }
        if !closing {
            tags.push(Tag { name, attributes });
        }
        rest = cursor;
    }
    tags
}

/// Undoes the HTML escaping of an attribute value (`&amp;`, `&quot;`, `&lt;`, `&gt;`,
/// `&#39;`).
#[must_use]
pub fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every `<script …>` opening tag in `html`, matched case-insensitively, as written.
#[must_use]
pub fn script_tags(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let start = from + i;
        let end = lower[start..]
            .find('>')
            .map_or(html.len(), |e| start + e + 1);
        out.push(&html[start..end]);
        from = start + "<script".len();
    }
    out
}

/// The names of the event-handler attributes (`onclick`, `onerror` …) in the tags of an
/// HTML page, with their elements. Quoted values are skipped, so text that merely looks
/// like `on…=` inside a value does not count; comments and `<!…>` are skipped.
#[must_use]
pub fn event_handlers(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        i += 1;
        if i < bytes.len() && (bytes[i] == b'!' || bytes[i] == b'/') {
            continue;
        }
        let name_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == name_start {
            continue;
        }
        let element = html[name_start..i].to_ascii_lowercase();
        // Attributes until `>`.
        while i < bytes.len() && bytes[i] != b'>' {
            match bytes[i] {
                b'"' | b'\'' => {
                    let quote = bytes[i];
                    i += 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    i += 1;
                }
                c if c.is_ascii_alphabetic() => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-')
                    {
                        i += 1;
                    }
                    let attr = html[start..i].to_ascii_lowercase();
                    if attr.starts_with("on") && attr.len() > 2 {
                        out.push((element.clone(), attr));
                    }
                }
                _ => i += 1,
            }
        }
    }
    out
}
