//! The only writer: puts rendered pages into the output folder, all or nothing.
//!
//! Pages are written into a fresh temporary folder beside the output and swapped in at the
//! end, so a failed build leaves the previous output untouched and a reader never sees
//! half a site. The output folder carries a marker file; a non-empty folder without it is
//! someone else's and is never replaced unless forced (Zola #1378 deleted a user's project
//! with `-o ..`). Folders that hold the site's own files are refused outright.

// Tens of thousands of paths per build: hashed with ahash, not SipHash.
use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::render::Page;

/// The file that marks a folder as mentorlog's output.
pub const MARKER: &str = ".mentorlog-output";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder holds the site's sources, or is a parent of them.
    #[error("refusing to write the site to `{0}`: it {1}")]
    Unsafe(String, &'static str),
    /// A non-empty folder mentorlog did not make.
    #[error(
        "refusing to replace `{0}`: it is not empty and mentorlog did not create it (use --force to replace it)"
    )]
    NotOurs(String),
    /// A page path that would leave the output folder.
    #[error("a page path leaves the output folder: {0}")]
    BadPath(String),
    /// Reading or writing failed.
    #[error("cannot write `{0}`: {1}")]
    Io(String, io::Error),
}

/// Checks that `output` may be written for the site at `root`.
///
/// # Errors
/// When the folder is the site root, `content/`, a theme, `/`, the home folder, a parent of
/// any of them, or a non-empty folder without the marker (unless `force`).
pub fn check_target(root: &Path, output: &Path, force: bool) -> Result<(), OutputError> {
    let shown = output.display().to_string();
    let out = absolute(output);
    let root = absolute(root);
    let protected = [
        (root.clone(), "is the site's root folder"),
        (root.join("content"), "holds the site's content"),
        (root.join("themes"), "holds the site's themes"),
        (root.join("templates"), "holds the site's templates"),
        (root.join("static"), "holds the site's static files"),
    ];
    if out.parent().is_none() {
        return Err(OutputError::Unsafe(shown, "is the file system's root"));
    }
    if let Some(home) = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| absolute(&h))
        && home.starts_with(&out)
    {
        return Err(OutputError::Unsafe(
            shown,
            "is the home folder or a parent of it",
        ));
    }
    for (path, why) in &protected {
        if path.starts_with(&out) {
            return Err(OutputError::Unsafe(shown, why));
        }
        if path != &root && out.starts_with(path) {
            return Err(OutputError::Unsafe(shown, why));
        }
    }
    if out.is_file() {
        return Err(OutputError::Unsafe(shown, "is a file"));
    }
    if out.is_dir() && !force && !out.join(MARKER).exists() {
        let empty = fs::read_dir(&out)
            .map_err(|e| OutputError::Io(shown.clone(), e))?
            .next()
            .is_none();
        if !empty {
            return Err(OutputError::NotOurs(shown));
        }
    }
    Ok(())
}

/// Makes a path absolute and lexically normal, without touching the disk for parts that
/// do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve symlinks for the part that exists, then normalise the rest.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    out
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written because they were new or changed.
    pub written: usize,
    /// Files already right in the reused tree.
    pub unchanged: usize,
    /// Stale files and folders removed from the reused tree (a folder counts once).
    pub removed: usize,
}

/// Writes `pages` to `output` atomically: build a complete tree beside it, then swap.
///
/// # Errors
/// When a page path is unsafe or the disk refuses; the previous output is left as it was.
pub fn write(output: &Path, pages: &[Page]) -> Result<WriteStats, OutputError> {
    let staging = Staging::begin(output, pages.iter().map(|p| p.path.as_str()))?;
    for page in pages {
        staging.put(&page.path, &page.bytes)?;
    }
    staging.commit()
}

/// A complete new tree being built beside the output, filled one file at a time (from
/// several threads) while pages are rendered, then swapped in by [`Staging::commit`].
///
/// The tree is built in a folder beside the output. The previous build's tree is kept
/// there as `.NAME.mentorlog-spare` and reused: only changed files are written and stale
/// ones removed, which on most file systems is far cheaper than creating every folder and
/// file anew (and deleting the old ones). Dropped without a commit, the output is left as
/// it was and the half-filled tree becomes the spare again (every file in it is checked
/// by the next build anyway).
///
/// Whether a file of the reused tree already holds a page is told by a cache beside the
/// output (`.NAME.mentorlog-cache`): per tree, each file's content hash, size and
/// modification time as mentorlog left it. A file whose size and time still match holds
/// the content hashed; anything else (no cache, a file edited by hand, a file written in
/// the same clock tick as the cache) is read and compared. Likewise each folder's time:
/// a folder whose time has not moved holds what the cache lists in it and is not listed
/// again. The cache is only ever a shortcut: a wrong or missing one costs time, never
/// correctness.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    spare: PathBuf,
    building: PathBuf,
    old: PathBuf,
    cache: PathBuf,
    /// The building tree's id (see [`tree_id`]).
    id: Option<String>,
    /// Every path the tree will hold (relative, `/`-separated as given), with its index
    /// in `entries`.
    wanted: HashMap<String, usize>,
    /// Every folder the tree holds, `/`-separated.
    dirs: Vec<String>,
    /// What the reused tree held when it was last written, by path.
    before: HashMap<String, CacheEntry>,
    /// When the cache was written (by the file system's clock): a file changed within the
    /// same clock tick as it was written could keep its size and time, so entries that
    /// new are checked by reading (git's "racy" rule).
    cache_time: i128,
    /// What the cache said of the other trees when the reused one was surveyed (`None`:
    /// the commit reads it).
    rest: Option<Cache>,
    /// The folders of the reused tree as the survey found them, with their times: unless
    /// `touched`, a folder keeps its time and the commit need not look at it again.
    dir_times: HashMap<String, i128>,
    /// Folders whose entries this build added or removed (`/`-separated, `.`).
    touched: std::sync::Mutex<HashSet<String>>,
    /// What each wanted file holds once put.
    entries: Vec<std::sync::OnceLock<CacheEntry>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    removed: usize,
    done: bool,
}

