//! The server's state: one analysis host per site, the open documents laid over them as
//! buffers, and the diagnostics last published for each file.
//!
//! Edits are taken in at once but handed to the host lazily: before a request is answered,
//! or when no message is waiting (a burst of keystrokes is analysed once). Diagnostics are
//! published for every file whose problems changed since last published: the edited note,
//! and every other note the edit affects (a goal renamed in one note breaks the updates in
//! others), cleared when fixed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{
    DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, TextDocumentContentChangeEvent,
    Uri,
};

use super::convert::{self, Encoding};
use crate::analysis::{Change, Host, Options};
use crate::diagnostic::{Diagnostic, Severity};

/// One site: the folder holding `content/`.
pub(crate) struct Site {
    /// The site's folder.
    pub root: PathBuf,
    /// Its analysis.
    pub host: Host,
    /// What was last published, by the path diagnostics name (`content/sessions/a.md`).
    published: HashMap<String, Vec<Diagnostic>>,
    /// Edited since diagnostics were last published.
    dirty: bool,
}

/// A document the client has open.
pub(crate) struct OpenDoc {
    /// The client's URI, as it wrote it (diagnostics go back under the same one).
    pub uri: Uri,
    /// The site (index into the workspace's sites); `None` outside every site.
    pub site: Option<usize>,
    /// The path relative to `content/` (for a note), or to the site (`mentorlog.toml`).
    pub rel: PathBuf,
    /// The text, as the host reads it.
    pub text: String,
    /// The client's version.
    pub version: i32,
    /// Not yet handed to the host.
    pending: bool,
    /// Diagnostics were published for its current version.
    published: bool,
}

impl OpenDoc {
    /// Whether it is a note of a site (under `content/`).
    #[must_use]
    pub(crate) fn is_note(&self) -> bool {
        self.site.is_some()
            && self.rel.extension().is_some_and(|e| e == "md")
            && !self.rel.starts_with("..")
    }

    /// The path diagnostics name it by.
    #[must_use]
    pub(crate) fn display_path(&self) -> String {
        crate::diagnostic::display_path(Path::new(""), &Path::new("content").join(&self.rel))
    }
}

/// Everything the server holds.
pub(crate) struct Workspace {
    /// How columns are counted.
    pub enc: Encoding,
    /// `--root`, when given.
    fixed_root: Option<PathBuf>,
    /// The sites found so far.
    pub sites: Vec<Site>,
    /// Open documents by URI.
    pub docs: HashMap<String, OpenDoc>,
}

/// Where a file is: its site's folder and its path relative to `content/`.
fn locate(path: &Path, fixed: Option<&Path>) -> Option<(PathBuf, PathBuf)> {
    let path = canonical(path);
    if let Some(root) = fixed
        && let Ok(rel) = path.strip_prefix(root.join("content"))
    {
        return Some((root.to_path_buf(), rel.to_path_buf()));
    }
    for dir in path.ancestors().skip(1) {
        if dir.file_name().is_some_and(|n| n == "content") && dir.is_dir() {
            let root = dir.parent()?.to_path_buf();
            let rel = path.strip_prefix(dir).ok()?.to_path_buf();
            return Some((root, rel));
        }
    }
    None
}

/// `path` with its folder's symbolic links resolved (the file itself may not exist yet).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => canonical(dir).join(name),
        _ => path.to_path_buf(),
    }
}

impl Workspace {
    /// A workspace; `root` is `--root` when given.
    #[must_use]
    pub(crate) fn new(root: Option<&Path>, enc: Encoding) -> Self {
        Self {
            enc,
            fixed_root: root.map(canonical),
            sites: Vec::new(),
            docs: HashMap::new(),
        }
    }

    /// The site at `root`, loaded now if it was not yet.
    fn site(&mut self, root: &Path) -> usize {
        if let Some(i) = self.sites.iter().position(|s| s.root == root) {
            return i;
        }
        let host = Host::load(root, Options::default());
        self.sites.push(Site {
            root: root.to_path_buf(),
            host,
            published: HashMap::new(),
            dirty: true,
        });
        self.sites.len() - 1
    }

