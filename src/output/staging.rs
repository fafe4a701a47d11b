//! A new output tree, filled from the render threads and swapped in whole.
//!
//! Every build writes a complete tree from nothing beside the output, checks that it holds
//! exactly the planned files, then swaps it in and removes the previous one. Nothing of an
//! earlier build is reused: a reused tree and its cache could, and once did, carry withheld
//! pages into a public output (issue 12), and the cold build CI and Netlify run gains
//! nothing from them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

// Tens of thousands of paths per build: hashed with ahash, not SipHash.
use ahash::AHashSet as HashSet;

use super::beside::{self, Beside};
use super::{MARKER, OutputError, io_error};
use crate::render::Page;

/// What the marker says.
const MARKER_TEXT: &str = "This folder is mentorlog's output; it is replaced by every build.\n";

/// Writes `pages` to `output` atomically: build a complete tree beside it, then swap.
///
/// # Errors
/// When a page path is unsafe or the disk refuses; the previous output is left as it was.
pub fn write(output: &Path, pages: &[Page]) -> Result<(), OutputError> {
    let staging = Staging::begin(output, pages.iter().map(|p| p.path.as_str()))?;
    for page in pages {
        staging.put(&page.path, &page.bytes)?;
    }
    staging.commit()
}

/// A complete new tree being built beside the output, filled one file at a time (from
/// several threads) while pages are rendered, then swapped in by [`Staging::commit`].
/// Dropped without a commit, it is removed and the output is left as it was.
#[derive(Debug)]
pub(crate) struct Staging<'p> {
    beside: Beside,
    /// Every path the tree will hold (relative, `/`-separated as given).
    wanted: Wanted<'p>,
    /// Whether each wanted file was put, by its index in `wanted`.
    done: Vec<AtomicBool>,
    committed: bool,
}

/// The planned paths, sorted: a path's index, and the folders, found by binary search.
/// The plan's own paths, borrowed, and no table of folders (at 100,000 notes there are
/// 175,000 of each, held while the whole site renders).
#[derive(Debug)]
struct Wanted<'p>(Vec<&'p str>);

