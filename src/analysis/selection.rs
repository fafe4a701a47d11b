//! Which pages a change touches: what `serve` renders again after [`Host::apply`].
//!
//! A mentorship's fingerprint is its whole linked model but for note bodies: when it
//! changed, every page of that mentorship is rendered; when only bodies changed, those
//! sessions' pages and the mentorship's list and aggregate pages are. Pages outside every
//! mentorship's prefix are rendered on every content change, but `log.json` (the model
//! without bodies) only when a model changed. A template or config change renders
//! everything; a static file change that file.
//!
//! It rests on what the theme's pages show, which `tests/cli/serve/property.rs` checks
//! against clean renders: a page under a mentorship's prefix shows only that mentorship
//! (and the `site` every page gets), and `log.json` holds no note body.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hasher;

use crate::config::SiteConfig;
use crate::content::markdown::Target;
use crate::history::link::resolve_note_path;
use crate::history::{Log, Mentorship};
use crate::render::PageId;

use super::{Fault, Host};

/// What the pages a front end shows were rendered from: what the next selection compares
/// with.
pub(crate) struct Baseline {
    /// The static files it had, by path.
    statics: BTreeSet<String>,
    /// Each mentorship's fingerprint, by its `mentorship.md` path.
    fingerprints: HashMap<String, u64>,
    /// What every page shows of the site (config, the mentorships' titles and URLs).
    site_key: u64,
}

/// Which pages to render, and the fingerprints it leaves for the next one.
pub(crate) struct Selection {
    all: bool,
    /// The model serialised in `log.json` may have changed.
    model_changed: bool,
    /// Some content changed: pages outside every mentorship are rendered.
    content_changed: bool,
    /// Per mentorship (as in the log): every page, some pages, or none.
    scope: Vec<Scope>,
    /// The individual pages (sessions' and goals') to render of each mentorship with
    /// `Scope::Some`.
    changed_individual: HashSet<PageId>,
    /// Static files added, changed or removed.
    statics: HashSet<String>,
    fingerprints: HashMap<String, u64>,
    site_key: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Untouched,
    Some,
    Every,
}

impl Selection {
    /// The pages of `host`'s site (audience `all`) that its pending changes touch since
    /// `baseline` (every page when there is none). `served` gives the bytes a front end
    /// shows at a path, to compare static files with.
    #[must_use]
    pub(crate) fn new(
        host: &Host,
        baseline: Option<&Baseline>,
        served: &dyn Fn(&str) -> Option<std::sync::Arc<[u8]>>,
    ) -> Self {
        let log = host.log();
        let pending = host.pending();
        let site_key = site_key(host.config(), log);
        let mut plan = Self {
            all: pending.all || baseline.is_none_or(|g| g.site_key != site_key),
            model_changed: false,
            content_changed: !pending.dirty.is_empty(),
            scope: vec![Scope::Untouched; log.mentorships.len()],
            changed_individual: HashSet::new(),
            statics: HashSet::new(),
            fingerprints: baseline.map(|g| g.fingerprints.clone()).unwrap_or_default(),
            site_key,
        };
        // `log` holds one mentorship for each doc, in the same order.
        let dirty: Vec<bool> = host
            .docs()
            .iter()
            .map(|d| plan.all || pending.dirty.contains(&d.dir))
            .collect();
        let mut buffer = Vec::new();
        for (m, _) in log.mentorships.iter().zip(&dirty).filter(|(_, d)| **d) {
            plan.fingerprints
                .insert(m.source.clone(), fingerprint(m, &mut buffer));
        }
        if plan.all {
            plan.fingerprints
                .retain(|source, _| log.mentorships.iter().any(|m| &m.source == source));
            return plan;
        }
        let Some(good) = baseline else {
            return plan;
        };
        plan.statics = changed_statics(host, good, served);
        if !plan.content_changed {
            return plan;
        }
        for (i, m) in log.mentorships.iter().enumerate() {
            if dirty[i] {
                plan.scope_of((i, m), pending.replaced.get(&m.source), good, host.fault());
            }
        }
        // A note that appeared, went or moved changes the links that point to it, from any
        // mentorship.
        if !pending.moved.is_empty() {
            plan.model_changed = true;
            let moved = &pending.moved;
            for (i, doc) in host.docs().iter().enumerate() {
                let links_moved = std::iter::once((&doc.note.rel, &doc.note.links))
                    .chain(doc.sessions.iter().map(|s| (&s.rel, &s.links)))
                    .any(|(from, links)| {
                        links.iter().any(|l| match &l.target {
                            Target::Note { path, .. } => {
                                resolve_note_path(from, path).is_some_and(|p| moved.contains(&p))
                            }
                            Target::Goal(_) => false,
                        })
                    });
                if links_moved {
                    plan.scope[i] = Scope::Every;
                }
            }
        }
        plan
    }

