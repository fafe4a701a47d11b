//! Fitting a note's rendered Markdown into a page: heading levels, ids, images.
//!
//! A note is written on its own: it may start at `###`, skip levels, reuse a heading id
//! another note on the same page uses, or show an image from another host. The page it
//! lands in needs ordered headings below its own, unique ids, and nothing loaded from
//! elsewhere (PRODUCT.md §5, §11). These functions rewrite the HTML that
//! `content::markdown::render` produced; they see only tags that renderer writes (raw HTML
//! is escaped unless the site allows it) and never fail.

use std::fmt::Write as _;

/// How to fit a body into its page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fit<'a> {
    /// The level the body's top headings get (the page's own section is one above).
    pub base_level: u8,
    /// Prefixed to every `id` and same-page `#fragment`, for pages showing several notes.
    pub id_prefix: Option<&'a str>,
    /// Where the body is, to name its tables: "the notes", "the notes of session 3".
    pub place: &'a str,
}

/// Whether the default theme's templates give an element this id on a page that can
/// show a note's body (a note's heading must not take it: the skip link would jump to the
/// heading instead of `<main>`). The theme's ids all hold an underscore, which generated
/// heading ids never do: `main_content`, the search form's `search_…`, section headings
/// `…_h`, goal groups `status_…` and the timeline picture's `tl_…`. Notes on the print
/// page and in the feed get a prefix (`s3-`), so the print page's `s3` cannot be hit.
#[must_use]
pub(crate) fn theme_id(id: &str) -> bool {
    id == "main_content"
        || id.ends_with("_h")
        || ["search_", "status_", "tl_"]
            .iter()
            .any(|p| id.starts_with(p))
}

/// Rewrites `html` to sit in a page: headings start at `fit.base_level` and never skip a
/// level, ids get `fit.id_prefix`, images from other hosts become links (or their text,
/// inside a link), and images that point nowhere become their text.
#[must_use]
// Long on purpose: one pass over the note's HTML, each tag changing the same state of open
// headings and links.
pub(crate) fn fit(html: &str, fit: Fit<'_>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // (level as written, level given) of the headings enclosing the current point.
    let mut outline: Vec<(u8, u8)> = Vec::new();
    // Levels given to the headings open now, to close them alike.
    let mut open: Vec<u8> = Vec::new();
    let mut link_depth = 0usize;
    let mut tables = 0usize;
    let mut rest = html;
    while let Some(at) = find_byte(b'<', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let tag_end = find_byte(b'>', &rest.as_bytes()[at..]).map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        rest = &rest[tag_end..];
        let b = tag.as_bytes();
        // The second byte first: most tags are told apart by it without comparing texts.
        let second = b.get(1).copied().unwrap_or_default();
        if let Some(level) = heading_open(b) {
            while outline.last().is_some_and(|&(w, _)| w >= level) {
                outline.pop();
            }
            let given = outline
                .last()
                .map_or(fit.base_level, |&(_, g)| g + 1)
                .clamp(1, 6);
            outline.push((level, given));
            open.push(given);
            out.push_str("<h");
            out.push(char::from(b'0' + given));
            push_attrs(&mut out, &tag[3..], fit.id_prefix);
        } else if b.len() == 5 && b[1] == b'/' && b[2] == b'h' && (b'1'..=b'6').contains(&b[3]) {
            let given = open.pop().unwrap_or(b[3] - b'0');
            out.push_str("</h");
            out.push(char::from(b'0' + given));
            out.push('>');
        } else if second == b'i' && tag.starts_with("<img ") {
            out.push_str(&image(tag, link_depth > 0, fit.id_prefix));
        } else if second == b'a' && (tag.starts_with("<a ") || tag == "<a>") {
            link_depth += 1;
            out.push_str("<a");
            push_attrs(&mut out, &tag[2..], fit.id_prefix);
        } else if second == b'i' && tag.starts_with("<input ") && tag.contains("type=\"checkbox\"")
        {
            // A task list box: name it, so that it is not an unlabelled form field.
            let label = if tag.contains(" checked") {
                "done"
            } else {
                "to do"
            };
            out.push_str("<input aria-label=\"");
            out.push_str(label);
            out.push('"');
            out.push_str(&tag[6..]);
        } else if let Some(cell) = aligned_cell(tag) {
            // Column alignment without a style attribute: the CSP allows no inline style.
            out.push_str(&cell);
        } else if second == b't' && tag == "<th>" && rest.starts_with("</th>") {
            // An empty header cell (a table's corner) is a data cell.
            out.push_str("<td></td>");
            rest = &rest["</th>".len()..];
        } else if second == b'p' && (tag == "<pre>" || tag.starts_with("<pre ")) {
            // Code scrolls sideways when its lines are long: keyboard users must reach it.
            out.push_str("<pre tabindex=\"0\"");
            push_attrs(&mut out, &tag[4..], fit.id_prefix);
        } else if second == b't' && tag == "<table>" {
            // Wide tables scroll inside a region that keyboard users can reach, named
            // uniquely on the page.
            tables += 1;
            let _ = write!(
                out,
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {tables} in {}\"><table>",
                fit.place
            );
        } else if second == b'/' && tag == "</table>" {
            out.push_str("</table></div>");
        } else if second == b'/' && tag == "</a>" {
            link_depth = link_depth.saturating_sub(1);
            out.push_str(tag);
        } else if second == b'/' || second == b'!' {
            out.push_str(tag);
        } else {
            // Any other element: keep its name, prefix its id.
            let name_end = name_end(tag);
            out.push_str(&tag[..name_end]);
            push_attrs(&mut out, &tag[name_end..], fit.id_prefix);
        }
    }
    out.push_str(rest);
    out
}

