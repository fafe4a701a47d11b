//! What the whole-process latency benchmarks share: the generated logs they run on, the
//! note they edit, percentiles.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A generated log of `notes` notes (`warnings`: 8 long mentorships with about three
/// warnings a note), made once under `target/serve-bench/` (or `WORK`) and kept.
pub fn corpus(notes: usize, warnings: bool) -> PathBuf {
    let work = std::env::var_os("WORK").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-bench"),
        PathBuf::from,
    );
    let site = work.join(if warnings {
        format!("c{notes}w")
    } else {
        format!("c{notes}")
    });
    if site.join("content").is_dir() {
        return site;
    }
    eprintln!("generating {notes} notes in {} …", site.display());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["run", "--quiet", "--release", "--example", "corpus", "--"])
        .arg(&site)
        .arg(notes.to_string())
        .args(if warnings {
            &["8", "--warnings"][..]
        } else {
            &[][..]
        })
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the corpus generator failed");
    site
}

/// The session notes of the first mentorship folder of `site` (by path), sorted.
pub fn first_mentorship_notes(site: &Path) -> Vec<PathBuf> {
    let mut notes = Vec::new();
    let mut stack = vec![site.join("content")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "mentorship.md")
            {
                notes.push(p);
            }
        }
    }
    notes.sort();
    let first_dir = notes[0].parent().map(Path::to_path_buf);
    notes.retain(|p| p.parent().map(Path::to_path_buf) == first_dir);
    notes
}

/// The value at fraction `p` (0.5: the median) of `sorted`; NaN when it is empty.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// The corpus sizes in `NOTES` (space-separated), or `default`.
pub fn notes_from_env(default: &str) -> Vec<usize> {
    std::env::var("NOTES")
        .unwrap_or_else(|_| default.to_owned())
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// The number of edits in `EDITS`, or `default`.
pub fn edits_from_env(default: usize) -> usize {
    std::env::var("EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