    /// Which pages of mentorship `i`, whose notes changed, to render: only those of the
    /// sessions whose body changed (and its list pages) when its model is the same as in
    /// the baseline, else all.
    fn scope_of(
        &mut self,
        (i, m): (usize, &Mentorship),
        old: Option<&Mentorship>,
        good: &Baseline,
        fault: Option<Fault>,
    ) {
        let same_model = good.fingerprints.get(&m.source) == self.fingerprints.get(&m.source);
        match old {
            Some(old) if same_model && old.sessions.len() == m.sessions.len() => {
                self.scope[i] = Scope::Some;
                for (si, (s, o)) in m.sessions.iter().zip(&old.sessions).enumerate() {
                    if s.body != o.body {
                        self.changed_individual.insert(PageId::Session(i, si));
                    }
                }
            }
            // Linked again with the same result: nothing of it changed.
            None if same_model => self.scope[i] = Scope::Some,
            _ if fault == Some(Fault::NarrowPages) => self.scope[i] = Scope::Some,
            _ => {
                self.scope[i] = Scope::Every;
                self.model_changed = true;
            }
        }
    }

    /// Whether every page is rendered.
    #[must_use]
    pub(crate) fn is_everything(&self) -> bool {
        self.all
    }

    /// Whether `page` must be rendered.
    #[must_use]
    pub(crate) fn wants(&self, page: PageId) -> bool {
        if self.all {
            return true;
        }
        if page == PageId::LogJson {
            return self.model_changed;
        }
        if !self.content_changed {
            return false;
        }
        match page.mentorship().and_then(|i| self.scope.get(i)) {
            // Outside every mentorship: `/`, search, feed …: it may show anything.
            None | Some(Scope::Every) => true,
            Some(Scope::Untouched) => false,
            Some(Scope::Some) => match page {
                PageId::Session(..) | PageId::Goal(..) => self.changed_individual.contains(&page),
                _ => true,
            },
        }
    }

    /// Whether the theme's static file `name` must be sent again.
    #[must_use]
    pub(crate) fn wants_static(&self, name: &str) -> bool {
        self.all || self.statics.contains(name)
    }

    /// What the pages rendered by this selection were made from, once they are shown.
    #[must_use]
    pub(crate) fn into_baseline(self, host: &Host) -> Baseline {
        Baseline {
            statics: host
                .compiled()
                .map(|t| t.statics.keys().cloned().collect())
                .unwrap_or_default(),
            fingerprints: self.fingerprints,
            site_key: self.site_key,
        }
    }
}

/// Static files added, changed or removed since the baseline.
fn changed_statics(
    host: &Host,
    good: &Baseline,
    served: &dyn Fn(&str) -> Option<std::sync::Arc<[u8]>>,
) -> HashSet<String> {
    let Some(theme) = host.compiled() else {
        return HashSet::new();
    };
    let mut out: HashSet<String> = good
        .statics
        .iter()
        .filter(|name| !theme.statics.contains_key(*name))
        .cloned()
        .collect();
    for (name, bytes) in &theme.statics {
        if served(name).is_none_or(|served| *served != **bytes) {
            out.insert(name.clone());
        }
    }
    out
}

/// Feeds serialised JSON into a hasher without keeping it.
struct JsonHasher<'a>(&'a mut std::hash::DefaultHasher);

impl std::io::Write for JsonHasher<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A mentorship's linked model but for session bodies (not serialised): everything its
/// pages can show but the notes' prose.
fn fingerprint(m: &Mentorship, buffer: &mut Vec<u8>) -> u64 {
    buffer.clear();
    if serde_json::to_writer(&mut *buffer, m).is_err() {
        // Cannot happen for plain data; if it did, "changed" is the safe answer.
        return rand_like();
    }
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(buffer);
    hasher.write(m.body.as_bytes());
    hasher.finish()
}

/// What every page shows of the site: the config and each mentorship's name and place.
fn site_key(config: &SiteConfig, log: &Log) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    let list: Vec<(&str, &str, &str, &str)> = log
        .mentorships
        .iter()
        .map(|m| {
            (
                m.source.as_str(),
                m.slug.as_str(),
                m.url.as_str(),
                m.front.title.as_str(),
            )
        })
        .collect();
    if serde_json::to_writer(JsonHasher(&mut hasher), &(config, list)).is_err() {
        return rand_like();
    }
    hasher.finish()
}

/// A value no fingerprint is likely to equal.
fn rand_like() -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}