/// Nests a part of a page, rendered for a page of its own, one level down in a page that
/// holds many such parts (the print page holds every session page's sections): headings go
/// one level down (at most `h6`), every `id` and every reference to one (same-page
/// `href="#…"`, `for`, `headers`, `aria-labelledby`, `aria-describedby`,
/// `aria-controls`) gets `prefix`, and sections stop being named landmarks (a page of a
/// hundred sessions would otherwise have hundreds). Never fails; sees only tags our
/// templates and Markdown renderer write, as [`fit`] does.
#[must_use]
pub(crate) fn nest(html: &str, prefix: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // Most of a part stays as it is: it is copied in runs, up to the next tag that
    // changes (`html[copied..]` is not copied yet).
    let mut copied = 0;
    let mut at = 0;
    while let Some(lt) = find_byte(b'<', &bytes[at..]) {
        let start = at + lt;
        if bytes.get(start + 1) == Some(&b'!') && bytes[start..].starts_with(b"<!--") {
            at =
                memchr::memmem::find(&bytes[start..], b"-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let end = find_byte(b'>', &bytes[start..]).map_or(html.len(), |e| start + e + 1);
        at = end;
        let tag = &html[start..end];
        let b = tag.as_bytes();
        if let Some(level) = heading_open(b) {
            out.push_str(&html[copied..start]);
            out.push_str("<h");
            out.push(char::from(b'0' + (level + 1).min(6)));
            push_references(&mut out, &tag[3..], prefix, false);
        } else if b.len() == 5 && b[1] == b'/' && b[2] == b'h' && (b'1'..=b'6').contains(&b[3]) {
            out.push_str(&html[copied..start]);
            out.push_str("</h");
            out.push(char::from(b'0' + (b[3] - b'0' + 1).min(6)));
            out.push('>');
        } else if b.get(1).is_some_and(|&c| c != b'/' && c != b'!') && has_references(b) {
            out.push_str(&html[copied..start]);
            let name_end = name_end(tag);
            out.push_str(&tag[..name_end]);
            push_references(
                &mut out,
                &tag[name_end..],
                prefix,
                &tag[..name_end] == "<section",
            );
        } else {
            continue;
        }
        copied = end;
    }
    out.push_str(&html[copied..]);
    out
}

/// Whether an opening tag has an attribute [`push_references`] changes.
fn has_references(tag: &[u8]) -> bool {
    // A byte at a time between values: an attribute's name is a few bytes.
    let mut i = 0;
    while i + 1 < tag.len() {
        if tag[i] != b'=' || tag[i + 1] != b'"' {
            i += 1;
            continue;
        }
        let name_start = tag[..i]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |s| s + 1);
        match &tag[name_start..i] {
            b"id" | b"for" | b"headers" | b"aria-labelledby" | b"aria-describedby"
            | b"aria-controls" => return true,
            b"href" if tag.get(i + 2) == Some(&b'#') => return true,
            _ => {}
        }
        // Past the value (a picture's path data is thousands of bytes).
        match find_byte(b'"', &tag[i + 2..]) {
            Some(e) => i += 2 + e + 1,
            None => return false,
        }
    }
    false
}

/// Copies the attributes part of a tag (`␠id="x" class="y">`), prefixing ids and the
/// attributes that refer to them; drops `aria-labelledby` when `unname` is set.
fn push_references(out: &mut String, attrs: &str, prefix: &str, unname: bool) {
    const LISTS: [&str; 5] = [
        "for",
        "headers",
        "aria-labelledby",
        "aria-describedby",
        "aria-controls",
    ];
    let mut rest = attrs;
    while let Some(eq) = find_pair(rest.as_bytes(), b'=', b'"') {
        let name_start = rest.as_bytes()[..eq]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |s| s + 1);
        let name = &rest[name_start..eq];
        let value_start = eq + 2;
        let value_len = memchr::memchr(b'"', &rest.as_bytes()[value_start..])
            .unwrap_or(rest.len() - value_start);
        let value = &rest[value_start..value_start + value_len];
        let after = (value_start + value_len + 1).min(rest.len());
        if unname && name == "aria-labelledby" {
            // Drop the attribute with the space before it.
            out.push_str(rest[..name_start].trim_end_matches(|c: char| c.is_ascii_whitespace()));
        } else if name == "id" || LISTS.contains(&name) {
            out.push_str(&rest[..value_start]);
            for (i, id) in value.split(' ').enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if !id.is_empty() {
                    out.push_str(prefix);
                }
                out.push_str(id);
            }
            out.push_str(&rest[value_start + value_len..after]);
        } else if name == "href" && value.starts_with('#') {
            out.push_str(&rest[..=value_start]);
            out.push_str(prefix);
            out.push_str(&rest[value_start + 1..after]);
        } else {
            out.push_str(&rest[..after]);
        }
        rest = &rest[after..];
    }
    out.push_str(rest);
}

