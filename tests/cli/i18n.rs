//! The site in the team's language (issue 18): `language = "de"` leaves no English word of
//! the theme in the output, dates are written the language's way, `<html lang>` is set,
//! and a site overrides any string in its own `i18n/LANG.toml`.

use std::collections::BTreeSet;
use std::path::Path;

use mentorlog::render::i18n::{LANGUAGES, Translations};
use mentorlog::render::theme;

use crate::site::{Site, stderr};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example log with `config` as its `mentorlog.toml`.
pub(crate) fn example_with(config: &str) -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    crate::site::copy_dir(&repo().join("content"), &site.path("content"));
    site.write("mentorlog.toml", config);
    site
}

/// Every string value in a JSON document.
fn strings(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `html` without the elements that open with `open` (a start tag's beginning) and close
/// with `close`: the notes, the goal labels of the timeline.
fn without(html: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(close).map_or(after.len(), |e| e + close.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// What a reader sees of a page and what assistive technology reads: text between tags
/// and the values of `title`, `aria-label`, `placeholder` and the search page's
/// `data-t-…` attributes, one piece a line.
fn visible(html: &str) -> String {
    let html = without(
        html,
        "<section aria-labelledby=\"notes_h\" class=\"prose\"",
        "</section>",
    );
    let html = without(
        &html,
        "<section aria-labelledby=\"agreement_h\" class=\"prose\"",
        "</section>",
    );
    let html = without(&html, "<section class=\"prose\"", "</section>");
    let html = without(&html, "<text class=\"tl-label\"", "</text>");
    let html = without(&html, "<script", "</script>");
    // Front matter keys and commands stay as they are written: `answered: true`.
    let html = without(&html, "<code", "</code>");
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        out.push_str(&unescape(&rest[..lt]));
        out.push('\n');
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt];
        // Attribute values people read: ` title="…"`, ` data-t-nothing="…"`.
        let mut from = 0;
        while let Some(at) = tag[from..].find('=') {
            let eq = from + at;
            let name_start = tag[..eq].rfind(' ').map_or(0, |s| s + 1);
            let name = &tag[name_start..eq];
            let v0 = eq + 2;
            if tag[eq..].starts_with("=\"") {
                let v1 = tag[v0..].find('"').map_or(tag.len(), |e| v0 + e);
                if matches!(name, "title" | "aria-label" | "placeholder")
                    || name.starts_with("data-t-")
                {
                    out.push_str(&unescape(&tag[v0..v1]));
                    out.push('\n');
                }
                from = v1.min(tag.len());
            } else {
                from = eq + 1;
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(&unescape(rest));
    out
}

/// The texts of a calendar people read (summaries, descriptions, categories, its name),
/// unfolded and unescaped.
fn calendar_text(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = String::new();
    for line in unfolded.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if matches!(
            name,
            "SUMMARY" | "DESCRIPTION" | "CATEGORIES" | "X-WR-CALNAME" | "NAME"
        ) {
            let value = value
                .replace("\\n", "\n")
                .replace("\\,", ",")
                .replace("\\;", ";")
                .replace("\\\\", "\\");
            out.push_str(&value);
            out.push('\n');
        }
    }
    out
}

/// Whether `needle` occurs in `hay` as whole words (no letter or digit right before or
/// after it).
fn has_words(hay: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(at, _)| {
        !word(hay[..at].chars().next_back()) && !word(hay[at + needle.len()..].chars().next())
    })
}

/// The English pieces of the theme that another language's table does not share: each
/// string of the English table split at its `{placeholders}`, trimmed of punctuation, left
/// out when the language writes the key the same way (names, loanwords) or uses the piece
/// itself somewhere.
fn english_pieces(lang: &Translations) -> Vec<(String, String)> {
    let theme = theme::builtin();
    let en = Translations::load(&theme, "en").unwrap();
    let theirs: Vec<String> = lang
        .keys()
        .iter()
        .flat_map(|k| lang.forms(k))
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for key in en.keys() {
        let ours = en.forms(key);
        let same = ours
            .iter()
            .zip(lang.forms(key))
            .all(|(a, b)| a.to_lowercase() == b.to_lowercase());
        if same {
            continue;
        }
        for form in ours {
            for piece in form.split(['{', '}']).step_by(2) {
                let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
                if !piece.chars().any(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                let lower = piece.to_lowercase();
                if theirs.iter().any(|t| has_words(t, &lower)) {
                    continue;
                }
                out.push((key.to_owned(), piece.to_owned()));
            }
        }
    }
    out
}

#[test]
fn a_german_build_of_the_example_has_no_english_theme_word() {
    let site = example_with("language = \"de\"\n");
    let o = site.run(&["build", "--base-url", "https://example.org/log/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.path("public");
    // What the notes say is the team's, in whatever language it wrote: every string of
    // the model (front matter as written, titles, names, tags) is taken out before
    // looking, and so are the notes' bodies.
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("log.json")).unwrap()).unwrap();
    let mut theirs = BTreeSet::new();
    strings(&log, &mut theirs);
    let mut theirs: Vec<String> = theirs.into_iter().filter(|s| s.len() > 1).collect();
    theirs.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let de = Translations::load(&theme::builtin(), "de").unwrap();
    let pieces = english_pieces(&de);
    assert!(pieces.len() > 200, "only {} English pieces", pieces.len());
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !matches!(ext, "html" | "ics" | "xml") {
            continue;
        }
        let raw = std::fs::read_to_string(path).unwrap();
        let mut text = match ext {
            // The feed's notes are the notes; addresses are not words.
            "xml" => {
                let raw = without(&raw, "<content type=\"html\">", "</content>");
                let raw = without(&raw, "<loc>", "</loc>");
                visible(&without(&raw, "<id>", "</id>"))
            }
            "ics" => calendar_text(&raw),
            _ => visible(&raw),
        };
        for s in &theirs {
            text = text.replace(s.as_str(), "\n");
        }
        pages += 1;
        for (key, piece) in &pieces {
            if has_words(&text, piece) {
                let rel = path.strip_prefix(&out).unwrap().display().to_string();
                problems.push(format!("{rel}: `{piece}` ({key})"));
            }
        }
    }
    assert!(pages > 40, "{pages} files looked at");
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "English left:\n{}",
        problems.join("\n")
    );
    // `<html lang>`, and dates the German way.
    let home = site.read("public/index.html");
    assert!(home.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
    assert!(
        home.contains("<time datetime=\"2026-03-02\">2. März 2026</time>"),
        "{home}"
    );
    let ics = site.read("public/calendar.ics");
    assert!(ics.contains("SUMMARY:Mentoring-Sitzung: "), "{ics}");
}

#[test]
fn every_language_builds_with_its_dates_and_a_site_overrides_any_string() {
    for (lang, date) in [
        ("en", "2 March 2026"),
        ("de", "2. März 2026"),
        ("fr", "2 mars 2026"),
        ("es", "2 de marzo de 2026"),
        ("pt", "2 de março de 2026"),
        ("nl", "2 maart 2026"),
    ] {
        assert!(LANGUAGES.contains(&lang));
        let site = example_with(&format!("language = \"{lang}\"\n"));
        let o = site.run(&["build"]);
        assert!(o.status.success(), "{lang}: {}", stderr(&o));
        let home = site.read("public/index.html");
        assert!(
            home.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")),
            "{lang}"
        );
        assert!(home.contains(&format!(">{date}</time>")), "{lang}: {date}");
    }
    // A regional variant falls back to its language; the site's own table wins over the
    // theme's, one string at a time.
    let site = example_with("language = \"fr-CH\"\n");
    site.write(
        "i18n/fr.toml",
        "[nav]\nsessions = \"Rencontres\"\n[date]\nfirst_day = \"premier\"\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/sessions/index.html");
    assert!(page.contains("<html lang=\"fr-CH\">"));
    assert!(page.contains(">Rencontres</a>"), "the site's string");
    assert!(page.contains(">Objectifs</a>"), "the theme's French");
    // A broken table is an error that names the file.
    site.write("i18n/fr.toml", "[nav\n");
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("i18n/fr.toml"), "{}", stderr(&o));
    // An unknown key in a template is an error that names it.
    let site = Site::valid();
    site.write("templates/tags.html", "{{ t(key=\"nav.nope\") }}");
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no translation `nav.nope`"),
        "{}",
        stderr(&o)
    );
}