    /// Loads the site of `--root` (or of the client's folder) before any file is opened,
    /// so that the first request does not wait for it.
    pub(crate) fn preload(&mut self, folder: Option<&Path>) {
        let root = self.fixed_root.clone().or_else(|| {
            let f = canonical(folder?);
            f.join("content").is_dir().then_some(f)
        });
        if let Some(root) = root
            && root.join("content").is_dir()
        {
            self.site(&root);
        }
    }

    /// `textDocument/didOpen`.
    pub(crate) fn open(&mut self, uri: Uri, text: &str, version: i32) {
        let (site, rel) = match convert::uri_path(uri.as_str()) {
            Some(path) => match locate(&path, self.fixed_root.as_deref()) {
                Some((root, rel)) => (Some(self.site(&root)), rel),
                None => {
                    // `mentorlog.toml` of a site: its changes reload the site's config.
                    let site = (path.file_name().is_some_and(|n| n == "mentorlog.toml"))
                        .then(|| path.parent().filter(|d| d.join("content").is_dir()))
                        .flatten()
                        .map(|root| self.site(&canonical(root)));
                    (site, PathBuf::from("..").join("mentorlog.toml"))
                }
            },
            None => (None, PathBuf::new()),
        };
        let doc = OpenDoc {
            uri: uri.clone(),
            site,
            rel,
            text: convert::normalize(text),
            version,
            pending: true,
            published: false,
        };
        self.docs.insert(uri.as_str().to_owned(), doc);
    }

