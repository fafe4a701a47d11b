//! Publishing nothing withheld (issue 12): after any sequence of builds — audiences in any
//! order, notes added, edited, renamed, deleted and switched between visibilities, builds
//! killed at random moments, file times that do not move — the output folder holds exactly
//! the files of a clean build of the same notes for that audience, byte for byte, and
//! nothing beside it holds a page.
//!
//! The real binary builds; the notes come from the preview's property test (`World`).
//! `MENTORLOG_PUBLISH_SEQUENCES=300 cargo test --release publish` runs more sequences;
//! `MENTORLOG_PUBLISH_SEED=N` starts from another seed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::serve::property::{World, env_number, initial_world};

const AUDIENCES: [&str; 3] = ["public", "team", "all"];

/// Every file under `dir` (hidden ones included), by `/`-separated path.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        assert!(
            !entry.path_is_symlink(),
            "a link in the output: {}",
            entry.path().display()
        );
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel = rel.to_str().unwrap().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// What is beside the output, by name, with what each holds (files only).
fn beside(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn build_command(root: &Path, output: &Path, audience: &str, fault: Option<&str>) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("mentorlog"));
    cmd.arg("--root")
        .arg(root)
        .arg("--quiet")
        .arg("build")
        .arg("--output")
        .arg(output)
        .arg("--audience")
        .arg(audience)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove("MENTORLOG_TEST_FAULT");
    if let Some(fault) = fault {
        cmd.env("MENTORLOG_TEST_FAULT", fault);
    }
    cmd
}

pub(crate) fn first_difference(
    got: &BTreeMap<String, Vec<u8>>,
    want: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    if let Some(p) = want.keys().find(|p| !got.contains_key(*p)) {
        return Some(format!("{p} is missing"));
    }
    if let Some(p) = got.keys().find(|p| !want.contains_key(*p)) {
        return Some(format!("{p} is there but a clean build has no such file"));
    }
    want.iter()
        .find(|(p, b)| got[*p] != **b)
        .map(|(p, _)| format!("{p} differs from a clean build's"))
}

/// Notes keep their times: an edit within the same clock tick must not be missed.
fn freeze_times(world: &World, root: &Path) {
    let instant = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    for rel in &world.touched {
        if let Ok(file) = std::fs::File::options().append(true).open(root.join(rel)) {
            let _ = file.set_modified(instant);
        }
    }
}

#[derive(Debug, Default)]
struct Tally {
    builds: usize,
    failed_builds: usize,
    killed: usize,
    killed_after_swap: usize,
}