/// Where `byte` first is in `bytes`: [`memchr::memchr`], but for the next few bytes, read
/// one by one first (in a page's HTML, the next tag is often right there).
fn find_byte(byte: u8, bytes: &[u8]) -> Option<usize> {
    const NEAR: usize = 16;
    let near = &bytes[..bytes.len().min(NEAR)];
    match near.iter().position(|&b| b == byte) {
        Some(at) => Some(at),
        None if bytes.len() <= NEAR => None,
        None => memchr::memchr(byte, &bytes[NEAR..]).map(|at| at + NEAR),
    }
}

/// Where `first` directly followed by `second` starts in `bytes` (`str::find` with a
/// two-byte pattern sets up a general searcher for every call).
fn find_pair(bytes: &[u8], first: u8, second: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memchr(first, &bytes[from..]) {
        let at = from + at;
        if bytes.get(at + 1) == Some(&second) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Where the element name of `tag` (`<name attrs…>`) ends.
fn name_end(tag: &str) -> usize {
    tag.as_bytes()[1..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
        .map_or(tag.len(), |e| e + 1)
}

/// `<td style="text-align: right">` → `<td class="align-right">`.
fn aligned_cell(tag: &str) -> Option<String> {
    let name = tag.get(1..3).filter(|n| *n == "th" || *n == "td")?;
    let align = tag[3..].strip_prefix(" style=\"text-align: ")?;
    let align = align.strip_suffix("\">")?;
    matches!(align, "left" | "center" | "right")
        .then(|| format!("<{name} class=\"align-{align}\">"))
}

/// `<h3>` or `<h3 id=…>`: the level.
fn heading_open(b: &[u8]) -> Option<u8> {
    (b.len() >= 4
        && b[1] == b'h'
        && (b'1'..=b'6').contains(&b[2])
        && (b[3] == b'>' || b[3].is_ascii_whitespace()))
    .then(|| b[2] - b'0')
}

/// Copies the attributes part of a tag (`␠id="x" class="y">`), prefixing `id` values and
/// same-page fragments.
fn push_attrs(out: &mut String, attrs: &str, prefix: Option<&str>) {
    let Some(prefix) = prefix else {
        out.push_str(attrs);
        return;
    };
    let mut rest = attrs;
    loop {
        let id = rest.find(" id=\"");
        let frag = rest.find(" href=\"#");
        let (at, skip) = match (id, frag) {
            (Some(i), Some(f)) if f < i => (f, " href=\"#".len()),
            (Some(i), _) => (i, " id=\"".len()),
            (None, Some(f)) => (f, " href=\"#".len()),
            (None, None) => break,
        };
        out.push_str(&rest[..at + skip]);
        out.push_str(prefix);
        rest = &rest[at + skip..];
    }
    out.push_str(rest);
}

/// An `<img>` tag: kept when it is local; otherwise its alt text, linked to the image
/// when not already inside a link.
fn image(tag: &str, in_link: bool, prefix: Option<&str>) -> String {
    let src = attr(tag, "src").unwrap_or_default();
    let external =
        src.starts_with("http://") || src.starts_with("https://") || src.starts_with("//");
    if !src.is_empty() && !external {
        let mut out = String::from("<img");
        push_attrs(&mut out, &tag[4..], prefix);
        return out;
    }
    let alt = attr(tag, "alt").unwrap_or_default();
    let text = if alt.is_empty() { "image" } else { alt };
    if external && !in_link {
        format!("<a class=\"external-image\" href=\"{src}\">{text}</a>")
    } else {
        format!("<span class=\"external-image\">{text}</span>")
    }
}

/// The raw (still escaped) value of attribute `name` in `tag`.
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The nesting as first written (memchr for every tag and attribute), to hold the
/// faster one to it.
#[cfg(test)]
mod reference {
    use super::{heading_open, name_end, push_references};

    pub(super) fn nest(html: &str, prefix: &str) -> String {
        let bytes = html.as_bytes();
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        // Most of a part stays as it is: it is copied in runs, up to the next tag that
        // changes (`html[copied..]` is not copied yet).
        let mut copied = 0;
        let mut at = 0;
        while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
            let start = at + lt;
            if html[start..].starts_with("<!--") {
                at = html[start..]
                    .find("-->")
                    .map_or(html.len(), |e| start + e + 3);
                continue;
            }
            let end = memchr::memchr(b'>', &bytes[start..]).map_or(html.len(), |e| start + e + 1);
            at = end;
            let tag = &html[start..end];
            let b = tag.as_bytes();
            if let Some(level) = heading_open(b) {
                out.push_str(&html[copied..start]);
                out.push_str("<h");
                out.push(char::from(b'0' + (level + 1).min(6)));
                push_references(&mut out, &tag[3..], prefix, false);
            } else if b.len() == 5 && b[1] == b'/' && b[2] == b'h' && (b'1'..=b'6').contains(&b[3])
            {
                out.push_str(&html[copied..start]);
                out.push_str("</h");
                out.push(char::from(b'0' + (b[3] - b'0' + 1).min(6)));
                out.push('>');
            } else if b.get(1).is_some_and(|&c| c != b'/' && c != b'!') && has_references(b) {
                out.push_str(&html[copied..start]);
                let name_end = name_end(tag);
                out.push_str(&tag[..name_end]);
                push_references(
                    &mut out,
                    &tag[name_end..],
                    prefix,
                    &tag[..name_end] == "<section",
                );
            } else {
                continue;
            }
            copied = end;
        }
        out.push_str(&html[copied..]);
        out
    }

    fn has_references(tag: &[u8]) -> bool {
        let mut from = 0;
        while let Some(eq) = find_pair(&tag[from..], b'=', b'"') {
            let eq = from + eq;
            let name_start = tag[..eq]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(0, |s| s + 1);
            match &tag[name_start..eq] {
                b"id" | b"for" | b"headers" | b"aria-labelledby" | b"aria-describedby"
                | b"aria-controls" => return true,
                b"href" if tag.get(eq + 2) == Some(&b'#') => return true,
                _ => {}
            }
            // Past the value.
            from = memchr::memchr(b'"', &tag[eq + 2..]).map_or(tag.len(), |e| eq + 2 + e + 1);
        }
        false
    }

    fn find_pair(bytes: &[u8], first: u8, second: u8) -> Option<usize> {
        let mut from = 0;
        while let Some(at) = memchr::memchr(first, &bytes[from..]) {
            let at = from + at;
            if bytes.get(at + 1) == Some(&second) {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Fit<'static> = Fit {
        base_level: 3,
        id_prefix: None,
        place: "the notes",
    };
    const TABLE_OPEN: &str = "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1 in the notes\"><table>";

    /// Every id the default theme's templates write is either one [`theme_id`] knows or
    /// on a page no unprefixed note body reaches; a new template id must be added there.
    #[test]
    fn theme_ids_are_all_known() {
        let theme = crate::render::theme::builtin();
        let mut seen = 0;
        for (name, file) in &theme.templates {
            let text = String::from_utf8_lossy(&file.bytes);
            for part in text.split("id=\"").skip(1) {
                let raw = &part[..part.find('"').unwrap()];
                // `{{ idp }}notes_h` → `notes_h`, `status_{{ group.status }}` → `status_`.
                let mut id = String::new();
                let mut rest = raw;
                while let Some(open) = rest.find("{{") {
                    id.push_str(&rest[..open]);
                    rest = rest[open..]
                        .find("}}")
                        .map_or("", |c| &rest[open + c + 2..]);
                }
                id.push_str(rest);
                seen += 1;
                // The print page's session articles (`s3`: its notes are prefixed `s3-`),
                // and the anchors of the backlog and recurring pages (which show no note).
                let elsewhere = matches!(
                    (name.as_str(), raw),
                    ("print_session.html", "s{{ session.number }}")
                        | ("backlog.html", "{{ it.anchor }}")
                        | ("recurring_grid.html", "{{ r.anchor }}")
                );
                assert!(
                    theme_id(&id) || elsewhere,
                    "{name}: id `{raw}` is not known to `theme_id`"
                );
            }
        }
        assert!(seen > 30, "the theme's ids were not found");
        for id in [
            "main_content",
            "notes_h",
            "status_active",
            "tl_title",
            "search_q",
        ] {
            assert!(theme_id(id), "{id}");
        }
        for id in ["main", "content", "fn", "notes", "s3", "my-section", "1"] {
            assert!(!theme_id(id), "{id}");
        }
    }

    /// The nesting equals the first way of writing it on any text, tag soup included.
    #[test]
    fn nesting_equals_the_first_way_on_any_text() {
        const PIECES: [&str; 34] = [
            "<",
            ">",
            "<!--",
            "-->",
            "<h3",
            "<h2 id=\"a\">",
            "</h2>",
            "</h7>",
            "</h3",
            " id=\"",
            "\"",
            "=",
            "=\"",
            " href=\"#",
            " href=\"/x\"",
            "<section",
            " aria-labelledby=\"",
            " for=\"",
            "\t",
            " ",
            "x",
            "é",
            "<p class=\"c\"",
            "<a href=\"#top\">",
            "</a>",
            "<!",
            "</",
            "h",
            "<h6>",
            "</h6>",
            " headers=\"a b\"",
            "<td",
            "aria-controls=\"z\"",
            "\n",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % 1_000_003).unwrap_or_default()
        };
        for _ in 0..20_000 {
            let html: String = (0..next() % 30)
                .map(|_| PIECES[next() % PIECES.len()])
                .collect();
            for prefix in ["s3-", ""] {
                assert_eq!(
                    nest(&html, prefix),
                    reference::nest(&html, prefix),
                    "{html:?}"
                );
            }
        }
    }

    #[test]
    fn nesting_moves_headings_down_and_prefixes_every_id_reference() {
        let page = concat!(
            "<section aria-labelledby=\"notes_h\" class=\"prose\">",
            "<h2 id=\"notes_h\">Notes</h2><h3 id=\"plan\">Plan</h3><h6>Deep</h6>",
            "<p>See <a href=\"#plan\">the plan</a> and <a href=\"/goals/g1/\">g1</a>.</p>",
            "<label for=\"q\">Q</label><td headers=\"a b\">x</td>",
            "<span class=\"id\" data-id=\"z\" title=\"id=&quot;no&quot;\">k</span>",
            "<p class=\"x\" aria-describedby=\"n\">m</p>",
            "<!-- <h2 id=\"not-a-tag\"> --><p>1 &lt; 2</p></section>"
        );
        assert_eq!(
            nest(page, "s3-"),
            concat!(
                "<section class=\"prose\">",
                "<h3 id=\"s3-notes_h\">Notes</h3><h4 id=\"s3-plan\">Plan</h4><h6>Deep</h6>",
                "<p>See <a href=\"#s3-plan\">the plan</a> and <a href=\"/goals/g1/\">g1</a>.</p>",
                "<label for=\"s3-q\">Q</label><td headers=\"s3-a s3-b\">x</td>",
                "<span class=\"id\" data-id=\"z\" title=\"id=&quot;no&quot;\">k</span>",
                "<p class=\"x\" aria-describedby=\"s3-n\">m</p>",
                "<!-- <h2 id=\"not-a-tag\"> --><p>1 &lt; 2</p></section>"
            )
        );
    }

    #[test]
    fn headings_start_at_the_base_and_never_skip() {
        let html = "<h4 id=\"a\">A</h4><h6 id=\"b\">B</h6><h5>C</h5><h2>D</h2><h3>E</h3>";
        assert_eq!(
            fit(html, PLAIN),
            "<h3 id=\"a\">A</h3><h4 id=\"b\">B</h4><h4>C</h4><h3>D</h3><h4>E</h4>"
        );
    }

    #[test]
    fn headings_stop_at_six() {
        let html = "<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h5>e</h5>";
        assert_eq!(
            fit(html, PLAIN),
            "<h3>a</h3><h4>b</h4><h5>c</h5><h6>d</h6><h6>e</h6>"
        );
    }

    #[test]
    fn ids_and_fragments_get_the_prefix() {
        let html = "<h2 id=\"x\">X</h2><p><a href=\"#x\">to x</a> <a href=\"/y/#z\">y</a></p><div class=\"footnote-definition\" id=\"1\"></div>";
        let out = fit(
            html,
            Fit {
                base_level: 4,
                id_prefix: Some("s3-"),
                place: "the notes",
            },
        );
        assert_eq!(
            out,
            "<h4 id=\"s3-x\">X</h4><p><a href=\"#s3-x\">to x</a> <a href=\"/y/#z\">y</a></p><div class=\"footnote-definition\" id=\"s3-1\"></div>"
        );
    }

    #[test]
    fn images_from_elsewhere_become_links() {
        let html = "<p><img src=\"https://cdn.example/a.png\" alt=\"a chart\" /> <img src=\"/local.png\" alt=\"l\" /> <img src=\"\" alt=\"gone\" /></p>";
        assert_eq!(
            fit(html, PLAIN),
            "<p><a class=\"external-image\" href=\"https://cdn.example/a.png\">a chart</a> <img src=\"/local.png\" alt=\"l\" /> <span class=\"external-image\">gone</span></p>"
        );
        let linked = "<a href=\"/x/\"><img src=\"https://cdn.example/a.png\" alt=\"\" /></a>";
        assert_eq!(
            fit(linked, PLAIN),
            "<a href=\"/x/\"><span class=\"external-image\">image</span></a>"
        );
    }

    #[test]
    fn task_boxes_are_named_and_empty_header_cells_are_data() {
        let html = "<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nx</li><li><input disabled=\"\" type=\"checkbox\"/>\ny</li><table><thead><tr><th></th><th>A</th></tr></thead></table>";
        assert_eq!(
            fit(html, PLAIN),
            "<li><input aria-label=\"done\" disabled=\"\" type=\"checkbox\" checked=\"\"/>\nx</li><li><input aria-label=\"to do\" disabled=\"\" type=\"checkbox\"/>\ny</li><table><thead><tr><td></td><th>A</th></tr></thead></table>"
                .replace("<table>", TABLE_OPEN)
                .replace("</table>", "</table></div>")
        );
    }

    #[test]
    fn code_and_tables_can_be_scrolled_from_the_keyboard() {
        let html = "<pre><code>x</code></pre><table><tr><td>1</td></tr></table>";
        assert_eq!(
            fit(html, PLAIN),
            format!(
                "<pre tabindex=\"0\"><code>x</code></pre>{TABLE_OPEN}<tr><td>1</td></tr></table></div>"
            )
        );
    }

    #[test]
    fn alignment_becomes_a_class() {
        let html = "<tr><th style=\"text-align: right\">n</th><td style=\"text-align: center\">1</td><td>2</td></tr>";
        assert_eq!(
            fit(html, PLAIN),
            "<tr><th class=\"align-right\">n</th><td class=\"align-center\">1</td><td>2</td></tr>"
        );
    }

    #[test]
    fn text_and_escaped_markup_are_untouched() {
        let html = "<p>a &lt;h2&gt; b</p><p><code>&lt;img src=x&gt;</code></p><hr />";
        assert_eq!(fit(html, PLAIN), html);
    }
}