/// Hashes and counts what is written to it.
#[derive(Default)]
struct HashingWriter {
    hash: xxhash_rust::xxh3::Xxh3Default,
    len: u64,
}

impl io::Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.hash.update(buf);
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What mentorlog left in one file of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CacheEntry {
    hash: u128,
    size: u64,
    /// Modification time, nanoseconds since the epoch.
    mtime: i128,
}

impl CacheEntry {
    fn of(hash: u128, meta: &fs::Metadata) -> Self {
        Self {
            hash,
            size: meta.len(),
            mtime: mtime_ns(meta),
        }
    }
}

fn mtime_ns(meta: &fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(-1, |d| i128::try_from(d.as_nanos()).unwrap_or(-1))
}

impl Staging {
    /// Prepares a tree that will hold exactly the files at `paths` (and the marker): stale
    /// files of the reused tree are removed and every folder is made.
    ///
    /// # Errors
    /// When a path is unsafe or the disk refuses; nothing of the output is touched.
    pub fn begin<'p>(
        output: &Path,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<Self, OutputError> {
        Self::begin_with(output, paths, None)
    }

    /// [`Staging::begin`], with the spare tree surveyed ahead of time by [`survey`] (a
    /// survey of another tree, or of a tree changed since, is not used).
    ///
    /// # Errors
    /// As [`Staging::begin`].
    pub fn begin_with<'p>(
        output: &Path,
        paths: impl IntoIterator<Item = &'p str>,
        survey: Option<Survey>,
    ) -> Result<Self, OutputError> {
        let out = absolute(output);
        let parent = out
            .parent()
            .ok_or_else(|| OutputError::Unsafe(output.display().to_string(), "has no parent"))?
            .to_path_buf();
        let name = out
            .file_name()
            .map_or_else(|| "public".to_owned(), |n| n.to_string_lossy().into_owned());
        let mut wanted = HashMap::new();
        // `/`-separated like the paths: comparing `Path`s goes component by component,
        // which is slow for twenty thousand of them.
        let mut dirs = HashSet::new();
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
            let mut dir = path;
            while let Some((d, _)) = dir.rsplit_once('/') {
                if !dirs.insert(d.to_owned()) {
                    break;
                }
                dir = d;
            }
            let index = wanted.len();
            wanted.entry(path.to_owned()).or_insert(index);
        }
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let pid = std::process::id();
        let mut staging = Self {
            spare: parent.join(format!(".{name}.mentorlog-spare")),
            building: parent.join(format!(".{name}.building-{pid}")),
            old: parent.join(format!(".{name}.old-{pid}")),
            cache: parent.join(format!(".{name}.mentorlog-cache")),
            out,
            id: None,
            entries: (0..wanted.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            wanted,
            dirs: Vec::new(),
            before: HashMap::new(),
            cache_time: i128::MIN,
            rest: None,
            dir_times: HashMap::new(),
            touched: std::sync::Mutex::default(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            removed: 0,
            done: false,
        };
        let building = staging.building.clone();
        if building.exists() {
            fs::remove_dir_all(&building).map_err(|e| io_error(&building, e))?;
        }
        let reused = is_ours(&staging.spare) && fs::rename(&staging.spare, &building).is_ok();
        // From here on, dropping `staging` cleans up.
        let existing = if reused {
            staging.id = tree_id(&building);
            let ahead = survey.filter(|s| s.tree == staging.spare && s.id == staging.id);
            let survey = match ahead {
                Some(survey) => survey,
                None => survey_tree(&building, &staging.cache)?,
            };
            staging.before = survey.before;
            staging.cache_time = survey.cache_time;
            staging.rest = Some(survey.rest);
            staging.dir_times = survey.dir_times;
            let (removed, existing, touched) =
                prune(&building, &survey.entries, &staging.wanted, &dirs)?;
            staging.removed = removed;
            staging.touched = std::sync::Mutex::new(touched);
            existing
        } else {
            fs::create_dir(&building).map_err(|e| io_error(&building, e))?;
            fs::write(building.join(MARKER), MARKER_TEXT).map_err(|e| io_error(&building, e))?;
            staging.id = tree_id(&building);
            HashSet::new()
        };
        for dir in dirs.iter().filter(|d| !existing.contains(d.as_str())) {
            staging.touch(parent_of(dir));
            let dir = building.join(dir);
            fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        }
        staging.dirs = dirs.into_iter().collect();
        Ok(staging)
    }

    /// Puts one file into the tree, unless the reused tree already holds these bytes.
    /// Returns whether it wrote.
    ///
    /// # Errors
    /// When `path` was not announced to [`Staging::begin`] or the disk refuses.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<bool, OutputError> {
        self.settle(
            path,
            xxhash_rust::xxh3::xxh3_128(bytes),
            bytes.len() as u64,
            // No cache, or the file was touched since: the same bytes anyway?
            |target| fs::read(target).is_ok_and(|old| old == bytes),
            |mut file| io::Write::write_all(&mut file, bytes).map(|()| file),
        )
    }

    /// Puts one file that `write` writes out piece by piece (a large JSON file), never
    /// holding it whole: `write` runs once to hash the content, and once more to write it
    /// unless the reused tree is known (by the cache) to hold it already. Returns whether
    /// it wrote.
    ///
    /// # Errors
    /// When `path` was not announced to [`Staging::begin`], `write` fails or the disk
    /// refuses.
    pub fn put_stream(
        &self,
        path: &str,
        write: &crate::render::WriteFn<'_>,
    ) -> Result<bool, OutputError> {
        let mut hasher = HashingWriter::default();
        write(&mut hasher).map_err(|e| io_error(&self.building.join(path), e))?;
        self.settle(
            path,
            hasher.hash.digest128(),
            hasher.len,
            |_| false,
            |file| {
                let mut out = io::BufWriter::with_capacity(1 << 16, file);
                write(&mut out)?;
                out.into_inner().map_err(io::IntoInnerError::into_error)
            },
        )
    }

    /// Leaves the file at `path` holding the content of `hash` and `size`: kept when the
    /// cache vouches for it (or `same` finds it equal), else written by `write`. Returns
    /// whether it wrote.
    fn settle(
        &self,
        path: &str,
        hash: u128,
        size: u64,
        same: impl FnOnce(&Path) -> bool,
        write: impl FnOnce(fs::File) -> io::Result<fs::File>,
    ) -> Result<bool, OutputError> {
        let Some(&index) = self.wanted.get(path) else {
            return Err(OutputError::BadPath(path.to_owned()));
        };
        let target = self.building.join(path);
        let found = fs::symlink_metadata(&target);
        if found.as_ref().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            // A link (made since the survey) is replaced, never written through.
            fs::remove_file(&target).map_err(|e| io_error(&target, e))?;
        }
        if !found.as_ref().is_ok_and(fs::Metadata::is_file) {
            // A new entry of its folder.
            self.touch(parent_of(path));
        }
        let kept = found
            .ok()
            .filter(|meta| meta.is_file() && meta.len() == size)
            .and_then(|meta| {
                let now = CacheEntry::of(hash, &meta);
                // As mentorlog left it with this content (and not in the cache's tick).
                let trusted = self.before.get(path) == Some(&now) && now.mtime < self.cache_time;
                (trusted || same(&target)).then_some(now)
            });
        let (entry, wrote) = match kept {
            Some(entry) => (entry, false),
            None => {
                let file = fs::File::create(&target).map_err(|e| io_error(&target, e))?;
                let file = write(file).map_err(|e| io_error(&target, e))?;
                let meta = file.metadata().map_err(|e| io_error(&target, e))?;
                (CacheEntry::of(hash, &meta), true)
            }
        };
        self.record(index, entry, wrote);
        Ok(wrote)
    }

    /// Notes that the entries of folder `dir` changed.
    fn touch(&self, dir: &str) {
        self.touched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(dir.to_owned());
    }

    fn record(&self, index: usize, entry: CacheEntry, wrote: bool) {
        let _ = self.entries[index].set(entry);
        let counter = if wrote {
            &self.written
        } else {
            &self.unchanged
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Swaps the tree in: the old output aside, the new one in; the old one becomes the
    /// next build's spare.
    ///
    /// # Errors
    /// When the disk refuses; the previous output is then put back.
    pub fn commit(mut self) -> Result<WriteStats, OutputError> {
        self.done = true;
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: self.removed,
        };
        let (out, old, building, spare) = (&self.out, &self.old, &self.building, &self.spare);
        // The cache first: should anything below fail, it is merely out of date.
        let mut cache = self.rest.take().unwrap_or_else(|| read_cache(&self.cache));
        let old_id = tree_id(out);
        cache.retain(|id, _| Some(id) == old_id.as_ref());
        // The output's entries are carried over; those written in the same clock tick as
        // the cache that recorded them were not trusted then, and must not become trusted
        // now that the cache is newer (git's "racily clean" entries).
        let recorded = fs::metadata(&self.cache).map_or(i128::MIN, |m| mtime_ns(&m));
        for tree in cache.values_mut() {
            tree.keep_older_than(recorded);
        }
        if let Some(id) = &self.id {
            use rayon::prelude::*;
            let files = self
                .wanted
                .iter()
                .filter_map(|(path, &i)| Some((path.clone(), *self.entries[i].get()?)))
                .collect();
            let touched = self
                .touched
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            // A folder whose entries did not change kept the time the survey saw.
            let time_of = |d: &str, full: &Path| match self.dir_times.get(d) {
                Some(&t) if !touched.contains(d) => Some(t),
                _ => fs::symlink_metadata(full).ok().map(|m| mtime_ns(&m)),
            };
            let dirs: Vec<_> = self
                .dirs
                .par_iter()
                .filter_map(|d| Some((d.clone(), time_of(d, &building.join(d))?)))
                .chain(time_of(".", building).map(|t| (".".to_owned(), t)))
                .collect();
            let dirs = dirs.into_iter().collect();
            cache.insert(id.clone(), TreeCache { files, dirs });
        }
        write_cache(&self.cache, &cache);
        let had_old = out.exists();
        if had_old {
            fs::rename(out, old).map_err(|e| {
                let _ = fs::remove_dir_all(building);
                io_error(out, e)
            })?;
        }
        if let Err(e) = fs::rename(building, out) {
            if had_old {
                let _ = fs::rename(old, out);
            }
            let _ = fs::remove_dir_all(building);
            return Err(io_error(out, e));
        }
        if had_old {
            // Only a tree of ours is kept as the spare; a folder replaced with --force goes.
            if !(is_ours(old) && !spare.exists() && fs::rename(old, spare).is_ok()) {
                let _ = fs::remove_dir_all(old);
            }
        }
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let kept = !self.spare.exists() && fs::rename(&self.building, &self.spare).is_ok();
        if !kept {
            let _ = fs::remove_dir_all(&self.building);
        }
    }
}