/// Runs `sequences` random sequences from `first_seed`, building with `fault` switched on
/// (clean builds never have it). The first divergence from a clean build, as text.
#[allow(clippy::too_many_lines)] // one sequence, step by step, reads best in one place
fn run(first_seed: u64, sequences: u64, steps: u64, fault: Option<&str>) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for seed in first_seed..first_seed + sequences {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let parent = dir.path().join("out");
        std::fs::create_dir_all(&parent).unwrap();
        let output = parent.join("public");
        let mut world = initial_world(&root, seed);
        freeze_times(&world, &root);
        let mut published = tree(&output);
        let mut failing = false;
        for step in 0..steps {
            if step > 0 {
                if failing && world.rng.chance(60) {
                    world.repair();
                } else {
                    world.edit();
                }
                freeze_times(&world, &root);
            }
            let audience = AUDIENCES[world.rng.below(3)];
            let context = |log: &[String], what: &str| {
                format!(
                    "seed {seed}, step {step}, audience {audience}: {what}\n  {}",
                    log.join("\n  ")
                )
            };
            let clean_dir = dir.path().join(format!("clean-{step}"));
            let clean_out = clean_dir.join("public");
            let clean_ok = build_command(&root, &clean_out, audience, None)
                .status()
                .unwrap()
                .success();
            let clean = tree(&clean_out);
            let _ = std::fs::remove_dir_all(&clean_dir);
            if world.rng.chance(25) {
                // Interrupted at a random moment, by SIGKILL or SIGTERM.
                let mut child = build_command(&root, &output, audience, fault)
                    .spawn()
                    .unwrap();
                std::thread::sleep(Duration::from_millis(world.rng.below(40) as u64));
                let term = world.rng.chance(50);
                if term {
                    let _ = Command::new("kill")
                        .args(["-TERM", &child.id().to_string()])
                        .status();
                } else {
                    let _ = child.kill();
                }
                let status = child.wait().unwrap();
                world.log.push(format!(
                    "build {audience} interrupted by {} ({status})",
                    if term { "SIGTERM" } else { "SIGKILL" }
                ));
                tally.killed += 1;
                let now = tree(&output);
                if now != published {
                    // Killed after the swap: then the new output must be the clean one.
                    if let Some(diff) = first_difference(&now, &clean) {
                        return Err(context(
                            &world.log,
                            &format!(
                                "an interrupted build left neither the old output nor a clean one: {diff}"
                            ),
                        ));
                    }
                    tally.killed_after_swap += 1;
                    published = now;
                }
                let left = beside(&parent);
                let own = format!("-{}-", child.id());
                if term && status.code() == Some(130) && left.iter().any(|n| n.contains(&own)) {
                    return Err(context(
                        &world.log,
                        &format!("a build stopped by SIGTERM left its tree: {left:?}"),
                    ));
                }
                continue;
            }
            let ok = build_command(&root, &output, audience, fault)
                .status()
                .unwrap()
                .success();
            world.log.push(format!("build {audience} (ok: {ok})"));
            tally.builds += 1;
            let now = tree(&output);
            match (clean_ok, ok) {
                (true, true) => {
                    if let Some(diff) = first_difference(&now, &clean) {
                        return Err(context(&world.log, &diff));
                    }
                    failing = false;
                }
                (false, false) => {
                    tally.failed_builds += 1;
                    if now != published {
                        return Err(context(&world.log, "a failed build changed the output"));
                    }
                    failing = true;
                }
                (true, false) => {
                    return Err(context(
                        &world.log,
                        "a clean build succeeds but this one failed",
                    ));
                }
                (false, true) => {
                    return Err(context(
                        &world.log,
                        "a clean build fails but this one succeeded",
                    ));
                }
            }
            published = now;
            // Nothing beside the output but its (empty) lock, once a build has taken it.
            let left = beside(&parent);
            let stray: Vec<&String> = left
                .iter()
                .filter(|n| *n != ".public.mentorlog-lock" && *n != "public")
                .collect();
            if !stray.is_empty() || left.contains(&"public".to_owned()) != output.exists() {
                return Err(context(&world.log, &format!("beside the output: {left:?}")));
            }
            let lock = parent.join(".public.mentorlog-lock");
            if std::fs::metadata(&lock).map(|m| m.len()).unwrap_or(0) != 0 {
                return Err(context(&world.log, "the lock file holds something"));
            }
        }
    }
    Ok(tally)
}

#[test]
fn any_sequence_of_builds_publishes_exactly_a_clean_build() {
    let sequences = env_number("MENTORLOG_PUBLISH_SEQUENCES", 10);
    let seed = env_number("MENTORLOG_PUBLISH_SEED", 1);
    let steps = env_number("MENTORLOG_PUBLISH_STEPS", 10);
    let tally = run(seed, sequences, steps, None).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{sequences} sequences: {tally:?}");
    assert!(tally.builds > 0 && tally.killed > 0, "{tally:?}");
}

/// The property test catches the bug it was written for: with the reuse bug put back
/// (stale pages of the previous output left in the new tree), the build's own final check
/// fails the build; with that check off too, the comparison with a clean build sees the
/// stale pages.
#[test]
fn the_property_test_catches_stale_pages() {
    for fault in ["stale-tree", "stale-tree,no-final-check"] {
        let caught = run(1, 10, 10, Some(fault));
        let Err(found) = caught else {
            panic!("{fault}: not caught: {caught:?}");
        };
        let expected = if fault.contains("no-final-check") {
            "a clean build has no such file"
        } else {
            "a clean build succeeds but this one failed"
        };
        assert!(found.contains(expected), "{fault}: {found}");
    }
}

/// A clean build from the sentinel fixture, built over an `--audience all` output: no
/// sentinel anywhere beside or in the output (the audit's sequence).
#[test]
fn issue_12_all_then_public_twice_leaves_no_withheld_page() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sentinels");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    crate::site::copy_dir(&src, &root);
    let output = root.join("public");
    for audience in ["all", "public", "public", "team", "public"] {
        assert!(
            build_command(&root, &output, audience, None)
                .status()
                .unwrap()
                .success()
        );
    }
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.starts_with(root.join("content")) || !entry.file_type().is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).to_lowercase();
        assert!(
            !text.contains("sentinel") && !path.to_string_lossy().contains("sentinel"),
            "{} holds a sentinel",
            path.display()
        );
    }
}
