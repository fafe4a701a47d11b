//! What mentorlog keeps beside an output folder `NAME`, and nothing else:
//!
//! - `.NAME.mentorlog-lock`, an empty file: a build holds it locked (exclusively) from
//!   before it makes its tree until it is done, so two builds of one output take turns
//!   and a build knows that no other build of that output is running;
//! - `.NAME.mentorlog-building-PID-N`, the tree a running build is filling;
//! - `.NAME.mentorlog-old-PID-N`, the previous output between the swap and its removal
//!   (`.NAME.mentorlog-dying-PID-N` while an interrupted build removes its trees).
//!
//! Trees beside the output hold pages of some audience, maybe one that the output's may
//! not see (`--audience all` then a public build into the same folder): none may outlive
//! its build. A build removes them when it ends, fails or is interrupted by SIGINT, SIGTERM
//! or SIGHUP ([`remove_unfinished`], called by the command's signal handler); what a
//! SIGKILL or a power cut leaves is removed by the next build of that output, under the
//! lock, before it starts (never while the build that made it is still running: it holds
//! the lock). Trees and a cache that earlier versions kept there (`.NAME.mentorlog-spare`,
//! `.NAME.mentorlog-cache`, `.NAME.building-PID`, `.NAME.old-PID`) go the same way.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{OutputError, io_error};

/// The trees this process is building or removing, for [`remove_unfinished`].
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Tells trees of one process apart (tests build several outputs at once).
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The folders and the lock beside one output folder.
#[derive(Debug)]
pub(super) struct Beside {
    /// The output folder, absolute.
    pub out: PathBuf,
    /// The tree being built.
    pub building: PathBuf,
    /// Where the previous output goes during the swap.
    pub old: PathBuf,
    /// Held locked until the build is done; unlocked when dropped.
    _lock: fs::File,
}

impl Beside {
    /// Takes the output's lock (waiting for another build of it to finish), then removes
    /// whatever earlier builds left beside it.
    pub(crate) fn claim(out: PathBuf) -> Result<Self, OutputError> {
        let parent = out
            .parent()
            .ok_or_else(|| OutputError::Unsafe(out.display().to_string(), "has no parent"))?
            .to_path_buf();
        let name = out
            .file_name()
            .map_or_else(|| "public".to_owned(), |n| n.to_string_lossy().into_owned());
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let lock_path = parent.join(format!(".{name}.mentorlog-lock"));
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_error(&lock_path, e))?;
        lock.lock().map_err(|e| io_error(&lock_path, e))?;
        remove_leftovers(&parent, &name)?;
        let tag = format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Ok(Self {
            building: parent.join(format!(".{name}.mentorlog-building-{tag}")),
            old: parent.join(format!(".{name}.mentorlog-old-{tag}")),
            out,
            _lock: lock,
        })
    }
}

/// Removes what interrupted builds of `output` left beside it, waiting for a build of it
/// that is still running (for a build that stops before writing: its content has errors).
///
/// # Errors
/// When the disk refuses.
pub(crate) fn remove_leftovers_of(output: &Path) -> Result<(), OutputError> {
    Beside::claim(super::target::absolute(output)).map(drop)
}

/// Removes what builds of the output `name` in `parent` left there. Only called with that
/// output's lock held: no build of it is running.
fn remove_leftovers(parent: &Path, name: &str) -> Result<(), OutputError> {
    let prefix = format!(".{name}.");
    let entries = fs::read_dir(parent).map_err(|e| io_error(parent, e))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let path = entry.path();
        let is_tree = [
            "mentorlog-building-",
            "mentorlog-old-",
            "mentorlog-dying-",
            "building-",
            "old-",
        ]
        .iter()
        .any(|p| rest.strip_prefix(p).is_some_and(is_tag))
            || rest == "mentorlog-spare";
        // Under the lock, a tree of ours is an orphan, marker or not (a build may have
        // been killed before it wrote the marker).
        let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_tree && is_dir {
            remove_tree(&path)?;
        } else if rest == "mentorlog-cache" && path.is_file() {
            fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        }
    }
    Ok(())
}

/// `1234` or `1234-5`: the tag of a tree of ours.
fn is_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_digit() || b == b'-')
}

/// Removes a tree, again if files appeared in it meanwhile.
pub(super) fn remove_tree(path: &Path) -> Result<(), OutputError> {
    let mut tries = 0;
    loop {
        match fs::remove_dir_all(path) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) if tries >= 10 => return Err(io_error(path, e)),
            Err(_) => tries += 1,
        }
    }
}

/// Puts the tree at `new` in place of the output `out`. Returns where the previous output
/// is now (to be removed by the caller), if there was one.
///
/// On Linux one `renameat2(RENAME_EXCHANGE)` swaps the two: whenever the process dies, the
/// output is either the previous one or the new one, never missing, and the other sits at
/// `new`'s path, a leftover the next build removes. Elsewhere (or on a file system without
/// the exchange) the output is moved to `old` and the new tree into its place, with the
/// list of unfinished trees locked so that a signal handler waits until both are done.
pub(super) fn swap_in(new: &Path, out: &Path, old: &Path) -> Result<Option<PathBuf>, OutputError> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(new, out).map_err(|e| io_error(out, e))?;
        untrack(new);
        return Ok(None);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, new, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            return Ok(Some(new.to_path_buf()));
        }
    }
    let mut trees = unfinished();
    trees.push(old.to_path_buf());
    fs::rename(out, old).map_err(|e| io_error(out, e))?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(old, out);
        trees.retain(|t| t != old);
        return Err(io_error(out, e));
    }
    trees.retain(|t| t != new);
    Ok(Some(old.to_path_buf()))
}

/// Makes the folder `tree` and notes that it must not outlive this process, in one step
/// that a signal handler cannot split.
pub(super) fn create_tracked(tree: &Path) -> Result<(), OutputError> {
    let mut trees = unfinished();
    fs::create_dir(tree).map_err(|e| io_error(tree, e))?;
    trees.push(tree.to_path_buf());
    Ok(())
}

/// Notes that `tree` is gone or has become the output.
pub(super) fn untrack(tree: &Path) {
    unfinished().retain(|t| t != tree);
}

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes every tree this process was building or removing, for a signal handler just
/// before the process exits; the output itself is left as it was (or, if the swap was
/// done, as the new build made it). Each tree is first renamed, so that render threads
/// still writing into it fail instead of racing the removal. The list stays locked for
/// good: no tree can be started or swapped in after this.
pub fn remove_unfinished() {
    let mut trees = unfinished();
    for tree in trees.drain(..) {
        let dying = tree.file_name().and_then(|n| n.to_str()).map(|n| {
            tree.with_file_name(
                n.replacen("mentorlog-building-", "mentorlog-dying-", 1)
                    .replacen("mentorlog-old-", "mentorlog-dying-", 1),
            )
        });
        let gone = match dying {
            Some(dying) if fs::rename(&tree, &dying).is_ok() => dying,
            _ => tree,
        };
        let _ = remove_tree(&gone);
    }
    std::mem::forget(trees);
}