/// What the marker says.
const MARKER_TEXT: &str = "This folder is mentorlog's output; it is replaced by every build.\n";

/// A tree's id for the cache: its folder's device and inode, which a rename keeps (the
/// output stays byte for byte the same from build to build). `None` where the platform
/// has no such thing: every file is then checked by reading.
fn tree_id(tree: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let meta = fs::symlink_metadata(tree).ok()?;
        Some(format!("{:x}-{:x}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = tree;
        None
    }
}

/// What the cache knows of one tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct TreeCache {
    /// Each file, by path.
    files: HashMap<String, CacheEntry>,
    /// Each folder's modification time, by path (`.` for the tree itself): a folder whose
    /// time has not moved holds what the cache lists under it, and is not read again.
    dirs: HashMap<String, i128>,
}

impl TreeCache {
    /// Forgets what was recorded at or after `time` (racy: see [`Staging`]).
    fn keep_older_than(&mut self, time: i128) {
        self.files.retain(|_, e| e.mtime < time);
        self.dirs.retain(|_, m| *m < time);
    }
}

type Cache = HashMap<String, TreeCache>;

const CACHE_HEADER: &str = "mentorlog output cache 2";

/// Reads the cache; anything unreadable is no cache.
fn read_cache(path: &Path) -> Cache {
    let mut cache = Cache::new();
    let Ok(text) = fs::read_to_string(path) else {
        return cache;
    };
    let mut lines = text.lines();
    if lines.next() != Some(CACHE_HEADER) {
        return cache;
    }
    let mut current: Option<&mut TreeCache> = None;
    for line in lines {
        if let Some(id) = line.strip_prefix("tree ") {
            current = Some(cache.entry(id.to_owned()).or_default());
            continue;
        }
        if let Some(dir) = line.strip_prefix("dir ") {
            let parsed = dir
                .split_once(' ')
                .and_then(|(m, path)| Some((m.parse().ok()?, path)));
            match (parsed, current.as_mut()) {
                (Some((mtime, path)), Some(tree)) => {
                    tree.dirs.insert(path.to_owned(), mtime);
                }
                _ => return Cache::new(),
            }
            continue;
        }
        let mut parts = line.splitn(4, ' ');
        let entry = (|| {
            Some(CacheEntry {
                hash: u128::from_str_radix(parts.next()?, 16).ok()?,
                size: parts.next()?.parse().ok()?,
                mtime: parts.next()?.parse().ok()?,
            })
        })();
        match (entry, parts.next(), current.as_mut()) {
            (Some(entry), Some(path), Some(tree)) => {
                tree.files.insert(path.to_owned(), entry);
            }
            _ => return Cache::new(),
        }
    }
    cache
}

