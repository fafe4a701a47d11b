//! `build --encrypt-team` (issue 16): the public site in clear, the team's encrypted under
//! `/team/`, nothing of the team part readable without the passphrase, and the format
//! read by two other implementations (Python's `cryptography`, Chromium's WebCrypto).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::site::{stderr, stdout};

const PASSPHRASE: &str = "otter crayon mural gloomy swept nuzzle";
const SALT: &str = "[team]\nsalt = \"00112233445566778899aabbccddeeff\"\n";
/// The footer link every public page gains (and nothing else).
const LINK: &str = "\n        <li><a href=\"/team/\" rel=\"nofollow\">Team</a></li>";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::site::copy_dir(&repo().join("tests/fixtures/sentinels"), dir.path());
    std::fs::write(dir.path().join("mentorlog.toml"), config).unwrap();
    dir
}

fn mentorlog(root: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("mentorlog").unwrap();
    cmd.arg("--root")
        .arg(root)
        .env_remove("MENTORLOG_TEAM_PASSPHRASE");
    cmd
}

/// Builds `root` with `--encrypt-team` into `out`.
fn build_encrypted(root: &Path, out: &str) -> PathBuf {
    let o = mentorlog(root)
        .args(["build", "--encrypt-team", "--output"])
        .arg(root.join(out))
        .env("MENTORLOG_TEAM_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    root.join(out)
}

/// Every file under `dir`: path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap();
            all.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    all
}

#[test]
fn no_team_or_confidential_sentinel_is_readable_anywhere() {
    let site = fixture(SALT);
    let out = build_encrypted(site.path(), "public");
    let all = files(&out);
    assert!(
        all.keys().any(|p| p.starts_with("team/x/")),
        "{:?}",
        all.keys()
    );
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for needle in ["sentinel", "2026-01-21", "#4242"] {
            assert!(!path.to_lowercase().contains(needle), "{path}");
            assert!(!text.contains(needle), "{needle} in {path}");
        }
    }
    // The team part is made of the shell, the script and opaque files only.
    for path in all.keys().filter(|p| p.starts_with("team/")) {
        let opaque = path.strip_prefix("team/x/").is_some_and(|f| {
            f.len() == 36 && f.ends_with(".bin") && f[..32].bytes().all(|b| b.is_ascii_hexdigit())
        });
        assert!(
            opaque || ["team/index.html", "team/team.js", "team/site.bin"].contains(&path.as_str()),
            "{path}"
        );
    }
}

#[test]
fn the_public_part_is_the_plain_public_build_plus_one_link() {
    let site = fixture(SALT);
    let out = build_encrypted(site.path(), "public");
    let o = mentorlog(site.path())
        .args(["build", "--output"])
        .arg(site.path().join("plain"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let plain = files(&site.path().join("plain"));
    let encrypted: BTreeMap<_, _> = files(&out)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("team/"))
        .collect();
    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        encrypted.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &encrypted {
        if path.ends_with(".html") {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert_eq!(text.matches(LINK).count(), 1, "{path}");
            assert_eq!(
                text.replacen(LINK, "", 1).as_bytes(),
                &plain[path][..],
                "{path}"
            );
        } else {
            assert_eq!(bytes, &plain[path], "{path}");
        }
    }
}

/// The synthetic IV of every sealed file (it names the file's key and nonce).
fn sivs(all: &BTreeMap<String, Vec<u8>>) -> Vec<(Vec<u8>, Vec<u8>)> {
    all.iter()
        .filter(|(p, _)| p.ends_with(".bin"))
        .map(|(_, b)| (b[4..36].to_vec(), b.clone()))
        .collect()
}

#[test]
fn builds_are_reproducible_and_never_reuse_a_key_for_another_plaintext() {
    let site = fixture(SALT);
    let a = files(&build_encrypted(site.path(), "a"));
    let b = files(&build_encrypted(site.path(), "b"));
    assert_eq!(a, b, "same notes, passphrase and salt: the same bytes");
    // The team session changes: the files that change get new keys and nonces; a key and
    // nonce (named by the synthetic IV) seen in both builds always sealed the same bytes.
    let note = site
        .path()
        .join("content/sessions/2026-01-21-sentinel-team-slug.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("SENTINEL-TEAM-BODY", "SENTINEL-TEAM-BODY, edited"),
    )
    .unwrap();
    let c = files(&build_encrypted(site.path(), "c"));
    assert_ne!(a, c);
    let mut by_siv: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    let mut changed = 0;
    for (siv, bytes) in sivs(&a).into_iter().chain(sivs(&c)) {
        let first = by_siv.entry(siv).or_insert_with(|| bytes.clone());
        assert_eq!(first, &bytes, "one key and nonce, two ciphertexts");
    }
    for (path, bytes) in &c {
        if path.ends_with(".bin") && a.get(path) != Some(bytes) {
            changed += 1;
            if let Some(old) = a.get(path) {
                assert_ne!(
                    old[4..36],
                    bytes[4..36],
                    "{path}: changed under the same IV"
                );
            }
        }
    }
    assert!(changed > 1, "the session page and the manifest at least");
}

fn have_python_cryptography() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "the independent decryption needs Python's cryptography package (see .ci/run)"
        );
        eprintln!("skipping: python3 -m pip install cryptography");
    }
    ok
}

