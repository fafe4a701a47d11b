//! The print page written in pieces (issue 17: a build holds a few sessions' parts, not
//! all) is the page rendered whole, byte for byte: after random sequences of edits, a
//! build of every audience's notes the fast way and one the plain way
//! (`MENTORLOG_TEST_PRINT=whole`) write the same files. Debug builds cut print pages every
//! two sessions, so that small logs cross many cuts. A second test misplaces the pieces on
//! purpose (`MENTORLOG_TEST_FAULT=print-pieces`) and checks that the first catches it.
//!
//! `MENTORLOG_PRINT_SEQUENCES=100 cargo test print` runs more sequences;
//! `MENTORLOG_PRINT_SEED=N` starts from another seed.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::publish::{first_difference, tree};
use crate::serve::property::{env_number, initial_world};

fn build(root: &Path, output: &Path, env: Option<(&str, &str)>) -> bool {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("mentorlog"));
    cmd.arg("--root")
        .arg(root)
        .args(["--quiet", "build", "--audience", "all", "--output"])
        .arg(output)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove("MENTORLOG_TEST_PRINT")
        .env_remove("MENTORLOG_TEST_FAULT");
    if let Some((name, value)) = env {
        cmd.env(name, value);
    }
    cmd.status().unwrap().success()
}

/// Runs `seeds`, `steps` edits each, building in pieces (with the fault when `faulty`)
/// and whole after every edit. The number of print pages compared that have more sessions
/// than one piece holds, or the first difference.
fn run(seeds: std::ops::Range<u64>, steps: u64, faulty: bool) -> Result<usize, String> {
    let mut long_pages = 0;
    for seed in seeds {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let mut world = initial_world(&root, seed);
        for step in 0..steps {
            if step > 0 {
                if world.rng.chance(20) {
                    world.repair();
                } else {
                    world.edit();
                }
            }
            let pieces = dir.path().join(format!("pieces-{step}"));
            let whole = dir.path().join(format!("whole-{step}"));
            let fault = faulty.then_some(("MENTORLOG_TEST_FAULT", "print-pieces"));
            let built = build(&root, &pieces, fault);
            assert_eq!(
                built,
                build(&root, &whole, Some(("MENTORLOG_TEST_PRINT", "whole"))),
                "seed {seed}, step {step}: one way built, the other did not"
            );
            let (pieces, whole) = (tree(&pieces), tree(&whole));
            if let Some(difference) = first_difference(&pieces, &whole) {
                return Err(format!(
                    "seed {seed}, step {step}: {difference}; edits:\n  {}",
                    world.log.join("\n  ")
                ));
            }
            long_pages += whole
                .iter()
                .filter(|(path, bytes)| {
                    path.ends_with("print/index.html")
                        && String::from_utf8_lossy(bytes)
                            .matches("class=\"session print-session\"")
                            .count()
                            > 2
                })
                .count();
        }
    }
    Ok(long_pages)
}

#[test]
fn print_pages_written_in_pieces_equal_print_pages_rendered_whole() {
    let sequences = env_number("MENTORLOG_PRINT_SEQUENCES", 6);
    let first_seed = env_number("MENTORLOG_PRINT_SEED", 1);
    let long_pages = run(first_seed..first_seed + sequences, 8, false).unwrap();
    // The comparison means something only if pages were cut.
    assert!(
        long_pages > 10,
        "{long_pages} print pages of several pieces"
    );
}

#[test]
fn the_print_page_test_catches_misplaced_pieces() {
    let caught = run(1..4, 8, true);
    assert!(caught.is_err(), "misplaced pieces were not caught");
}