/// Writes the cache through a temporary file; failing to is not an error.
fn write_cache(path: &Path, cache: &Cache) {
    // Forty thousand lines at 10,000 notes, written at the end of every build: by hand,
    // not through `format!`.
    fn push_hex(text: &mut Vec<u8>, v: u128) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for shift in (0..32).rev() {
            text.push(DIGITS[((v >> (shift * 4)) & 0xf) as usize]);
        }
    }
    fn push_int(text: &mut Vec<u8>, v: impl itoa::Integer) {
        text.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
    let mut text = Vec::with_capacity(cache.values().map(|t| t.files.len() * 96).sum());
    text.extend_from_slice(CACHE_HEADER.as_bytes());
    text.push(b'\n');
    for (id, tree) in cache {
        text.extend_from_slice(b"tree ");
        text.extend_from_slice(id.as_bytes());
        text.push(b'\n');
        // Paths with a line break would not read back; such a file or folder is just
        // checked again.
        let fits = |p: &str| !p.contains(['\n', '\r']);
        for (dir, mtime) in tree.dirs.iter().filter(|(d, _)| fits(d)) {
            text.extend_from_slice(b"dir ");
            push_int(&mut text, *mtime);
            text.push(b' ');
            text.extend_from_slice(dir.as_bytes());
            text.push(b'\n');
        }
        for (file, e) in tree.files.iter().filter(|(f, _)| fits(f)) {
            push_hex(&mut text, e.hash);
            text.push(b' ');
            push_int(&mut text, e.size);
            text.push(b' ');
            push_int(&mut text, e.mtime);
            text.push(b' ');
            text.extend_from_slice(file.as_bytes());
            text.push(b'\n');
        }
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    if fs::write(&tmp, text).is_err() || fs::rename(&tmp, path).is_err() {
        let _ = fs::remove_file(&tmp);
    }
}

fn io_error(path: &Path, e: io::Error) -> OutputError {
    OutputError::Io(path.display().to_string(), e)
}

/// Whether `dir` is a folder mentorlog made (it holds the marker).
fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// A tree of ours, surveyed: what is in it and what the cache says of it.
#[derive(Debug)]
pub struct Survey {
    /// The folder surveyed.
    tree: PathBuf,
    /// Its id (see [`tree_id`]).
    id: Option<String>,
    /// Every entry under it, each folder before what it holds: path relative to the tree,
    /// and what it is.
    entries: Vec<(PathBuf, Kind)>,
    /// The folders found as the cache recorded them (`/`-separated, `.` for the tree),
    /// with their modification times.
    dir_times: HashMap<String, i128>,
    /// What the cache says its files hold.
    before: HashMap<String, CacheEntry>,
    /// When the cache was written.
    cache_time: i128,
    /// What the cache says of the other trees (the output's), kept for the commit.
    rest: Cache,
}

/// Surveys the spare tree beside `output`, the one the next build will reuse: meant to
/// run in the background while notes are read and parsed, since walking a tree of
/// thousands of folders takes a while. `None` when there is no spare tree of ours. Reads
/// only.
#[must_use]
pub fn survey(output: &Path) -> Option<Survey> {
    let out = absolute(output);
    let parent = out.parent()?;
    let name = out.file_name()?.to_string_lossy().into_owned();
    let spare = parent.join(format!(".{name}.mentorlog-spare"));
    if !is_ours(&spare) {
        return None;
    }
    survey_tree(&spare, &parent.join(format!(".{name}.mentorlog-cache"))).ok()
}

fn survey_tree(tree: &Path, cache: &Path) -> Result<Survey, OutputError> {
    let id = tree_id(tree);
    let mut rest = read_cache(cache);
    let (known, cache_time) = match &id {
        Some(id) => (
            rest.remove(id).unwrap_or_default(),
            fs::metadata(cache).map_or(i128::MIN, |m| mtime_ns(&m)),
        ),
        None => (TreeCache::default(), i128::MIN),
    };
    let (entries, dir_times) = list_tree(tree, &known, cache_time)?;
    Ok(Survey {
        tree: tree.to_path_buf(),
        id,
        entries,
        dir_times,
        before: known.files,
        cache_time,
        rest,
    })
}

/// Every entry of the tree, each folder before what it holds. A folder whose time is the
/// one the cache recorded (and older than the cache) holds what the cache lists under it:
/// one `stat` instead of reading it. Any other folder is read.
fn list_tree(
    tree: &Path,
    known: &TreeCache,
    cache_time: i128,
) -> Result<(Entries, HashMap<String, i128>), OutputError> {
    let mut listed: HashMap<&str, Vec<(&str, Kind)>> = HashMap::new();
    for file in known.files.keys() {
        listed
            .entry(parent_of(file))
            .or_default()
            .push((file, Kind::File));
    }
    for dir in known.dirs.keys().filter(|d| *d != ".") {
        listed
            .entry(parent_of(dir))
            .or_default()
            .push((dir, Kind::Dir));
    }
    let mut entries = Vec::new();
    // The folders found as the cache recorded them, with their times.
    let mut times = HashMap::new();
    // Folders still to list, relative to the tree (`.`: the tree), deepest last.
    let mut todo = vec![PathBuf::from(".")];
    while let Some(dir) = todo.pop() {
        let full = if dir.as_os_str() == "." {
            tree.to_path_buf()
        } else {
            tree.join(&dir)
        };
        let key = if dir.as_os_str() == "." {
            Some(".".to_owned())
        } else {
            slash_path(&dir)
        };
        let trusted = key
            .as_deref()
            .and_then(|k| known.dirs.get(k))
            .is_some_and(|&m| {
                m < cache_time
                    && fs::symlink_metadata(&full).is_ok_and(|f| f.is_dir() && mtime_ns(&f) == m)
            });
        let mut children: Vec<(PathBuf, Kind)> = Vec::new();
        if trusted {
            let key = key.unwrap_or_default();
            times.insert(key.clone(), known.dirs[key.as_str()]);
            for (path, kind) in listed.get(key.as_str()).into_iter().flatten() {
                children.push((PathBuf::from(path), *kind));
            }
        } else {
            for entry in fs::read_dir(&full).map_err(|e| io_error(&full, e))? {
                let entry = entry.map_err(|e| io_error(&full, e))?;
                let kind = match entry.file_type() {
                    Ok(t) if t.is_dir() => Kind::Dir,
                    Ok(t) if t.is_file() => Kind::File,
                    _ => Kind::Other,
                };
                let rel = if dir.as_os_str() == "." {
                    PathBuf::from(entry.file_name())
                } else {
                    dir.join(entry.file_name())
                };
                children.push((rel, kind));
            }
        }
        // Depth first, so that each folder's entries follow it.
        let mut subdirs = Vec::new();
        for (rel, kind) in children {
            if kind == Kind::Dir {
                subdirs.push(rel.clone());
            }
            entries.push((rel, kind));
        }
        todo.extend(subdirs.into_iter().rev());
    }
    Ok((entries, times))
}

/// A tree's entries, each folder before what it holds: paths relative to the tree.
type Entries = Vec<(PathBuf, Kind)>;

/// What an entry of a tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    /// A symbolic link or anything else: never ours, always removed.
    Other,
}

