//! `mentorlog.toml` → [`SiteConfig`], with a default for every key (PRODUCT.md §2).
//!
//! The file is optional: a folder with `content/mentorship.md` builds without one. An
//! unknown key is a warning naming the nearest known key; a wrong type is an error with
//! its line, like front matter.

use crate::code::Code;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::audience::Audience;
use crate::diagnostic::{Diagnostic, Loc, Sources, did_you_mean};

/// The config file's name.
pub(crate) const FILE: &str = "mentorlog.toml";

/// Markdown settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarkdownConfig {
    /// Pass raw HTML in notes through instead of escaping it.
    pub unsafe_html: bool,
}

/// Feed settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedConfig {
    /// How many sessions the feed holds.
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        Self { limit: 50 }
    }
}

/// Search settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchConfig {
    /// Whether to build the search page and index.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// `[team]`: the encrypted team site of `build --encrypt-team` (issue 16, `src/team/`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamConfig {
    /// The random salt of the team's key, 32 hex digits; kept so that builds are
    /// reproducible (`mentorlog passphrase --salt` makes one).
    pub salt: Option<String>,
    /// Whether this build publishes the encrypted team site (set by `build`, not read
    /// from the file): public pages then link to `/team/`.
    #[serde(skip)]
    pub published: bool,
}

/// The site's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    /// The site title; the mentorship's title, or "Mentoring log", when unset.
    pub title: Option<String>,
    /// Where the site will live.
    pub base_url: String,
    /// `<html lang>`.
    pub language: String,
    /// A folder under `themes/`; `default` is built in.
    pub theme: String,
    /// The output folder, relative to the site root.
    pub output_dir: String,
    /// The audience of `build`.
    pub default_audience: Audience,
    /// Markdown settings.
    pub markdown: MarkdownConfig,
    /// Feed settings.
    pub feed: FeedConfig,
    /// Search settings.
    pub search: SearchConfig,
    /// The encrypted team site (`[team]`).
    pub team: TeamConfig,
    /// Free data for templates.
    pub extra: serde_json::Value,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            title: None,
            base_url: "/".to_owned(),
            language: "en".to_owned(),
            theme: "default".to_owned(),
            output_dir: "public".to_owned(),
            default_audience: Audience::Public,
            markdown: MarkdownConfig::default(),
            feed: FeedConfig::default(),
            search: SearchConfig::default(),
            team: TeamConfig::default(),
            extra: serde_json::Value::Object(serde_json::Map::new()),
        }
    }
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "output_dir",
    "default_audience",
    "markdown",
    "feed",
    "search",
    "team",
    "extra",
];
const SECTION_KEYS: &[(&str, &[&str])] = &[
    ("markdown", &["unsafe_html"]),
    ("feed", &["limit"]),
    ("search", &["enabled"]),
    ("team", &["salt"]),
];

/// Reads `root/mentorlog.toml` if it exists; remembers its text in `sources`.
pub(crate) fn load(root: &Path, sources: &mut Sources) -> (SiteConfig, Vec<Diagnostic>) {
    let path = root.join(FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return (SiteConfig::default(), Vec::new());
    };
    let text = match crate::content::load::decode(FILE, bytes) {
        Ok(t) => t,
        Err(d) => return (SiteConfig::default(), vec![d]),
    };
    sources.insert(FILE, Arc::from(text.as_str()));
    parse(&text)
}

/// Parses the config text; pure.
#[must_use]
pub(crate) fn parse(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    // Control characters, raw or from escapes (`"\u0001"`, `"\e"`), as in notes.
    let raw = crate::content::load::control_characters(FILE, text, "the configuration");
    if !raw.is_empty() {
        return (SiteConfig::default(), raw);
    }
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => return (SiteConfig::default(), vec![toml_error(text, &e)]),
    };
    if text.contains('\\') {
        let escaped = escaped_controls(text);
        if !escaped.is_empty() {
            return (SiteConfig::default(), escaped);
        }
    }
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            diagnostics.push(unknown(text, key, KEYS));
        }
    }
    for (section, keys) in SECTION_KEYS {
        if let Some(toml::Value::Table(t)) = table.get(*section) {
            for key in t.keys() {
                if !keys.contains(&key.as_str()) {
                    diagnostics.push(unknown(text, key, keys));
                }
            }
        }
    }
    match toml::from_str::<SiteConfig>(text) {
        Ok(mut config) => {
            if !is_plain_name(&config.theme) {
                diagnostics.push(theme_error(text, &config.theme));
                // Nothing downstream may look for a theme outside `themes/`.
                config.theme = SiteConfig::default().theme;
            }
            (config, diagnostics)
        }
        Err(e) => {
            diagnostics.push(toml_error(text, &e));
            (SiteConfig::default(), diagnostics)
        }
    }
}

