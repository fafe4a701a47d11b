//! The only writer: puts rendered pages into the output folder, all or nothing.
//!
//! Pages are written into a fresh temporary folder beside the output and swapped in at the
//! end, so a failed build leaves the previous output untouched and a reader never sees
//! half a site. The output folder carries a marker file; a non-empty folder without it is
//! someone else's and is never replaced unless forced (Zola #1378 deleted a user's project
//! with `-o ..`). Folders that hold the site's own files are refused outright.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

/// Writes `pages` to `output` atomically: temp folder beside it, then swap.
///
/// # Errors
/// When a page path is unsafe or the disk refuses; the previous output is left as it was.
pub fn write(output: &Path, pages: &[Page]) -> Result<(), OutputError> {
    let out = absolute(output);
    let parent = out
        .parent()
        .ok_or_else(|| OutputError::Unsafe(output.display().to_string(), "has no parent"))?;
    fs::create_dir_all(parent).map_err(|e| OutputError::Io(parent.display().to_string(), e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(parent)
        .map_err(|e| OutputError::Io(parent.display().to_string(), e))?;
    // Folders first (each once), then the files in parallel: file creation, not bytes,
    // dominates on most file systems.
    let mut dirs = std::collections::BTreeSet::new();
    for page in pages {
        let rel = Path::new(&page.path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(OutputError::BadPath(page.path.clone()));
        }
        if let Some(dir) = rel.parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    for dir in &dirs {
        let dir = temp.path().join(dir);
        fs::create_dir_all(&dir).map_err(|e| OutputError::Io(dir.display().to_string(), e))?;
    }
    {
        use rayon::prelude::*;
        pages.par_iter().try_for_each(|page| {
            let target = temp.path().join(&page.path);
            fs::write(&target, &page.bytes)
                .map_err(|e| OutputError::Io(target.display().to_string(), e))
        })?;
    }
    fs::write(
        temp.path().join(MARKER),
        "This folder is mentorlog's output; it is replaced by every build.\n",
    )
    .map_err(|e| OutputError::Io(temp.path().display().to_string(), e))?;
    let built = temp.keep();
    // Swap: move the old output aside, the new one in, then remove the old one.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        fs::rename(&out, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&built);
            OutputError::Io(out.display().to_string(), e)
        })?;
    }
    if let Err(e) = fs::rename(&built, &out) {
        if had_old {
            let _ = fs::rename(&old, &out);
        }
        let _ = fs::remove_dir_all(&built);
        return Err(OutputError::Io(out.display().to_string(), e));
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
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
    }
}