fn python_decrypt(out: &Path, page: &str, passphrase: &str) -> std::process::Output {
    Command::new("python3")
        .arg(repo().join("tests/tools/team_decrypt.py"))
        .arg(out)
        .arg(page)
        .env("MENTORLOG_TEAM_PASSPHRASE", passphrase)
        .output()
        .unwrap()
}

#[test]
fn another_implementation_decrypts_a_page_from_the_passphrase_and_the_files() {
    if !have_python_cryptography() {
        return;
    }
    let site = fixture(SALT);
    let out = build_encrypted(site.path(), "public");
    // Only the published folder, somewhere else: nothing of the site's sources.
    let copy = tempfile::tempdir().unwrap();
    crate::site::copy_dir(&out, copy.path());
    let page = "sessions/2026-01-21-sentinel-team-slug/index.html";
    let o = python_decrypt(copy.path(), page, PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.contains("SENTINEL-TEAM-BODY"), "{html}");
    assert!(
        html.contains("<a href=\"/team/"),
        "team links point under /team/"
    );
    // The confidential session stays out of the team site too.
    let o = python_decrypt(copy.path(), "log.json", PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).to_lowercase().contains("sentinel-conf"));
    // A wrong passphrase, and a changed byte, are refused.
    let o = python_decrypt(copy.path(), page, "otter crayon mural gloomy swept nuzzles");
    assert!(!o.status.success());
    for file in std::fs::read_dir(copy.path().join("team/x")).unwrap() {
        let path = file.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x80;
        std::fs::write(&path, bytes).unwrap();
    }
    let o = python_decrypt(copy.path(), page, PASSPHRASE);
    assert!(!o.status.success(), "a tampered file was read");
    assert!(stderr(&o).contains("refused"), "{}", stderr(&o));
}