    /// `textDocument/didChange`: whole texts or ranges, in order.
    pub(crate) fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let enc = self.enc;
        let Some(doc) = self.docs.get_mut(uri.as_str()) else {
            eprintln!(
                "mentorlog lsp: a change to {}, which is not open",
                uri.as_str()
            );
            return;
        };
        for change in changes {
            let text = convert::normalize(&change.text);
            match change.range {
                Some(range) => {
                    let start = convert::offset(&doc.text, range.start, enc);
                    let end = convert::offset(&doc.text, range.end, enc).max(start);
                    doc.text.replace_range(start..end, &text);
                }
                None => doc.text = text,
            }
        }
        doc.version = version;
        doc.pending = true;
        // Its diagnostics are published again even if unchanged: the client learns that
        // this version was analysed.
        doc.published = false;
    }

    /// `textDocument/didClose`: the file on disk counts again.
    pub(crate) fn close(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.remove(uri.as_str()) else {
            return;
        };
        if let Some(i) = doc.site {
            let site = &mut self.sites[i];
            if doc.is_note() {
                site.host.set_buffer(&doc.rel, None);
            } else {
                site.host.apply(&Change {
                    config: true,
                    ..Change::default()
                });
            }
            site.dirty = true;
        }
    }

    /// `textDocument/didSave`, and files changed on disk: read again what is not open.
    pub(crate) fn saved(&mut self, uri: &Uri) {
        if let Some(doc) = self.docs.get(uri.as_str())
            && let Some(i) = doc.site
            && !doc.is_note()
        {
            // The config is read from disk.
            self.sites[i].host.apply(&Change {
                config: true,
                ..Change::default()
            });
            self.sites[i].dirty = true;
        }
    }

    /// Files changed on disk (`workspace/didChangeWatchedFiles`): each site walks its
    /// folders again (open buffers still count).
    pub(crate) fn files_changed(&mut self) {
        for site in &mut self.sites {
            site.host.apply(&Change {
                rescan: true,
                config: true,
                ..Change::default()
            });
            site.dirty = true;
        }
    }

    /// Hands every edit not yet handed over to the hosts.
    pub(crate) fn flush(&mut self) {
        for doc in self.docs.values_mut().filter(|d| d.pending) {
            doc.pending = false;
            let Some(i) = doc.site else { continue };
            let site = &mut self.sites[i];
            if doc.is_note() {
                let text: Arc<str> = Arc::from(doc.text.as_str());
                if site.host.note_text(&doc.rel).as_deref() != Some(&*text) {
                    site.host.set_buffer(&doc.rel, Some(text));
                }
            }
            site.dirty = true;
        }
    }

    /// The open document at `uri`.
    #[must_use]
    pub(crate) fn doc(&self, uri: &Uri) -> Option<&OpenDoc> {
        self.docs.get(uri.as_str())
    }

    /// The URI of `path` (as diagnostics name it) in site `site`: the client's own for an
    /// open document.
    #[must_use]
    pub(crate) fn uri_of(&self, site: usize, path: &str) -> Option<Uri> {
        let open = self
            .docs
            .values()
            .find(|d| d.site == Some(site) && d.is_note() && d.display_path() == path);
        match open {
            Some(d) => Some(d.uri.clone()),
            None => convert::path_uri(&self.sites[site].root.join(path)),
        }
    }

    /// The text of `path` (as diagnostics name it) in site `site`, as analysed.
    #[must_use]
    pub(crate) fn text_of(&self, site: usize, path: &str) -> Option<Arc<str>> {
        let s = &self.sites[site];
        match Path::new(path).strip_prefix("content") {
            Ok(rel) => s.host.note_text(rel),
            Err(_) => std::fs::read_to_string(s.root.join(path))
                .ok()
                .map(|t| Arc::from(convert::normalize(&t))),
        }
    }

    /// The diagnostics to publish: for every file whose problems changed since last
    /// published, and every open note whose current version was not published yet. Open
    /// notes come first.
    pub(crate) fn diagnostics_to_publish(&mut self) -> Vec<PublishDiagnosticsParams> {
        self.flush();
        let mut out = Vec::new();
        for i in 0..self.sites.len() {
            let first_time: BTreeSet<String> = self
                .docs
                .values_mut()
                .filter(|d| d.site == Some(i) && d.is_note() && !d.published)
                .map(|d| {
                    d.published = true;
                    d.display_path()
                })
                .collect();
            if !std::mem::take(&mut self.sites[i].dirty) && first_time.is_empty() {
                continue;
            }
            let mut now: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
            for d in self.sites[i].host.diagnostics() {
                now.entry(d.path.clone()).or_default().push(d);
            }
            let site = &self.sites[i];
            let mut paths: Vec<&String> = now
                .keys()
                .chain(site.published.keys())
                .chain(first_time.iter())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|p| first_time.contains(*p) || now.get(*p) != site.published.get(*p))
                .collect();
            let open: BTreeSet<String> = self
                .docs
                .values()
                .filter(|d| d.site == Some(i))
                .map(OpenDoc::display_path)
                .collect();
            paths.sort_by_key(|p| !open.contains(*p));
            let mut published = Vec::new();
            for path in paths {
                let diagnostics = now.get(path).map_or(&[][..], Vec::as_slice);
                if let Some(params) = self.publish_params(i, path, diagnostics) {
                    out.push(params);
                }
                published.push(path.clone());
            }
            let site = &mut self.sites[i];
            for path in published {
                match now.remove(&path) {
                    Some(d) => site.published.insert(path, d),
                    None => site.published.remove(&path),
                };
            }
        }
        out
    }

    fn publish_params(
        &self,
        site: usize,
        path: &str,
        diagnostics: &[Diagnostic],
    ) -> Option<PublishDiagnosticsParams> {
        let uri = self.uri_of(site, path)?;
        let doc = self.docs.get(uri.as_str());
        let text = match doc {
            Some(d) => Some(Arc::from(d.text.as_str())),
            None if diagnostics.is_empty() => None,
            None => self.text_of(site, path),
        };
        let diagnostics = diagnostics
            .iter()
            .map(|d| to_lsp(d, text.as_deref(), self.enc, &uri))
            .collect();
        Some(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: doc.map(|d| d.version),
        })
    }
}

/// A diagnostic as the protocol carries it: `check`'s code, message and range, the
/// message exactly as `check` words it; its hint as related information at the same place
/// (editors show it under the message) and in `data.hint`, for code actions.
#[must_use]
pub(crate) fn to_lsp(
    d: &Diagnostic,
    text: Option<&str>,
    enc: Encoding,
    uri: &lsp_types::Uri,
) -> lsp_types::Diagnostic {
    let range = convert::loc_range(text, d.loc, enc);
    let related = d.hint.as_ref().map(|hint| {
        vec![lsp_types::DiagnosticRelatedInformation {
            location: lsp_types::Location {
                uri: uri.clone(),
                range,
            },
            message: format!("hint: {hint}"),
        }]
    });
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("mentorlog".to_owned()),
        message: d.message.clone(),
        related_information: related,
        data: d.hint.as_ref().map(|h| serde_json::json!({ "hint": h })),
        ..lsp_types::Diagnostic::default()
    }
}
