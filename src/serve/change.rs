//! What a changed path means for the site: content, template, static file, config, or
//! nothing.
//!
//! Pure, but for a look at whether a path is a folder: paths in, [`Changes`] out. It drops
//! what the build never reads — editor droppings (swap, backup, lock and probe files),
//! hidden files, files in `content/` that are no notes, anything at the root but the config
//! and the watched folders (so the output folder) — and never a file the build reads.
//! `.gitignore` is not consulted: `build` reads ignored notes and theme files too, and the
//! preview must stay identical to a clean build. It does not decide what to rebuild;
//! `rebuild` does.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::config;
use crate::content::load::MENTORSHIP_FILE;

/// What a burst of file events changed, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Notes (`.md` under `content/`) created, changed or removed, relative to `content/`.
    pub notes: BTreeSet<PathBuf>,
    /// Other paths under `content/` (folders, or files that are no notes), relative to it:
    /// a folder among them means the content must be walked again.
    pub content_other: BTreeSet<PathBuf>,
    /// The folders and files must be walked again: `mentorship.md` changed, `content/`
    /// itself appeared or went, or the watcher lost track.
    pub rescan: bool,
    /// A template of the theme or of `templates/` changed.
    pub templates: bool,
    /// A static file of the theme or of `static/` changed.
    pub statics: bool,
    /// `mentorlog.toml` changed: everything is rebuilt.
    pub config: bool,
    /// A watched folder (`content/`, `templates/`, `static/`, `themes/`) appeared or went
    /// at the root: the watcher must watch it anew.
    pub rewatch: bool,
}

impl Changes {
    /// Everything: what the watcher asks for when it may have missed events.
    #[must_use]
    pub(crate) fn everything() -> Self {
        Self {
            rescan: true,
            templates: true,
            statics: true,
            config: true,
            rewatch: true,
            ..Self::default()
        }
    }

    /// Whether nothing that the site is made of changed.
    #[must_use]
    pub(crate) fn is_empty(&self) -> bool {
        self.notes.is_empty()
            && self.content_other.is_empty()
            && !self.rescan
            && !self.templates
            && !self.statics
            && !self.config
    }

    /// Adds `other` to these changes.
    pub(crate) fn merge(&mut self, other: Self) {
        self.notes.extend(other.notes);
        self.content_other.extend(other.content_other);
        self.rescan |= other.rescan;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.config |= other.config;
        self.rewatch |= other.rewatch;
    }

    /// A short description for the rebuild line: "1 note", "templates", "config" …
    #[must_use]
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.config {
            parts.push("config".to_owned());
        }
        if self.rescan {
            parts.push("content folders".to_owned());
        }
        match self.notes.len() {
            0 => {}
            1 => parts.push(
                self.notes
                    .iter()
                    .next()
                    .map(|p| format!("content/{}", slash(p)))
                    .unwrap_or_default(),
            ),
            n => parts.push(format!("{n} notes")),
        }
        if self.templates {
            parts.push("templates".to_owned());
        }
        if self.statics {
            parts.push("static files".to_owned());
        }
        if parts.is_empty() {
            parts.push("nothing".to_owned());
        }
        parts.join(", ")
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Whether a file name is an editor's dropping: a swap file (`.x.swp`, `.x.swx`), a backup
/// (`x~`), an Emacs lock or autosave (`.#x`, `#x#`), Vim's write probe (`4913` and the
/// numbers after it), or a temp file (`x.tmp`).
#[must_use]
pub(crate) fn is_dropping(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || lower.ends_with(".swp")
        || lower.ends_with(".swx")
        || lower.ends_with(".swo")
        || lower.ends_with(".tmp")
        || lower.ends_with(".bak")
        || lower.contains("___jb_tmp___")
        || lower.contains("___jb_old___")
        || lower.starts_with(".goutputstream-")
        || is_vim_probe(name)
}

/// Vim checks that it may write in a folder by creating `4913` (then `5036`, `5159` … while
/// the name is taken).
fn is_vim_probe(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_digit())
        && name
            .parse::<u32>()
            .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0)
}

