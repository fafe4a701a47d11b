//! Live reload in headless Chromium: `tests/browser/serve-live-reload.mjs` watches an open
//! page while it edits the note, breaks it, fixes it; this side restarts the server when
//! the script asks. Without node, Chromium or `npm ci` in `tests/browser`, the test fails
//! under CI (`CI` set) and is skipped with a notice elsewhere.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::server::Server;
use crate::site::{SECOND, Site};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Why the browser test cannot run here, if it cannot.
fn missing_tools(browser_dir: &Path) -> Option<String> {
    if !node_works() {
        return Some("node is not installed".to_owned());
    }
    if chromium().is_none() {
        return Some("chromium is not installed (apt-get install chromium)".to_owned());
    }
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        return Some("playwright-core is not installed (cd tests/browser && npm ci)".to_owned());
    }
    None
}

#[test]
fn live_reload_and_the_error_overlay_in_a_real_browser() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Some(why) = missing_tools(&browser_dir) {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser test cannot run under CI: {why}"
        );
        eprintln!("skipping the browser test: {why}");
        return;
    }
    let site = Site::valid();
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;
    let mut node = Command::new("node")
        .arg(browser_dir.join("serve-live-reload.mjs"))
        .arg(&server.url)
        .arg(site.root())
        .env("CHROMIUM", chromium().unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let mut stdin = node.stdin.take().unwrap();
    let stdout = BufReader::new(node.stdout.take().unwrap());
    let mut said = String::new();
    for line in stdout.lines().map_while(Result::ok) {
        said.push_str(&line);
        said.push('\n');
        if line == "RESTART" {
            // Down, an edit while down, up again on the same port.
            server.kill();
            site.write(
                "content/sessions/2026-01-21-sprint-1.md",
                format!("{SECOND}\nLIVE-EDIT-THREE while the server was down.\n"),
            );
            std::thread::sleep(Duration::from_millis(300));
            server = Server::start_on(site.root(), port, &[]);
            writeln!(stdin, "RESTARTED").unwrap();
        }
    }
    let output = node.wait_with_output().expect("node ends");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser test failed:\n{said}{errors}\nserver stdout:\n{}\nserver stderr:\n{}",
        server.stdout(),
        server.stderr()
    );
    assert!(said.contains("ok: the page reconnected"), "{said}");
    eprint!("{said}");
}
