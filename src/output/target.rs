//! Where a build may write: refuses folders that hold the site's own files, the file
//! system's root, the home folder, a link, and a non-empty folder mentorlog did not make
//! (Zola #1378 deleted a user's project with `-o ..`). Reads only.

use std::fs;
use std::path::{Path, PathBuf};

use super::{MARKER, OutputError};

/// Checks that `output` may be written for the site at `root`.
///
/// # Errors
/// When the folder is the site root, `content/`, a theme, `/`, the home folder, a parent of
/// any of them, a symbolic link, or a non-empty folder without the marker (unless `force`).
pub(crate) fn check_target(root: &Path, output: &Path, force: bool) -> Result<(), OutputError> {
    let shown = output.display().to_string();
    // A link would be replaced by a folder, and what mentorlog keeps beside the output
    // would land beside the link's target: the folder it points to must be named instead.
    if fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(OutputError::Unsafe(
            shown,
            "is a symbolic link (give the folder it points to as --output)",
        ));
    }
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
pub(super) fn absolute(path: &Path) -> PathBuf {
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

    #[cfg(unix)]
    #[test]
    fn refuses_a_link() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = site.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, site.path().join("public")).unwrap();
        let refused = check_target(site.path(), &site.path().join("public"), true);
        assert!(matches!(refused, Err(OutputError::Unsafe(_, why)) if why.contains("link")));
    }
}