/// Whether `content::load` skips a path component: hidden files and folders, and what it
/// takes for editor droppings. Must agree with `content::load`, or the preview and a clean
/// build would see different notes.
fn load_skips(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Where a path is in the site.
enum Area<'a> {
    /// The config file.
    Config,
    /// One of the watched folders itself, at the root.
    WatchedRoot(&'a str),
    /// Below `content/`; the path relative to it.
    Content(PathBuf),
    /// Below a templates folder.
    Template,
    /// Below a static folder.
    Static,
    /// Anything else.
    Other,
}

fn area<'a>(rel: &'a Path, theme: &str) -> Area<'a> {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    if parts.len() != rel.components().count() {
        return Area::Other;
    }
    match parts.as_slice() {
        [name] if *name == config::FILE => Area::Config,
        [dir @ ("content" | "templates" | "static" | "themes" | "i18n")] => Area::WatchedRoot(dir),
        ["content", ..] => Area::Content(parts[1..].iter().collect()),
        // Translation tables are read with the templates (issue 18).
        ["templates" | "i18n", _, ..] => Area::Template,
        ["static", _, ..] => Area::Static,
        ["themes", name] if *name == theme => Area::WatchedRoot("themes"),
        ["themes", name, "templates" | "static" | "i18n"] if *name == theme => {
            Area::WatchedRoot("themes")
        }
        ["themes", name, "templates" | "i18n", _, ..] if *name == theme => Area::Template,
        ["themes", name, "static", _, ..] if *name == theme => Area::Static,
        _ => Area::Other,
    }
}

/// Classifies changed paths (absolute, below `root`) for a site whose theme is `theme`.
#[must_use]
pub fn classify<'a>(
    root: &Path,
    theme: &str,
    paths: impl IntoIterator<Item = &'a Path>,
) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match area(rel, theme) {
            Area::Config => changes.config = true,
            Area::WatchedRoot(dir) => {
                changes.rewatch = true;
                match dir {
                    "content" => changes.rescan = true,
                    _ => {
                        changes.templates = true;
                        changes.statics = true;
                    }
                }
            }
            Area::Content(inner) => {
                // What `content::load` never reads cannot change the site.
                let skipped = inner
                    .components()
                    .any(|c| load_skips(&c.as_os_str().to_string_lossy()));
                if skipped || is_dropping(&name) {
                    continue;
                }
                let is_note = inner
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"));
                if is_note && !path.is_dir() {
                    if name == MENTORSHIP_FILE {
                        changes.rescan = true;
                    }
                    changes.notes.insert(inner);
                } else if path.is_dir() || !path.exists() {
                    // A folder (or what may have been one): it may hold notes.
                    changes.content_other.insert(inner);
                }
            }
            Area::Template => {
                if !name.starts_with('.') && !is_dropping(&name) {
                    changes.templates = true;
                }
            }
            Area::Static => {
                if !name.starts_with('.') && !is_dropping(&name) {
                    changes.statics = true;
                }
            }
            Area::Other => {}
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> Changes {
        let root = Path::new("/site");
        let full: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, "default", full.iter().map(PathBuf::as_path))
    }

    #[test]
    fn droppings_change_nothing() {
        for p in [
            "content/sessions/.a.md.swp",
            "content/sessions/.a.md.swx",
            "content/sessions/a.md~",
            "content/sessions/.#a.md",
            "content/sessions/#a.md#",
            "content/sessions/4913",
            "content/sessions/5036",
            "content/sessions/a.md.tmp",
            "content/.git/index",
            "templates/.session.html.swp",
            "templates/session.html~",
            "static/4913",
            "public/index.html",
            "notes.txt",
        ] {
            let c = run(&[p]);
            assert!(c.is_empty(), "{p}: {c:?}");
        }
    }

    #[test]
    fn kinds() {
        let c = run(&["content/sessions/a.md"]);
        assert_eq!(c.notes.len(), 1);
        assert!(!c.rescan);
        assert!(run(&["content/alpha/mentorship.md"]).rescan);
        assert!(run(&["mentorlog.toml"]).config);
        assert!(run(&["templates/session.html"]).templates);
        assert!(run(&["i18n/de.toml"]).templates);
        assert!(run(&["themes/default/i18n/de.toml"]).templates);
        assert!(run(&["themes/default/templates/x.html"]).templates);
        assert!(run(&["themes/other/templates/x.html"]).is_empty());
        assert!(run(&["static/img/logo.svg"]).statics);
        assert!(run(&["themes/default/static/style.css"]).statics);
        let c = run(&["content"]);
        assert!(c.rescan && c.rewatch);
        assert!(run(&[".gitignore"]).is_empty());
        assert_eq!(
            run(&["content/sessions"]).content_other.len(),
            1,
            "a folder (or a file that is no note) may hold notes"
        );
    }

    #[test]
    fn dropping_names() {
        assert!(is_dropping("4913"));
        assert!(!is_dropping("2026"));
        assert!(!is_dropping("2026-01-07-kickoff.md"));
        assert!(is_dropping("a.md___jb_tmp___"));
    }
}