/// Removes from the tree at `root` (whose `entries` a survey listed, each folder before
/// what it holds) everything but the files in `wanted`, the folders in `dirs` and the
/// marker. Returns how many entries went
/// (a stale folder counts once) and the folders that are left. Stale entries go first, so
/// that a file can become a folder and back.
fn prune(
    root: &Path,
    entries: &[(PathBuf, Kind)],
    wanted: &HashMap<String, usize>,
    dirs: &HashSet<String>,
) -> Result<(usize, HashSet<String>, HashSet<String>), OutputError> {
    let mut removed = 0;
    let mut existing = HashSet::new();
    let mut touched = HashSet::new();
    let mut gone: HashSet<&Path> = HashSet::new();
    for (rel, kind) in entries {
        if !gone.is_empty() && rel.ancestors().skip(1).any(|a| gone.contains(a)) {
            // Went with its folder.
            continue;
        }
        let is_dir = *kind == Kind::Dir;
        let slashed = slash_path(rel);
        let keep = slashed.as_ref().is_some_and(|r| match kind {
            Kind::Dir => dirs.contains(r),
            Kind::File => r == MARKER || wanted.contains_key(r),
            Kind::Other => false,
        });
        if keep {
            if is_dir && let Some(r) = slashed {
                existing.insert(r);
            }
            continue;
        }
        let path = root.join(rel);
        if is_dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .map_err(|e| io_error(&path, e))?;
        removed += 1;
        let parent = rel.parent().filter(|p| !p.as_os_str().is_empty());
        touched.insert(
            parent
                .map_or(Some(".".to_owned()), slash_path)
                .unwrap_or_default(),
        );
        if is_dir {
            gone.insert(rel);
        }
    }
    Ok((removed, existing, touched))
}