impl Wanted<'_> {
    fn index(&self, path: &str) -> Option<usize> {
        self.0.binary_search_by(|p| (**p).cmp(path)).ok()
    }

    fn contains(&self, path: &str) -> bool {
        self.index(path).is_some()
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'p> Staging<'p> {
    /// Prepares a tree that will hold exactly the files at `paths` (and the marker).
    ///
    /// # Errors
    /// When a path is unsafe or the disk refuses; nothing of the output is touched.
    pub(crate) fn begin(
        output: &Path,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<Self, OutputError> {
        let mut wanted: Vec<&'p str> = Vec::new();
        for path in paths {
            let rel = Path::new(path);
            if path == MARKER
                || rel.is_absolute()
                || rel
                    .components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(OutputError::BadPath(path.to_owned()));
            }
            wanted.push(path);
        }
        wanted.sort_unstable();
        wanted.dedup();
        let wanted = Wanted(wanted);
        // `/`-separated like the paths: comparing `Path`s goes component by component,
        // which is slow for twenty thousand of them.
        let mut dirs: HashSet<&str> = HashSet::new();
        for path in &wanted.0 {
            let mut dir: &str = path;
            while let Some((d, _)) = dir.rsplit_once('/') {
                if !dirs.insert(d) {
                    break;
                }
                dir = d;
            }
        }
        if let Some(file) = wanted.0.iter().find(|p| dirs.contains::<str>(p)) {
            return Err(OutputError::BadPath(format!(
                "{file} is both a file and a folder"
            )));
        }
        // Parents before children: level by level, each level's folders in parallel.
        let mut levels: Vec<Vec<&str>> = Vec::new();
        for dir in dirs {
            let depth = dir.bytes().filter(|&b| b == b'/').count();
            if levels.len() <= depth {
                levels.resize_with(depth + 1, Vec::new);
            }
            levels[depth].push(dir);
        }
        let beside = Beside::claim(super::target::absolute(output))?;
        let building = beside.building.clone();
        // From here on, dropping `staging` removes the tree.
        let mut staging = Self {
            beside,
            done: Vec::new(),
            wanted: Wanted(Vec::new()),
            committed: false,
        };
        beside::create_tracked(&building)?;
        fs::write(building.join(MARKER), MARKER_TEXT).map_err(|e| io_error(&building, e))?;
        fault::stale_tree(&staging.beside.out, &building, &wanted);
        for level in levels {
            level.par_iter().try_for_each(|dir| {
                let dir = building.join(dir);
                match fs::create_dir(&dir) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(io_error(&dir, e)),
                    _ => Ok(()),
                }
            })?;
        }
        staging.done = (0..wanted.len()).map(|_| AtomicBool::new(false)).collect();
        staging.wanted = wanted;
        Ok(staging)
    }

    /// Puts one file into the tree.
    ///
    /// # Errors
    /// When `path` was not announced to [`Staging::begin`], was put already, or the disk
    /// refuses.
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.create(path, |mut file| io::Write::write_all(&mut file, bytes))
    }

    /// Puts one file that `write` writes out piece by piece (a large JSON file), never
    /// holding it whole.
    ///
    /// # Errors
    /// As [`Staging::put`], and when `write` fails.
    pub(crate) fn put_stream(
        &self,
        path: &str,
        write: &crate::render::WriteFn<'_>,
    ) -> Result<(), OutputError> {
        self.create(path, |file| {
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out)?;
            io::Write::flush(&mut out)
        })
    }

    fn create(
        &self,
        path: &str,
        write: impl FnOnce(fs::File) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let Some(index) = self.wanted.index(path) else {
            return Err(OutputError::BadPath(path.to_owned()));
        };
        if self.done[index].swap(true, Ordering::Relaxed) {
            return Err(OutputError::BadPath(format!("{path} was written twice")));
        }
        let target = self.beside.building.join(path);
        // A fresh tree: anything already there is a bug, never overwritten.
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| io_error(&target, e))?;
        write(file).map_err(|e| io_error(&target, e))
    }

    /// Checks that the tree holds exactly the planned files and folders, swaps it in, and
    /// removes the previous output.
    ///
    /// # Errors
    /// When a planned file was not put, the tree holds anything else, or the disk refuses;
    /// the previous output is then left as it was.
    pub(crate) fn commit(mut self) -> Result<(), OutputError> {
        if let Some(path) = self
            .wanted
            .0
            .iter()
            .zip(&self.done)
            .find_map(|(path, done)| (!done.load(Ordering::Relaxed)).then_some(path))
        {
            return Err(OutputError::Unplanned(format!("{path} was never written")));
        }
        if !fault::skip_final_check() {
            self.verify()?;
        }
        let Beside {
            out, building, old, ..
        } = &self.beside;
        let previous = beside::swap_in(building, out, old)?;
        self.committed = true;
        if let Some(previous) = previous {
            beside::remove_tree(&previous)?;
            beside::untrack(&previous);
        }
        Ok(())
    }

    /// The final check (issue 12): the tree lists exactly the planned paths, the marker,
    /// and their folders; nothing else, no link. Cheap next to writing the files, and what
    /// turns any future bug here into a failed build instead of a published page. Folders
    /// are read in parallel: at 10,000 notes there are 16,000 of them, read after every
    /// page is written, when nothing else is left to do.
    fn verify(&self) -> Result<(), OutputError> {
        let root = &self.beside.building;
        let check = Check {
            files: AtomicUsize::new(0),
            failed: Mutex::new(None),
        };
        rayon::scope(|scope| check.folder(scope, root.clone(), String::new(), &self.wanted.0));
        if let Some(e) = check
            .failed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            return Err(e);
        }
        let files = check.files.into_inner();
        if files != self.wanted.len() + 1 {
            return Err(OutputError::Unplanned(format!(
                "{files} files where {} were planned",
                self.wanted.len() + 1
            )));
        }
        Ok(())
    }
}

/// [`Staging::verify`] under way: the files counted so far, and the first problem met.
struct Check {
    files: AtomicUsize,
    failed: Mutex<Option<OutputError>>,
}

impl Check {
    fn fail(&self, e: OutputError) {
        self.failed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert(e);
    }