#[test]
fn weak_missing_and_command_line_passphrases_are_refused() {
    let site = fixture(SALT);
    let o = mentorlog(site.path())
        .args(["build", "--encrypt-team"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("MENTORLOG_TEAM_PASSPHRASE"),
        "{}",
        stderr(&o)
    );
    let o = mentorlog(site.path())
        .args(["build", "--encrypt-team"])
        .env("MENTORLOG_TEAM_PASSPHRASE", "mentoring2026")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("too weak"), "{}", stderr(&o));
    assert!(!site.path().join("public").exists());
    // Never an argument: there is no such flag.
    let o = mentorlog(site.path())
        .args(["build", "--encrypt-team", "--passphrase", PASSPHRASE])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A file's first line.
    std::fs::write(site.path().join("pass.txt"), format!("{PASSPHRASE}\n")).unwrap();
    let o = mentorlog(site.path())
        .args(["build", "--encrypt-team", "--passphrase-file"])
        .arg(site.path().join("pass.txt"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path().join("public/team/site.bin").is_file());
}

#[test]
fn a_missing_salt_is_an_error_that_offers_one() {
    let site = fixture("");
    let o = mentorlog(site.path())
        .args(["build", "--encrypt-team"])
        .env("MENTORLOG_TEAM_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("no `[team] salt`"), "{err}");
    assert!(err.contains("salt = \""), "{err}");
    assert!(!site.path().join("public").exists());
}

/// This repository's example has no `mentorlog.toml`: its Netlify build takes the salt
/// from `MENTORLOG_TEAM_SALT`, which `netlify.toml` sets, and encrypts when the passphrase
/// is set in the host's environment.
#[test]
fn the_repository_builds_encrypted_with_the_salt_netlify_toml_sets() {
    let netlify = std::fs::read_to_string(repo().join("netlify.toml")).unwrap();
    let salt = netlify
        .lines()
        .find_map(|l| l.trim().strip_prefix("MENTORLOG_TEAM_SALT = "))
        .expect("netlify.toml sets MENTORLOG_TEAM_SALT")
        .trim_matches('"')
        .to_owned();
    assert!(netlify.contains("${MENTORLOG_TEAM_PASSPHRASE:+--encrypt-team}"));
    let out = tempfile::tempdir().unwrap();
    let without = mentorlog(repo())
        .args(["build", "--encrypt-team", "--output"])
        .arg(out.path().join("a"))
        .env("MENTORLOG_TEAM_PASSPHRASE", PASSPHRASE)
        .env_remove("MENTORLOG_TEAM_SALT")
        .output()
        .unwrap();
    assert!(
        !without.status.success(),
        "no salt anywhere must be an error"
    );
    let with = mentorlog(repo())
        .args(["build", "--encrypt-team", "--output"])
        .arg(out.path().join("b"))
        .env("MENTORLOG_TEAM_PASSPHRASE", PASSPHRASE)
        .env("MENTORLOG_TEAM_SALT", &salt)
        .output()
        .unwrap();
    assert!(with.status.success(), "{}", stderr(&with));
    let index = std::fs::read_to_string(out.path().join("b/team/index.html")).unwrap();
    assert!(index.contains(&salt), "the unlock page carries the salt");
}

#[test]
fn passphrase_prints_six_words_and_salt_a_config_table() {
    let site = fixture("");
    let o = mentorlog(site.path()).arg("passphrase").output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o).split_whitespace().count(), 6, "{}", stdout(&o));
    let o = mentorlog(site.path())
        .args(["passphrase", "--salt"])
        .output()
        .unwrap();
    let table = stdout(&o);
    assert!(table.starts_with("[team]\nsalt = \""), "{table}");
    std::fs::write(site.path().join("mentorlog.toml"), &table).unwrap();
    build_encrypted(site.path(), "public");
}

fn have_browser() -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let ok = node
        && Path::new(&chromium).exists()
        && repo()
            .join("tests/browser/node_modules/playwright-core")
            .is_dir();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "the team site's browser test needs node, chromium and `npm ci` in tests/browser"
        );
        eprintln!(
            "skipping the team site's browser test: node, chromium or playwright-core missing"
        );
    }
    ok
}

#[test]
fn chromium_unlocks_browses_searches_and_refuses_tampering() {
    if !have_browser() {
        return;
    }
    let site = fixture(SALT);
    let out = build_encrypted(site.path(), "public");
    let o = Command::new("node")
        .arg(repo().join("tests/browser/team-unlock.mjs"))
        .arg(&out)
        .args(["SENTINEL-TEAM-TITLE", "sentinel-team-weakness"])
        .env("MENTORLOG_TEAM_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        o.status.success(),
        "the team site's browser checks failed:\n{report}"
    );
    eprintln!("{report}");
}