/// The folder of a `/`-separated path: `a/b` for `a/b/index.html`, `.` for `index.html`.
fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

/// `a/b/index.html` on every platform; `None` for a name that is not UTF-8 (never ours).
/// `rel` is relative and clean (no `.`, `..` or doubled separators), as every path here.
fn slash_path(rel: &Path) -> Option<String> {
    if std::path::MAIN_SEPARATOR == '/' {
        return rel.to_str().map(str::to_owned);
    }
    let mut out = String::new();
    for part in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part.as_os_str().to_str()?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_folders() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("content")).unwrap();
        assert!(check_target(site.path(), site.path(), false).is_err());
        assert!(check_target(site.path(), &site.path().join("content"), false).is_err());
        assert!(check_target(site.path(), &site.path().join("content/x"), false).is_err());
        assert!(check_target(site.path(), &site.path().join(".."), false).is_err());
        assert!(check_target(site.path(), Path::new("/"), false).is_err());
        assert!(check_target(site.path(), &site.path().join("public"), false).is_ok());
    }

    #[test]
    fn refuses_foreign_non_empty_folders() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("out");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("thesis.tex"), "mine").unwrap();
        assert!(matches!(
            check_target(site.path(), &out, false),
            Err(OutputError::NotOurs(_))
        ));
        assert!(check_target(site.path(), &out, true).is_ok());
    }

    #[test]
    fn swaps_in_a_complete_site() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(
            &out,
            &[Page {
                path: "a/index.html".into(),
                bytes: b"one".to_vec(),
            }],
        )
        .unwrap();
        write(
            &out,
            &[Page {
                path: "b.html".into(),
                bytes: b"two".to_vec(),
            }],
        )
        .unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        assert!(out.join(MARKER).exists());
        // The previous tree is kept beside the output and reused.
        let spare = site.path().join(".public.mentorlog-spare");
        assert!(spare.join("a/index.html").exists());
        let third = [
            Page {
                path: "b.html".into(),
                bytes: b"two".to_vec(),
            },
            Page {
                path: "c/d.html".into(),
                bytes: b"3".to_vec(),
            },
        ];
        // The spare holds the first build: `a/` goes, both files are written.
        assert_eq!(
            write(&out, &third).unwrap(),
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 1
            }
        );
        // Now it holds the second build: `b.html` is already right.
        assert_eq!(
            write(&out, &third).unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );
        assert!(!out.join("a").exists());
        assert_eq!(fs::read(out.join("c/d.html")).unwrap(), b"3");
    }

    #[test]
    fn an_abandoned_tree_leaves_the_output_as_it_was() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(
            &out,
            &[Page {
                path: "a.html".into(),
                bytes: b"one".to_vec(),
            }],
        )
        .unwrap();
        let staging = Staging::begin(&out, ["a.html", "b/c.html"]).unwrap();
        staging.put("a.html", b"changed").unwrap();
        // A path that was not announced is refused, not written.
        assert!(matches!(
            staging.put("elsewhere.html", b"x"),
            Err(OutputError::BadPath(_))
        ));
        drop(staging);
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"one");
        assert!(!out.join("b").exists());
        // Nothing is left beside the output but the spare, which is still ours, and the
        // cache.
        let mut names: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".public.mentorlog-cache",
                ".public.mentorlog-spare",
                "public"
            ]
        );
        assert!(is_ours(&site.path().join(".public.mentorlog-spare")));
        // The next build uses it and ends up exact.
        let stats = write(
            &out,
            &[Page {
                path: "a.html".into(),
                bytes: b"two".to_vec(),
            }],
        )
        .unwrap();
        assert_eq!(stats.removed, 1, "the folder `b` went");
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"two");
        assert!(!out.join("b").exists());
    }

    fn page(path: &str, bytes: &[u8]) -> Page {
        Page {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn the_cache_spares_unchanged_files_and_never_hides_a_changed_one() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let pages = [page("x/index.html", b"aaa"), page("y.html", b"yyy")];
        write(&out, &pages).unwrap();
        write(&out, &pages).unwrap();
        // Two trees now, both cached. Someone edits the output by hand, keeping the size.
        fs::write(out.join("x/index.html"), b"bbb").unwrap();
        fs::write(out.join("stray.html"), b"?").unwrap();
        // The spare (the first tree) is reused: nothing to write.
        let stats = write(&out, &pages).unwrap();
        assert_eq!((stats.written, stats.unchanged), (0, 2));
        // Now the edited tree is reused: its edit and its stray file are undone.
        let stats = write(&out, &pages).unwrap();
        assert_eq!((stats.written, stats.removed), (1, 1));
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"aaa");
        assert!(!out.join("stray.html").exists());
        // A lost or garbled cache only costs time.
        fs::write(site.path().join(".public.mentorlog-cache"), "garbage").unwrap();
        let changed = [page("x/index.html", b"ccc"), page("y.html", b"yyy")];
        let stats = write(&out, &changed).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 1));
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"ccc");
    }

    #[cfg(unix)]
    #[test]
    fn a_surveyed_spare_is_pruned_and_links_in_it_are_never_written_through() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let victim = site.path().join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        write(&out, &[page("a/index.html", b"a1"), page("old.html", b"o")]).unwrap();
        write(&out, &[page("a/index.html", b"a1")]).unwrap();
        // The spare holds the first build; someone plants a link where a page will go.
        let spare = site.path().join(".public.mentorlog-spare");
        std::os::unix::fs::symlink(&victim, spare.join("b.html")).unwrap();
        let survey = survey(&out).expect("a spare of ours");
        let pages = [page("a/index.html", b"a2"), page("b.html", b"b")];
        let staging =
            Staging::begin_with(&out, pages.iter().map(|p| p.path.as_str()), Some(survey)).unwrap();
        for p in &pages {
            staging.put(&p.path, &p.bytes).unwrap();
        }
        let stats = staging.commit().unwrap();
        assert_eq!(stats.removed, 2, "old.html and the link");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(fs::symlink_metadata(out.join("b.html")).unwrap().is_file());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"a2");
        assert!(!out.join("old.html").exists());
    }

    #[test]
    fn a_streamed_file_is_written_once_and_then_known_by_the_cache() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let calls = AtomicUsize::new(0);
        let write = |w: &mut dyn io::Write| {
            calls.fetch_add(1, Ordering::Relaxed);
            w.write_all(b"{\"big\":")?;
            w.write_all(b"true}")
        };
        let mut wrote = Vec::new();
        for _ in 0..3 {
            let staging = Staging::begin(&out, ["log.json"]).unwrap();
            wrote.push(staging.put_stream("log.json", &write).unwrap());
            // Files written in the same clock tick as the cache are not trusted (racy):
            // let the file system's clock move on.
            std::thread::sleep(std::time::Duration::from_millis(30));
            staging.commit().unwrap();
        }
        // Two fresh trees are written (hash, then write); the third build reuses the first
        // tree, which the cache vouches for (hash only).
        assert_eq!(wrote, [true, true, false]);
        assert_eq!(calls.load(Ordering::Relaxed), 5);
        assert_eq!(fs::read(out.join("log.json")).unwrap(), b"{\"big\":true}");
    }

    #[test]
    fn the_cache_keeps_each_folders_time_as_the_build_left_it() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let cache = site.path().join(".public.mentorlog-cache");
        let builds: [&[Page]; 5] = [
            &[
                page("x/index.html", b"x"),
                page("y/a.html", b"a"),
                page("y/b.html", b"b"),
            ],
            &[
                page("x/index.html", b"x"),
                page("y/a.html", b"a"),
                page("y/b.html", b"b"),
            ],
            // A folder that loses a file, one that gains one, one that is new.
            &[
                page("x/index.html", b"x"),
                page("x/new.html", b"n"),
                page("y/a.html", b"a"),
                page("z/index.html", b"z"),
            ],
            &[page("x/index.html", b"x"), page("y/a.html", b"a")],
            &[page("x/index.html", b"x"), page("y/a.html", b"a")],
        ];
        for pages in builds {
            write(&out, pages).unwrap();
            // As if time went by: folder times in the cache's clock tick are not trusted.
            let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
            fs::File::options()
                .append(true)
                .open(&cache)
                .unwrap()
                .set_modified(later)
                .unwrap();
            let id = tree_id(&out).unwrap();
            let recorded = read_cache(&cache).remove(&id).unwrap().dirs;
            let mut dirs: Vec<_> = recorded.keys().cloned().collect();
            dirs.sort();
            let mut expected = vec![".".to_owned(), "x".to_owned(), "y".to_owned()];
            if pages.iter().any(|p| p.path.starts_with("z/")) {
                expected.push("z".to_owned());
            }
            assert_eq!(dirs, expected);
            for (dir, time) in recorded {
                let meta = fs::symlink_metadata(out.join(&dir)).unwrap();
                assert_eq!(time, mtime_ns(&meta), "{dir}");
            }
        }
    }

    #[test]
    fn a_folder_whose_time_has_not_moved_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path();
        fs::create_dir_all(tree.join("a/b")).unwrap();
        fs::write(tree.join("a/b/index.html"), "x").unwrap();
        fs::write(tree.join("top.html"), "y").unwrap();
        let time = |p: &Path| mtime_ns(&fs::metadata(p).unwrap());
        let entry = CacheEntry {
            hash: 1,
            size: 1,
            mtime: 0,
        };
        let known = TreeCache {
            files: HashMap::from([
                ("a/b/index.html".to_owned(), entry),
                ("top.html".to_owned(), entry),
            ]),
            dirs: HashMap::from([
                (".".to_owned(), time(tree)),
                ("a".to_owned(), time(&tree.join("a"))),
                ("a/b".to_owned(), time(&tree.join("a/b"))),
            ]),
        };
        let listed = |cache_time| {
            let mut v: Vec<String> = list_tree(tree, &known, cache_time)
                .unwrap()
                .0
                .into_iter()
                .map(|(p, _)| slash_path(&p).unwrap())
                .collect();
            v.sort();
            v
        };
        let all = ["a", "a/b", "a/b/index.html", "top.html"];
        assert_eq!(listed(i128::MAX), all);
        // A file slipped into `a/b` with the folder's time put back is not seen: the
        // folder is taken from the cache, not read.
        let b = tree.join("a/b");
        let before = fs::metadata(&b).unwrap().modified().unwrap();
        fs::write(b.join("slipped.html"), "z").unwrap();
        fs::File::open(&b).unwrap().set_modified(before).unwrap();
        assert_eq!(listed(i128::MAX), all);
        // Unless the cache is not newer than the folder (racy): then it is read.
        assert!(listed(i128::MIN).contains(&"a/b/slipped.html".to_owned()));
        // A folder whose time moved is read.
        fs::write(b.join("new.html"), "w").unwrap();
        let now = listed(i128::MAX);
        assert!(
            now.contains(&"a/b/new.html".to_owned())
                && now.contains(&"a/b/slipped.html".to_owned())
        );
    }

    #[test]
    fn the_cache_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        let entry = CacheEntry {
            hash: u128::MAX - 7,
            size: 12,
            mtime: 1_700_000_000_123_456_789,
        };
        let mut cache = Cache::new();
        cache.insert(
            "ab12".into(),
            TreeCache {
                files: HashMap::from([
                    ("a b/index.html".to_owned(), entry),
                    ("odd\nname".to_owned(), entry),
                ]),
                dirs: HashMap::from([
                    (".".to_owned(), 5),
                    ("a b".to_owned(), -1),
                    ("odd\ndir".to_owned(), 7),
                ]),
            },
        );
        cache.insert("cd34".into(), TreeCache::default());
        write_cache(&path, &cache);
        // A name with a line break is left out (it is just checked again).
        let tree = cache.get_mut("ab12").unwrap();
        tree.files.remove("odd\nname");
        tree.dirs.remove("odd\ndir");
        assert_eq!(read_cache(&path), cache);
    }

    #[test]
    fn a_file_can_become_a_folder() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        write(
            &out,
            &[Page {
                path: "x".into(),
                bytes: b"file".to_vec(),
            }],
        )
        .unwrap();
        write(
            &out,
            &[Page {
                path: "y".into(),
                bytes: b"other".to_vec(),
            }],
        )
        .unwrap();
        write(
            &out,
            &[Page {
                path: "x/index.html".into(),
                bytes: b"dir".to_vec(),
            }],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"dir");
        assert!(!out.join("y").exists());
    }
}