    /// Checks the entries of folder `dir` (`rel` in the tree), its folders in parallel;
    /// `inside` are the planned paths under it (a run of the sorted paths, so that each
    /// lookup searches the folder's own paths, not the whole site's).
    fn folder<'s, 'p: 's>(
        &'s self,
        scope: &rayon::Scope<'s>,
        dir: PathBuf,
        rel: String,
        inside: &'s [&'p str],
    ) {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => return self.fail(io_error(&dir, e)),
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => return self.fail(io_error(&dir, e)),
            };
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return self.fail(OutputError::Unplanned(format!(
                    "{rel}/{}",
                    name.to_string_lossy()
                )));
            };
            let path = if rel.is_empty() {
                name.to_owned()
            } else {
                format!("{rel}/{name}")
            };
            // The entry's own kind: a link is neither a folder nor a file.
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => return self.fail(io_error(&entry.path(), e)),
            };
            if kind.is_dir()
                && let below = under(inside, &path)
                && !below.is_empty()
            {
                let dir = entry.path();
                scope.spawn(move |scope| self.folder(scope, dir, path, below));
            } else if kind.is_file()
                && (path == MARKER || inside.binary_search_by(|p| (**p).cmp(&path)).is_ok())
            {
                self.files.fetch_add(1, Ordering::Relaxed);
            } else {
                return self.fail(OutputError::Unplanned(path));
            }
        }
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let building = &self.beside.building;
            let _ = beside::remove_tree(building);
            beside::untrack(building);
        }
    }
}

/// The run of `sorted` (planned paths, sorted) that lies inside folder `dir`: empty when
/// no planned path does.
fn under<'s, 'p>(sorted: &'s [&'p str], dir: &str) -> &'s [&'p str] {
    let prefix = format!("{dir}/");
    let start = sorted.partition_point(|p| **p < *prefix);
    let len = sorted[start..].partition_point(|p| p.starts_with(&prefix));
    &sorted[start..start + len]
}

/// `a/b/index.html` on every platform; `None` for a name that is not UTF-8 (never ours).
fn slash_path(rel: &Path) -> Option<String> {
    let mut out = String::new();
    for part in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part.as_os_str().to_str()?);
    }
    Some(out)
}

/// Faults a test can switch on in a debug build, to show that the tests catch what they
/// guard against: `MENTORLOG_TEST_FAULT=stale-tree` starts each tree with the previous
/// output's files that this build does not plan (the reuse bug of issue 12: stale pages
/// that pruning missed), `…=stale-tree,no-final-check` also skips the final check. Release
/// builds have none of this.
mod fault {
    use std::path::Path;

    #[cfg(debug_assertions)]
    fn on(name: &str) -> bool {
        std::env::var("MENTORLOG_TEST_FAULT").is_ok_and(|v| v.split(',').any(|f| f == name))
    }

    #[cfg(not(debug_assertions))]
    fn on(_: &str) -> bool {
        false
    }

    pub(super) fn skip_final_check() -> bool {
        on("no-final-check")
    }