/// An error at each key or string value whose text holds a control character from an
/// escape (`title = "\u0001"`): the raw text had none.
fn escaped_controls(text: &str) -> Vec<Diagnostic> {
    use toml::de::{DeTable, DeValue};
    fn walk(text: &str, value: &toml::Spanned<DeValue<'_>>, name: &str, out: &mut Vec<Diagnostic>) {
        match value.get_ref() {
            DeValue::String(s) => check(text, s, value.span(), name, out),
            DeValue::Array(items) => {
                for item in items.iter() {
                    walk(text, item, name, out);
                }
            }
            DeValue::Table(table) => table_walk(text, table, name, out),
            _ => {}
        }
    }
    fn table_walk(text: &str, table: &DeTable<'_>, parent: &str, out: &mut Vec<Diagnostic>) {
        for (key, value) in table {
            let name = if parent.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{parent}.{}", key.get_ref())
            };
            check(text, key.get_ref(), key.span(), &name, out);
            walk(text, value, &name, out);
        }
    }
    fn check(
        text: &str,
        s: &str,
        span: std::ops::Range<usize>,
        name: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Some(c) = s
            .chars()
            .find(|&c| crate::content::load::is_forbidden_control(c))
        {
            out.push(
                Diagnostic::error(
                    FILE,
                    Some(Loc::at_offset(text, span.start, span.len())),
                    Code::ControlCharacter,
                    format!(
                        "`{name}` holds control character U+{:04X}, written as an escape",
                        u32::from(c)
                    ),
                )
                .with_hint(
                    "remove the escape (`\\e`, `\\u0001` …): control characters are not allowed",
                ),
            );
        }
    }
    let mut out = Vec::new();
    if let Ok(table) = DeTable::parse(text) {
        table_walk(text, table.get_ref(), "", &mut out);
    }
    out.sort_by_key(|d| d.loc);
    out
}

/// Whether `name` is one plain folder name (`default`, `my-theme`): not empty, not `.` or
/// `..`, no separator, not absolute, nothing a path could climb or jump with.
#[must_use]
pub(crate) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':', '\0'])
        && !name.chars().any(char::is_control)
}

/// `theme` names a path instead of a folder under `themes/`: an error at its value.
fn theme_error(text: &str, theme: &str) -> Diagnostic {
    #[derive(Deserialize)]
    struct ThemeOnly {
        theme: Option<toml::Spanned<String>>,
    }
    let loc = toml::from_str::<ThemeOnly>(text)
        .ok()
        .and_then(|t| t.theme)
        .map(|t| Loc::at_offset(text, t.span().start, t.span().len()));
    Diagnostic::error(
        FILE,
        loc.or(Some(Loc::start())),
        Code::InvalidTheme,
        format!("`theme` must name a folder under `themes/`, not a path: `{theme}`"),
    )
    .with_hint(
        "write the folder's name alone, e.g. `theme = \"mine\"` for `themes/mine/`; copy a theme \
         kept elsewhere into `themes/`",
    )
}

fn unknown(text: &str, key: &str, known: &[&str]) -> Diagnostic {
    let offset = text
        .find(&format!("\n{key}"))
        .map_or_else(|| text.find(key).unwrap_or(0), |i| i + 1);
    let d = Diagnostic::warning(
        FILE,
        Some(Loc::at_offset(text, offset, key.len())),
        Code::UnknownKey,
        format!("unknown key `{key}`"),
    );
    match did_you_mean(key, known.iter().copied()) {
        Some(m) => d.with_hint(format!(
            "did you mean `{m}`? Free data goes under `[extra]`"
        )),
        None => d.with_hint("free data for templates goes under `[extra]`"),
    }
}

fn toml_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let loc = e.span().map(|s| Loc::at_offset(text, s.start, s.len()));
    let message = e.message().trim().to_owned();
    Diagnostic::error(
        FILE,
        loc.or(Some(Loc::start())),
        Code::InvalidConfig,
        format!("invalid configuration: {message}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_has_defaults() {
        let (c, d) = parse("");
        assert!(d.is_empty());
        assert_eq!(c, SiteConfig::default());
    }

    #[test]
    fn control_characters_are_errors_raw_or_escaped() {
        let (_, d) = parse("title = \"a\u{1}b\"\n");
        assert_eq!(d[0].code, "control-character");
        assert_eq!(d[0].loc.map(|l| (l.line, l.column)), Some((1, 11)));
        let (config, d) =
            parse("title = \"ok\"\n[extra]\nk = [\"fine\\t\", \"x\\u0001\"]\n\"\\e\" = 1\n");
        assert_eq!(config, SiteConfig::default());
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("`extra.k`") && d[0].message.contains("U+0001"));
        assert_eq!(d[0].loc.map(|l| (l.line, l.column)), Some((3, 16)));
        assert!(d[1].message.contains("U+001B"));
        assert_eq!(d[1].loc.map(|l| l.line), Some(4));
        // Escapes of ordinary characters are fine.
        let (_, d) = parse("title = \"caf\\u00e9 \\t\"\n");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_theme_is_one_folder_name() {
        for ok in ["default", "my-theme", "theme.v2", "Ünïcode"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../..",
            "/abs/path",
            "a/b",
            "a\\b",
            "C:",
            "a\0b",
        ] {
            assert!(!is_plain_name(bad), "{bad}");
        }
        let (config, d) = parse("title = \"x\"\ntheme = \"../..\"\n");
        assert_eq!(config.theme, "default");
        assert_eq!(d[0].code, "invalid-theme");
        assert_eq!(d[0].loc, Some(Loc::new(2, 9, 7)));
    }

    #[test]
    fn unknown_keys_warn_and_wrong_types_fail() {
        let (_, d) = parse("titel = \"x\"\n");
        assert!(!d[0].is_error());
        assert!(d[0].hint.as_deref().unwrap().contains("`title`"));
        let (_, d) = parse("title = \"x\"\n[feed]\nlimit = \"many\"\n");
        assert!(d[0].is_error());
        assert_eq!(d[0].loc.unwrap().line, 3);
    }
}
