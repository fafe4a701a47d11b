//! The theme: templates and static files, built in and overridable.
//!
//! The default theme is embedded in the binary at compile time, so an installed
//! `mentorlog` works anywhere. A site overrides it in layers, later ones winning: the
//! built-in default, `themes/NAME/` of the site (when `theme = "NAME"` or a local copy of
//! `default`), then the site's own `templates/` and `static/`. Translation tables
//! (`i18n/LANG.toml`) come in the same layers, the site's own `i18n/` last.

use crate::code::Code;
use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, display_path};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One template or static file and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Shown in messages: the path relative to the site, or `(built-in) …`.
    pub origin: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// Templates by name (`session.html`) and static files by output path (`style.css`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Tera templates.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Files copied as they are.
    pub statics: BTreeMap<String, ThemeFile>,
    /// Translation tables by language (`de` of `i18n/de.toml`), each layer's in order.
    pub i18n: BTreeMap<String, Vec<ThemeFile>>,
}

/// Whether `templates` are exactly the built-in default's: the same names, the same bytes.
pub(crate) fn templates_built_in(templates: &BTreeMap<String, ThemeFile>) -> bool {
    templates.iter().all(|(name, file)| {
        DEFAULT_THEME
            .get_file(format!("templates/{name}"))
            .is_some_and(|d| d.contents() == file.bytes.as_slice())
    })
}

/// Loads the theme layers for the site at `root`.
pub(crate) fn load(root: &Path, theme: &str) -> (Theme, Vec<Diagnostic>) {
    let mut out = Theme::default();
    let mut diagnostics = Vec::new();
    add_embedded(&DEFAULT_THEME, &mut out);
    // `config` refuses a theme that is not one folder name; never look outside `themes/`
    // even if one got here.
    let theme = if crate::config::is_plain_name(theme) {
        theme
    } else {
        diagnostics.push(Diagnostic::error(
            crate::config::FILE,
            None,
            Code::InvalidTheme,
            format!("`theme` must name a folder under `themes/`, not a path: `{theme}`"),
        ));
        "default"
    };
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                crate::config::FILE,
                None,
                Code::UnknownTheme,
                format!("there is no theme `{theme}`"),
            )
            .with_hint(format!(
                "create `themes/{theme}/templates/`, or remove `theme` to use the built-in default"
            )),
        );
    }
    add_dir(
        root,
        &theme_dir.join("templates"),
        &mut out.templates,
        &mut diagnostics,
    );
    add_dir(
        root,
        &theme_dir.join("static"),
        &mut out.statics,
        &mut diagnostics,
    );
    add_i18n(root, &theme_dir.join("i18n"), &mut out, &mut diagnostics);
    add_dir(
        root,
        &root.join("templates"),
        &mut out.templates,
        &mut diagnostics,
    );
    add_dir(
        root,
        &root.join("static"),
        &mut out.statics,
        &mut diagnostics,
    );
    add_i18n(root, &root.join("i18n"), &mut out, &mut diagnostics);
    (out, diagnostics)
}

/// Adds the translation tables of `dir` (`de.toml` …) after those already there.
fn add_i18n(root: &Path, dir: &Path, out: &mut Theme, diagnostics: &mut Vec<Diagnostic>) {
    let mut found = BTreeMap::new();
    add_dir(root, dir, &mut found, diagnostics);
    for (name, file) in found {
        if let Some(lang) = name.strip_suffix(".toml") {
            out.i18n.entry(lang.to_owned()).or_default().push(file);
        }
    }
}

/// The built-in default theme alone.
#[must_use]
pub fn builtin() -> Theme {
    let mut out = Theme::default();
    add_embedded(&DEFAULT_THEME, &mut out);
    out
}

fn add_embedded(dir: &Dir<'static>, out: &mut Theme) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(sub, out);
            continue;
        }
        let Some(file) = entry.as_file() else {
            continue;
        };
        let path = file.path().to_string_lossy().replace('\\', "/");
        let origin = format!("(built-in) themes/default/{path}");
        let file_out = ThemeFile {
            origin,
            bytes: file.contents().to_vec(),
        };
        if let Some(name) = path.strip_prefix("templates/") {
            out.templates.insert(name.to_owned(), file_out);
        } else if let Some(name) = path.strip_prefix("static/") {
            out.statics.insert(name.to_owned(), file_out);
        } else if let Some(lang) = path
            .strip_prefix("i18n/")
            .and_then(|n| n.strip_suffix(".toml"))
        {
            out.i18n.entry(lang.to_owned()).or_default().push(file_out);
        }
    }
}

fn add_dir(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = display_path(dir, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                into.insert(
                    name,
                    ThemeFile {
                        origin: display_path(root, entry.path()),
                        bytes,
                    },
                );
            }
            Err(e) => diagnostics.push(Diagnostic::error(
                display_path(root, entry.path()),
                None,
                Code::Unreadable,
                format!("cannot read: {e}"),
            )),
        }
    }
}