    pub(super) fn stale_tree(out: &Path, building: &Path, wanted: &super::Wanted<'_>) {
        if !on("stale-tree") {
            return;
        }
        for entry in walkdir::WalkDir::new(out)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let Ok(rel) = entry.path().strip_prefix(out) else {
                continue;
            };
            let to = building.join(rel);
            if entry.file_type().is_dir() {
                let _ = std::fs::create_dir_all(&to);
            } else if super::slash_path(rel)
                .is_some_and(|r| r != super::MARKER && !wanted.contains(&r))
            {
                let _ = std::fs::copy(entry.path(), &to);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, bytes: &[u8]) -> Page {
        Page {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    /// What is beside the output, by name.
    fn beside(site: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(site)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn swaps_in_a_complete_site_and_keeps_nothing_of_the_old_one() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(&out, &[page("a/index.html", b"one")]).unwrap();
        write(&out, &[page("b.html", b"two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        assert!(out.join(MARKER).exists());
        // Nothing of the first build is kept anywhere.
        assert_eq!(beside(site.path()), [".public.mentorlog-lock", "public"]);
        write(&out, &[page("x", b"file")]).unwrap();
        write(&out, &[page("x/index.html", b"dir")]).unwrap();
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"dir");
    }

    #[test]
    fn an_abandoned_tree_leaves_the_output_as_it_was_and_nothing_beside_it() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(&out, &[page("a.html", b"one")]).unwrap();
        let staging = Staging::begin(&out, ["a.html", "b/c.html"]).unwrap();
        staging.put("a.html", b"changed").unwrap();
        // A path that was not announced is refused, not written; so is a second write.
        assert!(matches!(
            staging.put("elsewhere.html", b"x"),
            Err(OutputError::BadPath(_))
        ));
        assert!(matches!(
            staging.put("a.html", b"again"),
            Err(OutputError::BadPath(_))
        ));
        drop(staging);
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"one");
        assert!(!out.join("b").exists());
        assert_eq!(beside(site.path()), [".public.mentorlog-lock", "public"]);
    }

    #[test]
    fn a_tree_with_a_file_missing_or_too_many_is_not_swapped_in() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(&out, &[page("a.html", b"one")]).unwrap();
        let staging = Staging::begin(&out, ["a.html", "b.html"]).unwrap();
        staging.put("a.html", b"two").unwrap();
        assert!(matches!(staging.commit(), Err(OutputError::Unplanned(_))));
        let staging = Staging::begin(&out, ["a.html"]).unwrap();
        staging.put("a.html", b"two").unwrap();
        // Something slipped in beside the planned files.
        fs::write(staging.beside.building.join("stray.html"), "withheld").unwrap();
        assert!(matches!(staging.commit(), Err(OutputError::Unplanned(p)) if p == "stray.html"));
        // Deeper down: a stray file in a planned folder, a folder planned nowhere.
        let planned = ["a.html", "b/c.html", "b/d/e.html", "b-c/f.html"];
        for (stray, found) in [
            ("b/d/stray.html", "b/d/stray.html"),
            ("b/x/y.html", "b/x"),
            ("b-c/d/e.html", "b-c/d"),
        ] {
            let staging = Staging::begin(&out, planned).unwrap();
            for path in planned {
                staging.put(path, b"page").unwrap();
            }
            let stray = staging.beside.building.join(stray);
            fs::create_dir_all(stray.parent().unwrap()).unwrap();
            fs::write(stray, "withheld").unwrap();
            assert!(
                matches!(staging.commit(), Err(OutputError::Unplanned(ref p)) if p == found),
                "{found}"
            );
        }
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"one");
        assert_eq!(beside(site.path()), [".public.mentorlog-lock", "public"]);
    }

    #[test]
    fn leftovers_of_killed_builds_and_of_earlier_versions_are_removed() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(&out, &[page("a.html", b"one")]).unwrap();
        for name in [
            ".public.mentorlog-building-999999-0",
            ".public.mentorlog-old-999999-3",
            ".public.building-4242",
            ".public.old-4242",
            ".public.mentorlog-spare",
        ] {
            let tree = site.path().join(name);
            fs::create_dir_all(tree.join("sessions/secret")).unwrap();
            fs::write(tree.join(MARKER), MARKER_TEXT).unwrap();
            fs::write(tree.join("sessions/secret/index.html"), "withheld").unwrap();
        }
        fs::write(site.path().join(".public.mentorlog-cache"), "cache").unwrap();
        // Not ours: left alone.
        fs::create_dir_all(site.path().join(".public.notes")).unwrap();
        fs::create_dir_all(site.path().join(".other.mentorlog-building-1-0")).unwrap();
        write(&out, &[page("a.html", b"two")]).unwrap();
        assert_eq!(
            beside(site.path()),
            [
                ".other.mentorlog-building-1-0",
                ".public.mentorlog-lock",
                ".public.notes",
                "public"
            ]
        );
    }

    #[test]
    fn a_running_build_keeps_its_tree_until_it_is_done() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let first = Staging::begin(&out, ["a.html"]).unwrap();
        first.put("a.html", b"first").unwrap();
        let building = first.beside.building.clone();
        // A second build of the same output waits for the first.
        let second = std::thread::spawn({
            let out = out.clone();
            move || write(&out, &[page("a.html", b"second")])
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(
            building.join("a.html").exists(),
            "still there while it runs"
        );
        first.commit().unwrap();
        second.join().unwrap().unwrap();
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"second");
        assert_eq!(beside(site.path()), [".public.mentorlog-lock", "public"]);
    }
}
